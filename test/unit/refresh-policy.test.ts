import {
  aboveHeldKeysFloor,
  effectiveWindowSeconds,
  freshness,
  heldKeysFloorMs,
  msUntilRefreshDue,
  remainingMs,
  usableDuringOutage,
} from '../../src/core/cache-entry/refresh-policy';
import { entryExpiringIn, REQUEST } from '../support/entries';

const NOW = Date.parse('2026-11-25T09:00:00Z');
const WINDOW = 20 * 60;

describe('effectiveWindowSeconds', () => {
  test.each([
    [1200, 3600, 1200],
    [1200, 900, 450],
    [1200, 43200, 1200],
    [60, 900, 60],
    [7200, 3600, 1800],
  ])('window %ps with duration %ps -> %ps', (window, duration, expected) => {
    expect(effectiveWindowSeconds(window, duration)).toBe(expected);
  });
});

describe('freshness', () => {
  test.each<[number, number, string]>([
    [59, 0, 'fresh'],
    [21, 0, 'fresh'],
    [20, 0, 'refresh-due'],
    [15, 0, 'refresh-due'],
    [0.5, 0, 'refresh-due'],
    [0, 0, 'expired'],
    [-5, 0, 'expired'],
    // STS's clock is 10 minutes ahead of ours: 25 minutes by our clock is 15 by STS's.
    [25, 10 * 60_000, 'refresh-due'],
    // Our clock is 10 minutes ahead of STS's: the AWS CLI, on our clock, sees 15 minutes left.
    [25, -10 * 60_000, 'fresh'],
  ])('%p minutes left with clock offset %p ms is %p', (minutes, offset, expected) => {
    expect(freshness(entryExpiringIn(minutes, NOW, { clockOffsetMs: offset }), NOW, WINDOW)).toBe(expected);
  });

  test('a short session uses half its life as window', () => {
    const short = entryExpiringIn(8, NOW, { request: { ...REQUEST, durationSeconds: 900 } });
    expect(freshness(short, NOW, WINDOW)).toBe('fresh');
    const shorter = entryExpiringIn(7, NOW, { request: { ...REQUEST, durationSeconds: 900 } });
    expect(freshness(shorter, NOW, WINDOW)).toBe('refresh-due');
  });

  test('the local clock ahead of STS never yields more time than our own clock shows', () => {
    const entry = entryExpiringIn(30, NOW, { clockOffsetMs: -10 * 60_000 });
    expect(remainingMs(entry, NOW)).toBe(30 * 60_000);
  });
});

describe('usableDuringOutage', () => {
  test.each([
    [10, true],
    [2, true],
    [1, false],
    [0.5, false],
    [-1, false],
  ])('%p minutes left -> %p', (minutes, expected) => {
    expect(usableDuringOutage(entryExpiringIn(minutes, NOW), NOW)).toBe(expected);
  });
});

describe('the held keys floor of the exec endpoint', () => {
  const sized = (durationSeconds: number) => entryExpiringIn(0, NOW, { request: { ...REQUEST, durationSeconds } });
  test.each([
    // botocore's mandatory 10 minutes, whenever the window is 20 minutes or more...
    [WINDOW, 3600, 10],
    [WINDOW, 43200, 10],
    [3600, 43200, 10],
    // ...half the window when it is shorter: a 15-minute session, a 10-minute --refresh-window.
    [WINDOW, 900, 3.75],
    [600, 3600, 5],
    [3, 6, 1.5 / 60],
  ])('window %ps, session %ps -> %p minutes', (window, duration, minutes) => {
    expect(heldKeysFloorMs(sized(duration), window)).toBe(minutes * 60_000);
  });

  test.each<[number, number, boolean]>([
    [19, 0, true],
    [10.5, 0, true],
    [10, 0, false],
    [3, 0, false],
    // STS's clock 2 minutes ahead: 11 minutes by ours is 9 by STS's.
    [11, 2 * 60_000, false],
  ])('%p minutes left with clock offset %p ms: above the floor %p', (minutes, offset, expected) => {
    expect(aboveHeldKeysFloor(entryExpiringIn(minutes, NOW, { clockOffsetMs: offset }), NOW, WINDOW)).toBe(expected);
  });

  test.each([
    [60, 40],
    [21, 1],
    [20, 0],
    [5, -15],
  ])('%p minutes left: due in %p minutes', (minutes, due) => {
    expect(msUntilRefreshDue(entryExpiringIn(minutes, NOW), NOW, WINDOW)).toBe(due * 60_000);
  });
});

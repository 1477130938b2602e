import fc from 'fast-check';
import { isCanonicalTime } from '../../src/core/cache-entry/iso-time';

// Components mostly in range, so that valid and impossible dates (Feb 30, 24:00) both come up.
const pad = (n: number, width: number) => String(n).padStart(width, '0');
const nearlyValid = fc
  .tuple(
    fc.integer({ min: 0, max: 9999 }),
    fc.integer({ min: 0, max: 13 }),
    fc.integer({ min: 0, max: 32 }),
    fc.integer({ min: 0, max: 24 }),
    fc.integer({ min: 0, max: 60 }),
    fc.integer({ min: 0, max: 60 }),
    fc.integer({ min: 0, max: 999 }),
  )
  .map(([y, mo, d, h, mi, s, ms]) => `${pad(y, 4)}-${pad(mo, 2)}-${pad(d, 2)}T${pad(h, 2)}:${pad(mi, 2)}:${pad(s, 2)}.${pad(ms, 3)}Z`);

describe('isCanonicalTime', () => {
  test.each<[unknown, boolean]>([
    ['2026-11-25T09:00:00.000Z', true],
    ['2028-02-29T23:59:59.999Z', true],
    ['2026-02-29T00:00:00.000Z', false],
    ['2026-11-25T24:00:00.000Z', false],
    ['2026-11-25T09:60:00.000Z', false],
    ['2026-11-25T09:00:00Z', false],
    ['2026-11-25T09:00:00.000+00:00', false],
    ['2026-11-25 09:00:00.000Z', false],
    ['0050-01-01T00:00:00.000Z', true],
    [1795000000000, false],
    [undefined, false],
  ])('%p: %p', (value, expected) => {
    expect(isCanonicalTime(value)).toBe(expected);
  });

  test('accepts exactly what toISOString writes', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('1970-01-01T00:00:00Z'), max: new Date('9999-12-31T23:59:59Z'), noInvalidDate: true }),
        (date) => {
          expect(isCanonicalTime(date.toISOString())).toBe(true);
        },
      ),
    );
    fc.assert(
      fc.property(nearlyValid, (text) => {
        expect(isCanonicalTime(text)).toBe(!Number.isNaN(Date.parse(text)) && new Date(text).toISOString() === text);
      }),
      { numRuns: 3000 },
    );
  });
});

import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { clearEntries, listEntries } from '../../src/cache/cache-listing';
import { formatTable, summarize, timeLeft } from '../../src/core/cache-entry/cache-summary';
import { entryExpiringIn, mfaSessionExpiringIn } from '../support/entries';

const NOW = Date.parse('2026-01-01T12:00:00Z');
let dir: string;
beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'sts-refresh-list-'))));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const key = (c: string) => c.repeat(32);

describe('listEntries and summaries', () => {
  test('reads entries and names the broken ones, ignoring other files', () => {
    writeFileSync(join(dir, `${key('a')}.json`), JSON.stringify(entryExpiringIn(42, NOW)));
    writeFileSync(join(dir, `${key('b')}.json`), '{"half"');
    writeFileSync(join(dir, `${key('a')}.json.lock`), '');
    const listed = listEntries(dir);
    expect(listed.map((e) => e.problem)).toEqual([undefined, 'not valid JSON']);
    const rows = listed.map((e) => summarize(e, NOW));
    expect(rows[0]).toMatchObject({ roleArn: 'arn:aws:iam::123456789012:role/Prod', sourceProfile: 'default', secondsLeft: 42 * 60 });
    const table = formatTable(rows);
    expect(table).toMatch(/^ROLE\s+SOURCE PROFILE\s+SESSION NAME\s+EXPIRES\s+LEFT\n/);
    expect(table).toContain('42m');
    expect(table).not.toMatch(/secret|token/);
  });

  test('a missing directory is an empty cache', () => expect(listEntries(join(dir, 'none'))).toEqual([]));

  test('a FIFO, a link or a directory at an entry name is named, not read (no hang)', () => {
    execFileSync('mkfifo', [join(dir, `${key('c')}.json`)]);
    writeFileSync(join(dir, 'target'), JSON.stringify(entryExpiringIn(42, NOW)));
    execFileSync('ln', ['-s', join(dir, 'target'), join(dir, `${key('d')}.json`)]);
    expect(listEntries(dir).map((e) => e.problem)).toEqual(['it is not a regular file', 'it is a symbolic link']);
  });

  test('an MFA session is listed as one, in a table of its own after the roles', () => {
    const session = mfaSessionExpiringIn(7, NOW);
    writeFileSync(join(dir, `${key('a')}.json`), JSON.stringify(entryExpiringIn(42, NOW)));
    writeFileSync(join(dir, `${key('e')}.json`), JSON.stringify(session));
    const rows = listEntries(dir).map((e) => summarize(e, NOW));
    expect(rows[1]).toEqual({
      file: join(dir, `${key('e')}.json`),
      kind: 'mfa-session',
      serialNumber: 'arn:aws:iam::123456789012:mfa/alice',
      sourceProfile: 'user1',
      region: 'eu-west-1',
      expiration: '2026-01-01T19:00:00.000Z',
      secondsLeft: 7 * 3600,
    });
    const [roles, sessions] = formatTable(rows).split('\n\n');
    expect(roles).toMatch(/^ROLE\s+SOURCE PROFILE\s+SESSION NAME\s+EXPIRES\s+LEFT\narn:aws:iam::123456789012:role\/Prod\s+default\s.*42m$/);
    expect(sessions).toMatch(
      /^MFA SESSION OF DEVICE\s+SOURCE PROFILE\s+EXPIRES\s+LEFT\narn:aws:iam::123456789012:mfa\/alice\s+user1\s+2026-01-01T19:00:00.000Z\s+7h00m\n$/,
    );
    expect(formatTable(rows)).not.toMatch(/secret|token/);
  });

  test.each([
    [42 * 60, '42m'],
    [3 * 3600 + 5 * 60, '3h05m'],
    [-120, 'expired 2m ago'],
  ])('timeLeft(%d) = %s', (s, text) => expect(timeLeft(s)).toBe(text));
});

describe('clearEntries', () => {
  test('waits for a held lock, then removes the entry; leaves it when the lock outlasts the wait', async () => {
    const a = join(dir, 'a.json');
    const b = join(dir, 'b.json');
    writeFileSync(a, '{}');
    writeFileSync(b, '{}');
    let clock = 0;
    let aBusy = 2;
    const released: string[] = [];
    const result = await clearEntries({
      paths: [a, b],
      tryLock: async (path) => {
        if (path === b || aBusy-- > 0) return undefined;
        return async () => void released.push(path);
      },
      sleep: async (ms) => void (clock += ms),
      now: () => clock,
      waitMs: 1000,
    });
    expect(result).toEqual({ removed: [a], locked: [b], failed: [] });
    expect(released).toEqual([a]);
    expect(existsSync(a)).toBe(false);
    expect(existsSync(b)).toBe(true);
  });
});

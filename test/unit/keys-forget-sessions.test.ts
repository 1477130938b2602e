import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { forgetSessions } from '../../src/cache/forget-sessions';
import { entryExpiringIn, mfaSessionExpiringIn, REQUEST } from '../support/entries';

const NOW = Date.now();
const name = (c: string) => `${c.repeat(32)}.json`;

describe('forgetSessions (keys rotate)', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'sts-refresh-forget-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  test('removes role and MFA session entries made from the profile, and nothing else', async () => {
    const entry = (c: string, body: unknown) => writeFileSync(join(dir, name(c)), JSON.stringify(body));
    entry('a', entryExpiringIn(30, NOW, { request: { ...REQUEST, sourceProfile: 'user1' } }));
    entry('b', mfaSessionExpiringIn(8, NOW, 'user1'));
    entry('c', entryExpiringIn(30, NOW, { request: { ...REQUEST, sourceProfile: 'user2' } }));
    writeFileSync(join(dir, name('d')), 'not json');
    mkdirSync(join(dir, name('e')));
    expect(await forgetSessions(dir, 'user1')).toBe(2);
    expect(readdirSync(dir).sort()).toEqual([name('c'), name('d'), name('e')]);
  });

  test('reads through own-file: a FIFO is not waited on, a file others may write is not trusted', async () => {
    execFileSync('mkfifo', [join(dir, name('f'))]);
    writeFileSync(join(dir, name('g')), JSON.stringify(mfaSessionExpiringIn(8, NOW, 'user1')));
    chmodSync(join(dir, name('g')), 0o666);
    expect(await forgetSessions(dir, 'user1')).toBe(0);
    expect(readdirSync(dir).sort()).toEqual([name('f'), name('g')]);
  });

  test('a missing cache directory is nothing to forget', async () => {
    expect(await forgetSessions(join(dir, 'nope'), 'user1')).toBe(0);
  });
});

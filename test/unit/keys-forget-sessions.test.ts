import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { forgetSessions } from '../../src/cache/forget-sessions';

describe('forgetSessions (keys rotate)', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'sts-refresh-forget-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  test('removes role and MFA session entries made from the profile, and nothing else', async () => {
    const entry = (name: string, body: unknown) => writeFileSync(join(dir, `${name}.json`), JSON.stringify(body));
    entry('a'.repeat(32), { kind: 'role', request: { sourceProfile: 'user1', roleArn: 'arn:aws:iam::1:role/A' } });
    entry('b'.repeat(32), { kind: 'mfa-session', request: { sourceProfile: 'user1', serialNumber: 'arn:aws:iam::1:mfa/u' } });
    entry('c'.repeat(32), { request: { sourceProfile: 'user2' } });
    writeFileSync(join(dir, `${'d'.repeat(32)}.json`), 'not json');
    mkdirSync(join(dir, `${'e'.repeat(32)}.json`));
    expect(await forgetSessions(dir, 'user1')).toBe(2);
    expect(readdirSync(dir).sort()).toEqual([`${'c'.repeat(32)}.json`, `${'d'.repeat(32)}.json`, `${'e'.repeat(32)}.json`]);
  });

  test('a missing cache directory is nothing to forget', async () => {
    expect(await forgetSessions(join(dir, 'nope'), 'user1')).toBe(0);
  });
});

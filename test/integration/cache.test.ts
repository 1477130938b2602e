import { lock } from 'proper-lockfile';
import { join } from 'node:path';
import { useLoopbackSts, expectOneLineError, ROLE } from '../support/cli-env';
import { lockWaitsSeen, TRACE_LOCK_WAITS } from '../support/lock-waits';

const sts = useLoopbackSts();
const cli = sts.cli;
const OTHER = 'arn:aws:iam::123456789012:role/Other';

describe('cache list', () => {
  test('shows role, source profile, session name, expiry and time left, never secrets', async () => {
    await cli.run(['--role', ROLE, '--session-name', 'alpha']);
    await cli.run(['--role', OTHER, '--session-name', 'beta']);
    const table = await cli.run(['cache', 'list']);
    expect(table.exitCode).toBe(0);
    expect(table.stdout).toMatch(/^ROLE\s+SOURCE PROFILE\s+SESSION NAME\s+EXPIRES\s+LEFT\n/);
    expect(table.stdout).toMatch(new RegExp(`${ROLE}\\s+default\\s+alpha\\s+\\S+Z\\s+(59|60)m`));
    expect(table.stdout).toContain('beta');
    const json = JSON.parse((await cli.run(['cache', 'list', '--json'])).stdout) as Array<Record<string, unknown>>;
    expect(json.map((r) => r.roleArn).sort()).toEqual([OTHER, ROLE]);
    expect(Object.keys(json[0] ?? {})).toEqual([
      'file',
      'kind',
      'roleArn',
      'sourceProfile',
      'sessionName',
      'region',
      'expiration',
      'secondsLeft',
    ]);
    for (const c of sts.server.issued) {
      for (const out of [table.stdout, JSON.stringify(json)]) {
        expect(out).not.toContain(c.SecretAccessKey);
        expect(out).not.toContain(c.SessionToken);
        expect(out).not.toContain(c.AccessKeyId);
      }
    }
  });

  test('an empty or missing cache prints nothing', async () => {
    expect(await cli.run(['cache', 'list'])).toMatchObject({ exitCode: 0, stdout: '' });
  });
});

describe('MFA sessions', () => {
  const SERIAL = 'arn:aws:iam::123456789012:mfa/alice';
  const withMfa = (role: string) => cli.run(['--role', role, '--mfa-serial', SERIAL, '--mfa-command', 'echo 123456']);

  test('cache list shows them as what they are: device, source profile, expiry and time left', async () => {
    await withMfa(ROLE);
    const table = await cli.run(['cache', 'list']);
    expect(table).toMatchObject({ exitCode: 0, stderr: '' });
    expect(table.stdout).not.toMatch(/not a cache entry/);
    expect(table.stdout).toMatch(new RegExp(`^ROLE\\s+SOURCE PROFILE\\s+SESSION NAME\\s+EXPIRES\\s+LEFT\\n${ROLE}\\s+default\\s`));
    expect(table.stdout).toMatch(
      new RegExp(`\\n\\nMFA SESSION OF DEVICE\\s+SOURCE PROFILE\\s+EXPIRES\\s+LEFT\\n${SERIAL}\\s+default\\s+\\S+Z\\s+(7h59m|8h00m)\\n$`),
    );
    const json = JSON.parse((await cli.run(['cache', 'list', '--json'])).stdout) as Array<Record<string, unknown>>;
    const session = json.find((r) => r.kind === 'mfa-session');
    expect(Object.keys(session ?? {})).toEqual(['file', 'kind', 'serialNumber', 'sourceProfile', 'region', 'expiration', 'secondsLeft']);
    expect(session).toMatchObject({ serialNumber: SERIAL, sourceProfile: 'default', region: 'us-east-1' });
    for (const c of sts.server.issued) expect(JSON.stringify(json) + table.stdout).not.toContain(c.SecretAccessKey);
  });

  test('clear --role leaves the session, which serves the other roles; clear --all removes it', async () => {
    await withMfa(ROLE);
    await withMfa(OTHER);
    expect(sts.server.count('GetSessionToken')).toBe(1);
    expect((await cli.run(['cache', 'clear', '--role', ROLE])).stdout).toBe(`removed 1 entry from ${cli.home.cacheDir}\n`);
    const left = JSON.parse((await cli.run(['cache', 'list', '--json'])).stdout) as Array<{ kind: string }>;
    expect(left.map((r) => r.kind).sort()).toEqual(['mfa-session', 'role']);
    await withMfa(ROLE);
    expect(sts.server.count('GetSessionToken')).toBe(1);
    expect((await cli.run(['cache', 'clear', '--all'])).stdout).toBe(`removed 3 entries from ${cli.home.cacheDir}\n`);
    expect(cli.cacheFiles()).toEqual([]);
    await withMfa(ROLE);
    expect(sts.server.count('GetSessionToken')).toBe(2);
  });
});

describe('cache clear', () => {
  test('--role removes that role only; --all removes the rest', async () => {
    await cli.run(['--role', ROLE]);
    await cli.run(['--role', OTHER]);
    expect((await cli.run(['cache', 'clear', '--role', ROLE])).stdout).toBe(`removed 1 entry from ${cli.home.cacheDir}\n`);
    const left = JSON.parse((await cli.run(['cache', 'list', '--json'])).stdout) as Array<{ roleArn: string }>;
    expect(left.map((r) => r.roleArn)).toEqual([OTHER]);
    expect((await cli.run(['cache', 'clear', '--all'])).stdout).toBe(`removed 1 entry from ${cli.home.cacheDir}\n`);
    expect(cli.cacheFiles()).toEqual([]);
    await cli.run(['--role', ROLE]);
    expect(sts.server.count('AssumeRole')).toBe(3);
  });

  test('waits for a refresh that holds the lock, then removes the entry', async () => {
    await cli.run(['--role', ROLE]);
    const entry = join(cli.home.cacheDir, cli.cacheFiles()[0] ?? '');
    const release = await lock(entry, { realpath: false, stale: 10_000 });
    const trace = join(cli.home.home, 'lock-waits');
    const clearing = cli.run(['cache', 'clear', '--all'], { TRACE_LOCK_WAITS_FILE: trace }, { nodeArgs: ['--require', TRACE_LOCK_WAITS] });
    // clear has met the held lock, and leaves the entry while it waits.
    await lockWaitsSeen(trace, 1);
    expect(cli.cacheFiles()).toHaveLength(1);
    await release();
    expect((await clearing).stdout).toBe(`removed 1 entry from ${cli.home.cacheDir}\n`);
    expect(cli.cacheFiles()).toEqual([]);
  });

  test('usage errors', async () => {
    expectOneLineError(await cli.run(['cache', 'clear']), 2, /exactly one of --role ARN or --all/);
    expectOneLineError(await cli.run(['cache', 'clear', '--all', '--role', ROLE]), 2, /exactly one of/);
    expectOneLineError(await cli.run(['cache']), 2, /cache needs list or clear/);
    expectOneLineError(await cli.run(['cache', 'purge']), 2, /unknown cache action 'purge'/);
    // As credential-process says of it, rather than quietly using the default directory.
    expectOneLineError(await cli.run(['cache', 'clear', '--all', '--cache-dir', '']), 2, /--cache-dir must not be empty/);
    expectOneLineError(await cli.run(['--role', ROLE, '--cache-dir', '']), 2, /--cache-dir must not be empty/);
  });
});

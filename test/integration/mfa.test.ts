import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { inTerminal as terminalRun } from '../support/in-terminal';
import { useLoopbackSts, expectCredentials, expectNoSecretsOnStderr, expectOneLineError, ROLE } from '../support/cli-env';
import { SOURCE_KEY_ID } from '../support/temp-home';

const SERIAL = 'arn:aws:iam::123456789012:mfa/alice';
const DEV = 'arn:aws:iam::123456789012:role/Dev';
const CODE = '123456';

const sts = useLoopbackSts();
const cli = sts.cli;
beforeEach(() => {
  sts.server.expectedTokenCode = CODE;
});

/**
 * An --mfa-command that logs each run to a file (so runs can be counted), optionally sleeps, then
 * prints the code. `set -e`: a sleep missing from the test's PATH fails instead of not waiting.
 */
function countingCommand(sleepSeconds = 0, code = CODE): { command: string; runs: () => number } {
  const log = join(cli.home.home, 'mfa-runs.log');
  const command = `set -e; ${sleepSeconds ? `sleep ${sleepSeconds}; ` : ''}echo run >> '${log}'; echo ${code}`;
  return { command, runs: () => (existsSync(log) ? readFileSync(log, 'utf8').split('\n').filter(Boolean).length : 0) };
}

function mfaSessionFiles(): string[] {
  return cli.cacheFiles().filter((f) => JSON.parse(readFileSync(join(cli.home.cacheDir, f), 'utf8')).kind === 'mfa-session');
}

const sessionKey = () => sts.server.issued[0]?.AccessKeyId;

describe('MFA session', () => {
  test('a cold call gets one GetSessionToken with the serial and code, then AssumeRole from that session without a serial', async () => {
    const mfa = countingCommand();
    const json = expectCredentials(await cli.run(['--role', ROLE, '--mfa-serial', SERIAL, '--mfa-command', mfa.command]));
    expect(sts.server.calls.map((c) => c.action)).toEqual(['GetSessionToken', 'AssumeRole']);
    const [session, assume] = sts.server.calls;
    expect(session?.params).toMatchObject({ SerialNumber: SERIAL, TokenCode: CODE, DurationSeconds: '28800' });
    expect(session?.accessKeyId).toBe(SOURCE_KEY_ID);
    expect(assume?.params.SerialNumber).toBeUndefined();
    expect(assume?.params.TokenCode).toBeUndefined();
    expect(assume?.accessKeyId).toBe(sessionKey());
    expect(json.AccessKeyId).toBe(sts.server.issued[1]?.AccessKeyId);
    expect(mfa.runs()).toBe(1);
    expect(mfaSessionFiles()).toHaveLength(1);
    expect(cli.cacheFiles()).toHaveLength(2);
  });

  test('16 concurrent cold callers run the code command once and call GetSessionToken once, even when it outlasts --timeout and the lock stale time', async () => {
    // 12 s: past the 10 s after which a lock that is not kept fresh counts as dead, and past --timeout 5s.
    const mfa = countingCommand(12);
    sts.server.inject({ action: 'GetSessionToken', latencyMs: 300 });
    const args = ['--role', ROLE, '--mfa-serial', SERIAL, '--mfa-command', mfa.command, '--timeout', '5s'];
    const path = cli.home.toolPath(['sleep']);
    const results = await Promise.all(Array.from({ length: 16 }, () => cli.run(args, { PATH: path })));
    const keys = results.map((r) => expectCredentials(r).AccessKeyId);
    expect(new Set(keys).size).toBe(1);
    expect(mfa.runs()).toBe(1);
    expect(sts.server.count('GetSessionToken')).toBe(1);
    expect(sts.server.count('AssumeRole')).toBe(1);
    // A caller that waited past 5 s says once what for; nothing else is said.
    for (const { stderr } of results) {
      expect([
        '',
        expect.stringMatching(
          /^sts-refresh: warning: waiting for another sts-refresh \(pid \d+\), which is waiting for an MFA code for arn:\S+\n$/,
        ),
      ]).toContainEqual(stderr);
    }
    expect(results.some((r) => r.stderr !== '')).toBe(true);
  }, 60_000);

  test('a second role with the same source profile and serial assumes from the cached session and asks for no code', async () => {
    const mfa = countingCommand();
    expectCredentials(await cli.run(['--role', ROLE, '--mfa-serial', SERIAL, '--mfa-command', mfa.command]));
    const second = await cli.run(['print', '--role', DEV, '--mfa-serial', SERIAL, '--mfa-command', mfa.command]);
    expect(second.exitCode).toBe(0);
    expect(mfa.runs()).toBe(1);
    expect(sts.server.count('GetSessionToken')).toBe(1);
    expect(sts.server.calls.filter((c) => c.action === 'AssumeRole').map((c) => c.accessKeyId)).toEqual([sessionKey(), sessionKey()]);
    expect(second.stdout).toMatch(/mfa session:\s+used \(cached MFA session; no code asked\)/);
    expect(second.stdout).toMatch(/mfa expires:\s+\d{4}-.* (47[0-9]|480) min left/);
  });

  test('without a terminal, the second role still needs none: the cached session is enough', async () => {
    expectCredentials(await cli.run(['--role', ROLE, '--mfa-serial', SERIAL, '--mfa-command', countingCommand().command]));
    expectCredentials(await cli.run(['--role', DEV, '--mfa-serial', SERIAL]));
    expect(sts.server.count('GetSessionToken')).toBe(1);
  });

  test('an MFA session inside its refresh window is renewed with a new code', async () => {
    const mfa = countingCommand();
    expectCredentials(await cli.run(['--role', ROLE, '--mfa-serial', SERIAL, '--mfa-command', mfa.command]));
    const file = join(cli.home.cacheDir, mfaSessionFiles()[0] ?? '');
    const entry = JSON.parse(readFileSync(file, 'utf8'));
    entry.credentials.Expiration = new Date(Date.now() + 10 * 60_000).toISOString();
    writeFileSync(file, JSON.stringify(entry));
    const second = await cli.run(['print', '--role', DEV, '--mfa-serial', SERIAL, '--mfa-command', mfa.command]);
    expect(second.stdout).toMatch(/mfa session:\s+created \(the cached session was inside its refresh window/);
    expect(mfa.runs()).toBe(2);
    expect(sts.server.count('GetSessionToken')).toBe(2);
  });

  test('a role-entry hit reads no MFA session and runs no command; print says so and when the session expires', async () => {
    const mfa = countingCommand();
    const first = await cli.run(['print', '--role', ROLE, '--mfa-serial', SERIAL, '--mfa-command', mfa.command]);
    expect(first.stdout).toMatch(/mfa session:\s+created \(asked for a code; GetSessionToken\)/);
    expect(first.stdout).toMatch(/mfa device:\s+arn:aws:iam::123456789012:mfa\/alice/);
    // Corrupt the session entry: a hit must not even look at it.
    writeFileSync(join(cli.home.cacheDir, mfaSessionFiles()[0] ?? ''), 'junk');
    const hit = await cli.run(['print', '--role', ROLE, '--mfa-serial', SERIAL, '--mfa-command', mfa.command]);
    expect(hit.stdout).toMatch(/cache status:\s+hit/);
    expect(hit.stdout).toMatch(/mfa session:\s+not needed \(the role credentials came from the cache\)/);
    expect(hit.stdout).toMatch(/mfa expires:\s+\d{4}-/);
    expect(mfa.runs()).toBe(1);
    expect(sts.server.count()).toBe(2);
  });

  test('the MFA serial is part of the role key: the same role without MFA is a separate entry', async () => {
    expectCredentials(await cli.run(['--role', ROLE, '--mfa-serial', SERIAL, '--mfa-command', countingCommand().command]));
    expectCredentials(await cli.run(['--role', ROLE]));
    expect(sts.server.count('AssumeRole')).toBe(2);
    expect(sts.server.calls[2]?.accessKeyId).toBe(SOURCE_KEY_ID);
  });

  test("the source profile's mfa_serial is used without --mfa-serial", async () => {
    cli.home.writeConfig(`[default]\nregion = us-east-1\nmfa_serial = ${SERIAL}\n`);
    expectCredentials(await cli.run(['--role', ROLE, '--mfa-command', countingCommand().command]));
    expect(sts.server.calls[0]?.params).toMatchObject({ Action: 'GetSessionToken', SerialNumber: SERIAL });
  });

  test('--mfa-duration sets the MFA session length', async () => {
    expectCredentials(
      await cli.run(['--role', ROLE, '--mfa-serial', SERIAL, '--mfa-command', countingCommand().command, '--mfa-duration', '36h']),
    );
    expect(sts.server.calls[0]?.params.DurationSeconds).toBe('129600');
  });

  test('without a terminal and without --mfa-command: exit 1, telling to run print once in a terminal, quoted for the shell', async () => {
    const result = await cli.run(['--role', ROLE, '--mfa-serial', SERIAL]);
    expectOneLineError(
      result,
      1,
      /no terminal to ask on.*warm the cache once from a terminal: sts-refresh print --role arn:aws:iam::123456789012:role\/Prod --mfa-serial arn:aws:iam::123456789012:mfa\/alice$/,
    );
    expect(sts.server.count()).toBe(0);
    cli.home.writeCredentials("[it's;mine]\naws_access_key_id = AKIASOURCEKEY0000001\naws_secret_access_key = s\n");
    const named = await cli.run(['--role', ROLE, '--source-profile', "it's;mine", '--mfa-serial', SERIAL]);
    expectOneLineError(named, 1, /sts-refresh print --role \S+ --source-profile 'it'\\''s;mine' --mfa-serial/);
  });

  test('a command that prints no 6-digit code fails before any STS call', async () => {
    const result = await cli.run(['--role', ROLE, '--mfa-serial', SERIAL, '--mfa-command', 'echo 12345']);
    expectOneLineError(result, 1, /--mfa-command did not print a 6-digit code/);
    expect(sts.server.count()).toBe(0);
  });

  test('a failing command is one clear line', async () => {
    const result = await cli.run(['--role', ROLE, '--mfa-serial', SERIAL, '--mfa-command', 'echo token locked >&2; exit 3']);
    expectOneLineError(result, 1, /--mfa-command exited with 3: token locked/);
  });

  test('a wrong code from a command is refused in plain words, without a retry and without secrets', async () => {
    const mfa = countingCommand(0, '654321');
    const result = await cli.run(['--role', ROLE, '--mfa-serial', SERIAL, '--mfa-command', mfa.command]);
    expectOneLineError(result, 1, /STS refused the MFA code for arn:aws:iam::123456789012:mfa\/alice/);
    expect(mfa.runs()).toBe(1);
    expect(sts.server.count('GetSessionToken')).toBe(1);
    expectNoSecretsOnStderr(result, sts.server);
  });

  test('--mfa-command without a device is a usage error', async () => {
    expectOneLineError(await cli.run(['--role', ROLE, '--mfa-command', 'echo 123456']), 2, /--mfa-command needs an MFA device/);
  });
});

describe('MFA prompt on the controlling terminal', () => {
  const inTerminal = (args: string[]) => terminalRun(cli, args);

  test('asks on the terminal, not on stdin or stdout, and the answer makes the MFA session', async () => {
    const run = inTerminal(['print', '--role', ROLE, '--mfa-serial', SERIAL]);
    await run.answer(/MFA code for arn:aws:iam::123456789012:mfa\/alice: /, CODE);
    const result = await run.done;
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toMatch(/mfa session:\s+created/);
    expect(result.stdout).not.toMatch(/MFA code/);
    expect(result.stderr).toBe('');
    expect(sts.server.calls[0]?.params).toMatchObject({ Action: 'GetSessionToken', TokenCode: CODE });
    expect(sts.server.count('AssumeRole')).toBe(1);
  });

  test('a slow typist keeps the lock: a caller arriving meanwhile waits past its --timeout and gets the result', async () => {
    const run = inTerminal(['--role', ROLE, '--mfa-serial', SERIAL, '--timeout', '3s']);
    await run.answer(/MFA code for .*: /, '');
    // This one has no terminal: had it taken the lock over from the typist, it would fail asking for a code.
    let waiterDone = false;
    const waiter = cli.run(['--role', ROLE, '--mfa-serial', SERIAL, '--timeout', '3s']).finally(() => (waiterDone = true));
    // Until the typist has touched its lock twice (lock-timings.ts), which is past the waiter's own
    // 3 s --timeout: the lock stays alive while a person types. A cached-provider unit test shows
    // that such a lock is never taken over, with the stale time shortened instead of slept out.
    const lock = () =>
      readdirSync(cli.home.cacheDir)
        .filter((f) => f.endsWith('.json.lock'))
        .sort()[0];
    const touches = new Set<number>();
    const deadline = Date.now() + 20_000;
    while (touches.size < 3 && Date.now() < deadline) {
      const name = lock();
      if (name) touches.add(statSync(join(cli.home.cacheDir, name)).mtimeMs);
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(touches.size).toBe(3);
    expect(waiterDone).toBe(false);
    await run.answer(/one more try\.\r?\nMFA code for .*: /, CODE);
    const [typed, waited] = await Promise.all([run.done, waiter]);
    expect(typed.exitCode).toBe(0);
    expect(expectCredentials(waited).AccessKeyId).toBe(JSON.parse(typed.stdout).AccessKeyId);
    expect(sts.server.count('GetSessionToken')).toBe(1);
  }, 60_000);

  test('a wrong code gets one retry prompt, and the right code then works', async () => {
    const run = inTerminal(['--role', ROLE, '--mfa-serial', SERIAL]);
    await run.answer(/MFA code for .*: /, '111111');
    await run.answer(/STS refused that code; one more try\.\r?\nMFA code for .*: /, CODE);
    const result = await run.done;
    expect(result.exitCode).toBe(0);
    expect(JSON.parse(result.stdout).AccessKeyId).toBe(sts.server.issued[1]?.AccessKeyId);
    expect(sts.server.calls.filter((c) => c.action === 'GetSessionToken').map((c) => c.params.TokenCode)).toEqual(['111111', CODE]);
  });

  test('a second wrong code ends it: no third prompt', async () => {
    const run = inTerminal(['--role', ROLE, '--mfa-serial', SERIAL]);
    await run.answer(/MFA code for .*: /, '111111');
    await run.answer(/one more try\.\r?\nMFA code for .*: /, '222222');
    const result = await run.done;
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^sts-refresh: STS refused the MFA code/);
    expect(result.terminal).not.toMatch(/MFA code for/);
    expect(sts.server.count('GetSessionToken')).toBe(2);
    expect(sts.server.count('AssumeRole')).toBe(0);
  });

  test('a mistyped code is caught before STS and uses up the one retry', async () => {
    const run = inTerminal(['--role', ROLE, '--mfa-serial', SERIAL]);
    await run.answer(/MFA code for .*: /, '12345');
    await run.answer(/that was not a 6-digit code; one more try\.\r?\nMFA code for .*: /, CODE);
    expect((await run.done).exitCode).toBe(0);
    expect(sts.server.count('GetSessionToken')).toBe(1);
  });
});

describe('role chains', () => {
  const HOP = 'arn:aws:iam::123456789012:role/Hop';
  beforeEach(() => cli.home.writeConfig(`[default]\nregion = us-east-1\n[profile hop]\nrole_arn = ${HOP}\nsource_profile = default\n`));

  test('a source profile that is itself a role is assumed first, and its session assumes the target', async () => {
    const json = expectCredentials(await cli.run(['--role', ROLE, '--source-profile', 'hop']));
    const assumes = sts.server.calls.filter((c) => c.action === 'AssumeRole');
    expect(assumes.map((c) => c.params.RoleArn)).toEqual([HOP, ROLE]);
    expect(assumes[0]?.accessKeyId).toBe(SOURCE_KEY_ID);
    expect(assumes[1]?.accessKeyId).toBe(sts.server.issued[0]?.AccessKeyId);
    expect(assumes[1]?.params.DurationSeconds).toBe('3600');
    expect(json.AccessKeyId).toBe(sts.server.issued[1]?.AccessKeyId);
  });

  test('--duration over 1h on a chained role is a usage error before any STS call (AWS caps chains at 1 h)', async () => {
    const result = await cli.run(['--role', ROLE, '--source-profile', 'hop', '--duration', '2h']);
    expectOneLineError(result, 2, /source profile 'hop' is itself a role.*at 1 hour/);
    expect(sts.server.count()).toBe(0);
  });

  test('--mfa-serial on a chained source profile is a usage error: GetSessionToken needs access keys', async () => {
    const result = await cli.run(['--role', ROLE, '--source-profile', 'hop', '--mfa-serial', SERIAL]);
    expectOneLineError(result, 2, /--mfa-serial cannot be used with source profile 'hop'/);
  });
});

test('the MFA session cache file is private, and no lock or temp file stays behind', async () => {
  expectCredentials(await cli.run(['--role', ROLE, '--mfa-serial', SERIAL, '--mfa-command', countingCommand().command]));
  expect(statSync(join(cli.home.cacheDir, mfaSessionFiles()[0] ?? '')).mode & 0o777).toBe(0o600);
  expect(readdirSync(cli.home.cacheDir).filter((f) => !f.endsWith('.json'))).toEqual([]);
});

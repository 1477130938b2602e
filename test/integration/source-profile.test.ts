import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { useLoopbackSts, expectCredentials, expectOneLineError, ROLE } from '../support/cli-env';
import { SOURCE_KEY_ID, SOURCE_SECRET } from '../support/temp-home';
import { inTerminal } from '../support/in-terminal';
import { describeIf } from '../support/needs';
import { which } from '../support/tool-path';

const sts = useLoopbackSts();
const cli = sts.cli;
const HOP = 'arn:aws:iam::123456789012:role/Hop';
const WEB = 'arn:aws:iam::123456789012:role/Web';

/** Whether a process is still there: a zombie waiting for a parent to reap it is not. */
function alive(pid: number): boolean {
  if (existsSync('/proc')) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
    } catch {
      return false;
    }
  }
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function gone(pids: number[]): Promise<number[]> {
  // SIGKILL is sent before sts-refresh exits; give the kernel a moment to finish the job.
  for (let i = 0; i < 50 && pids.some(alive); i++) await new Promise((r) => setTimeout(r, 100));
  return pids.filter(alive);
}

describe('--timeout bounds the source profile', () => {
  test('a credential_process that hangs is killed at the deadline with everything it started, and the error names the profile', async () => {
    const pids = join(cli.home.home, 'pids');
    // The shell and a child of its own, both meant to outlive any deadline.
    cli.home.writeConfig(`[profile slow]\ncredential_process = echo $$ >> ${pids}; sleep 600 & echo $! >> ${pids}; wait\n`);
    const result = await cli.run(['--role', ROLE, '--source-profile', 'slow', '--timeout', '2s'], { PATH: cli.home.toolPath(['sleep']) });
    expectOneLineError(result, 1, /^sts-refresh: source profile 'slow' did not answer within the 2s --timeout/);
    const started = readFileSync(pids, 'utf8').trim().split('\n').map(Number);
    expect(started).toHaveLength(2);
    expect(await gone(started)).toEqual([]);
    expect(sts.server.count()).toBe(0);
  });

  test('an AWS_CONFIG_FILE that is a FIFO is refused at once, naming it and the variable', async () => {
    const fifo = join(cli.home.home, 'config-fifo');
    execFileSync('mkfifo', [fifo]);
    const result = await cli.run(['--role', ROLE, '--timeout', '2s'], { AWS_CONFIG_FILE: fifo });
    expectOneLineError(
      result,
      1,
      /^sts-refresh: .*config-fifo is a named pipe \(FIFO\), not a regular file.*; point AWS_CONFIG_FILE at a regular file$/,
    );
    expect(sts.server.count()).toBe(0);
  });

  test('a role-chain source whose AssumeRole is accepted and never answered ends at the deadline, naming the source profile', async () => {
    cli.home.writeConfig(`[default]\nregion = us-east-1\n[profile hop]\nrole_arn = ${HOP}\nsource_profile = default\n`);
    sts.server.inject({ action: 'AssumeRole', latencyMs: 600_000, times: 1 });
    const result = await cli.run(['--role', ROLE, '--source-profile', 'hop', '--timeout', '2s']);
    expectOneLineError(result, 1, /^sts-refresh: source profile 'hop' did not answer within the 2s --timeout/);
    expect(sts.server.calls.map((c) => c.params.RoleArn)).toEqual([HOP]);
  });
});

describe("a source profile's name", () => {
  const keys = `aws_access_key_id = ${SOURCE_KEY_ID}\naws_secret_access_key = ${SOURCE_SECRET}\n`;

  test('[profile a=b] in the config, which the AWS CLI reads and the JS SDK skips, is named as such, with the two ways out', async () => {
    cli.home.writeConfig(`[profile a=b]\n${keys}`);
    cli.home.writeCredentials('');
    const result = await cli.run(['--role', ROLE, '--source-profile', 'a=b']);
    expectOneLineError(
      result,
      1,
      /^sts-refresh: could not get credentials for source profile 'a=b': .*; the AWS SDK for JavaScript skips \[profile a=b\] in ~\/\.aws\/config, as its name has characters other than .*; rename the profile, or put its keys under \[a=b\] in ~\/\.aws\/credentials$/,
    );
    expect(sts.server.count()).toBe(0);
  });

  test('[a=b] in the credentials file, which both read, signs AssumeRole', async () => {
    cli.home.writeConfig('[default]\nregion = us-east-1\n');
    cli.home.writeCredentials(`[a=b]\n${keys}`);
    expectCredentials(await cli.run(['--role', ROLE, '--source-profile', 'a=b']));
    expect(sts.server.calls.map((c) => c.accessKeyId)).toEqual([SOURCE_KEY_ID]);
  });
});

// A source whose own credential_process asks on the terminal (another tool's MFA prompt): run in a
// pseudo-terminal, as a person runs sts-refresh or the AWS CLI runs it for them.
describeIf(which('script') ? undefined : 'script (util-linux) is not installed')("the source profile's own terminal", () => {
  const TTY_KEY_ID = 'AKIATTYSOURCE0000001';

  test('a source credential_process that prompts on /dev/tty is answered there, and its keys sign AssumeRole', async () => {
    cli.home.writeConfig(
      `[profile tty]\ncredential_process = printf 'source code: ' >/dev/tty; read code </dev/tty; [ "$code" = 424242 ] && printf '{"Version":1,"AccessKeyId":"${TTY_KEY_ID}","SecretAccessKey":"s"}'\n`,
    );
    const run = inTerminal(cli, ['--role', ROLE, '--source-profile', 'tty']);
    await run.answer(/source code: /, '424242');
    const result = await run.done;
    expect(result).toMatchObject({ exitCode: 0, stderr: '' });
    expect(JSON.parse(result.stdout)).toMatchObject({ Version: 1 });
    expect(sts.server.calls.map((c) => [c.action, c.accessKeyId])).toEqual([['AssumeRole', TTY_KEY_ID]]);
  });

  test('one that is never answered is still ended by --timeout, with everything it started', async () => {
    const pids = join(cli.home.home, 'pids');
    cli.home.writeConfig(
      `[profile tty]\ncredential_process = echo $$ >> ${pids}; sleep 600 & echo $! >> ${pids}; printf 'never answered: ' >/dev/tty; read code </dev/tty\n`,
    );
    const run = inTerminal(cli, ['--role', ROLE, '--source-profile', 'tty', '--timeout', '2s'], {
      PATH: cli.home.toolPath(['script', 'sleep']),
    });
    const result = await run.done;
    expect(result.terminal).toContain('never answered: ');
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toMatch(/^sts-refresh: source profile 'tty' did not answer within the 2s --timeout/);
    const started = readFileSync(pids, 'utf8').trim().split('\n').map(Number);
    expect(started).toHaveLength(2);
    expect(await gone(started)).toEqual([]);
    expect(sts.server.count()).toBe(0);
  });
});

describe('--endpoint-url reaches the STS calls the source profile makes itself', () => {
  // No AWS_ENDPOINT_URL(_STS): only --endpoint-url names the loopback STS, so a call that arrives
  // there was sent there by sts-refresh, not found by the SDK in the environment.
  const run = (profile: string) =>
    cli.run(['--role', ROLE, '--source-profile', profile, '--endpoint-url', sts.server.url], {
      AWS_ENDPOINT_URL_STS: undefined,
      AWS_ENDPOINT_URL: undefined,
    });

  test("a role-chain source's inner AssumeRole", async () => {
    cli.home.writeConfig(`[default]\nregion = us-east-1\n[profile hop]\nrole_arn = ${HOP}\nsource_profile = default\n`);
    const json = expectCredentials(await run('hop'));
    const assumes = sts.server.calls.filter((c) => c.action === 'AssumeRole');
    expect(assumes.map((c) => [c.params.RoleArn, c.accessKeyId])).toEqual([
      [HOP, SOURCE_KEY_ID],
      [ROLE, sts.server.issued[0]?.AccessKeyId],
    ]);
    expect(json.AccessKeyId).toBe(sts.server.issued[1]?.AccessKeyId);
  });

  test("a web-identity source's AssumeRoleWithWebIdentity", async () => {
    const token = join(cli.home.home, 'web-token');
    writeFileSync(token, 'header.payload.signature');
    cli.home.writeConfig(`[default]\nregion = us-east-1\n[profile web]\nrole_arn = ${WEB}\nweb_identity_token_file = ${token}\n`);
    const json = expectCredentials(await run('web'));
    expect(sts.server.calls.map((c) => [c.action, c.params.RoleArn])).toEqual([
      ['AssumeRoleWithWebIdentity', WEB],
      ['AssumeRole', ROLE],
    ]);
    expect(sts.server.calls[0]?.params.WebIdentityToken).toBe('header.payload.signature');
    expect(sts.server.calls[1]?.accessKeyId).toBe(sts.server.issued[0]?.AccessKeyId);
    expect(json.AccessKeyId).toBe(sts.server.issued[1]?.AccessKeyId);
  });
});

import { execFile, spawn } from 'node:child_process';
import { promisify } from 'node:util';
import { useLoopbackSts, expectOneLineError, ROLE } from '../support/cli-env';
import { CLI_PATH } from '../support/run-cli';
import { testIf } from '../support/needs';
import { which } from '../support/tool-path';

const sts = useLoopbackSts();
const cli = sts.cli;

// Async on purpose: a synchronous child would block this process, and with it the loopback STS it calls.
const run = promisify(execFile);
const VARS = ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_CREDENTIAL_EXPIRATION'];

describe('env', () => {
  test('sh evaluates the output into exactly the issued credentials', async () => {
    const script = `eval "$("${process.execPath}" "${CLI_PATH}" env --role ${ROLE})" && ${VARS.map((v) => `printf '%s\\n' "$${v}"`).join(' && ')}`;
    const out = (await run('sh', ['-c', script], { env: cli.env({ PATH: cli.home.toolPath(['sh']) }) })).stdout.trim().split('\n');
    const issued = sts.server.issued[0];
    expect(out).toEqual([
      issued?.AccessKeyId,
      issued?.SecretAccessKey,
      issued?.SessionToken,
      new Date(issued?.Expiration ?? '').toISOString(),
    ]);
  });

  const fish = which('fish');
  testIf(fish ? undefined : 'fish is not installed')('fish evaluates --format fish', async () => {
    const script = `"${process.execPath}" "${CLI_PATH}" env --role ${ROLE} --format fish | source; printf '%s\\n' $AWS_SESSION_TOKEN`;
    const out = (await run(fish as string, ['-c', script], { env: cli.env() })).stdout.trim();
    expect(out).toBe(sts.server.issued[0]?.SessionToken);
  });

  test('--format json, and an unknown format is a usage error', async () => {
    const json = JSON.parse((await cli.run(['env', '--role', ROLE, '--format', 'json'])).stdout);
    expect(Object.keys(json)).toEqual(VARS);
    expectOneLineError(await cli.run(['env', '--role', ROLE, '--format', 'csh']), 2, /--format must be one of sh, fish, powershell, json/);
  });
});

describe('exec', () => {
  const printEnv = `process.stdout.write(JSON.stringify(process.env))`;

  test("passes the child's exit code through", async () => {
    const result = await cli.run(['exec', '--role', ROLE, '--', process.execPath, '-e', 'process.exitCode = 7']);
    expect(result.exitCode).toBe(7);
    expect((await cli.run(['exec', '--role', ROLE, '--', 'sh', '-c', 'exit 0'], { PATH: cli.home.toolPath(['sh']) })).exitCode).toBe(0);
  });

  test('with --no-server the child gets fresh credentials and no AWS_PROFILE', async () => {
    const result = await cli.run(['exec', '--role', ROLE, '--no-server', '--', process.execPath, '-e', printEnv], {
      AWS_PROFILE: 'other',
      AWS_DEFAULT_PROFILE: 'x',
    });
    const env = JSON.parse(result.stdout) as Record<string, string>;
    expect(env.AWS_SECRET_ACCESS_KEY).toBe(sts.server.issued[0]?.SecretAccessKey);
    expect(env.AWS_PROFILE).toBeUndefined();
    expect(env.AWS_DEFAULT_PROFILE).toBeUndefined();
    expect(env.STS_REFRESH_CHAIN).toBeUndefined();
    expect(result.stderr).toBe('');
  });

  test.each(['SIGTERM', 'SIGINT'] as const)('forwards %s to the child and passes on how it ended', async (signal) => {
    const child = `process.on('${signal}', () => { console.log('got ${signal}'); process.exit(42); }); console.log('ready'); setInterval(() => {}, 1000);`;
    const proc = spawn(process.execPath, [CLI_PATH, 'exec', '--role', ROLE, '--', process.execPath, '-e', child], { env: cli.env() });
    let stdout = '';
    await new Promise<void>((resolve) =>
      proc.stdout.setEncoding('utf8').on('data', (d: string) => {
        stdout += d;
        if (stdout.includes('ready')) resolve();
      }),
    );
    proc.kill(signal);
    const code = await new Promise<number | null>((resolve) => proc.on('exit', (c) => resolve(c)));
    expect(stdout).toContain(`got ${signal}`);
    expect(code).toBe(42);
  });

  test('a child killed by a signal exits 128 + its number', async () => {
    const path = cli.home.toolPath(['sh']);
    expect((await cli.run(['exec', '--role', ROLE, '--', 'sh', '-c', 'kill -TERM $$'], { PATH: path })).exitCode).toBe(143);
  });

  test('no command, or one that does not exist, is one stderr line', async () => {
    expectOneLineError(await cli.run(['exec', '--role', ROLE]), 2, /exec needs a command after --/);
    expectOneLineError(
      await cli.run(['exec', '--role', ROLE, '--', 'no-such-command-here']),
      1,
      /cannot run 'no-such-command-here': not found/,
    );
  });
});

// A FIFO planted in place of the config, credentials or keys file hangs no command: every reader
// opens them safely (no FIFO, no device, bounded size) and says so in one line at once. And a
// command that waits (on another's lock) ends on SIGTERM, as a terminal's kill or a timeout sends it.
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { expectOneLineError, ROLE, useLoopbackSts } from '../support/cli-env';
import { lockWaitsSeen, TRACE_LOCK_WAITS } from '../support/lock-waits';
import { CLI_PATH } from '../support/run-cli';

const sts = useLoopbackSts();
const { cli } = sts;
const FILE = ['--backend', 'file', '--passphrase-env', 'KEYS_PASS'];
const keysFile = () => join(cli.home.home, '.local', 'share', 'sts-refresh', 'keys.enc');
const fifoAt = (path: string) => {
  rmSync(path, { force: true });
  mkdirSync(dirname(path), { recursive: true });
  execFileSync('mkfifo', [path]);
};

describe('a FIFO in place of a file', () => {
  test.each([
    ['print --profile', ['print', '--profile', 'prod'], 'config'],
    ['env --profile', ['env', '--profile', 'prod'], 'config'],
    ['exec --profile', ['exec', '--profile', 'prod', '--', 'true'], 'config'],
    ['keys import', ['keys', 'import', 'default', ...FILE], 'credentials'],
    ['keys remove', ['keys', 'remove', 'default', ...FILE], 'config'],
    ['keys serve', ['keys', 'serve', 'default', ...FILE], 'keys'],
  ] as const)('%s: one line at once, naming the file', async (_name, args, which) => {
    const path = which === 'config' ? cli.home.configFile : which === 'credentials' ? cli.home.credentialsFile : keysFile();
    fifoAt(path);
    const result = await cli.run([...args], { KEYS_PASS: 'pass' }, { timeoutMs: 20_000 });
    expect(result.signal).toBeNull();
    expectOneLineError(
      result,
      1,
      new RegExp(`${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}.*(is a named pipe \\(FIFO\\)|it is a named pipe \\(FIFO\\))`),
    );
  });

  test('doctor: the checks that read the files say why they could not, and doctor finishes', async () => {
    fifoAt(cli.home.configFile);
    const result = await cli.run(['doctor', '--json', '--profile', 'prod'], {}, { timeoutMs: 20_000 });
    expect(result.signal).toBeNull();
    const { checks } = JSON.parse(result.stdout) as { checks: Array<{ id: string; saw: string }> };
    expect(checks.find((c) => c.id === 'plaintext-keys')?.saw).toMatch(/could not run: .*config is a named pipe \(FIFO\)/);
  });

  test('a device (a link to /dev/zero) and an endless file are refused too, not read until memory runs out', async () => {
    rmSync(cli.home.configFile);
    symlinkSync('/dev/zero', cli.home.configFile);
    expectOneLineError(await cli.run(['print', '--profile', 'prod']), 1, /config is a device, not a regular file/);
    rmSync(cli.home.configFile);
    writeFileSync(cli.home.configFile, '');
    truncateSync(cli.home.configFile, 17 * 1024 * 1024);
    expectOneLineError(
      await cli.run(['print', '--profile', 'prod']),
      1,
      /config is larger than 16 MiB, which no AWS config file is; check AWS_CONFIG_FILE$/,
    );
  });

  test('a source profile: credential-process refuses it too, with no STS call', async () => {
    fifoAt(cli.home.credentialsFile);
    expectOneLineError(await cli.run(['--role', ROLE], {}, { timeoutMs: 20_000 }), 1, /credentials is a named pipe \(FIFO\)/);
    expect(sts.server.count()).toBe(0);
  });
});

describe('a command waiting on a lock ends on SIGTERM', () => {
  test.each([
    ['setup, on the AWS files', ['setup', '--profile', 'prod', '--role', ROLE], () => `${cli.home.configFile}.sts-refresh.lock`],
    ['keys add, on the keys file', ['keys', 'add', 'user1', '--stdin', ...FILE], () => `${keysFile()}.lock`],
  ])('%s', async (_name, args, lock) => {
    mkdirSync(dirname(lock()), { recursive: true });
    mkdirSync(lock());
    const trace = join(cli.home.home, 'lock-waits');
    const child = spawn(process.execPath, ['--require', TRACE_LOCK_WAITS, CLI_PATH, ...args], {
      env: cli.env({ KEYS_PASS: 'pass', TRACE_LOCK_WAITS_FILE: trace }),
      cwd: cli.home.home,
      stdio: ['pipe', 'ignore', 'ignore'],
    });
    child.stdin.end('AKIAUSER100000000001\nuser1-secret-00000000000000000\n');
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.once('exit', (_code, signal) => resolve(signal)));
    await lockWaitsSeen(trace, 1);
    child.kill('SIGTERM');
    expect(await exited).toBe('SIGTERM');
  });
});

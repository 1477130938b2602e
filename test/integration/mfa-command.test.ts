import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { useLoopbackSts, expectOneLineError, ROLE } from '../support/cli-env';

const SERIAL = 'arn:aws:iam::123456789012:mfa/alice';

const sts = useLoopbackSts();
const cli = sts.cli;

/**
 * Whether the process that wrote its pid to `file` is still alive a while after sts-refresh exited.
 * A forked writer dies at its next write into the closed pipe, which may come just after the exit.
 */
async function stillAlive(file: string): Promise<boolean> {
  const pid = Number(readFileSync(file, 'utf8').trim());
  for (let i = 0; i < 50; i++) {
    try {
      process.kill(pid, 0);
    } catch {
      return false;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return true;
}

describe('--mfa-command output is read up to a bound', () => {
  // `exec yes`: the shell becomes the endless writer. `yes; true`: the shell forks it and waits, so
  // killing the shell alone would leave the writer holding the pipe.
  test.each([
    ['that the shell becomes', (pidFile: string) => `echo $$ > '${pidFile}'; exec yes 123456`],
    ['that the shell forks', (pidFile: string) => `sh -c 'echo $$ > "${pidFile}"; exec yes 123456'; true`],
  ])('a command %s and prints without end: one line, exit 1, no marker, no writer left', async (_how, command) => {
    const pidFile = join(cli.home.home, 'writer.pid');
    const path = cli.home.toolPath(['sh', 'yes']);
    const result = await cli.run(['--role', ROLE, '--mfa-serial', SERIAL, '--mfa-command', command(pidFile)], { PATH: path });
    expectOneLineError(result, 1, /--mfa-command printed more than 1024 bytes, which is not a 6-digit code/);
    expect(sts.server.count()).toBe(0);
    expect(readdirSync(cli.home.cacheDir).filter((f) => f.endsWith('.awaiting-code'))).toEqual([]);
    expect(existsSync(pidFile)).toBe(true);
    expect(await stillAlive(pidFile)).toBe(false);
  });

  test('a code after a line of chatter is still read', async () => {
    sts.server.expectedTokenCode = '123456';
    const result = await cli.run(['--role', ROLE, '--mfa-serial', SERIAL, '--mfa-command', 'echo 123456']);
    expect(result.exitCode).toBe(0);
  });
});

describe('--mfa-command runs as a process group of its own', () => {
  test('what it left running in the background is ended once its code is read', async () => {
    sts.server.expectedTokenCode = '123456';
    const pidFile = join(cli.home.home, 'background.pid');
    const path = cli.home.toolPath(['sh', 'sleep']);
    const command = `sleep 100 >/dev/null 2>&1 & echo $! > '${pidFile}'; echo 123456`;
    const result = await cli.run(['--role', ROLE, '--mfa-serial', SERIAL, '--mfa-command', command], { PATH: path });
    expect(result.exitCode).toBe(0);
    expect(await stillAlive(pidFile)).toBe(false);
  });
});

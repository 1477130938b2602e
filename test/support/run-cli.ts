import { spawn } from 'node:child_process';
import { tmpdir } from 'node:os';
import { delimiter, join, resolve } from 'node:path';

export const CLI_PATH = join(__dirname, '..', '..', 'dist', 'sts-refresh.js');

export interface CliResult {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  /** stdout as bytes, for output that is not all UTF-8 (setup --dry-run of a Latin-1 file). */
  stdoutBytes?: Buffer;
  stderr: string;
}

export interface RunOptions {
  env: NodeJS.ProcessEnv;
  /** Flags for node itself, before the script (e.g. --require). */
  nodeArgs?: string[];
  /** Run this executable instead of `node dist/sts-refresh.js` (the single executable). */
  executable?: string;
  input?: string;
  timeoutMs?: number;
  /**
   * Runs the CLI in a session of its own, without a controlling terminal, as under cron or an IDE:
   * otherwise an MFA prompt would open on the terminal jest runs in.
   */
  detached?: boolean;
  /** Defaults to the temp HOME in env: a relative path a test passes (a hostile --cache-dir) must not land in the repository. */
  cwd?: string;
}

/** Spawns the built CLI as a real process, the way credential_process does, and collects its output. */
export function runCli(
  args: string[],
  { env, input, nodeArgs = [], executable, timeoutMs = 45_000, detached = false, cwd = env.HOME }: RunOptions,
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    assertPrivatePath(env);
    const [file, argv] = executable ? [executable, args] : [process.execPath, [...nodeArgs, CLI_PATH, ...args]];
    const child = spawn(file, argv, { env, cwd, stdio: ['pipe', 'pipe', 'pipe'], detached });
    const stdout: Buffer[] = [];
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => stdout.push(d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    // A CLI that exits without reading stdin (most calls) may close the pipe before `input` is
    // written; that EPIPE says nothing about the run, whose exit and output are what count.
    child.stdin.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE') reject(error);
    });
    child.on('close', (exitCode, signal) => {
      clearTimeout(timer);
      const bytes = Buffer.concat(stdout);
      resolve({ exitCode, signal, stdout: bytes.toString('utf8'), stdoutBytes: bytes, stderr });
    });
    child.stdin.end(input ?? '');
  });
}

/**
 * Every PATH a test hands the CLI is made of temp directories (see tool-path.ts): a PATH reaching
 * /usr/bin would make the outcome depend on what the machine has installed. Without PATH, a
 * spawn searches a built-in default (/usr/bin:/bin), so it must be there too.
 */
export function assertPrivatePath(env: NodeJS.ProcessEnv): void {
  const tmp = resolve(tmpdir());
  const outside = (env.PATH ?? '').split(delimiter).filter((dir) => !resolve(dir).startsWith(`${tmp}/`));
  if (env.PATH === undefined || outside.length > 0) {
    throw new Error(`a test's PATH must hold only temp directories (test/support/tool-path.ts), not ${env.PATH ?? 'nothing'}`);
  }
}

import { AsyncLocalStorage } from 'node:async_hooks';
import { spawn } from 'node:child_process';
import { closeSync, constants, openSync } from 'node:fs';
import { promisify } from 'node:util';
import { killTree } from './process-tree';
import { taskkillCommand } from '../core/process/taskkill';

/** What a source profile's credential_process runs with, for one resolution. */
export interface ProcessContext {
  /** Its whole environment: ours plus the loop-guard chain, never written to process.env. */
  env: NodeJS.ProcessEnv;
  /** Aborted at the deadline: the command and everything it started are killed. */
  signal: AbortSignal;
}

// The SDK runs credential_process itself, with child_process.exec: no environment of ours, no time
// limit, nothing to kill. The build (scripts/build.mjs) hands @aws-sdk/credential-provider-process
// this module in place of node:child_process, and each resolution passes its context down the
// SDK's own async calls in this store; concurrent resolutions (the exec endpoint) each see their own.
const contexts = new AsyncLocalStorage<ProcessContext>();
let resolving = 0;

/**
 * Runs `resolve` (the SDK's fromIni) so that any credential_process it starts gets `context`.
 * On Node 20 and 22 the store works through async hooks, which stay on for every promise and
 * socket until it is disabled; exec's endpoint outlives its first resolution by hours, and had them
 * on for every request since. So the store is disabled once no resolution is running: the bench's
 * latency did not change, but the endpoint starts 1-2 MiB smaller.
 */
export async function withProcessContext<T>(context: ProcessContext, resolve: () => Promise<T>): Promise<T> {
  resolving += 1;
  try {
    return await contexts.run(context, resolve);
  } finally {
    resolving -= 1;
    if (resolving === 0) contexts.disable();
  }
}

// child_process.exec's own default: an answer is one small JSON object.
const MAX_OUTPUT = 1024 * 1024;

/**
 * Whether this process has a controlling terminal, where a person can be asked: opening /dev/tty
 * fails (ENXIO) in a process without one (cron, an IDE, a detached caller).
 */
function hasTerminal(): boolean {
  try {
    closeSync(openSync('/dev/tty', constants.O_RDONLY | constants.O_NONBLOCK));
    return true;
  } catch {
    return false;
  }
}

/**
 * child_process.exec as the SDK calls it (promisified, command only), with the context's
 * environment, and ended with everything it started when the deadline comes. Outside a context it
 * behaves as exec would.
 */
function run(command: string): Promise<{ stdout: string; stderr: string }> {
  const context = contexts.getStore();
  return new Promise((resolve, reject) => {
    if (context?.signal.aborted) return reject(context.signal.reason);
    // Without a terminal, a process group (and session) of its own, which one kill ends whole; a
    // command that would prompt fails at once instead of hanging. With one, it stays in ours, the
    // terminal's foreground group, so that a source that asks there (another tool's MFA prompt)
    // can: a new session has no terminal, and Node cannot hand one a new group in this session. Its
    // tree is then found and ended by parent pid (process-tree.ts).
    const posix = process.platform !== 'win32';
    const ownGroup = posix && !hasTerminal();
    const child = spawn(command, {
      shell: true,
      env: context?.env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: ownGroup,
      windowsHide: true,
    });
    const kill = () => {
      try {
        if (child.pid === undefined) child.kill('SIGKILL');
        else if (!posix) {
          const how = taskkillCommand(child.pid, process.env);
          // Should taskkill be missing or refused, the child itself at least.
          spawn(how.file, how.args, { stdio: 'ignore', windowsHide: true })
            .once('error', () => child.kill('SIGKILL'))
            .once('exit', (code) => code === 0 || child.kill('SIGKILL'));
        } else if (ownGroup) process.kill(-child.pid, 'SIGKILL');
        else killTree(child.pid);
      } catch {
        // already gone
      }
    };
    context?.signal.addEventListener('abort', kill, { once: true });
    // Should sts-refresh end first (an error elsewhere), the group goes with it.
    process.once('exit', kill);
    const done = () => {
      context?.signal.removeEventListener('abort', kill);
      process.off('exit', kill);
    };
    let stdout = '';
    let stderr = '';
    const collect = (into: 'stdout' | 'stderr') => (chunk: string) => {
      if (into === 'stdout') stdout += chunk;
      else stderr += chunk;
      if (stdout.length + stderr.length > MAX_OUTPUT) kill();
    };
    child.stdout.setEncoding('utf8').on('data', collect('stdout'));
    child.stderr.setEncoding('utf8').on('data', collect('stderr'));
    child.once('error', (error) => {
      done();
      reject(error);
    });
    child.once('close', (code, signal) => {
      done();
      if (code === 0) return resolve({ stdout, stderr });
      // exec's wording, which the SDK passes on and source-profile.ts reads another sts-refresh's line from.
      const error = Object.assign(new Error(`Command failed: ${command}\n${stderr}`), { code, signal, stdout, stderr });
      reject(error);
    });
  });
}

type ExecCallback = (error: Error | null, stdout?: string, stderr?: string) => void;

/** The callback form, for completeness; the SDK uses the promisified one below. */
export function exec(command: string, callback?: ExecCallback): void {
  run(command).then(
    ({ stdout, stderr }) => callback?.(null, stdout, stderr),
    (error: Error) => callback?.(error),
  );
}
Object.defineProperty(exec, promisify.custom, { value: run });

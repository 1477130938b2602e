// A pseudo-terminal for tests that must run as a person uses the CLI: keys typed (Ctrl-C is the
// terminal's own signal to its foreground process group, not a kill from the test), prompts
// answered, the screen read. No native addon: python3's pty module (its standard library, on every
// Debian with python3) forks the process into a new session whose controlling terminal is the pty,
// and relays between it and the test over pipes.
import { spawn } from 'node:child_process';
import { realExecutable, which } from './tool-path';

// stdin -> the terminal (keys); the terminal -> stdout (the screen); on stderr one line with the
// process's pid, and at the end one with how it ended. The child is the session leader and its
// process group the terminal's foreground group, as a command run from a shell's prompt.
const RELAY = String.raw`
import json, os, pty, select, sys
pid, fd = pty.fork()
if pid == 0:
    os.execvp(sys.argv[1], sys.argv[1:])
sys.stderr.write(json.dumps({"pid": pid}) + "\n")
sys.stderr.flush()
keys = True
while True:
    ready = select.select([fd] + ([0] if keys else []), [], [])[0]
    if 0 in ready:
        data = os.read(0, 1024)
        if data:
            os.write(fd, data)
        else:
            keys = False
    if fd in ready:
        try:
            data = os.read(fd, 4096)
        except OSError:
            data = b""
        if not data:
            break
        os.write(1, data)
_, status = os.waitpid(pid, 0)
sys.stderr.write(json.dumps({"code": os.WEXITSTATUS(status) if os.WIFEXITED(status) else None,
                             "signal": os.WTERMSIG(status) if os.WIFSIGNALED(status) else None}) + "\n")
`;

/** Why a pseudo-terminal test cannot run here, or undefined. */
export function ptyMissing(): string | undefined {
  return which('python3') ? undefined : 'python3 (for its pty module) is not installed';
}

export interface PtyProcess {
  /** The process in the terminal. */
  pid: number;
  /** Everything the terminal has shown so far (the command's output, echoed keys, prompts). */
  screen: () => string;
  /** Types `keys` on the terminal: '\x03' is Ctrl-C. */
  type: (keys: string) => void;
  /** Resolves once `text` is on the screen (after `from`, a length of the screen seen before). */
  shows: (text: string | RegExp, from?: number) => Promise<void>;
  /** How the process ended: its exit code, or the number of the signal that ended it. */
  exited: Promise<{ code: number | null; signal: number | null }>;
  /** Ends the relay and the process, if a test fails before it ends. */
  kill: () => void;
}

/** Runs `file args` in a new pseudo-terminal with `env`. */
export async function spawnInPty(file: string, args: string[], env: NodeJS.ProcessEnv): Promise<PtyProcess> {
  const relay = spawn(realExecutable('python3'), ['-c', RELAY, file, ...args], { env, stdio: ['pipe', 'pipe', 'pipe'] });
  let screen = '';
  let reports = '';
  const watchers = new Set<() => void>();
  relay.stdout.setEncoding('utf8').on('data', (d: string) => {
    screen += d;
    watchers.forEach((w) => w());
  });
  relay.stderr.setEncoding('utf8').on('data', (d: string) => {
    reports += d;
    watchers.forEach((w) => w());
  });
  // The relay's reports, one complete line each.
  const report = (n: number) => {
    const line = reports.split('\n').slice(0, -1)[n];
    return line === undefined ? undefined : (JSON.parse(line) as Record<string, number | null>);
  };
  const until = <T>(value: () => T | undefined, what: string): Promise<T> =>
    new Promise((resolve, reject) => {
      const check = () => {
        const v = value();
        if (v !== undefined) {
          watchers.delete(check);
          resolve(v);
        }
      };
      watchers.add(check);
      relay.once('close', () => {
        if (!watchers.has(check)) return;
        watchers.delete(check);
        reject(new Error(`the terminal closed before ${what}; it showed: ${JSON.stringify(screen)} ${reports}`));
      });
      check();
    });
  const started = await until(() => report(0), 'the process started');
  const pid = started.pid as number;
  const exited = until(() => report(1), 'the process ended').then((r) => ({ code: r.code ?? null, signal: r.signal ?? null }));
  // A test that fails before it awaits the end still kills the relay: that is no unhandled rejection.
  exited.catch(() => undefined);
  return {
    pid,
    screen: () => screen,
    type: (keys) => void relay.stdin.write(keys),
    shows: (text, from = 0) =>
      until(
        () => {
          const seen = screen.slice(from);
          return (typeof text === 'string' ? seen.includes(text) : text.test(seen)) || undefined;
        },
        `it showed ${String(text)}`,
      ).then(() => undefined),
    exited,
    kill: () => {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
      relay.kill('SIGKILL');
    },
  };
}

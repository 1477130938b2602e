// A pseudo-terminal for tests that must run as a person uses the CLI: keys typed (Ctrl-C is the
// terminal's own signal to its foreground process group, not a kill from the test), prompts
// answered, the screen read. No native addon: util-linux's script(1), which Debian always has,
// runs the command in a new session whose controlling terminal is the pty, relays the test's
// writes to it as typed keys, and what it shows to its stdout. (in-terminal.ts does the same for a
// CLI whose stdout and stderr the test reads apart from the screen.)
import { spawn } from 'node:child_process';
import { shellLine } from '../../src/core/shell/shell-words';
import { realExecutable, which } from './tool-path';

/** Why a pseudo-terminal test cannot run here, or undefined. */
export function ptyMissing(): string | undefined {
  return which('script') ? undefined : 'script (util-linux) is not installed';
}

export interface PtyProcess {
  /** Everything the terminal has shown so far (the command's output, echoed keys, prompts). */
  screen: () => string;
  /** Types `keys` on the terminal: '\x03' is Ctrl-C, '\r' Enter. */
  type: (keys: string) => void;
  /** Resolves once the screen, past its first `from` characters, shows `text`. */
  shows: (text: string | RegExp, from?: number) => Promise<void>;
  /** The exit code of the process in the terminal (script -e passes it on). */
  exited: Promise<number | null>;
  /** Ends the terminal and what runs in it, if a test fails first. */
  kill: () => void;
}

/**
 * Runs `file args` in a new pseudo-terminal with `env`, as the session's only job: its process
 * group is the terminal's foreground group, as a command typed at a shell's prompt.
 */
export function spawnInPty(file: string, args: string[], env: NodeJS.ProcessEnv): PtyProcess {
  const script = spawn(realExecutable('script'), ['-qec', `exec ${shellLine([file, ...args])}`, '/dev/null'], {
    env,
    stdio: ['pipe', 'pipe', 'pipe'],
    detached: true,
  });
  let screen = '';
  const watchers = new Set<() => void>();
  script.stdout.setEncoding('utf8').on('data', (d: string) => {
    screen += d;
    watchers.forEach((check) => check());
  });
  script.stderr.setEncoding('utf8').on('data', (d: string) => (screen += d));
  const exited = new Promise<number | null>((resolve) => script.on('close', (code) => resolve(code)));
  return {
    screen: () => screen,
    type: (keys) => void script.stdin.write(keys),
    shows: (text, from = 0) =>
      new Promise((resolve, reject) => {
        const check = () => {
          const seen = screen.slice(from);
          if (typeof text === 'string' ? seen.includes(text) : text.test(seen)) {
            watchers.delete(check);
            resolve();
          }
        };
        watchers.add(check);
        void exited.then(() => {
          if (watchers.delete(check))
            reject(new Error(`the terminal closed without showing ${String(text)}; it showed: ${JSON.stringify(screen)}`));
        });
        check();
      }),
    exited,
    kill: () => {
      try {
        if (script.pid !== undefined) process.kill(-script.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    },
  };
}

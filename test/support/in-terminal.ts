import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CliFixture } from './cli-env';
import { CLI_PATH } from './run-cli';

export interface Prompted {
  /** Waits until the terminal shows `text`, then types `line`. */
  answer(text: RegExp, line: string): Promise<void>;
  done: Promise<{ exitCode: number | null; terminal: string; stdout: string; stderr: string }>;
}

/**
 * Runs the CLI inside a pseudo-terminal made by script(1), with stdin from /dev/null and stdout
 * and stderr to files, as a person at a terminal runs it: what it asks can only reach it through /dev/tty.
 */
export function inTerminal(cli: CliFixture, args: string[], extraEnv: NodeJS.ProcessEnv = {}): Prompted {
  const out = join(cli.home.home, 'stdout');
  const err = join(cli.home.home, 'stderr');
  const quoted = [process.execPath, CLI_PATH, ...args].map((a) => `'${a}'`).join(' ');
  const child = spawn('script', ['-qec', `${quoted} </dev/null >'${out}' 2>'${err}'`, '/dev/null'], {
    env: cli.env({ PATH: cli.home.toolPath(['script']), ...extraEnv }),
    stdio: ['pipe', 'pipe', 'pipe'],
    detached: true,
  });
  let terminal = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (terminal += d));
  const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
  const done = new Promise<{ exitCode: number | null; terminal: string; stdout: string; stderr: string }>((resolve) =>
    child.on('close', (exitCode) => {
      clearTimeout(timer);
      resolve({ exitCode, terminal, stdout: readFileSync(out, 'utf8'), stderr: readFileSync(err, 'utf8') });
    }),
  );
  return {
    async answer(text, line) {
      const deadline = Date.now() + 20_000;
      while (!text.test(terminal)) {
        if (Date.now() > deadline) throw new Error(`the terminal never showed ${text}; it shows: ${terminal}`);
        await new Promise((r) => setTimeout(r, 50));
      }
      terminal = terminal.replace(text, '');
      child.stdin.write(`${line}\n`);
    },
    done,
  };
}

import { closeSync, openSync, writeSync } from 'node:fs';
import { ReadStream } from 'node:tty';

export interface TerminalPaths {
  input: string;
  output: string;
}

export interface AskOptions {
  /** Echo off (raw mode), for a secret key or a passphrase: what is typed never shows on the screen or in the scrollback. */
  hidden?: boolean;
  paths?: TerminalPaths;
}

/**
 * The controlling terminal, not stdin and stdout: the AWS CLI captures the helper's stdout and
 * stderr, so a prompt there would never be seen, and stdin may carry anything.
 */
export function controllingTerminal(platform: NodeJS.Platform = process.platform): TerminalPaths {
  return platform === 'win32' ? { input: 'CONIN$', output: 'CONOUT$' } : { input: '/dev/tty', output: '/dev/tty' };
}

/** Thrown when this process has no terminal to ask on (a CI job, a daemon, an IDE). */
export class NoTerminalError extends Error {
  override readonly name = 'NoTerminalError';
}

/**
 * Asks one question on the terminal and resolves with the line typed; with `hidden`, Ctrl-C and
 * Ctrl-D give up. The read is asynchronous on purpose: a blocking read would stop the event loop,
 * and with it the timer that keeps the entry's lock fresh, so a slow typist would be taken for a
 * dead holder and a second prompt would appear.
 */
export async function askOnTerminal(
  question: string,
  timeoutMs: number,
  { hidden = false, paths = controllingTerminal() }: AskOptions = {},
): Promise<string> {
  const { inputFd, outputFd } = openTerminal(paths);
  const input = new ReadStream(inputFd);
  try {
    writeSync(outputFd, question);
    if (hidden) input.setRawMode(true);
    return await readAnswer(input, timeoutMs, hidden);
  } finally {
    if (hidden) {
      input.setRawMode(false);
      // The Enter that ended the answer was not echoed either.
      writeSync(outputFd, '\n');
    }
    input.destroy();
    closeSync(outputFd);
  }
}

/** Both ends of the terminal, or NoTerminalError with neither left open. */
export function openTerminal(paths: TerminalPaths): { inputFd: number; outputFd: number } {
  let inputFd: number | undefined;
  try {
    inputFd = openSync(paths.input, 'r');
    return { inputFd, outputFd: openSync(paths.output, 'w') };
  } catch (error) {
    if (inputFd !== undefined) closeSync(inputFd);
    throw new NoTerminalError(`no terminal (${(error as NodeJS.ErrnoException).code ?? 'error'})`, { cause: error });
  }
}

/** The first line typed. In raw mode the terminal neither edits nor signals, so this does both. */
function readAnswer(input: ReadStream, timeoutMs: number, raw: boolean): Promise<string> {
  return new Promise((resolve, reject) => {
    let typed = '';
    const timer = setTimeout(() => finish(new Error(`no answer within ${Math.round(timeoutMs / 1000)} s`)), timeoutMs);
    const finish = (error?: Error) => {
      clearTimeout(timer);
      input.removeAllListeners('data');
      if (error) reject(error);
      else resolve(typed);
    };
    input.setEncoding('utf8');
    input.on('data', (chunk: string) => {
      for (const c of chunk) {
        if (c === '\r' || c === '\n') return finish();
        if (raw && (c === '\u0003' || c === '\u0004')) return finish(new Error('cancelled'));
        if (raw && (c === '\u007f' || c === '\b')) typed = typed.slice(0, -1);
        else typed += c;
      }
    });
    input.once('end', () => finish());
    input.once('error', (error) => finish(error));
  });
}

import { closeSync, openSync, writeSync } from 'node:fs';
import { ReadStream } from 'node:tty';

export interface TerminalPaths {
  input: string;
  output: string;
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
 * Asks one question on the terminal and resolves with the line typed. The read is asynchronous on
 * purpose: a blocking read would stop the event loop, and with it the timer that keeps the entry's
 * lock fresh, so a slow typist would be taken for a dead holder and a second prompt would appear.
 */
export async function askOnTerminal(question: string, timeoutMs: number, paths = controllingTerminal()): Promise<string> {
  const { inputFd, outputFd } = openTerminal(paths);
  try {
    writeSync(outputFd, question);
  } finally {
    closeSync(outputFd);
  }
  const input = new ReadStream(inputFd);
  try {
    return await readLine(input, timeoutMs);
  } finally {
    input.destroy();
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

function readLine(input: ReadStream, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    const timer = setTimeout(() => finish(new Error(`no answer within ${Math.round(timeoutMs / 1000)} s`)), timeoutMs);
    const finish = (error?: Error) => {
      clearTimeout(timer);
      input.removeAllListeners('data');
      if (error) reject(error);
      else resolve(text.split(/\r?\n/, 1)[0] ?? '');
    };
    input.setEncoding('utf8');
    input.on('data', (chunk: string) => {
      text += chunk;
      if (/[\r\n]/.test(text)) finish();
    });
    input.once('end', () => finish());
    input.once('error', (error) => finish(error));
  });
}

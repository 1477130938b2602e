import { closeSync, writeSync } from 'node:fs';
import { ReadStream } from 'node:tty';
import { controllingTerminal, openTerminal } from '../mfa/terminal-prompt';

/**
 * Asks on the controlling terminal with echo off (raw mode), for a secret key or a passphrase: what
 * is typed never shows on the screen or in the scrollback. Ctrl-C and Ctrl-D give up.
 */
export async function askHidden(question: string, timeoutMs: number, paths = controllingTerminal()): Promise<string> {
  const { inputFd, outputFd } = openTerminal(paths);
  const input = new ReadStream(inputFd);
  try {
    writeSync(outputFd, question);
    input.setRawMode(true);
    return await new Promise<string>((resolve, reject) => {
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
          if (c === '\u0003' || c === '\u0004') return finish(new Error('cancelled'));
          if (c === '\u007f' || c === '\b') typed = typed.slice(0, -1);
          else typed += c;
        }
      });
      input.once('error', (error) => finish(error));
    });
  } finally {
    input.setRawMode(false);
    input.destroy();
    writeSync(outputFd, '\n');
    closeSync(outputFd);
  }
}

import { StsRefreshError } from '../core/errors';
import { askOnTerminal, NoTerminalError } from '../prompt/terminal-prompt';
import type { AccessKeys } from './access-keys';

// Two lines of a key pair are under 300 bytes; anything far beyond is not a key pair.
const STDIN_LIMIT = 64 * 1024;
const TYPE_TIMEOUT_MS = 300_000;

/** `keys add --stdin`: the key id on the first line, the secret on the second, as a script pipes them. */
export async function keysFromStdin(stdin: NodeJS.ReadableStream): Promise<AccessKeys> {
  let text = '';
  for await (const chunk of stdin) {
    text += typeof chunk === 'string' ? chunk : (chunk as Buffer).toString('utf8');
    if (text.length > STDIN_LIMIT)
      throw new StsRefreshError(
        'keys add --stdin: more than two short lines on stdin',
        'pipe in the access key id and the secret access key, one a line',
      );
  }
  const [accessKeyId = '', secretAccessKey = ''] = text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);
  if (!accessKeyId || !secretAccessKey) {
    throw new StsRefreshError('keys add --stdin: stdin needs two lines, the access key id and the secret access key');
  }
  return { accessKeyId, secretAccessKey };
}

/** `keys add` on a terminal: the key id echoed (it is printed everywhere anyway), the secret not. */
export async function keysFromTerminal(): Promise<AccessKeys> {
  try {
    const accessKeyId = (await askOnTerminal('AWS access key id: ', TYPE_TIMEOUT_MS)).trim();
    const secretAccessKey = (await askOnTerminal('AWS secret access key (not shown): ', TYPE_TIMEOUT_MS, { hidden: true })).trim();
    return { accessKeyId, secretAccessKey };
  } catch (error) {
    if (error instanceof NoTerminalError) {
      throw new StsRefreshError(
        'keys add: no terminal to ask for the keys on',
        'pipe them in with --stdin: the key id on one line, the secret on the next',
      );
    }
    throw new StsRefreshError(`keys add: ${(error as Error).message}`);
  }
}

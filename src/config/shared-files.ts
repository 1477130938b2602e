import { statSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { StsRefreshError } from '../core/errors';

/**
 * Refuses shared config and credentials files that a read could wait on for ever: a named pipe (or a
 * socket, a terminal) blocks the SDK's read in a thread no deadline can free, and that pending read
 * would also keep sts-refresh, and the AWS CLI behind it, from exiting. Paths as the SDK finds them.
 */
export function checkSharedFiles(env: NodeJS.ProcessEnv, profile: string): void {
  const home = env.HOME || env.USERPROFILE || homedir();
  const files: Array<[string, string]> = [
    [env.AWS_CONFIG_FILE || join(home, '.aws', 'config'), 'AWS_CONFIG_FILE'],
    [env.AWS_SHARED_CREDENTIALS_FILE || join(home, '.aws', 'credentials'), 'AWS_SHARED_CREDENTIALS_FILE'],
  ];
  for (const [file, variable] of files) {
    const path = file.startsWith('~/') ? join(home, file.slice(2)) : file;
    const kind = blockingKind(path);
    if (kind === undefined) continue;
    throw new StsRefreshError(
      `cannot read source profile '${profile}': ${path} is ${kind}, not a file, and reading it could wait for ever`,
      `point ${variable} at a regular file`,
    );
  }
}

function blockingKind(path: string): string | undefined {
  let stat;
  try {
    stat = statSync(path);
  } catch {
    // Missing or unreadable: the SDK reads it as empty, as it always has.
    return undefined;
  }
  if (stat.isFIFO()) return 'a named pipe (FIFO)';
  if (stat.isSocket()) return 'a socket';
  // /dev/null is the usual way to say "no such file"; any other device may never end.
  if (stat.isCharacterDevice() && path !== '/dev/null') return 'a device';
  return undefined;
}

import { resolve } from 'node:path';

/**
 * What runs this sts-refresh again from a credential_process line, from any PATH: the installed
 * script (or, for a single executable, the binary itself). Windows starts no script by its #!
 * line (the AWS CLI's CreateProcess needs an .exe), so there a script is run by the node.exe that
 * runs it now.
 */
export function selfWords(platform: NodeJS.Platform = process.platform): string[] {
  const self = resolve(process.argv[1] ?? process.execPath);
  return platform === 'win32' && self !== process.execPath ? [process.execPath, self] : [self];
}

import { resolve } from 'node:path';

/** The installed script (or, for a single executable, the binary itself), so a credential_process line works from any PATH. */
export function selfPath(): string {
  return resolve(process.argv[1] ?? process.execPath);
}

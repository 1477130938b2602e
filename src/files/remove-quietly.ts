import { unlinkSync } from 'node:fs';

/**
 * Removes a file that may not be there: a marker another process already cleared, a temporary
 * file that was never created or was renamed into place. Its absence is the wanted state, and any
 * other failure is left for the error already being reported.
 */
export function removeQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // not there, or not ours to report
  }
}

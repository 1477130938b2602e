import { closeSync, constants, lstatSync, openSync, unlinkSync } from 'node:fs';

// A marker beside a locked entry while its holder waits for a person to type an MFA code. Waiters
// outwait their own --timeout only while it exists and the lock stays fresh; a holder that is only
// stuck on STS leaves no marker, so its waiters give up at their deadline as usual.
const markerOf = (entryPath: string) => `${entryPath}.awaiting-code`;

/** Marks each entry as waiting for a code; the returned function removes the marks. */
export function markAwaitingCode(entryPaths: readonly string[]): () => void {
  const made: string[] = [];
  for (const path of entryPaths) {
    try {
      // O_NOFOLLOW: a symlink planted at the marker path is not written through.
      closeSync(openSync(markerOf(path), constants.O_WRONLY | constants.O_CREAT | constants.O_NOFOLLOW, 0o600));
      made.push(markerOf(path));
    } catch {
      // Without the marker, waiters give up at their own deadline: worse for them, harmless otherwise.
    }
  }
  return () => {
    for (const marker of made) unlinkSync(marker);
  };
}

export function isAwaitingCode(entryPath: string): boolean {
  try {
    return lstatSync(markerOf(entryPath)).isFile();
  } catch {
    return false;
  }
}

/** A holder killed while prompting leaves its marker; the next holder of the lock clears it. */
export function clearCodeMarker(entryPath: string): void {
  try {
    unlinkSync(markerOf(entryPath));
  } catch {
    // not there
  }
}

import { closeSync, constants, lstatSync, openSync, unlinkSync } from 'node:fs';

// A marker beside a locked entry while its holder waits for a person to type an MFA code. Waiters
// outwait their own --timeout only while it exists and the lock stays fresh; a holder that is only
// stuck on STS leaves no marker, so its waiters give up at their deadline as usual.
const markerOf = (entryPath: string) => `${entryPath}.awaiting-code`;

/**
 * Marks an entry whose lock this process holds as waiting for a code. The mark lasts as long as the
 * lock: releasing it (locked-cache.ts) removes the mark, after the entry is written. Removed any
 * earlier, a waiter past its deadline could find neither the mark nor the new entry, and give up.
 */
export function markAwaitingCode(entryPath: string): void {
  try {
    // O_NOFOLLOW: a symlink planted at the marker path is not written through.
    closeSync(openSync(markerOf(entryPath), constants.O_WRONLY | constants.O_CREAT | constants.O_NOFOLLOW, 0o600));
  } catch {
    // Without the marker, waiters give up at their own deadline: worse for them, harmless otherwise.
  }
}

export function isAwaitingCode(entryPath: string): boolean {
  try {
    return lstatSync(markerOf(entryPath)).isFile();
  } catch {
    return false;
  }
}

/** Removed on release, and on taking the lock: a holder killed while prompting leaves its marker. */
export function clearCodeMarker(entryPath: string): void {
  try {
    unlinkSync(markerOf(entryPath));
  } catch {
    // not there
  }
}

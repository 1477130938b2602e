import { closeSync, constants, lstatSync, openSync } from 'node:fs';
import { ownedByUs } from '../files/own-file';
import { removeQuietly } from '../files/remove-quietly';

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

/**
 * Only a regular file of this user's counts: a mark another user planted (beside a lock they keep
 * fresh) would otherwise hold every caller for --timeout + 3 min + --timeout.
 */
export function isAwaitingCode(entryPath: string): boolean {
  try {
    const stat = lstatSync(markerOf(entryPath));
    return stat.isFile() && ownedByUs(stat);
  } catch {
    return false;
  }
}

/** Removed on release, and on taking the lock: a holder killed while prompting leaves its marker. */
export function clearCodeMarker(entryPath: string): void {
  removeQuietly(markerOf(entryPath));
}

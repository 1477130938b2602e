import { closeSync, constants, openSync, writeSync } from 'node:fs';
import { readOwnFile } from '../files/own-file';
import { removeQuietly } from '../files/remove-quietly';

// Which process holds an entry's lock: proper-lockfile's lock is a bare directory (it removes it
// with rmdir, so nothing can go inside), and a waiter that says what it waits for should name it.
const noteOf = (entryPath: string) => `${entryPath}.holder`;

/** Written by the process that just took the entry's lock; a note a killed holder left is overwritten. */
export function noteHolder(entryPath: string): void {
  try {
    // O_NOFOLLOW: a symlink planted at the note's path is not written through.
    const fd = openSync(noteOf(entryPath), constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC | constants.O_NOFOLLOW, 0o600);
    try {
      writeSync(fd, String(process.pid));
    } finally {
      closeSync(fd);
    }
  } catch {
    // Without the note a waiter names no pid: worse for the person reading, harmless otherwise.
  }
}

/** The holder's pid, when a note of ours says it. */
export function holderPid(entryPath: string): number | undefined {
  const file = readOwnFile(noteOf(entryPath));
  return file.ok && /^\d{1,10}$/.test(file.text) ? Number(file.text) : undefined;
}

/** Removed before the lock is released. */
export function clearHolder(entryPath: string): void {
  removeQuietly(noteOf(entryPath));
}

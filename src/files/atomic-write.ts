import { closeSync, constants, fchmodSync, fsyncSync, openSync, renameSync, writeSync } from 'node:fs';
import { removeQuietly } from './remove-quietly';

// O_EXCL: the temp file is ours alone, never one that another process (or user) put there first.
// O_NOFOLLOW: a symlink planted at the temp path fails instead of being written through.
const TEMP_FLAGS = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW;

/**
 * Replaces `path` with `data` so that a reader (the AWS CLI mid-call, another sts-refresh) sees the
 * old file or the new one, never half: a temp file beside it, every byte written, fsync, rename. On
 * any failure the temp file is removed and the old file is left as it was, so a full disk or a
 * read-only mount costs nothing but the error. The rename replaces whatever is at `path` (a planted
 * symlink included) rather than writing through it; a caller that means to follow a link resolves
 * it first. `mode` is set exactly (the umask does not narrow it).
 *
 * Only node:fs, and no node:crypto for the temp name: the cache-hit path loads this module too.
 */
export function writeFileAtomic(path: string, data: string | Uint8Array, mode: number): void {
  // pid plus a random suffix, opened exclusively: unique enough without node:crypto.
  const temp = `${path}.${process.pid}.${Math.random().toString(16).slice(2, 10).padEnd(8, '0')}.tmp`;
  let fd: number | undefined;
  try {
    fd = openSync(temp, TEMP_FLAGS, mode);
    fchmodSync(fd, mode);
    writeAllSync(fd, typeof data === 'string' ? Buffer.from(data, 'utf8') : data);
    fsyncSync(fd);
    const closing = fd;
    fd = undefined;
    // close can report a failed write (NFS does), so it counts as part of writing.
    closeSync(closing);
    // No fsync of the directory: after a crash the rename may be lost, and the old file is what
    // remains, which is one of the two states this promises.
    renameSync(temp, path);
  } catch (error) {
    if (fd !== undefined) closeQuietly(fd);
    removeQuietly(temp);
    throw error;
  }
}

/**
 * write(2) may write fewer bytes than asked (a nearly full disk, a signal); writeSync returns how
 * many it wrote, and the rest must be written again or the file ends short.
 */
function writeAllSync(fd: number, bytes: Uint8Array): void {
  for (let offset = 0; offset < bytes.length;) {
    const written = writeSync(fd, bytes, offset, bytes.length - offset);
    // A regular file that takes no bytes and reports no error will not take them on a retry either.
    if (written <= 0) throw Object.assign(new Error(`write made no progress at byte ${offset} of ${bytes.length}`), { code: 'EIO' });
    offset += written;
  }
}

function closeQuietly(fd: number): void {
  try {
    closeSync(fd);
  } catch {
    // The write already failed; that error is the one worth reporting.
  }
}

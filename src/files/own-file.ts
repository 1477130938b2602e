import { closeSync, constants, fstatSync, openSync, readFileSync, type Stats } from 'node:fs';

// O_NOFOLLOW: a symlink planted at the path fails with ELOOP instead of being read through.
// O_NONBLOCK: a FIFO planted there would otherwise block the open, and whoever reads with it.
// Neither exists on Windows (both are undefined there), where the directory's place is what keeps
// others out (profile-place.ts).
const READ_FLAGS = constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK;

/** `untrusted`: something another user could have planted or changed, which is not read. */
export type OwnFile = { ok: true; text: string } | { ok: false; kind: 'missing' | 'unreadable' | 'untrusted'; why: string };

/**
 * Why another user could have written this file or directory, if they could: POSIX owners and mode
 * bits. Windows has neither (Node reports uid 0 and mode 0666 for everything, so this check would
 * distrust every file there); its rule is where the path leads, in profile-place.ts.
 */
export function ownerProblem(stat: Stats, label: string, platform: NodeJS.Platform = process.platform): string | undefined {
  if (platform === 'win32') return undefined;
  const uid = process.geteuid?.();
  if (uid !== undefined && stat.uid !== uid) return `${label} belongs to uid ${stat.uid}, not to this user (uid ${uid})`;
  if ((stat.mode & 0o022) !== 0) return `${label} is group- or world-writable (mode ${(stat.mode & 0o7777).toString(8).padStart(4, '0')})`;
  return undefined;
}

/** Whether this user owns what `stat` describes (always so on Windows, which has no uids). */
export function ownedByUs(stat: Stats): boolean {
  const uid = process.geteuid?.();
  return uid === undefined || stat.uid === uid;
}

/**
 * Reads a file in the cache directory only when it is a regular file this user owns and only this
 * user may write. Every reader of the directory (the store, cache list and clear, keys rotate, doctor) goes
 * through here, so none of them can be hung by a FIFO or steered by a link another user planted.
 */
export function readOwnFile(path: string): OwnFile {
  let fd: number;
  try {
    fd = openSync(path, READ_FLAGS);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { ok: false, kind: 'missing', why: 'missing' };
    if (code === 'ELOOP') return { ok: false, kind: 'untrusted', why: 'it is a symbolic link' };
    return { ok: false, kind: 'unreadable', why: `unreadable (${code ?? 'error'})` };
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) return { ok: false, kind: 'untrusted', why: 'it is not a regular file' };
    const problem = ownerProblem(stat, 'it');
    if (problem) return { ok: false, kind: 'untrusted', why: problem };
    return { ok: true, text: readFileSync(fd, 'utf8') };
  } finally {
    closeSync(fd);
  }
}

import { lstatSync, rmSync, type Stats } from 'node:fs';
import { ownedByUs } from '../files/own-file';

/**
 * proper-lockfile locks by mkdir and judges staleness by stat, which follows symlinks: a symlink
 * planted at the lock path would have it touch the target's mtime, or wait on it until the
 * deadline. Anything there that is not a real directory of ours is removed (a link, never its
 * target): a lock another user made and keeps fresh would otherwise fail every call at --timeout.
 */
export function clearLockPath(lockPath: string): string | undefined {
  let stat: Stats;
  try {
    stat = lstatSync(lockPath);
  } catch {
    return undefined;
  }
  const what = stat.isSymbolicLink()
    ? 'it was a symbolic link'
    : !stat.isDirectory()
      ? 'it was not a directory'
      : !ownedByUs(stat)
        ? `it belonged to uid ${stat.uid}`
        : undefined;
  if (what) rmSync(lockPath, { recursive: stat.isDirectory() && !stat.isSymbolicLink(), force: true });
  return what;
}

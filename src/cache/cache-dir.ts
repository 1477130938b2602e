import { chmodSync, lstatSync, mkdirSync, readdirSync, statSync, unlinkSync, type Stats } from 'node:fs';
import { join } from 'node:path';

export type DirVerdict =
  | { kind: 'missing' }
  | { kind: 'ok' }
  /** Owned by someone else, or not a directory: neither read nor written. */
  | { kind: 'foreign'; problem: string }
  /** Ours, but others may write in it: what is there may be planted; tighten() makes it 0700. */
  | { kind: 'open'; problem: string; tighten: () => void };

// A temp file older than this belongs to a writer that died: a live one renames its file within
// milliseconds of creating it, and holds the lock (stale after 10 s) while it does.
const TEMP_MAX_AGE_MS = 60_000;
const TEMP_FILE = /\.json\.\d+\.[0-9a-f]{8}\.tmp$/;

/** Why another user could have written this file or directory, if they could. */
export function ownerProblem(stat: Stats, label: string): string | undefined {
  // No uids on Windows; there the directory's ACL, inherited from the profile, does this job.
  const uid = process.geteuid?.();
  if (uid !== undefined && stat.uid !== uid) return `${label} belongs to uid ${stat.uid}, not to this user (uid ${uid})`;
  if ((stat.mode & 0o022) !== 0) return `${label} is group- or world-writable (mode ${(stat.mode & 0o7777).toString(8).padStart(4, '0')})`;
  return undefined;
}

/** Whether the cache directory can be trusted, creating it (0700) first when asked to. */
export function checkCacheDir(dir: string, { create = false } = {}): DirVerdict {
  if (create) mkdirSync(dir, { recursive: true, mode: 0o700 });
  let stat: Stats;
  try {
    // Follows a symlinked directory on purpose: what matters is who may write where the entries land.
    stat = statSync(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'missing' };
    throw error;
  }
  const label = `the cache directory ${dir}`;
  if (!stat.isDirectory()) return { kind: 'foreign', problem: `${label} is not a directory` };
  const problem = ownerProblem(stat, label);
  if (!problem) return { kind: 'ok' };
  if (problem.includes('belongs to')) return { kind: 'foreign', problem };
  // The sticky bit (as on /tmp) stops others from replacing or removing our files; what they can
  // still plant at a name we use is caught by the per-entry checks.
  if ((stat.mode & 0o1000) !== 0) return { kind: 'ok' };
  return { kind: 'open', problem, tighten: () => chmodSync(dir, 0o700) };
}

/**
 * proper-lockfile locks by mkdir and judges staleness by stat, which follows symlinks: a symlink
 * planted at the lock path would have it touch the target's mtime, or wait on it until the
 * deadline. Anything there that is not a real directory is removed (the link, never its target).
 */
export function clearLockPath(lockPath: string): string | undefined {
  let stat: Stats;
  try {
    stat = lstatSync(lockPath);
  } catch {
    return undefined;
  }
  const what = stat.isSymbolicLink() ? 'it was a symbolic link' : stat.isDirectory() ? undefined : 'it was not a directory';
  if (what) unlinkSync(lockPath);
  return what;
}

/** Removes temp files left by writers that crashed between writing and renaming. */
export function removeOldTempFiles(dir: string, nowMs = Date.now()): void {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    // Tidying up is a courtesy; the entry itself is already written.
    return;
  }
  for (const name of names) {
    if (!TEMP_FILE.test(name)) continue;
    const path = join(dir, name);
    try {
      if (lstatSync(path).mtimeMs < nowMs - TEMP_MAX_AGE_MS) unlinkSync(path);
    } catch {
      // Another process removed it first.
    }
  }
}

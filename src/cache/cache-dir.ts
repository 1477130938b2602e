import { chmodSync, lstatSync, mkdirSync, readlinkSync, statSync, type Stats } from 'node:fs';
import { dirname, isAbsolute, join, resolve, sep } from 'node:path';
import { ownedByUs, ownerProblem } from '../files/own-file';
import { outsideProfile } from '../files/profile-place';

export type DirVerdict =
  | { kind: 'missing' }
  | { kind: 'ok' }
  /** Owned by someone else, reached through someone else's link, shared with others, or not a directory: neither read nor written. */
  | { kind: 'foreign'; problem: string }
  /** Ours, but others may write in it: what is there may be planted; tighten() makes it 0700. */
  | { kind: 'open'; problem: string; tighten: () => void };

const DEFAULT_DIR = 'leave out --cache-dir and STS_REFRESH_CACHE_DIR';
const USE_OWN_DIR = `use a directory inside it, such as the default (${DEFAULT_DIR})`;
// As the kernel's own limit on links followed in one lookup.
const MAX_LINKS = 40;

export interface CacheDirOptions {
  /** Create it (0700) first when missing. */
  create?: boolean;
  /** Which rule applies: POSIX owners and modes, or Windows' place (profile-place.ts). */
  platform?: NodeJS.Platform;
  /** Windows: the user's profile directory, which a trusted cache directory lies in. */
  profileDir?: string;
}

/** Whether the cache directory can be trusted, creating it first when asked to. */
export function checkCacheDir(dir: string, { create = false, platform = process.platform, profileDir }: CacheDirOptions = {}): DirVerdict {
  const label = `the cache directory ${dir}`;
  if (platform === 'win32') return checkWindowsCacheDir(dir, label, create, profileDir);
  const viaForeignLink = () => {
    const link = foreignLinkOn(dir);
    return link ? ({ kind: 'foreign', problem: `${label} is reached through ${link}` } as const) : undefined;
  };
  if (create) {
    // Every component, before mkdir would create the directory wherever another user's link points.
    const refused = viaForeignLink();
    if (refused) return refused;
    mkdirSync(dir, { recursive: true, mode: 0o700 });
  }
  let stat: Stats;
  try {
    // One lstat on the hit path, as one stat was before. Only a directory that is itself a link is
    // walked there: a reader takes entries only this user owns, in a directory only this user may
    // write, so another user's link further up can lead a read to nothing but our own entries.
    stat = lstatSync(dir);
    if (stat.isSymbolicLink()) {
      const refused = viaForeignLink();
      if (refused) return refused;
      // Our own (or root's) links are followed: what matters is who may write where the entries land.
      stat = statSync(dir);
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'missing' };
    throw error;
  }
  if (!stat.isDirectory()) return { kind: 'foreign', problem: `${label} is not a directory` };
  const problem = ownerProblem(stat, label);
  if (!problem) return { kind: 'ok' };
  if (!ownedByUs(stat)) return { kind: 'foreign', problem };
  // A sticky directory (as /tmp) is shared on purpose: it is not ours to make private, and anyone
  // may plant a lock or an awaiting-code mark at a name we use and so stall every call.
  if ((stat.mode & 0o1000) !== 0) {
    return {
      kind: 'foreign',
      problem: `${label} is shared with other users (mode ${(stat.mode & 0o7777).toString(8)}), who could plant locks in it; use a directory only you can write to, such as the default (${DEFAULT_DIR})`,
    };
  }
  return { kind: 'open', problem, tighten: () => chmodSync(dir, 0o700) };
}

/**
 * Windows has no owners or modes to check (own-file.ts), so the directory must lie in the user's
 * profile, really: a junction or link that leads out of it is refused, before mkdir as after.
 * There is no 'open' verdict: nothing here can be tightened the way chmod 0700 does on POSIX.
 */
function checkWindowsCacheDir(dir: string, label: string, create: boolean, profileDir: string | undefined): DirVerdict {
  const outside = () => {
    const problem = outsideProfile(dir, label, profileDir);
    return problem ? ({ kind: 'foreign', problem: `${problem}; ${USE_OWN_DIR}` } as const) : undefined;
  };
  if (create) {
    const refused = outside();
    if (refused) return refused;
    mkdirSync(dir, { recursive: true });
  }
  let stat: Stats;
  try {
    stat = statSync(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'missing' };
    throw error;
  }
  if (!stat.isDirectory()) return { kind: 'foreign', problem: `${label} is not a directory` };
  return outside() ?? { kind: 'ok' };
}

/**
 * The first symbolic link on the way to `path` (in its own components and in every link's target)
 * that another user owns: whoever owns a link decides where it points, and so where credentials
 * would be written and which directory would be made 0700. Links of root's are trusted.
 */
export function foreignLinkOn(path: string): string | undefined {
  if (process.geteuid === undefined) return undefined;
  let pending = resolve(path).split(sep).filter(Boolean);
  let current = resolve('/');
  for (let links = 0; pending.length > 0;) {
    const name = pending.shift() ?? '';
    if (name === '.') continue;
    if (name === '..') {
      current = dirname(current);
      continue;
    }
    const next = join(current, name);
    let stat: Stats;
    try {
      stat = lstatSync(next);
    } catch {
      // Nothing more to follow; mkdir creates the rest as ours.
      return undefined;
    }
    if (!stat.isSymbolicLink()) {
      current = next;
      continue;
    }
    if (!ownedByUs(stat) && stat.uid !== 0) return `${next}, a symbolic link that uid ${stat.uid} owns`;
    // A loop fails the open later with ELOOP, which says so.
    if (++links > MAX_LINKS) return undefined;
    const target = readlinkSync(next);
    pending = [...target.split(sep).filter(Boolean), ...pending];
    if (isAbsolute(target)) current = resolve('/');
  }
  return undefined;
}

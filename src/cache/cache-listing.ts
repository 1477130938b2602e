import { readdirSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { parseStoredEntry } from '../core/cache-entry/cache-entry';
import type { ListedEntry } from '../core/cache-entry/cache-summary';
import { parseStoredMfaSession } from '../core/cache-entry/mfa-session-entry';
import { StsRefreshError } from '../core/errors';
import { checkCacheDir } from './cache-dir';
import { clearLockPath } from './lock-path';
import { readOwnFile } from '../files/own-file';

/**
 * Every `<key>.json` in the cache directory; a missing directory is an empty cache. Each file is
 * read through readOwnFile, so a FIFO or a planted link is named rather than hanging or followed.
 */
export function listEntries(dir: string): ListedEntry[] {
  const verdict = checkCacheDir(dir);
  if (verdict.kind === 'missing') return [];
  if (verdict.kind === 'foreign') {
    throw new StsRefreshError(`${verdict.problem}; it is not used`, 'give --cache-dir a directory of your own');
  }
  const names = readdirSync(dir)
    .filter((n) => /^[0-9a-f]{32}\.json$/.test(n))
    .sort();
  return names.map((name) => {
    const path = join(dir, name);
    const file = readOwnFile(path);
    if (!file.ok) return { path, problem: file.why };
    const role = parseStoredEntry(file.text);
    if (role.ok) return { path, entry: role.entry };
    const session = parseStoredMfaSession(file.text);
    return session.ok ? { path, session: session.entry } : { path, problem: role.reason };
  });
}

// Longer than a normal STS round trip, shorter than the lock's stale time (cache/lock.ts).
export const CLEAR_WAIT_MS = 5_000;

/**
 * Removes `paths` under their locks (clearEntries), waiting up to CLEAR_WAIT_MS for a refresh in
 * progress: cache clear and keys rotate. As before a refresh, a lock that is not a directory of
 * ours is not honoured.
 */
export async function clearUnderLocks(paths: readonly string[], now: () => number): Promise<Cleared> {
  // The lock lives with proper-lockfile on the miss path, loaded only when there is something to clear.
  const { tryLock } = paths.length ? await import('./lock') : { tryLock: undefined };
  return clearEntries({
    paths,
    tryLock: (path) => {
      clearLockPath(`${path}.lock`);
      return tryLock ? tryLock(path, () => undefined) : Promise.resolve(undefined);
    },
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    now,
    waitMs: CLEAR_WAIT_MS,
  });
}

export interface ClearInit {
  paths: readonly string[];
  /** Takes the entry's lock, undefined while another process holds it (cache/lock.ts through the miss module). */
  tryLock: (path: string) => Promise<(() => Promise<void>) | undefined>;
  sleep: (ms: number) => Promise<void>;
  now: () => number;
  /** How long to wait for a refresh in progress before leaving that entry alone. */
  waitMs: number;
}

export interface Cleared {
  removed: string[];
  /** Still locked by another process when the wait ran out. */
  locked: string[];
  /** Could not be removed (a directory planted at an entry's name, a permission), with the error code. */
  failed: string[];
}

/**
 * Removes each entry under its lock, so a refresh in progress is never cut in half: a running
 * sts-refresh finishes writing, then the entry goes.
 */
export async function clearEntries(init: ClearInit): Promise<Cleared> {
  const cleared: Cleared = { removed: [], locked: [], failed: [] };
  const deadline = init.now() + init.waitMs;
  for (const path of init.paths) {
    let release = await init.tryLock(path);
    while (!release && init.now() < deadline) {
      await init.sleep(100);
      release = await init.tryLock(path);
    }
    if (!release) {
      cleared.locked.push(path);
      continue;
    }
    try {
      unlinkSync(path);
      cleared.removed.push(path);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT') cleared.failed.push(`${path} (${code ?? 'error'})`);
    } finally {
      await release();
    }
  }
  return cleared;
}

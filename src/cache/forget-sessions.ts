import { closeSync, constants, fstatSync, openSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { clearEntries } from './cache-listing';
import { tryLock } from './lock';

// Longer than a normal STS round trip, shorter than the lock's stale time (cache/lock.ts), as cache clear waits.
const CLEAR_WAIT_MS = 5_000;

/**
 * The cache entries (role sessions and MFA sessions) whose source profile is `profile`: made from
 * the old key, they would keep working after it is gone and hide a broken new one.
 */
export async function forgetSessions(dir: string, profile: string): Promise<number> {
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => n.endsWith('.json'));
  } catch {
    return 0;
  }
  const paths = names
    .map((n) => join(dir, n))
    .filter((path) => {
      try {
        return (JSON.parse(readEntry(path)) as { request?: { sourceProfile?: unknown } }).request?.sourceProfile === profile;
      } catch {
        return false;
      }
    });
  const { removed } = await clearEntries({
    paths,
    tryLock: (path) => tryLock(path, () => undefined),
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    now: Date.now,
    waitMs: CLEAR_WAIT_MS,
  });
  return removed.length;
}

/** A regular file's text; a FIFO or a link planted under an entry's name is neither waited on nor followed. */
function readEntry(path: string): string {
  const fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOFOLLOW);
  try {
    if (!fstatSync(fd).isFile()) throw new Error('not a regular file');
    return readFileSync(fd, 'utf8');
  } finally {
    closeSync(fd);
  }
}

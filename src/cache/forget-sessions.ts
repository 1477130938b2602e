import { checkCacheDir } from './cache-dir';
import { clearUnderLocks, listEntries } from './cache-listing';

/**
 * The cache entries (role sessions and MFA sessions) whose source profile is `profile`: made from
 * the old key, they would keep working after it is gone and hide a broken new one. A directory
 * that is not ours is never used as a cache, so nothing in it needs forgetting.
 */
export async function forgetSessions(dir: string, profile: string): Promise<number> {
  if (checkCacheDir(dir).kind === 'foreign') return 0;
  const paths = listEntries(dir)
    .filter((e) => (e.entry ?? e.session)?.request.sourceProfile === profile)
    .map((e) => e.path);
  const { removed } = await clearUnderLocks(paths, Date.now);
  return removed.length;
}

import { isAbsolute, join } from 'node:path';
import { chooseCacheDir } from '../core/request/resolve-options';
import { UsageError } from '../core/errors';
import { homeDir } from '../files/home-dir';

const NAME = 'sts-refresh';

/**
 * The platform's cache directory for sts-refresh (~/.cache/sts-refresh on Linux), as env-paths
 * names it: a unit test holds the two to the same answers. Written out here because the cache-hit
 * path runs it, and env-paths computes every kind of directory at load to return one of them.
 */
export function platformCacheDir(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
  home = homeDir(env, platform),
): string {
  const dir =
    platform === 'darwin'
      ? join(home, 'Library', 'Caches', NAME)
      : platform === 'win32'
        ? join(env.LOCALAPPDATA || join(home, 'AppData', 'Local'), NAME, 'Cache')
        : join(env.XDG_CACHE_HOME || join(home, '.cache'), NAME);
  // The XDG spec says a relative XDG_CACHE_HOME is invalid and ignored; env-paths takes it as it is.
  return isAbsolute(dir) ? dir : join(home, '.cache', NAME);
}

/** The cache directory for the commands that take --cache-dir without the other request options (cache, doctor). */
export function cacheDirFor(flag: string | undefined, env: NodeJS.ProcessEnv): string {
  if (flag === '') throw new UsageError('--cache-dir must not be empty', 'leave it out for the default directory');
  return chooseCacheDir(flag, env, () => platformCacheDir(env));
}

import { homedir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import envPaths from 'env-paths';
import { chooseCacheDir } from '../core/request/resolve-options';
import { UsageError } from '../core/errors';

/** The platform's cache directory for sts-refresh (~/.cache/sts-refresh on Linux). */
export function platformCacheDir(): string {
  const dir = envPaths('sts-refresh', { suffix: '' }).cache;
  // env-paths takes XDG_CACHE_HOME as it is; the XDG spec says a relative one is invalid and ignored.
  return isAbsolute(dir) ? dir : join(homedir(), '.cache', 'sts-refresh');
}

/** The cache directory for the commands that take --cache-dir without the other request options (cache, doctor). */
export function cacheDirFor(flag: string | undefined, env: NodeJS.ProcessEnv): string {
  if (flag === '') throw new UsageError('--cache-dir must not be empty', 'leave it out for the default directory');
  return chooseCacheDir(flag, env, platformCacheDir);
}

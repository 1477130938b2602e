import envPaths from 'env-paths';
import { chooseCacheDir } from '../core/resolve-options';
import { UsageError } from '../errors';

/** The platform's cache directory for sts-refresh (~/.cache/sts-refresh on Linux). */
export const platformCacheDir = (): string => envPaths('sts-refresh', { suffix: '' }).cache;

/** The cache directory for the commands that take --cache-dir without the other request options (cache, doctor). */
export function cacheDirFor(flag: string | undefined, env: NodeJS.ProcessEnv): string {
  if (flag === '') throw new UsageError('--cache-dir must not be empty', 'leave it out for the default directory');
  return chooseCacheDir(flag, env, platformCacheDir);
}

import envPaths from 'env-paths';

/** The cache directory the core would use: --cache-dir, then STS_REFRESH_CACHE_DIR, then the platform's (env-paths). */
export function cacheDirFor(flag: string | undefined, env: NodeJS.ProcessEnv): string {
  return flag || env.STS_REFRESH_CACHE_DIR?.trim() || envPaths('sts-refresh', { suffix: '' }).cache;
}

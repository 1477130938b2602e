// No zod here: the cache-hit path (cache-hit.ts) uses this too.
import { userInfo } from 'node:os';
import { platformCacheDir } from '../cache/cache-location';
import type { ResolvedOptions } from '../core/request/role-request';
import { resolveOptions, type RequestArgs } from '../core/request/resolve-options';

/**
 * The options with this machine's defaults (login name, cache directory) filled in, not yet
 * validated: load-options.ts validates them, and the cache-hit path checks what it must itself.
 */
export function resolveRequestOptions(args: RequestArgs, env: NodeJS.ProcessEnv): ResolvedOptions {
  return resolveOptions(args, {
    env,
    userName: loginName(env),
    defaultCacheDir: platformCacheDir,
  });
}

function loginName(env: NodeJS.ProcessEnv): string {
  try {
    return userInfo().username;
  } catch {
    // No passwd entry (some containers): fall back to what the shell says.
    return env.USER ?? env.LOGNAME ?? env.USERNAME ?? 'user';
  }
}

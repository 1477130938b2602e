// No zod here: the cache-hit path (cache-hit.ts) uses this too.
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
    defaultCacheDir: () => platformCacheDir(env),
  });
}

/**
 * The login name, as Python's getpass.getuser() finds it (the AWS CLI's own language): the first
 * of LOGNAME, USER, LNAME and USERNAME that is set and not empty, else the password database. The
 * variables first because every hit pays for the lookup: getpwuid reads nsswitch.conf and
 * /etc/passwd, about 15 system calls, where the shell has already said who is logged in.
 */
export function loginName(env: NodeJS.ProcessEnv): string {
  const named = env.LOGNAME || env.USER || env.LNAME || env.USERNAME;
  if (named) return named;
  try {
    // Loaded only here: node:os costs a hit as much as its own code (files/home-dir.ts).
    return process.getBuiltinModule('node:os').userInfo().username;
  } catch {
    // No passwd entry (some containers).
    return 'user';
  }
}

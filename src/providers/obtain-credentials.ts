import type { CacheStatus, Provided } from '../cache/cached-credentials';
import { fromCache, withoutCache } from '../cache/cached-provider';
import { CacheStore } from '../cache/cache-store';
import { DEFAULT_LOCK_TIMINGS, type LockTimings } from '../cache/lock-timings';
import { cacheKey } from '../core/cache-entry/cache-key';
import { parseCacheEntry } from '../core/cache-entry/cache-entry';
import { CHAIN_ENV, enterChain } from '../core/request/loop-guard';
import { CLOCK_SKEW_WARN_MS } from '../core/cache-entry/refresh-policy';
import type { ResolvedOptions } from '../core/request/role-request';
import { ensureMfaSession as ensureRoleMfaSession, fromRoleRequest, type RoleProviderInit } from './role-provider';

export interface ObtainIo {
  /** Read, never written: child processes (a source credential_process, --mfa-command) start from it. */
  env: NodeJS.ProcessEnv;
  now: () => number;
  warn: (message: string) => void;
  /** How long a lock lasts without its holder; the defaults (lock-timings.ts) unless a test shortens them. */
  lockTimings?: LockTimings;
  /** What a terminal prompt for an MFA code says it is for, when not plainly this call (exec's renewals). */
  mfaPurpose?: string;
}

/** The MFA session a miss went through: taken from the cache ('hit') or made with a new code. */
export interface MfaSessionUse {
  status: CacheStatus;
  expiration: string;
  cachePath?: string;
}

export interface ObtainResult extends Omit<Provided, 'madeFrom'> {
  /** Set when this call needed the MFA session; a role-entry hit never does. */
  mfaSession?: MfaSessionUse;
}

/**
 * The role's credentials for one request: the cache wrapper around the role provider. May be called
 * any number of times in one process (the exec endpoint): each call reads the cache again, and
 * nothing it does is kept between calls or written to process.env. The SDK is loaded only on a miss.
 */
export async function obtainCredentials(options: ResolvedOptions, io: ObtainIo): Promise<ObtainResult> {
  const { request, cache } = options;
  const key = cacheKey(request);
  const timeoutMs = options.timeoutSeconds * 1000;
  const init = roleProviderInit(options, io);
  const { lockTimings } = init;
  const role = fromRoleRequest(init);
  const provided =
    cache.dir === undefined
      ? await withoutCache(role)()
      : await fromCache({
          store: new CacheStore(cache.dir, key, (text) => parseCacheEntry(text, request), io.warn),
          provider: role,
          refreshWindowSeconds: cache.refreshWindowSeconds,
          now: io.now,
          lockTimings,
          timeoutMs,
          subject: request.roleArn,
          warn: io.warn,
        })();
  const { madeFrom, ...result } = provided;
  if (Math.abs(result.entry.clockOffsetMs) > CLOCK_SKEW_WARN_MS) {
    io.warn(
      `this machine's clock is ${Math.round(Math.abs(result.entry.clockOffsetMs) / 60_000)} minutes off STS's; AWS rejects requests more than 5 minutes off, so sync the clock (e.g. timedatectl set-ntp true)`,
    );
  }
  if (madeFrom === undefined) return result;
  const mfaSession: MfaSessionUse = {
    status: madeFrom.status,
    expiration: madeFrom.entry.credentials.Expiration,
    ...(madeFrom.cachePath !== undefined && { cachePath: madeFrom.cachePath }),
  };
  return { ...result, mfaSession };
}

/**
 * exec's start: the MFA session its renewals will be made from, asked for now (before the command
 * owns the terminal) unless it is fresh in the cache. Without a cache every renewal asks anew anyway.
 */
export async function ensureMfaSession(options: ResolvedOptions, io: ObtainIo): Promise<void> {
  if (options.cache.dir !== undefined) await ensureRoleMfaSession(roleProviderInit(options, io));
}

/** What the role provider runs with for one request. */
function roleProviderInit(options: ResolvedOptions, io: ObtainIo): RoleProviderInit {
  const { request } = options;
  // A source profile whose credential_process calls us back is caught by the chain it is handed.
  const chain = enterChain(io.env[CHAIN_ENV], cacheKey(request), request.roleArn, request.sourceProfile);
  return {
    options,
    loadSdk: () => import('../aws/layer'),
    env: { ...io.env, [CHAIN_ENV]: chain },
    now: io.now,
    deadline: io.now() + options.timeoutSeconds * 1000,
    warn: io.warn,
    lockTimings: io.lockTimings ?? DEFAULT_LOCK_TIMINGS,
    ...(io.mfaPurpose !== undefined && { mfaPurpose: io.mfaPurpose }),
  };
}

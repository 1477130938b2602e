import { cachedCredentials, type Obtained } from './cache/cached-credentials';
import { CacheStore } from './cache/cache-store';
import { cacheKey } from './core/cache-key';
import type { CacheEntry } from './core/cache-entry';
import { CHAIN_ENV, enterChain } from './core/loop-guard';
import type { ResolvedOptions } from './core/role-request';
import { isOutage, StsRefreshError } from './errors';

export interface ObtainIo {
  /** process.env in production: the loop guard writes to it so child processes inherit the chain. */
  env: NodeJS.ProcessEnv;
  now: () => number;
  warn: (message: string) => void;
}

export interface ObtainResult extends Obtained {
  /** The cache file, or undefined with --no-cache. */
  cachePath?: string;
}

// AWS rejects requests signed more than 5 minutes away from its own time.
const CLOCK_SKEW_WARN_MS = 5 * 60_000;

/** Wires the cache, the lock and STS together for one request. The SDK is loaded only on a miss. */
export async function obtainCredentials(options: ResolvedOptions, io: ObtainIo): Promise<ObtainResult> {
  const { request, cache } = options;
  const key = cacheKey(request);
  const chain = enterChain(io.env[CHAIN_ENV], key, request.roleArn, request.sourceProfile);
  const deadline = io.now() + options.timeoutSeconds * 1000;

  const fetch = async (): Promise<CacheEntry> => {
    io.env[CHAIN_ENV] = chain;
    // The SDK's notice about its own future Node support would land on stderr of every miss; it is
    // about upgrading Node, not about these credentials, and the README says so once.
    io.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
    const { getSourceCredentials, assumeRole } = await import('./miss');
    const sourceCredentials = await getSourceCredentials({ profile: request.sourceProfile, region: request.region });
    return assumeRole({ request, sourceCredentials, now: io.now, timeoutMs: Math.max(1000, deadline - io.now()) });
  };

  let result: ObtainResult;
  if (cache.dir === undefined) {
    result = { entry: await fetch(), status: 'uncached' };
  } else {
    const store = new CacheStore(cache.dir, key, io.warn);
    result = {
      ...(await cachedCredentials({
        windowSeconds: cache.refreshWindowSeconds,
        now: io.now,
        read: () => store.read(request),
        write: (entry) => store.write(entry),
        tryLock: async () => {
          store.ensureDir();
          const { tryLock } = await import('./miss');
          return tryLock(store.path, () => io.warn(`lost the lock on ${store.path}; another process may refresh at the same time`));
        },
        fetch,
        sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
        lockWaitMs: Math.max(0, deadline - io.now()),
        isOutage,
        warn: io.warn,
        lockTimeout: () =>
          new StsRefreshError(
            `timed out after ${options.timeoutSeconds}s waiting for another sts-refresh to refresh ${store.path}`,
            `if no other sts-refresh is running, remove ${store.path}.lock`,
          ),
      })),
      cachePath: store.path,
    };
  }
  if (Math.abs(result.entry.clockOffsetMs) > CLOCK_SKEW_WARN_MS) {
    io.warn(
      `this machine's clock is ${Math.round(Math.abs(result.entry.clockOffsetMs) / 60_000)} minutes off STS's; AWS rejects requests more than 5 minutes off, so sync the clock (e.g. timedatectl set-ntp true)`,
    );
  }
  return result;
}

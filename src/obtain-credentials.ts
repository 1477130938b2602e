import type { CacheStatus, Obtained } from './cache/cached-credentials';
import { CacheStore } from './cache/cache-store';
import { markAwaitingCode } from './cache/code-wait-marker';
import { lockedCache } from './cache/locked-cache';
import { cacheKey } from './core/cache-key';
import { parseCacheEntry, type CacheEntry, type SessionCredentials } from './core/cache-entry';
import { CHAIN_ENV, enterChain } from './core/loop-guard';
import { CLOCK_SKEW_WARN_MS } from './core/refresh-policy';
import type { ResolvedOptions } from './core/role-request';
import { settleRequest } from './core/settle-request';
import { obtainMfaSession } from './obtain-mfa-session';

export interface ObtainIo {
  /** process.env in production: the loop guard writes to it so child processes inherit the chain. */
  env: NodeJS.ProcessEnv;
  now: () => number;
  warn: (message: string) => void;
}

/** The MFA session a miss went through: taken from the cache ('hit') or made with a new code. */
export interface MfaSessionUse {
  status: CacheStatus;
  expiration: string;
  cachePath?: string;
}

export interface ObtainResult extends Obtained {
  /** The cache file, or undefined with --no-cache. */
  cachePath?: string;
  /** Set when this call needed the MFA session; a role-entry hit never does. */
  mfaSession?: MfaSessionUse;
}

/** Wires the cache, the lock and STS together for one request. The SDK is loaded only on a miss. */
export async function obtainCredentials(options: ResolvedOptions, io: ObtainIo): Promise<ObtainResult> {
  const { request, cache } = options;
  const key = cacheKey(request);
  const chain = enterChain(io.env[CHAIN_ENV], key, request.roleArn, request.sourceProfile);
  const timeoutMs = options.timeoutSeconds * 1000;
  let deadline = io.now() + timeoutMs;
  let mfaSession: MfaSessionUse | undefined;
  const store = cache.dir === undefined ? undefined : new CacheStore(cache.dir, key, (text) => parseCacheEntry(text, request), io.warn);
  const rolePath = store?.path;

  const fetch = async (): Promise<CacheEntry> => {
    // Marks tell waiters that this holder is headed for, or at, an MFA prompt, so they outwait
    // their own --timeout. With --mfa-serial that is known before anything slow happens (on a
    // loaded machine, loading the SDK alone can take seconds); with the profile's mfa_serial, once
    // the profile is read. Marks stay until the lock is released: after the code, the holder
    // still has its STS calls to make and its entry to write.
    const mark = (path: string | undefined) => {
      if (path !== undefined) markAwaitingCode(path);
    };
    if (request.mfaSerial !== undefined) mark(rolePath);
    return fetchRole(mark);
  };

  const fetchRole = async (mark: (path: string | undefined) => void): Promise<CacheEntry> => {
    io.env[CHAIN_ENV] = chain;
    // The SDK's notice about its own future Node support would land on stderr of every miss; it is
    // about upgrading Node, not about these credentials, and the README says so once.
    io.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
    const { getSourceCredentials, assumeRole, readProfileSettings } = await import('./miss');
    // Before any STS call: the profile may still turn the request into a usage error.
    const settled = settleRequest(options, await readProfileSettings(request.sourceProfile));
    const { region } = settled;
    const sourceCredentials = () => getSourceCredentials({ profile: request.sourceProfile, region });
    const sessionRequest = settled.mfaSession;
    if (sessionRequest === undefined) {
      return assumeRole({
        request,
        region,
        sourceCredentials: await sourceCredentials(),
        now: io.now,
        timeoutMs: Math.max(1000, deadline - io.now()),
      });
    }
    if (request.mfaSerial === undefined) mark(rolePath);
    const session = await obtainMfaSession(options, settled, sessionRequest, sourceCredentials, io, mark);
    mfaSession = { status: session.status, expiration: session.entry.credentials.Expiration, ...session.where };
    // Time spent waiting for a person is not STS's time: the AssumeRole gets a full --timeout.
    if (session.status !== 'hit') deadline = io.now() + timeoutMs;
    const entry = await assumeRole({
      request,
      region,
      sourceCredentials: identityOf(session.entry.credentials),
      now: io.now,
      timeoutMs: Math.max(1000, deadline - io.now()),
    });
    return { ...entry, mfaSerial: sessionRequest.serialNumber, mfaSessionExpiration: session.entry.credentials.Expiration };
  };

  const result: ObtainResult =
    store === undefined
      ? { entry: await fetch(), status: 'uncached' }
      : { ...(await lockedCache(store, options, fetch, io)), cachePath: store.path };
  if (mfaSession !== undefined) result.mfaSession = mfaSession;
  if (Math.abs(result.entry.clockOffsetMs) > CLOCK_SKEW_WARN_MS) {
    io.warn(
      `this machine's clock is ${Math.round(Math.abs(result.entry.clockOffsetMs) / 60_000)} minutes off STS's; AWS rejects requests more than 5 minutes off, so sync the clock (e.g. timedatectl set-ntp true)`,
    );
  }
  return result;
}

function identityOf(c: SessionCredentials) {
  return {
    accessKeyId: c.AccessKeyId,
    secretAccessKey: c.SecretAccessKey,
    sessionToken: c.SessionToken,
    expiration: new Date(c.Expiration),
  };
}

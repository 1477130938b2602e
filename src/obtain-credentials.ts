import type { AwsCredentialIdentity } from '@smithy/types';
import { cachedCredentials, type CacheStatus, type Obtained } from './cache/cached-credentials';
import { CacheStore } from './cache/cache-store';
import { cacheKey, mfaSessionKey } from './core/cache-key';
import { parseCacheEntry, type CacheEntry, type SessionCredentials } from './core/cache-entry';
import { CHAIN_ENV, enterChain } from './core/loop-guard';
import { MFA_CODE_WAIT_MS } from './core/mfa-code';
import { parseMfaSessionEntry, type MfaSessionEntry } from './core/mfa-session-entry';
import type { Renewable } from './core/refresh-policy';
import type { MfaSessionRequest, ResolvedOptions, SettledRequest } from './core/role-request';
import { settleRequest } from './core/settle-request';
import { clearCodeMarker, isAwaitingCode, markAwaitingCode } from './cache/code-wait-marker';
import { isOutage, StsRefreshError } from './errors';

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

// AWS rejects requests signed more than 5 minutes away from its own time.
const CLOCK_SKEW_WARN_MS = 5 * 60_000;

/** Wires the cache, the lock and STS together for one request. The SDK is loaded only on a miss. */
export async function obtainCredentials(options: ResolvedOptions, io: ObtainIo): Promise<ObtainResult> {
  const { request, cache } = options;
  const key = cacheKey(request);
  const chain = enterChain(io.env[CHAIN_ENV], key, request.roleArn, request.sourceProfile);
  const timeoutMs = options.timeoutSeconds * 1000;
  let deadline = io.now() + timeoutMs;
  let mfaSession: MfaSessionUse | undefined;
  let rolePath: string | undefined;

  const fetch = async (): Promise<CacheEntry> => {
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
    // Marks stay until this fetch ends: after the code, the holder still has its STS calls to make,
    // and waiters must not give up on it in between.
    const marks: Array<() => void> = [];
    try {
      const markAwaiting = (sessionPath: string | undefined) =>
        marks.push(markAwaitingCode([rolePath, sessionPath].filter((p): p is string => p !== undefined)));
      const session = await obtainMfaSession(options, settled, sessionRequest, sourceCredentials, io, markAwaiting);
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
    } finally {
      for (const unmark of marks) unmark();
    }
  };

  let result: ObtainResult;
  if (cache.dir === undefined) {
    result = { entry: await fetch(), status: 'uncached' };
  } else {
    const store = new CacheStore(cache.dir, key, (text) => parseCacheEntry(text, request), io.warn);
    rolePath = store.path;
    result = { ...(await lockedCache(store, options, fetch, io)), cachePath: store.path };
  }
  if (mfaSession !== undefined) result.mfaSession = mfaSession;
  if (Math.abs(result.entry.clockOffsetMs) > CLOCK_SKEW_WARN_MS) {
    io.warn(
      `this machine's clock is ${Math.round(Math.abs(result.entry.clockOffsetMs) / 60_000)} minutes off STS's; AWS rejects requests more than 5 minutes off, so sync the clock (e.g. timedatectl set-ntp true)`,
    );
  }
  return result;
}

/**
 * The source profile's MFA session, from its own cache entry when fresh, else made with one code.
 * Runs under the role entry's lock; the session's own lock keeps two different roles from asking
 * for a code at the same time.
 */
async function obtainMfaSession(
  options: ResolvedOptions,
  settled: SettledRequest,
  request: MfaSessionRequest,
  sourceCredentials: () => Promise<AwsCredentialIdentity>,
  io: ObtainIo,
  /** Called before a person is asked for a code, with the session entry's path when it is cached. */
  markAwaiting: (sessionPath: string | undefined) => void,
): Promise<Obtained<MfaSessionEntry> & { where: { cachePath?: string } }> {
  const store =
    options.cache.dir === undefined
      ? undefined
      : new CacheStore(options.cache.dir, mfaSessionKey(request), (text) => parseMfaSessionEntry(text, request), io.warn);
  const fetch = async (): Promise<MfaSessionEntry> => {
    const { getSessionToken, mfaCodeSource, withMfaCode } = await import('./miss');
    const credentials = await sourceCredentials();
    const source = mfaCodeSource({
      serial: request.serialNumber,
      ...(settled.mfaCommand !== undefined && { command: settled.mfaCommand }),
      env: io.env,
      warmUpCommand: warmUpCommand(options, request.serialNumber),
    });
    // Both locks this process holds, so that waiters on either know a person is being asked.
    markAwaiting(store?.path);
    return withMfaCode({
      ...source,
      call: (tokenCode) =>
        getSessionToken({
          request,
          sourceCredentials: credentials,
          tokenCode,
          roleArn: options.request.roleArn,
          now: io.now,
          timeoutMs: options.timeoutSeconds * 1000,
        }),
    });
  };
  if (store === undefined) return { entry: await fetch(), status: 'uncached', where: {} };
  return { ...(await lockedCache(store, options, fetch, io)), where: { cachePath: store.path } };
}

/** One entry behind its lock: role entries and MFA sessions share the single-flight rules. */
async function lockedCache<E extends Renewable>(
  store: CacheStore<E>,
  options: ResolvedOptions,
  fetch: () => Promise<E>,
  io: ObtainIo,
): Promise<Obtained<E>> {
  const timeoutMs = options.timeoutSeconds * 1000;
  return cachedCredentials({
    windowSeconds: options.cache.refreshWindowSeconds,
    now: io.now,
    read: () => store.read(),
    write: (entry) => store.write(entry),
    tryLock: async () => {
      store.ensureDir();
      // The lock, not the miss script: a waiter that never becomes the holder should not pay for
      // decompressing and compiling the SDK; with 64 cold callers on two cores that was most of p99.
      const { tryLock } = await import('./cache/lock');
      const release = await tryLock(store.path, () =>
        io.warn(`lost the lock on ${store.path}; another process may refresh at the same time`),
      );
      if (release) clearCodeMarker(store.path);
      return release;
    },
    fetch,
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    lockWaitMs: timeoutMs,
    // The holder may be waiting for a person to type an MFA code, then has a full --timeout for STS.
    maxLockWaitMs: timeoutMs + MFA_CODE_WAIT_MS + timeoutMs,
    holderWaitsForPerson: async () => isAwaitingCode(store.path) && (await import('./cache/lock')).lockIsFresh(store.path),
    isOutage,
    warn: io.warn,
    lockTimeout: () =>
      new StsRefreshError(
        `timed out after ${options.timeoutSeconds}s waiting for another sts-refresh to refresh ${store.path}`,
        `if no other sts-refresh is running, remove ${store.path}.lock`,
      ),
  });
}

function identityOf(c: SessionCredentials) {
  return {
    accessKeyId: c.AccessKeyId,
    secretAccessKey: c.SecretAccessKey,
    sessionToken: c.SessionToken,
    expiration: new Date(c.Expiration),
  };
}

/** The command that asks for the code once in a terminal and so fills the cache for everyone else. */
function warmUpCommand({ request }: ResolvedOptions, serial: string): string {
  const profile = request.sourceProfile === 'default' ? '' : ` --source-profile ${request.sourceProfile}`;
  const device = request.mfaSerial === undefined ? '' : ` --mfa-serial ${serial}`;
  return `sts-refresh print --role ${request.roleArn}${profile}${device}`;
}

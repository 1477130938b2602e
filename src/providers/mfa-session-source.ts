import type { AwsCredentialIdentity } from '@smithy/types';
import type { SourceCredentials } from '../aws/assume-role';
import type { Sts } from '../aws/sts';
import { CacheStore } from '../cache/cache-store';
import { fromCache, withoutCache, type EntryProvider, type HeldLock } from '../cache/cached-provider';
import type { LockTimings } from '../cache/lock-timings';
import { mfaSessionKey } from '../core/cache-entry/cache-key';
import { parseMfaSessionEntry, type MfaSessionEntry } from '../core/cache-entry/mfa-session-entry';
import type { MfaSessionRequest, ResolvedOptions, SettledRequest } from '../core/request/role-request';
import type * as SdkLayer from '../aws/layer';
import { mfaCodeSource } from '../mfa/mfa-code-source';
import { shellLine } from '../core/shell/shell-words';

export interface MfaSessionSourceInit {
  options: ResolvedOptions;
  settled: SettledRequest;
  request: MfaSessionRequest;
  sdk: typeof SdkLayer;
  sts: Sts;
  sourceProfile: () => Promise<AwsCredentialIdentity>;
  /** The role entry's lock this runs under: a person being asked is announced on both locks. */
  roleLock: HeldLock;
  /** What --mfa-command runs with. */
  env: NodeJS.ProcessEnv;
  now: () => number;
  warn: (message: string) => void;
  lockTimings: LockTimings;
  /** What a terminal prompt says the code is for (exec while its command runs). */
  mfaPurpose?: string;
}

/**
 * The source profile's MFA session as the credentials a role is assumed with: from its own cache
 * entry when fresh, else made with one code. The session's own lock keeps two different roles from
 * asking for a code at the same time.
 */
export function mfaSessionSource(init: MfaSessionSourceInit): () => Promise<SourceCredentials> {
  const { options, request, sdk, now } = init;
  const timeoutMs = options.timeoutSeconds * 1000;
  const provider: EntryProvider<MfaSessionEntry> = (sessionLock) =>
    sdk.fromMfaSession({
      request,
      sts: init.sts,
      source: init.sourceProfile,
      codes: mfaCodeSource({
        serial: request.serialNumber,
        ...(init.settled.mfaCommand !== undefined && { command: init.settled.mfaCommand }),
        env: init.env,
        warmUpCommand: warmUpCommand(options, request.serialNumber),
        ...(init.mfaPurpose !== undefined && { purpose: init.mfaPurpose }),
        onAsking: () => {
          init.roleLock.markAwaitingCode();
          sessionLock.markAwaitingCode();
        },
      }),
      roleArn: options.request.roleArn,
      now,
      timeoutMs,
    })();
  const dir = options.cache.dir;
  const session =
    dir === undefined
      ? withoutCache(provider)
      : fromCache({
          store: new CacheStore(dir, mfaSessionKey(request), (text) => parseMfaSessionEntry(text, request), init.warn),
          provider,
          refreshWindowSeconds: options.cache.refreshWindowSeconds,
          now,
          lockTimings: init.lockTimings,
          timeoutMs,
          subject: `the MFA session of ${request.serialNumber}`,
          warn: init.warn,
        });
  return async () => {
    const provided = await session();
    const c = provided.entry.credentials;
    return {
      credentials: {
        accessKeyId: c.AccessKeyId,
        secretAccessKey: c.SecretAccessKey,
        sessionToken: c.SessionToken,
        expiration: new Date(c.Expiration),
      },
      mfaSession: provided,
      waitedForPerson: provided.status !== 'hit',
    };
  };
}

/** The command that asks for the code once in a terminal and so fills the cache for everyone else. */
function warmUpCommand({ request }: ResolvedOptions, serial: string): string {
  const profile = request.sourceProfile === 'default' ? [] : ['--source-profile', request.sourceProfile];
  const device = request.mfaSerial === undefined ? [] : ['--mfa-serial', serial];
  return shellLine(['sts-refresh', 'print', '--role', request.roleArn, ...profile, ...device]);
}

import type { EntryProvider, HeldLock } from '../cache/cached-provider';
import type { SourceCredentials } from '../aws/assume-role';
import type { LockTimings } from '../cache/lock-timings';
import type { CacheEntry } from '../core/cache-entry/cache-entry';
import type { ResolvedOptions } from '../core/request/role-request';
import { settleRequest } from '../core/request/settle-request';
import { awsPaths } from '../config/aws-paths';
import { readAwsFiles } from '../config/read-aws-files';
import { mfaSessionSource } from './mfa-session-source';
import type * as SdkLayer from '../aws/layer';

export interface RoleProviderInit {
  options: ResolvedOptions;
  /** The SDK layer, loaded only once this process must call STS. */
  loadSdk: () => Promise<typeof SdkLayer>;
  /** What child processes (the source's credential_process, --mfa-command) run with. */
  env: NodeJS.ProcessEnv;
  now: () => number;
  /** When this call's --timeout runs out. */
  deadline: number;
  warn: (message: string) => void;
  lockTimings: LockTimings;
  /** What a terminal prompt for an MFA code says it is for (exec while its command runs). */
  mfaPurpose?: string;
}

/**
 * The role's credentials from STS: the source profile, through its MFA session when it has a
 * device, then AssumeRole, each a provider made from its own init. Runs under the role entry's lock.
 */
export function fromRoleRequest(init: RoleProviderInit): EntryProvider<CacheEntry> {
  const { options, now, deadline } = init;
  const { request } = options;
  const timeoutMs = options.timeoutSeconds * 1000;
  return async (roleLock) => {
    // Marks tell waiters that this holder is headed for, or at, an MFA prompt, so they outwait
    // their own --timeout. With --mfa-serial that is known before anything slow happens (on a
    // loaded machine, loading the SDK alone can take seconds); with the profile's mfa_serial, the
    // code source marks when it asks. Marks stay until the lock is released: after the code, the
    // holder still has its STS calls to make and its entry to write.
    if (request.mfaSerial !== undefined) roleLock.markAwaitingCode();
    const { sdk, region, sts, source } = await roleSource(init, roleLock);
    return sdk.fromAssumeRole({ request, region, sts, source, now, deadline, timeoutMs })();
  };
}

const NO_ROLE_LOCK: HeldLock = { markAwaitingCode: () => undefined };

/**
 * Makes sure the MFA session the role is assumed through is in the cache and fresh, asking for a
 * code now if it is not; resolves to whether the role has one. exec calls this before it starts
 * its command, so that a role entry still fresh in the cache does not hide a session that would
 * need a code at the first renewal, once the command owns the terminal.
 */
export async function ensureMfaSession(init: RoleProviderInit): Promise<boolean> {
  const { source, throughMfaSession } = await roleSource(init, NO_ROLE_LOCK);
  if (throughMfaSession) await source();
  return throughMfaSession;
}

/** The credentials the role is assumed with, wired for one request from the profile as it reads now. */
async function roleSource(init: RoleProviderInit, roleLock: HeldLock) {
  const { options, env, now, deadline } = init;
  const { request } = options;
  const timeoutMs = options.timeoutSeconds * 1000;
  // Read once, safely (a FIFO there is refused, not waited on), and handed to the SDK to parse.
  const files = readAwsFiles(awsPaths(env));
  const sdk = await init.loadSdk();
  // Before any STS call: the profile may still turn the request into a usage error.
  const settled = settleRequest(options, await sdk.readProfileSettings(request.sourceProfile, files));
  const { region } = settled;
  // Every STS call this request causes goes to the one endpoint, the source profile's own included.
  const sts = sdk.stsAt({ region, ...(request.endpoint !== undefined && { endpoint: request.endpoint }) });
  const sourceProfile = sdk.fromSourceProfile({
    profile: request.sourceProfile,
    region,
    files,
    sts,
    env,
    now,
    deadline,
    timeoutMs,
    resolve: sdk.resolveWithSdk,
  });
  const sessionRequest = settled.mfaSession;
  const source: () => Promise<SourceCredentials> =
    sessionRequest === undefined
      ? async () => ({ credentials: await sourceProfile() })
      : mfaSessionSource({ ...init, settled, request: sessionRequest, sdk, sts, sourceProfile, roleLock });
  return { sdk, region, sts, source, throughMfaSession: sessionRequest !== undefined };
}

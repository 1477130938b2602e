import type { AwsCredentialIdentity } from '@smithy/types';
import type { Obtained } from './cache/cached-credentials';
import { CacheStore } from './cache/cache-store';
import { lockedCache } from './cache/locked-cache';
import { mfaSessionKey } from './core/cache-key';
import { parseMfaSessionEntry, type MfaSessionEntry } from './core/mfa-session-entry';
import type { MfaSessionRequest, ResolvedOptions, SettledRequest } from './core/role-request';
import type { ObtainIo } from './obtain-credentials';

/**
 * The source profile's MFA session, from its own cache entry when fresh, else made with one code.
 * Runs under the role entry's lock; the session's own lock keeps two different roles from asking
 * for a code at the same time.
 */
export async function obtainMfaSession(
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

/** The command that asks for the code once in a terminal and so fills the cache for everyone else. */
function warmUpCommand({ request }: ResolvedOptions, serial: string): string {
  const profile = request.sourceProfile === 'default' ? '' : ` --source-profile ${request.sourceProfile}`;
  const device = request.mfaSerial === undefined ? '' : ` --mfa-serial ${serial}`;
  return `sts-refresh print --role ${request.roleArn}${profile}${device}`;
}

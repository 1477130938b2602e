import type { AssumeRoleCommandInput, AssumeRoleWithWebIdentityCommandInput } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentity } from '@smithy/types';
import { StsRefreshError } from '../core/errors';
import type { AwsFiles } from '../config/read-aws-files';
import type { Sts, StsAnswer } from './sts';
import { completeCredentials } from './sts-client';
import { sectionOf } from '../core/profile/profile-section';
import { shellQuote } from '../core/shell/shell-words';
import { READABLE_PROFILE_CHARS, READABLE_PROFILE_NAME } from '../core/profile/profile-name';

/** What the SDK's profile resolution is given: the profile, and our STS for the calls it makes itself. */
export interface ProfileResolution {
  profile: string;
  region: string;
  /** The AWS files as read for this request, which the SDK parses instead of reading them itself. */
  files: AwsFiles;
  /** fromIni's roleAssumer: a role-chain source's inner AssumeRole, at our endpoint and deadline. */
  roleAssumer: (source: AwsCredentialIdentity, params: AssumeRoleCommandInput) => Promise<AwsCredentialIdentity>;
  /** fromIni's roleAssumerWithWebIdentity: a web-identity source's call, likewise. */
  roleAssumerWithWebIdentity: (params: AssumeRoleWithWebIdentityCommandInput) => Promise<AwsCredentialIdentity>;
  /** The environment a credential_process runs with. */
  env: NodeJS.ProcessEnv;
  /** Aborted at the deadline; a credential_process still running is then killed. */
  signal: AbortSignal;
}

export interface SourceProfileInit {
  profile: string;
  region: string;
  files: AwsFiles;
  sts: Sts;
  /** The environment the source profile's credential_process runs with: ours plus the loop-guard chain. */
  env: NodeJS.ProcessEnv;
  now: () => number;
  /** When this call's --timeout runs out. */
  deadline: number;
  /** --timeout, to word the error. */
  timeoutMs: number;
  /** The SDK's own resolution (sdk-profile.ts), in the manner of fromIni; a fake in tests. */
  resolve: (resolution: ProfileResolution) => Promise<AwsCredentialIdentity>;
  /** Calls `onTimeout` after `ms` unless cancelled (what it returns); tests record the budget and fire it themselves. */
  startTimer?: (onTimeout: () => void, ms: number) => () => void;
}

function realTimer(onTimeout: () => void, ms: number): () => void {
  const timer = setTimeout(onTimeout, ms);
  return () => clearTimeout(timer);
}

// As for the STS call after it (assume-role.ts): a call that spent its --timeout waiting for a lock
// or loading the SDK on a busy machine still gets this long, rather than failing a source that
// answers in milliseconds.
const MIN_RESOLUTION_MS = 1000;

/**
 * The source profile provider: its credentials exactly as the SDK resolves them (static keys, role
 * chains, SSO, credential_process, web identity), except that every STS call it makes goes to our
 * endpoint and the whole resolution ends at the deadline.
 */
export function fromSourceProfile(init: SourceProfileInit): () => Promise<AwsCredentialIdentity> {
  const { profile, sts } = init;
  return async () => {
    const controller = new AbortController();
    const cancelTimer = (init.startTimer ?? realTimer)(
      () => controller.abort(timedOut(init)),
      Math.max(MIN_RESOLUTION_MS, init.deadline - init.now()),
    );
    const { signal } = controller;
    const resolution: ProfileResolution = {
      profile,
      region: init.region,
      files: init.files,
      env: init.env,
      signal,
      roleAssumer: async (source, params) => identityOf(await sts.assumeRole(source, params, signal), 'AssumeRole', sts),
      roleAssumerWithWebIdentity: async (params) =>
        identityOf(await sts.assumeRoleWithWebIdentity(params, signal), 'AssumeRoleWithWebIdentity', sts),
    };
    const deadline = new Promise<never>((_resolve, reject) =>
      signal.addEventListener('abort', () => reject(signal.reason), { once: true }),
    );
    try {
      // The race, not the signal alone: what the SDK does without us (an SSO call, a config file
      // read) cannot be aborted, and must not hold the answer past the deadline either.
      return await Promise.race([init.resolve(resolution), deadline]);
    } catch (error) {
      if (signal.aborted) throw signal.reason;
      const reason = reasonOf(error);
      throw new StsRefreshError(`could not get credentials for source profile '${profile}': ${reason}`, hintFor(profile, error, reason), {
        cause: error,
      });
    } finally {
      cancelTimer();
    }
  };
}

function timedOut({ profile, timeoutMs }: SourceProfileInit): StsRefreshError {
  return new StsRefreshError(
    `source profile '${profile}' did not answer within the ${Math.round(timeoutMs / 1000)}s --timeout`,
    `check what ${sectionOf(profile)} runs (its credential_process, source role or SSO) answers on its own, or raise --timeout`,
  );
}

function identityOf(answer: StsAnswer, action: string, sts: Sts): AwsCredentialIdentity {
  const c = completeCredentials(answer.credentials, action, sts.endpoint);
  return {
    accessKeyId: c.AccessKeyId,
    secretAccessKey: c.SecretAccessKey,
    sessionToken: c.SessionToken,
    expiration: new Date(c.Expiration),
  };
}

// The SDK's login provider (an `aws login` profile) when its session is over, or its cache file
// gone: "Your session has expired. Please reauthenticate.", "... Please re-authenticate using
// `aws login`", "Failed to load token from ~/.aws/login/cache/...".
const LOGIN_ENDED = /reauthenticate|re-authenticate using `?aws login|Failed to load token from .*login[\\/]cache/i;

const PROFILE_NOT_FOUND = 'the profile is missing or has no credentials';

function hintFor(profile: string, error: unknown, reason: string): string {
  if (LOGIN_ENDED.test(error instanceof Error ? error.message : String(error))) {
    // aws login renews its 15-minute keys for up to 12 hours; then it asks for a new sign-in.
    return `sign in again with: aws login${profile === 'default' ? '' : ` --profile ${shellQuote(profile)}`}`;
  }
  if (!READABLE_PROFILE_NAME.test(profile) && reason === PROFILE_NOT_FOUND) {
    // botocore and the AWS CLI read such a [profile NAME]; the JS SDK's loader skips it.
    return `the AWS SDK for JavaScript skips ${sectionOf(profile)} in ~/.aws/config, as its name has characters other than ${READABLE_PROFILE_CHARS}; rename the profile, or put its keys under [${profile}] in ~/.aws/credentials`;
  }
  return `check ${sectionOf(profile)} in ~/.aws/config and ~/.aws/credentials, or pass another --source-profile`;
}

/**
 * A failing credential_process reports its own stderr inside the SDK's message; when that was
 * another sts-refresh, its one line already says what is wrong, so surface it rather than the wrapper.
 */
function reasonOf(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const ours = /sts-refresh: ([^\n]+)/.exec(message);
  if (ours?.[1]) return ours[1];
  if (/Could not resolve credentials using profile/i.test(message) || /Profile .* could not be found/i.test(message)) {
    return PROFILE_NOT_FOUND;
  }
  return message.split('\n', 1)[0] ?? message;
}

import { UsageError } from '../errors';
import { parseDuration } from './duration';
import type { ResolvedOptions } from './role-request';

/** The request options as util.parseArgs hands them over: strings and flags, nothing checked yet. */
export interface RequestArgs {
  role?: string;
  'source-profile'?: string;
  'session-name'?: string;
  duration?: string;
  'external-id'?: string;
  region?: string;
  'endpoint-url'?: string;
  'cache-dir'?: string;
  'no-cache'?: boolean;
  'refresh-window'?: string;
  timeout?: string;
  'mfa-serial'?: string;
  'mfa-command'?: string;
  'mfa-duration'?: string;
}

/** What sts-refresh needs from the source profile's section of the config file. */
export interface ProfileSettings {
  region?: string;
  /** The profile's own MFA device (`mfa_serial`). */
  mfaSerial?: string;
  /** Set when the profile is itself a role (`role_arn`), i.e. assuming from it is role chaining. */
  roleArn?: string;
}

export interface ResolveContext {
  env: NodeJS.ProcessEnv;
  /** The login name, for the default session name. */
  userName: string;
  /**
   * The source profile's settings. Read on every call, hits included: its mfa_serial is part of the
   * cache key and its role_arn decides the duration limit, so neither can be skipped.
   */
  readProfile: (profile: string) => Promise<ProfileSettings>;
  /** The platform's cache directory (env-paths), used when neither --cache-dir nor STS_REFRESH_CACHE_DIR is set. */
  defaultCacheDir: () => string;
}

export const DEFAULT_DURATION_SECONDS = 3600;
// botocore asks credential_process again once fewer than 15 minutes remain (and insists below 10);
// 20 minutes keeps every credential we hand out clear of both marks.
export const DEFAULT_REFRESH_WINDOW_SECONDS = 20 * 60;
export const DEFAULT_TIMEOUT_SECONDS = 30;
// A working day on one code; AWS allows up to 36 h for IAM users (GetSessionToken).
export const DEFAULT_MFA_DURATION_SECONDS = 8 * 3600;
// AWS caps a session assumed with another role's credentials (role chaining) at one hour.
export const CHAINED_MAX_DURATION_SECONDS = 3600;
const FALLBACK_REGION = 'us-east-1';

/** Applies the documented defaults and precedence; validation happens afterwards, in one place. */
export async function resolveOptions(args: RequestArgs, ctx: ResolveContext): Promise<ResolvedOptions> {
  if (!args.role) {
    throw new UsageError(
      '--role is required',
      'for example: sts-refresh --role arn:aws:iam::123456789012:role/Name --source-profile default',
    );
  }
  const sourceProfile = args['source-profile'] ?? 'default';
  const profile = await ctx.readProfile(sourceProfile);
  const region =
    nonEmpty(args.region) ?? nonEmpty(ctx.env.AWS_REGION) ?? nonEmpty(ctx.env.AWS_DEFAULT_REGION) ?? profile.region ?? FALLBACK_REGION;
  const durationSeconds = args.duration === undefined ? DEFAULT_DURATION_SECONDS : parseDuration(args.duration, '--duration');
  const chained = profile.roleArn !== undefined;
  if (chained && durationSeconds > CHAINED_MAX_DURATION_SECONDS) {
    throw new UsageError(
      `--duration ${args.duration} is longer than AWS allows here: source profile '${sourceProfile}' is itself a role, and AWS caps sessions assumed from a role (role chaining) at 1 hour`,
      'pass --duration 1h or less, or a --source-profile with access keys',
    );
  }
  const mfaSerial = mfaSerialOf(args, profile, sourceProfile);
  return {
    request: {
      roleArn: args.role,
      sourceProfile,
      sessionName: args['session-name'] ?? defaultSessionName(ctx.userName),
      durationSeconds,
      ...(args['external-id'] !== undefined && { externalId: args['external-id'] }),
      region,
      ...optionalEndpoint(args['endpoint-url'], ctx.env),
      ...(mfaSerial !== undefined && { mfaSerial }),
    },
    ...(mfaSerial !== undefined && {
      mfa: {
        durationSeconds:
          args['mfa-duration'] === undefined ? DEFAULT_MFA_DURATION_SECONDS : parseDuration(args['mfa-duration'], '--mfa-duration'),
        ...(args['mfa-command'] !== undefined && { command: args['mfa-command'] }),
      },
    }),
    cache: {
      ...(!args['no-cache'] && { dir: args['cache-dir'] ?? nonEmpty(ctx.env.STS_REFRESH_CACHE_DIR) ?? ctx.defaultCacheDir() }),
      refreshWindowSeconds:
        args['refresh-window'] === undefined ? DEFAULT_REFRESH_WINDOW_SECONDS : parseDuration(args['refresh-window'], '--refresh-window'),
    },
    timeoutSeconds: args.timeout === undefined ? DEFAULT_TIMEOUT_SECONDS : parseDuration(args.timeout, '--timeout'),
  };
}

/**
 * --mfa-serial, else the source profile's mfa_serial. A role profile's mfa_serial belongs to that
 * profile's own AssumeRole (the SDK asks for it), and GetSessionToken refuses role credentials, so
 * an MFA session is only made from a profile with keys of its own.
 */
function mfaSerialOf(args: RequestArgs, profile: ProfileSettings, sourceProfile: string): string | undefined {
  const serial = nonEmpty(args['mfa-serial']) ?? (profile.roleArn === undefined ? nonEmpty(profile.mfaSerial) : undefined);
  if (serial !== undefined && profile.roleArn !== undefined) {
    throw new UsageError(
      `--mfa-serial cannot be used with source profile '${sourceProfile}': it is a role, and STS makes MFA sessions (GetSessionToken) only for access keys`,
      `put mfa_serial in [profile ${sourceProfile}] so its own AssumeRole asks for the code, or use a --source-profile with access keys`,
    );
  }
  if (serial === undefined) {
    const stray = args['mfa-command'] !== undefined ? '--mfa-command' : args['mfa-duration'] !== undefined ? '--mfa-duration' : undefined;
    if (stray) {
      throw new UsageError(
        `${stray} needs an MFA device: pass --mfa-serial or set mfa_serial in the source profile '${sourceProfile}'`,
        'for example --mfa-serial arn:aws:iam::123456789012:mfa/alice',
      );
    }
  }
  return serial;
}

/** The endpoint the SDK itself would pick from the environment, made explicit so it is part of the cache key. */
function optionalEndpoint(flag: string | undefined, env: NodeJS.ProcessEnv): { endpoint?: string } {
  if (flag !== undefined) return { endpoint: flag };
  if (env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS?.toLowerCase() === 'true') return {};
  const fromEnv = nonEmpty(env.AWS_ENDPOINT_URL_STS) ?? nonEmpty(env.AWS_ENDPOINT_URL);
  return fromEnv === undefined ? {} : { endpoint: fromEnv };
}

/** `sts-refresh-<login>`, with the characters STS rejects in a session name replaced. */
export function defaultSessionName(userName: string): string {
  const cleaned = userName.replace(/[^\w+=,.@-]/g, '-');
  return `sts-refresh-${cleaned || 'user'}`.slice(0, 64);
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

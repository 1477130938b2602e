import { StsRefreshError, UsageError } from '../errors';
import { stsRegion } from '../sts/sts-endpoint';
import { isRegion, MFA_SERIAL } from './options-schema';
import type { ProfileSettings, ResolvedOptions, SettledRequest } from './role-request';
import { nonEmpty } from '../text/non-empty';

// A working day on one code; AWS allows up to 36 h for IAM users (GetSessionToken).
export const DEFAULT_MFA_DURATION_SECONDS = 8 * 3600;
// AWS caps a session assumed with another role's credentials (role chaining) at one hour.
export const CHAINED_MAX_DURATION_SECONDS = 3600;

/**
 * Applies the source profile's settings to a request, on a miss and before any STS call: its
 * region (else us-east-1), its mfa_serial (unless --mfa-serial names one) and, when it is itself a
 * role, the one-hour cap on chained sessions. A request the profile makes impossible is a usage
 * error (exit 2); a profile setting that is malformed is the config file's fault (exit 1).
 */
export function settleRequest(options: ResolvedOptions, profile: ProfileSettings): SettledRequest {
  const { request, mfa } = options;
  const source = request.sourceProfile;
  const chained = profile.roleArn !== undefined;
  if (chained && request.durationSeconds > CHAINED_MAX_DURATION_SECONDS) {
    throw new UsageError(
      `--duration ${request.durationSeconds}s is longer than AWS allows here: source profile '${source}' is itself a role, and AWS caps sessions assumed from a role (role chaining) at 1 hour`,
      'pass --duration 1h or less, or a --source-profile with access keys',
    );
  }
  const region = stsRegion(request.region, profileRegion(profile, source));
  const serial = mfaSerialOf(options, profile);
  return {
    region,
    ...(serial !== undefined && {
      mfaSession: {
        sourceProfile: source,
        serialNumber: serial,
        durationSeconds: mfa.durationSeconds ?? DEFAULT_MFA_DURATION_SECONDS,
        region,
        ...(request.endpoint !== undefined && { endpoint: request.endpoint }),
      },
    }),
    ...(mfa.command !== undefined && { mfaCommand: mfa.command }),
  };
}

/**
 * --mfa-serial, else the source profile's mfa_serial. A role profile's mfa_serial belongs to that
 * profile's own AssumeRole (the SDK asks for it), and GetSessionToken refuses role credentials, so
 * an MFA session is only made from a profile with keys of its own.
 */
function mfaSerialOf({ request, mfa }: ResolvedOptions, profile: ProfileSettings): string | undefined {
  const source = request.sourceProfile;
  const fromProfile = profile.roleArn === undefined ? nonEmpty(profile.mfaSerial) : undefined;
  const serial = request.mfaSerial ?? fromProfile;
  if (request.mfaSerial !== undefined && profile.roleArn !== undefined) {
    throw new UsageError(
      `--mfa-serial cannot be used with source profile '${source}': it is a role, and STS makes MFA sessions (GetSessionToken) only for access keys`,
      `put mfa_serial in [profile ${source}] so its own AssumeRole asks for the code, or use a --source-profile with access keys`,
    );
  }
  if (serial === undefined) {
    const stray = mfa.command !== undefined ? '--mfa-command' : mfa.durationSeconds !== undefined ? '--mfa-duration' : undefined;
    if (stray) {
      throw new UsageError(
        `${stray} needs an MFA device: pass --mfa-serial or set mfa_serial in the source profile '${source}'`,
        'for example --mfa-serial arn:aws:iam::123456789012:mfa/alice',
      );
    }
  }
  if (serial !== undefined && !MFA_SERIAL.test(serial)) {
    throw new StsRefreshError(
      `profile '${source}' in the AWS config file has mfa_serial ${shown(serial)}, which is not an MFA device ARN or serial number`,
      `fix the mfa_serial line of [profile ${source}], or pass --mfa-serial`,
    );
  }
  return serial;
}

/** Only consulted when neither --region nor the environment names one. */
function profileRegion(profile: ProfileSettings, source: string): string | undefined {
  const region = nonEmpty(profile.region);
  if (region !== undefined && !isRegion(region)) {
    throw new StsRefreshError(
      `profile '${source}' in the AWS config file has region ${shown(region)}, which is not an AWS region`,
      'fix its region line, or pass --region',
    );
  }
  return region;
}

function shown(value: string): string {
  return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}...` : value);
}

import { ROLE_REQUEST_FIELDS, sameFields, type MfaSessionRequest, type RoleRequest } from './request-fields';

export type { MfaSessionRequest, RoleRequest };

/** Whether two requests would get the same credentials: every field of the table, compared one by one. */
export function sameRequest(stored: Record<string, unknown>, expected: RoleRequest): boolean {
  return sameFields(ROLE_REQUEST_FIELDS, stored, expected);
}

export interface MfaSettings {
  /** The MFA session's length (--mfa-duration); undefined means the default, 8 h. */
  durationSeconds?: number;
  /** A program whose stdout is the code; undefined means asking on the terminal. */
  command?: string;
}

export interface CacheSettings {
  /** undefined when --no-cache is given. */
  dir?: string;
  refreshWindowSeconds: number;
}

export interface ResolvedOptions {
  request: RoleRequest;
  mfa: MfaSettings;
  cache: CacheSettings;
  timeoutSeconds: number;
}

/** What sts-refresh needs from the source profile's section of the config and credentials files. */
export interface ProfileSettings {
  region?: string;
  /** The profile's own MFA device (`mfa_serial`). */
  mfaSerial?: string;
  /** Set when the profile is itself a role (`role_arn`), i.e. assuming from it is role chaining. */
  roleArn?: string;
}

/** A request with the source profile's settings applied: what a miss actually sends to STS. */
export interface SettledRequest {
  region: string;
  /** The MFA session the role is assumed from; undefined when no MFA is involved. */
  mfaSession?: MfaSessionRequest;
  mfaCommand?: string;
}

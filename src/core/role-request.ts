/** One distinct AssumeRole request: everything that changes which credentials come back. */
export interface RoleRequest {
  roleArn: string;
  sourceProfile: string;
  sessionName: string;
  durationSeconds: number;
  externalId?: string;
  region: string;
  /** An endpoint chosen by --endpoint-url or AWS_ENDPOINT_URL(_STS); undefined means the regional STS endpoint. */
  endpoint?: string;
  /** The MFA device whose session the role is assumed from; undefined when no MFA is involved. */
  mfaSerial?: string;
}

/**
 * One GetSessionToken session of the source profile, shared by every role assumed from it: it does
 * not depend on the role, so roles with the same source profile and device reuse one code.
 */
export interface MfaSessionRequest {
  sourceProfile: string;
  serialNumber: string;
  durationSeconds: number;
  region: string;
  endpoint?: string;
}

export interface MfaSettings {
  /** The MFA session's length (--mfa-duration). */
  durationSeconds: number;
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
  /** Present exactly when request.mfaSerial is. */
  mfa?: MfaSettings;
  cache: CacheSettings;
  timeoutSeconds: number;
}

/** The MFA session a role request is assumed from, or undefined when it needs no MFA. */
export function mfaSessionRequestOf(options: ResolvedOptions): MfaSessionRequest | undefined {
  const { request, mfa } = options;
  if (request.mfaSerial === undefined || mfa === undefined) return undefined;
  return {
    sourceProfile: request.sourceProfile,
    serialNumber: request.mfaSerial,
    durationSeconds: mfa.durationSeconds,
    region: request.region,
    ...(request.endpoint !== undefined && { endpoint: request.endpoint }),
  };
}

/** One distinct AssumeRole request: everything that changes which credentials come back. */
export interface RoleRequest {
  roleArn: string;
  sourceProfile: string;
  sessionName: string;
  durationSeconds: number;
  externalId?: string;
  /**
   * The region named by --region, AWS_REGION or AWS_DEFAULT_REGION. Undefined means the source
   * profile's `region`, else us-east-1, looked up only on a miss so a cache hit never reads the
   * config file.
   */
  region?: string;
  /** An endpoint chosen by --endpoint-url or AWS_ENDPOINT_URL(_STS); undefined means the regional STS endpoint. */
  endpoint?: string;
  /** --mfa-serial. Undefined means the source profile's mfa_serial, if any, settled on a miss. */
  mfaSerial?: string;
}

/** Whether two requests would get the same credentials: every field of RoleRequest, compared one by one. */
export function sameRequest(a: RoleRequest, b: RoleRequest): boolean {
  return (
    a.roleArn === b.roleArn &&
    a.sourceProfile === b.sourceProfile &&
    a.sessionName === b.sessionName &&
    a.durationSeconds === b.durationSeconds &&
    a.externalId === b.externalId &&
    a.region === b.region &&
    a.endpoint === b.endpoint &&
    a.mfaSerial === b.mfaSerial
  );
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

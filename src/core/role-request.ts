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
}

export interface CacheSettings {
  /** undefined when --no-cache is given. */
  dir?: string;
  refreshWindowSeconds: number;
}

export interface ResolvedOptions {
  request: RoleRequest;
  cache: CacheSettings;
  timeoutSeconds: number;
}

// Profile settings that make a profile a credential source, grouped by the source they belong to.
// setup removes a group that would win over credential_process; exec's empty profile drops them all.

/** Static keys, in the credentials file or the config. */
export const STATIC_KEY_SETTINGS: readonly string[] = [
  'aws_access_key_id',
  'aws_secret_access_key',
  'aws_session_token',
  'aws_security_token',
];

/** An assumed role, and a web identity role, with everything that goes with one. */
export const ROLE_SETTINGS: readonly string[] = [
  'role_arn',
  'source_profile',
  'credential_source',
  'role_session_name',
  'external_id',
  'mfa_serial',
  'duration_seconds',
  'web_identity_token_file',
];

/** IAM Identity Center, legacy and sso_session forms. */
export const SSO_SETTINGS: readonly string[] = ['sso_session', 'sso_start_url', 'sso_region', 'sso_account_id', 'sso_role_name'];

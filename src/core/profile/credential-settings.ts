// The profile settings that make a profile a credential source, one row a source, in the AWS CLI's
// (botocore's) order of precedence. Each command reads the same rows for its own purpose:
// - doctor (doctor/checks/credential-source.ts) names the first row a profile has, and the ones it shadows;
// - setup (config/plan-setup.ts) refuses, and under --replace removes, every row marked 'remove';
//   keys add and import (config/keys-profile-edits.ts) refuse a config row that wins over credential_process;
// - exec (server/child-profile-section.ts) drops every key of every row from the profile its child starts from.

export type SourceName = 'role_arn' | 'web identity' | 'SSO' | 'credentials file' | 'credential_process' | 'config file' | 'login session';

export interface CredentialSourceRow {
  /** What doctor calls the source. */
  name: SourceName;
  /** The file whose profile section the AWS CLI reads it from. */
  file: 'config' | 'credentials';
  /** Any of these keys makes the profile this source. */
  when: readonly string[];
  /** Every key that belongs to the source: setup --replace removes these, exec's empty profile drops them. */
  keys: readonly string[];
  /**
   * What setup does with it: 'remove' a source some reader uses instead of credential_process
   * (refusing without --replace), 'replace' credential_process itself, 'keep' one that loses to it.
   */
  setup: 'remove' | 'replace' | 'keep';
  /** How setup's refusal names it. */
  what: string;
}

const STATIC_KEYS = ['aws_access_key_id', 'aws_secret_access_key', 'aws_session_token', 'aws_security_token', 'aws_credential_expiration'];

export const CREDENTIAL_SOURCES: readonly CredentialSourceRow[] = [
  {
    name: 'role_arn',
    file: 'config',
    when: ['role_arn'],
    // An assumed role with everything that goes with one; web_identity_token_file too, which makes it a web identity role.
    keys: [
      'role_arn',
      'source_profile',
      'credential_source',
      'role_session_name',
      'external_id',
      'mfa_serial',
      'duration_seconds',
      'web_identity_token_file',
    ],
    setup: 'remove',
    what: 'role_arn',
  },
  {
    name: 'web identity',
    file: 'config',
    when: ['web_identity_token_file'],
    keys: ['web_identity_token_file'],
    setup: 'remove',
    what: 'web_identity_token_file',
  },
  {
    name: 'SSO',
    file: 'config',
    when: ['sso_session', 'sso_start_url'],
    keys: ['sso_session', 'sso_start_url', 'sso_region', 'sso_account_id', 'sso_role_name', 'sso_registration_scopes'],
    setup: 'remove',
    what: 'SSO settings',
  },
  // botocore and the SDKs read keys only with aws_access_key_id; a lone token is no source.
  { name: 'credentials file', file: 'credentials', when: ['aws_access_key_id'], keys: STATIC_KEYS, setup: 'remove', what: 'static keys' },
  {
    name: 'credential_process',
    file: 'config',
    when: ['credential_process'],
    keys: ['credential_process'],
    setup: 'replace',
    what: 'credential_process',
  },
  // The AWS CLI reads the config file's keys after credential_process, but the JS SDK merges both
  // files and takes static keys first, so setup removes them too.
  { name: 'config file', file: 'config', when: ['aws_access_key_id'], keys: STATIC_KEYS, setup: 'remove', what: 'static keys' },
  // `aws login` (AWS CLI 2.32+). It refuses a profile that has any other source, and the JS SDK
  // tries it last, after credential_process, so setup leaves it.
  { name: 'login session', file: 'config', when: ['login_session'], keys: ['login_session'], setup: 'keep', what: 'login_session' },
];

/** Every key of every source, lower case: what exec's empty profile leaves out. */
export const CREDENTIAL_KEYS: ReadonlySet<string> = new Set(CREDENTIAL_SOURCES.flatMap((row) => row.keys));

/** The config file's sources that the AWS CLI uses before credential_process. */
export const CONFIG_SOURCES_BEFORE_PROCESS: readonly CredentialSourceRow[] = CREDENTIAL_SOURCES.slice(
  0,
  CREDENTIAL_SOURCES.findIndex((row) => row.name === 'credential_process'),
).filter((row) => row.file === 'config');

type Section = Record<string, string | undefined> | undefined;

/** The sources a profile names, in order of precedence, from its sections in each file. */
export function sourcesOf(config: Section, credentials: Section): CredentialSourceRow[] {
  return CREDENTIAL_SOURCES.filter((row) => {
    const section = row.file === 'config' ? config : credentials;
    return row.when.some((key) => Boolean(section?.[key]));
  });
}

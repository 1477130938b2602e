import { StsRefreshError } from '../core/errors';
import { findSection, joinLines, keyLines, keyOf, removeKeys, setKey, splitLines } from './ini-lines';
import { ROLE_SETTINGS, SSO_SETTINGS, STATIC_KEY_SETTINGS } from '../core/profile/credential-settings';

export interface SetupInput {
  profile: string;
  /** The credential_process value to write. */
  command: string;
  configText: string;
  credentialsText: string;
  replace: boolean;
}

export interface SetupPlan {
  configText: string;
  /** undefined when the credentials file needs no change. */
  credentialsText?: string;
  /** What --replace took out, secrets masked, as `file: key = value`. */
  removed: string[];
  /** The credential_process line that was there before, if any. */
  previous?: string;
}

// Sources the AWS CLI tries before credential_process (botocore's order), each with the keys that
// belong to it and go with it under --replace.
const CONFIG_CONFLICTS: Array<{ trigger: readonly string[]; keys: readonly string[]; what: string }> = [
  { trigger: ['role_arn'], keys: ROLE_SETTINGS, what: 'role_arn' },
  { trigger: ['web_identity_token_file'], keys: ['web_identity_token_file'], what: 'web_identity_token_file' },
  { trigger: ['sso_session', 'sso_start_url'], keys: SSO_SETTINGS, what: 'SSO settings' },
  { trigger: STATIC_KEY_SETTINGS, keys: STATIC_KEY_SETTINGS, what: 'static keys' },
];
const SECRET_KEYS = new Set(['aws_secret_access_key', 'aws_session_token', 'aws_security_token']);

/** `[default]` may also be written `[profile default]`; every other profile needs the prefix in the config file. */
export function configSectionNames(profile: string): string[] {
  return profile === 'default' ? ['default', 'profile default'] : [`profile ${profile}`];
}

/** Decides the new file contents; refuses, without --replace, when another source would win over credential_process. */
export function planSetup(input: SetupInput): SetupPlan {
  const configNames = configSectionNames(input.profile);
  let config = splitLines(input.configText);
  let credentials = splitLines(input.credentialsText);
  const configSection = findSection(config, configNames);
  const present = (lines: typeof config, names: string[], key: string) => keyLines(lines, findSection(lines, names), key).length > 0;

  const configConflicts = CONFIG_CONFLICTS.filter((c) => c.trigger.some((k) => present(config, configNames, k)));
  const credentialConflict = STATIC_KEY_SETTINGS.some((k) => present(credentials, [input.profile], k));
  if (!input.replace && (configConflicts.length || credentialConflict)) {
    const where = [
      ...configConflicts.map((c) => `${c.what} in the config file`),
      ...(credentialConflict ? ['static keys in the credentials file'] : []),
    ];
    throw new StsRefreshError(
      `profile '${input.profile}' has ${where.join(' and ')}, which the AWS CLI uses instead of credential_process`,
      'run again with --replace to remove them (add --dry-run to see the change first)',
    );
  }

  const previousLine = keyLines(config, configSection, 'credential_process')[0];
  const previous = previousLine === undefined ? undefined : keyOf(config[previousLine]?.content ?? '')?.value;
  const removed: string[] = [];
  for (const conflict of configConflicts) {
    const result = removeKeys(config, configNames, conflict.keys);
    config = result.lines;
    removed.push(...result.removed.map((l) => `config: ${masked(l)}`));
  }
  let credentialsText: string | undefined;
  if (credentialConflict) {
    const result = removeKeys(credentials, [input.profile], STATIC_KEY_SETTINGS);
    credentials = result.lines;
    removed.push(...result.removed.map((l) => `credentials: ${masked(l)}`));
    credentialsText = joinLines(credentials);
  }
  const headerText = input.profile === 'default' ? 'default' : `profile ${input.profile}`;
  config = setKey(config, configNames, headerText, 'credential_process', input.command);
  return {
    configText: joinLines(config),
    ...(credentialsText !== undefined && { credentialsText }),
    removed,
    ...(previous !== undefined && { previous }),
  };
}

/** A config line with any secret value hidden, so reports and diffs can show it. */
export function masked(line: string): string {
  const kv = keyOf(line);
  if (!kv) return line;
  if (SECRET_KEYS.has(kv.key)) return `${kv.key} = (hidden)`;
  if (kv.key === 'aws_access_key_id') return `${kv.key} = ****${kv.value.trim().slice(-4)}`;
  return line;
}

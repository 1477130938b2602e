// The config and credentials file edits of `keys import`, `add` and `remove`, as pure functions of
// the files' text: every line they do not name stays byte for byte (config/ini-lines.ts).
import { StsRefreshError } from '../core/errors';
import { findSection, joinLines, keyOf, keyLines, removeKeys, sectionKeys, setKey, splitLines } from './ini-lines';
import type { AccessKeys } from '../keys/access-keys';
import { isServeLine } from '../core/profile/own-line';
import { CONFIG_SOURCES_BEFORE_PROCESS } from '../core/profile/credential-settings';
import { configHeader, configSectionNames } from '../core/profile/profile-section';

const STATIC_KEYS = ['aws_access_key_id', 'aws_secret_access_key'];
const TEMPORARY_KEYS = ['aws_session_token', 'aws_security_token'];
// Settings the AWS CLI would use before credential_process, so the keyring would never be asked.
const WINNERS = new Set(CONFIG_SOURCES_BEFORE_PROCESS.flatMap((row) => row.when));

export interface ProfileFiles {
  configText: string;
  credentialsText: string;
}

/** Where each file is, for messages. */
export interface ProfilePaths {
  configFile: string;
  credentialsFile: string;
}

export interface ImportPlan {
  keys: AccessKeys;
  /** undefined when the file needs no change. */
  configText?: string;
  credentialsText?: string;
}

/** The profile's static keys, read from whichever file holds them, and both files without them. */
export function planImport(profile: string, files: ProfileFiles, paths: ProfilePaths): ImportPlan {
  const found = [
    { text: files.credentialsText, names: [profile], file: paths.credentialsFile, which: 'credentialsText' as const },
    { text: files.configText, names: configSectionNames(profile), file: paths.configFile, which: 'configText' as const },
  ].map((f) => ({ ...f, values: staticValues(f.text, f.names) }));
  const holder = found.find((f) => f.values.aws_access_key_id !== undefined || f.values.aws_secret_access_key !== undefined);
  if (!holder) {
    throw new StsRefreshError(
      `profile '${profile}' has no aws_access_key_id and aws_secret_access_key in ${paths.credentialsFile} or ${paths.configFile}`,
      `add its keys straight to the keyring with sts-refresh keys add ${profile}`,
    );
  }
  const { aws_access_key_id: accessKeyId, aws_secret_access_key: secretAccessKey } = holder.values;
  if (!accessKeyId || !secretAccessKey) {
    throw new StsRefreshError(
      `[${profile}] in ${holder.file} has only half a key pair`,
      'give it both aws_access_key_id and aws_secret_access_key, or use keys add',
    );
  }
  if (TEMPORARY_KEYS.some((k) => holder.values[k] !== undefined)) {
    throw new StsRefreshError(
      `[${profile}] in ${holder.file} holds temporary keys (aws_session_token), which expire: there is nothing long-term to keep`,
      `use sts-refresh setup --profile ${profile} --role ARN --source-profile LONG_TERM_PROFILE instead`,
    );
  }
  const plan: ImportPlan = { keys: { accessKeyId, secretAccessKey } };
  for (const f of found) {
    if (f.values.aws_access_key_id === undefined && f.values.aws_secret_access_key === undefined) continue;
    plan[f.which] = joinLines(removeKeys(splitLines(f.text), f.names, STATIC_KEYS).lines);
  }
  return plan;
}

/** Static keys of another profile than the one being added would still win: add refuses instead of shadowing them silently. */
export function plaintextKeysOf(profile: string, files: ProfileFiles): boolean {
  return [staticValues(files.credentialsText, [profile]), staticValues(files.configText, configSectionNames(profile))].some(
    (v) => v.aws_access_key_id !== undefined || v.aws_secret_access_key !== undefined,
  );
}

/** The config text with `credential_process = <serve command>` in the profile; refuses what would win over it or is not ours. */
export function planServeLine(profile: string, configText: string, command: string, configFile: string): string {
  const names = configSectionNames(profile);
  const lines = splitLines(configText);
  const section = findSection(lines, names);
  const keys = sectionKeys(lines, section);
  const winner = keys.find((k) => WINNERS.has(k.key));
  if (winner) {
    throw new StsRefreshError(
      `[${names[0]}] in ${configFile} has ${winner.key}, which the AWS CLI uses instead of credential_process, so the keyring would never be asked`,
      'keep long-term keys in a profile of their own and name it as source_profile (or --source-profile) of the role',
    );
  }
  const existing = keys.find((k) => k.key === 'credential_process');
  if (existing && !isServeLine(existing.value)) {
    throw new StsRefreshError(
      `[${names[0]}] in ${configFile} already has a credential_process of its own`,
      'keep long-term keys in a profile of their own, or remove that credential_process line first',
    );
  }
  return joinLines(setKey(lines, names, configHeader(profile), 'credential_process', command));
}

/** The config text without the profile's `keys serve` line, or undefined when it has none. */
export function planRemoveServeLine(profile: string, configText: string): string | undefined {
  const names = configSectionNames(profile);
  const lines = splitLines(configText);
  const line = keyLines(lines, findSection(lines, names), 'credential_process')[0];
  const value = line === undefined ? undefined : keyOf(lines[line]?.content ?? '')?.value;
  if (value === undefined || !isServeLine(value)) return undefined;
  return joinLines(removeKeys(lines, names, ['credential_process']).lines);
}

function staticValues(text: string, names: string[]): Record<string, string | undefined> {
  const lines = splitLines(text);
  const values: Record<string, string | undefined> = {};
  for (const k of sectionKeys(lines, findSection(lines, names))) {
    if (STATIC_KEYS.includes(k.key) || TEMPORARY_KEYS.includes(k.key)) values[k.key] = k.value.trim();
  }
  return values;
}

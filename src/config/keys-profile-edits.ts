// The config and credentials file edits of `keys import`, `add` and `remove`, as pure functions of
// the files' text: every line they do not name stays byte for byte (config/ini-lines.ts).
import { StsRefreshError } from '../core/errors';
import { joinLines, profileKeys, removeKeys, removeLines, setKey, splitLines } from './ini-lines';
import { keyIdTail, type AccessKeys } from '../keys/access-keys';
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
  /** Each place a line of the pair was taken from, as `file:line` with the line's key. */
  moved: string[];
}

interface Found {
  file: 'credentials' | 'config';
  path: string;
  key: string;
  value: string;
  /** 1-based, for messages. */
  line: number;
}

/**
 * The profile's static keys from every place the SDKs read them: both files, every section of the
 * profile (the JS SDK merges repeated ones) and every line of a repeated key. One pair, however
 * often it is written, is moved and every one of its lines removed; two different pairs (or two
 * secrets for one key id) cannot become one keyring item, so the import is refused and nothing changes.
 */
export function planImport(profile: string, files: ProfileFiles, paths: ProfilePaths): ImportPlan {
  const places = [
    { file: 'credentials' as const, path: paths.credentialsFile, names: [profile], lines: splitLines(files.credentialsText) },
    { file: 'config' as const, path: paths.configFile, names: configSectionNames(profile), lines: splitLines(files.configText) },
  ];
  const found: Found[] = places.flatMap(({ file, path, names, lines }) =>
    profileKeys(lines, names)
      .filter((k) => STATIC_KEYS.includes(k.key) || TEMPORARY_KEYS.includes(k.key))
      .map((k) => ({ file, path, key: k.key, value: k.value.trim(), line: (k.indices[0] as number) + 1 })),
  );
  const where = (f: Found) => `${f.path}:${f.line}`;
  const of = (key: string) => found.filter((f) => f.key === key);
  const ids = of('aws_access_key_id');
  const secrets = of('aws_secret_access_key');
  if (ids.length === 0 && secrets.length === 0) {
    throw new StsRefreshError(
      `profile '${profile}' has no aws_access_key_id and aws_secret_access_key in ${paths.credentialsFile} or ${paths.configFile}`,
      `add its keys straight to the keyring with sts-refresh keys add ${profile}`,
    );
  }
  const temporary = found.find((f) => TEMPORARY_KEYS.includes(f.key));
  if (temporary) {
    throw new StsRefreshError(
      `profile '${profile}' holds temporary keys (${temporary.key} at ${where(temporary)}), which expire: there is nothing long-term to keep`,
      `use sts-refresh setup --profile ${profile} --role ARN --source-profile LONG_TERM_PROFILE instead`,
    );
  }
  const [id, secret] = [ids[0], secrets[0]];
  if (!id || !secret || !id.value || !secret.value) {
    const half = id ?? secret;
    throw new StsRefreshError(
      `profile '${profile}' has only half a key pair (${half ? `${half.key} at ${where(half)}` : 'an empty value'})`,
      'give it both aws_access_key_id and aws_secret_access_key, or use keys add',
    );
  }
  const otherId = ids.find((f) => f.value !== id.value);
  const otherSecret = secrets.find((f) => f.value !== secret.value);
  if (otherId || otherSecret) {
    const pairs = otherId
      ? `${keyIdTail(id.value)} at ${where(id)} and ${keyIdTail(otherId.value)} at ${where(otherId)}`
      : `two secrets, at ${where(secret)} and at ${where(otherSecret as Found)}`;
    throw new StsRefreshError(
      `profile '${profile}' holds more than one key pair (${pairs}), and a keyring item holds one; nothing was changed`,
      'delete the lines of the pair that is not in use (aws iam list-access-keys shows which are), then import again',
    );
  }
  const plan: ImportPlan = {
    keys: { accessKeyId: id.value, secretAccessKey: secret.value },
    moved: found.map((f) => `${f.key} at ${where(f)}`),
  };
  for (const { file, names, lines } of places) {
    if (!found.some((f) => f.file === file)) continue;
    plan[file === 'config' ? 'configText' : 'credentialsText'] = joinLines(removeKeys(lines, names, STATIC_KEYS).lines);
  }
  return plan;
}

/** Static keys of another profile than the one being added would still win: add refuses instead of shadowing them silently. */
export function plaintextKeysOf(profile: string, files: ProfileFiles): boolean {
  return [
    profileKeys(splitLines(files.credentialsText), [profile]),
    profileKeys(splitLines(files.configText), configSectionNames(profile)),
  ].some((keys) => keys.some((k) => STATIC_KEYS.includes(k.key)));
}

/** The config text with `credential_process = <serve command>` in the profile; refuses what would win over it or is not ours. */
export function planServeLine(profile: string, configText: string, command: string, configFile: string): string {
  const names = configSectionNames(profile);
  const lines = splitLines(configText);
  const keys = profileKeys(lines, names);
  const winner = keys.find((k) => WINNERS.has(k.key));
  if (winner) {
    throw new StsRefreshError(
      `[${names[0]}] in ${configFile} has ${winner.key}, which the AWS CLI uses instead of credential_process, so the keyring would never be asked`,
      'keep long-term keys in a profile of their own and name it as source_profile (or --source-profile) of the role',
    );
  }
  const foreign = keys.find((k) => k.key === 'credential_process' && !isServeLine(k.value, process.platform));
  if (foreign) {
    throw new StsRefreshError(
      `[${names[0]}] in ${configFile} already has a credential_process of its own`,
      'keep long-term keys in a profile of their own, or remove that credential_process line first',
    );
  }
  return joinLines(setKey(lines, names, configHeader(profile), 'credential_process', command));
}

/** The config text without the profile's `keys serve` lines, or undefined when it has none; a credential_process of another kind stays. */
export function planRemoveServeLine(profile: string, configText: string): string | undefined {
  const names = configSectionNames(profile);
  const lines = splitLines(configText);
  const serving = profileKeys(lines, names).filter((k) => k.key === 'credential_process' && isServeLine(k.value, process.platform));
  if (serving.length === 0) return undefined;
  return joinLines(
    removeLines(
      lines,
      serving.flatMap((k) => k.indices),
    ),
  );
}

import { StsRefreshError } from '../core/errors';
import { joinLines, keyLines, keyOf, profileKeys, removeKeys, setKey, splitLines } from './ini-lines';
import { CREDENTIAL_SOURCES } from '../core/profile/credential-settings';
import { configHeader, configSectionNames } from '../core/profile/profile-section';

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

// The sources some reader would use instead of credential_process, each with the keys that go with it under --replace.
const CONFLICTS = CREDENTIAL_SOURCES.filter((row) => row.setup === 'remove');
const SECRET_KEYS = new Set(['aws_secret_access_key', 'aws_session_token', 'aws_security_token']);

/** Decides the new file contents; refuses, without --replace, when another source would win over credential_process. */
export function planSetup(input: SetupInput): SetupPlan {
  const configNames = configSectionNames(input.profile);
  // Each file's lines as the edits leave them, and the names its profile section goes by.
  const files = {
    config: { names: configNames, lines: splitLines(input.configText) },
    credentials: { names: [input.profile], lines: splitLines(input.credentialsText) },
  };
  const conflicts = CONFLICTS.filter((row) => {
    const { lines, names } = files[row.file];
    return row.when.some((key) => keyLines(lines, names, key).length > 0);
  });
  if (!input.replace && conflicts.length) {
    throw new StsRefreshError(
      `profile '${input.profile}' has ${conflicts.map((row) => `${row.what} in the ${row.file} file`).join(' and ')}, which the AWS CLI uses instead of credential_process`,
      'run again with --replace to remove them (add --dry-run to see the change first)',
    );
  }

  // The last one, as the JS SDK reads a repeated setting.
  const previous = profileKeys(files.config.lines, configNames)
    .filter((k) => k.key === 'credential_process')
    .pop()?.value;
  const removed: string[] = [];
  for (const row of conflicts) {
    const file = files[row.file];
    const result = removeKeys(file.lines, file.names, row.keys);
    file.lines = result.lines;
    removed.push(...result.removed.map((l) => `${row.file}: ${masked(l)}`));
  }
  const credentialsText = conflicts.some((row) => row.file === 'credentials') ? joinLines(files.credentials.lines) : undefined;
  return {
    configText: joinLines(setKey(files.config.lines, configNames, configHeader(input.profile), 'credential_process', input.command)),
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

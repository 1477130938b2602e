import { readFileSync } from 'node:fs';
import { writeConfigFile } from '../config/write-config';
import { shellQuote } from '../core/shell/shell-words';
import type { AwsPaths } from '../config/aws-paths';
import { StsRefreshError } from '../core/errors';
import { checkAccessKeys, keyIdTail, type AccessKeys } from './access-keys';
import { choiceWords, type ResolvedChoice } from './backends/choose-keyring';
import type { Keyring } from './backends/keyring';
import { storeChecked } from './store-checked';
import { planImport, planServeLine, plaintextKeysOf } from '../config/keys-profile-edits';
import { sectionOf } from '../core/profile/profile-section';

export interface StoreInit {
  profile: string;
  keyring: Keyring;
  choice: ResolvedChoice;
  paths: AwsPaths;
  /** This executable, for the credential_process line. */
  self: string;
  now: () => number;
}

/** `<self> keys serve NAME --backend ...`: what the AWS CLI runs to get the profile's keys. */
export function serveCommand(self: string, profile: string, choice: ResolvedChoice): string {
  return [self, 'keys', 'serve', profile, ...choiceWords(choice)].map(shellQuote).join(' ');
}

/** `keys add`: keys typed or piped in, into the keyring, and the profile pointed at them. */
export async function addKeys(init: StoreInit, read: () => Promise<AccessKeys>): Promise<string[]> {
  const { profile, paths } = init;
  const files = { configText: readText(paths.configFile), credentialsText: readText(paths.credentialsFile) };
  if (plaintextKeysOf(profile, files)) {
    throw new StsRefreshError(
      `profile '${profile}' already has keys in plaintext, which the AWS CLI would use instead of the keyring`,
      `move them into the keyring with sts-refresh keys import ${profile}`,
    );
  }
  const command = serveCommand(init.self, profile, init.choice);
  // Checked before asking, so nobody types a secret only to be refused.
  const configText = planServeLine(profile, files.configText, command, paths.configFile);
  const keys = checkAccessKeys(await read(), 'keys add');
  await storeChecked(init.keyring, profile, keys);
  const backup = writeConfigFile(paths.configFile, configText, { backup: true, nowMs: init.now() });
  return [
    `stored the keys of '${profile}' (${keyIdTail(keys.accessKeyId)}) in ${init.keyring.backend}`,
    `${sectionOf(profile)} in ${paths.configFile}: credential_process = ${command}`,
    ...(backup ? [`backup: ${backup}`] : []),
    `check it: aws sts get-caller-identity --profile ${profile}`,
  ];
}

/** `keys import`: the keys out of the credentials file, into the keyring, and nothing left behind. */
export async function importKeys(init: StoreInit): Promise<string[]> {
  const { profile, paths } = init;
  const files = { configText: readText(paths.configFile), credentialsText: readText(paths.credentialsFile) };
  const plan = planImport(profile, files, paths);
  const command = serveCommand(init.self, profile, init.choice);
  const configText = planServeLine(profile, plan.configText ?? files.configText, command, paths.configFile);
  const keys = checkAccessKeys(plan.keys, `[${profile}]`);
  await storeChecked(init.keyring, profile, keys);
  // The serve line first: until the plaintext lines go they still win, so each step leaves a working profile.
  // No backups: the old files are exactly the plaintext copy this command exists to remove.
  writeConfigFile(paths.configFile, configText, { backup: false, nowMs: init.now() });
  if (plan.credentialsText !== undefined)
    writeConfigFile(paths.credentialsFile, plan.credentialsText, { backup: false, nowMs: init.now() });
  return [
    `moved the keys of '${profile}' (${keyIdTail(keys.accessKeyId)}) into ${init.keyring.backend}`,
    ...(plan.credentialsText !== undefined
      ? [`removed aws_access_key_id and aws_secret_access_key from [${profile}] in ${paths.credentialsFile}`]
      : []),
    `${sectionOf(profile)} in ${paths.configFile}: credential_process = ${command}`,
    `check it: aws sts get-caller-identity --profile ${profile}`,
  ];
}

export function readText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return '';
    throw new StsRefreshError(`cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? 'error'})`, 'check its owner and mode');
  }
}

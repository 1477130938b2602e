import { editAwsFiles, readAwsTexts, type AwsTexts } from '../config/edit-aws-files';
import { commandLineForIni } from '../config/ini-value';
import type { AwsPaths } from '../config/aws-paths';
import { StsRefreshError } from '../core/errors';
import { checkAccessKeys, keyIdTail, type AccessKeys } from './access-keys';
import { choiceWords, type ResolvedChoice } from './backends/choose-keyring';
import type { Keyring } from './backends/keyring';
import { storeChecked } from './store-checked';
import { planImport, planServeLine, plaintextKeysOf, type ProfileFiles } from '../config/keys-profile-edits';
import { sectionOf } from '../core/profile/profile-section';
import { scrubBackups } from '../config/backups';

export interface StoreInit {
  profile: string;
  keyring: Keyring;
  /** Opens the same keyring afresh, for the read-back check (store-checked.ts). */
  reopen: () => Promise<Keyring>;
  choice: ResolvedChoice;
  paths: AwsPaths;
  /** This executable, for the credential_process line. */
  self: readonly string[];
  now: () => number;
}

/** `<self> keys serve NAME --backend ...`: what the AWS CLI runs to get the profile's keys. */
export function serveCommand(self: readonly string[], profile: string, choice: ResolvedChoice): string {
  return commandLineForIni([...self, 'keys', 'serve', profile, ...choiceWords(choice)]);
}

/**
 * `keys add`: keys typed or piped in, into the keyring, and the profile pointed at them. What can
 * refuse is checked first, so nobody types a secret only to be refused; what the user types (the
 * keys, a passphrase) is asked before the AWS files' lock is taken; then, under it, the files are
 * read again, the keys stored and checked, and the serve line written, so no setup or other keys
 * command comes in between.
 */
export async function addKeys(init: StoreInit, read: () => Promise<AccessKeys>): Promise<string[]> {
  const { profile, paths } = init;
  const command = serveCommand(init.self, profile, init.choice);
  planAdd(init, profileFiles(readAwsTexts(paths)), command);
  const keys = checkAccessKeys(await read(), 'keys add');
  await init.keyring.unlock('store');
  const { backups } = await editAwsFiles(
    paths,
    async (texts) => {
      const config = planAdd(init, profileFiles(texts), command);
      await storeChecked(init.keyring, profile, keys, init.reopen);
      return { edit: { config }, result: undefined };
    },
    { backup: true, nowMs: init.now() },
  );
  return [
    `stored the keys of '${profile}' (${keyIdTail(keys.accessKeyId)}) in ${init.keyring.backend}`,
    `${sectionOf(profile)} in ${paths.configFile}: credential_process = ${command}`,
    ...backups.map((b) => `backup: ${b}`),
    `check it: aws sts get-caller-identity --profile ${profile}`,
  ];
}

function planAdd({ profile, paths }: StoreInit, files: ProfileFiles, command: string): string {
  if (plaintextKeysOf(profile, files)) {
    throw new StsRefreshError(
      `profile '${profile}' already has keys in plaintext, which the AWS CLI would use instead of the keyring`,
      `move them into the keyring with sts-refresh keys import ${profile}`,
    );
  }
  return planServeLine(profile, files.configText, command, paths.configFile);
}

/**
 * `keys import`: the keys out of both files, into the keyring, and nothing left behind. Planned
 * first without the lock (a refusal asks for nothing), then again under it, where the keys are
 * stored and checked before the lines that held them go.
 */
export async function importKeys(init: StoreInit): Promise<string[]> {
  const { profile, paths } = init;
  const command = serveCommand(init.self, profile, init.choice);
  planMove(init, profileFiles(readAwsTexts(paths)), command);
  await init.keyring.unlock('store');
  const { result } = await editAwsFiles(
    paths,
    async (texts) => {
      const plan = planMove(init, profileFiles(texts), command);
      await storeChecked(init.keyring, profile, plan.keys, init.reopen);
      // Earlier setups and keys commands kept backups of these files, and they hold the secret too.
      const scrubbed = scrubBackups(paths, profile, plan.keys.secretAccessKey);
      // The serve line is written before the plaintext lines go: until they go they still win,
      // so each step leaves a working profile.
      return {
        edit: { config: plan.config, ...(plan.credentials !== undefined && { credentials: plan.credentials }) },
        result: { ...plan, scrubbed },
      };
    },
    // No backups: the old files are exactly the plaintext copy this command exists to remove.
    { backup: false, nowMs: init.now() },
  );
  return [
    `moved the keys of '${profile}' (${keyIdTail(result.keys.accessKeyId)}) into ${init.keyring.backend}`,
    ...result.moved.map((place) => `removed ${place}`),
    ...result.scrubbed,
    `${sectionOf(profile)} in ${paths.configFile}: credential_process = ${command}`,
    `check it: aws sts get-caller-identity --profile ${profile}`,
  ];
}

function planMove({ profile, paths }: StoreInit, files: ProfileFiles, command: string) {
  const plan = planImport(profile, files, paths);
  const config = planServeLine(profile, plan.configText ?? files.configText, command, paths.configFile);
  return { keys: checkAccessKeys(plan.keys, sectionOf(profile)), config, credentials: plan.credentialsText, moved: plan.moved };
}

export function profileFiles(texts: AwsTexts): ProfileFiles {
  return { configText: texts.config, credentialsText: texts.credentials };
}

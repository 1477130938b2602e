import { editAwsFiles } from '../config/edit-aws-files';
import { StsRefreshError } from '../core/errors';
import { planRemoveServeLine } from '../config/keys-profile-edits';
import type { StoreInit } from './store-keys';
import { sectionOf } from '../core/profile/profile-section';

/** `keys remove`: the keyring item and the line that served it, under the AWS files' lock; other profiles' lines stay. */
export async function removeKeys(init: Omit<StoreInit, 'self' | 'choice' | 'reopen'>): Promise<string[]> {
  const { profile, paths } = init;
  await init.keyring.unlock('remove');
  const { result, backups } = await editAwsFiles(
    paths,
    async (texts) => {
      const config = planRemoveServeLine(profile, texts.config);
      const removed = await init.keyring.remove(profile);
      if (!removed && config === undefined) {
        throw new StsRefreshError(`no keys for '${profile}' in ${init.keyring.backend}`, 'sts-refresh keys list shows what is stored');
      }
      return { edit: config === undefined ? {} : { config }, result: { removed, line: config !== undefined } };
    },
    { backup: true, nowMs: init.now() },
  );
  return [
    result.removed
      ? `deleted the keys of '${profile}' from ${init.keyring.backend}`
      : `${init.keyring.backend} held no keys for '${profile}'`,
    ...(result.line ? [`removed credential_process from ${sectionOf(profile)} in ${paths.configFile}`] : []),
    ...backups.map((b) => `backup: ${b}`),
  ];
}

import { writeConfigFile } from '../config/write-config';
import { StsRefreshError } from '../core/errors';
import { planRemoveServeLine } from '../config/keys-profile-edits';
import { readText, type StoreInit } from './store-keys';
import { sectionOf } from '../core/profile/profile-section';

/** `keys remove`: the keyring item and the line that served it; other profiles' lines stay. */
export async function removeKeys(init: Omit<StoreInit, 'self' | 'choice'>): Promise<string[]> {
  const { profile, paths } = init;
  const configText = planRemoveServeLine(profile, readText(paths.configFile));
  const removed = await init.keyring.remove(profile);
  if (!removed && configText === undefined) {
    throw new StsRefreshError(`no keys for '${profile}' in ${init.keyring.backend}`, 'sts-refresh keys list shows what is stored');
  }
  const lines = removed
    ? [`deleted the keys of '${profile}' from ${init.keyring.backend}`]
    : [`${init.keyring.backend} held no keys for '${profile}'`];
  if (configText !== undefined) {
    const backup = writeConfigFile(paths.configFile, configText, { backup: true, nowMs: init.now() });
    lines.push(`removed credential_process from ${sectionOf(profile)} in ${paths.configFile}`, ...(backup ? [`backup: ${backup}`] : []));
  }
  return lines;
}

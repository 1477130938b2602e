import { StsRefreshError } from '../core/errors';
import type { AccessKeys } from './access-keys';
import type { Keyring } from './backends/keyring';

/** Stores, then reads back: a keyring that silently drops or mangles the item must fail here, while the plaintext is still there. */
export async function storeChecked(keyring: Keyring, profile: string, keys: AccessKeys): Promise<void> {
  await keyring.set(profile, keys);
  const back = await keyring.get(profile);
  if (!back || back.accessKeyId !== keys.accessKeyId || back.secretAccessKey !== keys.secretAccessKey) {
    throw new StsRefreshError(
      `${keyring.backend} did not return the keys just stored for '${profile}'; nothing else was changed`,
      'check the keyring (is it full, read-only or syncing?), or choose another --backend',
    );
  }
}

import { StsRefreshError } from '../core/errors';
import type { AccessKeys } from './access-keys';
import type { Keyring } from './backends/keyring';

/**
 * Stores, then reads back through a keyring opened afresh (`reopen`): a keyring that silently drops
 * or mangles the item, or a keys file that its next reader could not open (the key derived from
 * other parameters than the ones recorded), must fail here, while the plaintext is still there.
 */
export async function storeChecked(keyring: Keyring, profile: string, keys: AccessKeys, reopen: () => Promise<Keyring>): Promise<void> {
  await keyring.set(profile, keys);
  const fresh = await reopen();
  let back: AccessKeys | undefined;
  try {
    back = await fresh.get(profile);
  } catch (error) {
    throw new StsRefreshError(
      `${keyring.backend} did not give back the keys just stored for '${profile}' (${(error as Error).message}); nothing else was changed`,
      'check the keyring, or choose another --backend',
      { cause: error },
    );
  } finally {
    fresh.close();
  }
  if (!back || back.accessKeyId !== keys.accessKeyId || back.secretAccessKey !== keys.secretAccessKey) {
    throw new StsRefreshError(
      `${keyring.backend} did not return the keys just stored for '${profile}'; nothing else was changed`,
      'check the keyring (is it full, read-only or syncing?), or choose another --backend',
    );
  }
}

import type { Keyring } from './backends/keyring';
import { forgetSessions } from '../cache/forget-sessions';
import { rotate } from './rotate';
import type { RotationCalls } from './rotate';

export interface RotateKeysInit {
  profile: string;
  keyring: Keyring;
  reopen: () => Promise<Keyring>;
  now: () => number;
  env: NodeJS.ProcessEnv;
  cacheDir: string;
  /** The AWS calls (src/aws/iam-rotation.ts), from the miss layer where the SDK's signer already is. */
  calls: RotationCalls;
}

/** `keys rotate` with the real cache directory and clock. */
export function rotateKeys(init: RotateKeysInit): Promise<string[]> {
  return rotate({
    ...init,
    forgetSessions: () => forgetSessions(init.cacheDir, init.profile),
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  });
}

import type { AccessKeys } from '../access-keys';

export const BACKENDS = ['secret-service', 'keychain', 'wincred', 'file'] as const;
export type BackendName = (typeof BACKENDS)[number];

/** Where a profile's long-term keys are kept: one item per profile name. */
export interface Keyring {
  readonly backend: BackendName;
  /**
   * Asks the user for what the backend needs (the keys file's passphrase) before a command takes
   * any lock, so nobody waits on a person typing; elsewhere nothing. `store`: the command is to
   * store keys, so a keys file not made yet is to be made (its passphrase asked twice); a command
   * that only removes asks only when there is a file.
   */
  unlock(purpose: 'store' | 'remove'): Promise<void>;
  /** The keys stored for `profile`, or undefined when there is no item. */
  get(profile: string): Promise<AccessKeys | undefined>;
  /** Stores (or replaces) the item for `profile`. */
  set(profile: string, keys: AccessKeys): Promise<void>;
  /** Deletes the item; false when there was none. */
  remove(profile: string): Promise<boolean>;
  /** Every profile name with an item, sorted. */
  list(): Promise<string[]>;
  /** Releases what the backend holds open (a D-Bus connection). */
  close(): void;
}

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CURRENT_KDF, openEncryptedFile } from '../../src/keys/backends/encrypted-file';
import type { Keyring } from '../../src/keys/backends/keyring';
import { storeChecked } from '../../src/keys/store-checked';
import { writeOlderKeysFile } from '../support/keys';

const PASS = 'correct horse battery staple';
const KEYS = { accessKeyId: 'AKIAUSER100000000001', secretAccessKey: 'user1-secret-0000000000000000' };

describe('the encrypted keys file', () => {
  let dir: string;
  let path: string;
  const asked: string[] = [];
  const open = () =>
    openEncryptedFile({
      path,
      passphrase: async (purpose) => {
        asked.push(purpose);
        return PASS;
      },
    });
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'sts-refresh-keys-'));
    path = join(dir, 'keys.enc');
    asked.length = 0;
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  test('a file made with N = 2^14 opens, and after a set is sealed at the current N and still opens with the passphrase', async () => {
    writeOlderKeysFile(path, PASS, 2 ** 14, {
      old: { AccessKeyId: 'AKIAOLD0000000000001', SecretAccessKey: 'old-secret-000000000000000000' },
    });
    await open().set('user1', KEYS);
    expect(JSON.parse(readFileSync(path, 'utf8')).kdf).toMatchObject({ N: CURRENT_KDF.N, r: 8, p: 1 });
    const later = open();
    expect(await later.list()).toEqual(['old', 'user1']);
    expect(await later.get('user1')).toEqual(KEYS);
  });

  test('a new file asks for the passphrase to create it; an existing one to open it', async () => {
    await open().unlock('remove');
    expect(asked).toEqual([]);
    await open().unlock('store');
    expect(asked).toEqual(['create']);
    await open().set('user1', KEYS);
    asked.length = 0;
    await open().unlock('remove');
    expect(asked).toEqual(['open']);
  });

  test('a header asking for an absurd scrypt cost is not a keys file', async () => {
    writeOlderKeysFile(path, PASS, 2 ** 10, {});
    const file = JSON.parse(readFileSync(path, 'utf8'));
    writeFileSync(path, JSON.stringify({ ...file, kdf: { ...file.kdf, N: 2 ** 30 } }));
    await expect(open().list()).rejects.toThrow(/is not an sts-refresh keys file/);
  });
});

describe('storeChecked', () => {
  /** A keyring instance that keeps what it stored in memory, whatever reaches the disk. */
  const instance = (items: Map<string, typeof KEYS>): Keyring => ({
    backend: 'file',
    async unlock() {},
    async get(profile) {
      return items.get(profile);
    },
    async set(profile, keys) {
      items.set(profile, keys);
    },
    async remove(profile) {
      return items.delete(profile);
    },
    async list() {
      return [...items.keys()];
    },
    close() {},
  });

  test('reads back through a keyring opened afresh, so what only this instance remembers does not pass', async () => {
    const disk = new Map<string, typeof KEYS>();
    await expect(storeChecked(instance(new Map()), 'user1', KEYS, async () => instance(disk))).rejects.toThrow(
      /file did not return the keys just stored for 'user1'; nothing else was changed/,
    );
    await expect(storeChecked(instance(disk), 'user1', KEYS, async () => instance(disk))).resolves.toBeUndefined();
  });
});

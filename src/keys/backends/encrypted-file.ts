import { createCipheriv, createDecipheriv, randomBytes, scrypt as scryptCallback } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { StsRefreshError } from '../../core/errors';
import { writeFileAtomic } from '../../files/atomic-write';
import { readRegularFile } from '../../files/regular-file';
import { FILE_EDIT_LOCK, LockFailedError, waitForLock } from '../../files/wait-lock';
import type { Keyring } from './keyring';

// One file holds every profile's keys, encrypted whole, so not even the profile names show.
// scrypt at N=2^15, r=8 (32 MiB, about 0.1 s) is the cost OWASP and libsodium's "interactive"
// level use for a key typed by a person; AES-256-GCM authenticates, so a wrong passphrase or an
// edited file is told apart from keys. A file records the parameters it was made with, and is
// opened with those: raising the default must never lock an older file away.
export const CURRENT_KDF: KdfParams = { N: 2 ** 15, r: 8, p: 1 };
// What a header may ask for: 2^20 at r=8 is 1 GiB of memory, far past any default this will have.
const MAX_N = 2 ** 20;
const MAX_R = 32;
const MAX_P = 16;
const FORMAT = 'sts-refresh-keys/1';
// Hundreds of profiles are tens of kilobytes; a file far larger is not a keys file.
const MAX_FILE_BYTES = 1024 * 1024;

interface KdfParams {
  N: number;
  r: number;
  p: number;
}

interface FileFormat {
  format: typeof FORMAT;
  kdf: { name: 'scrypt'; salt: string } & KdfParams;
  iv: string;
  tag: string;
  data: string;
}

type Contents = Record<string, { AccessKeyId: string; SecretAccessKey: string }>;

/** The key a file was sealed with, and how it was derived, so a write can reuse it when nothing changed. */
interface Sealing {
  salt: Buffer;
  kdf: KdfParams;
  key: Buffer;
}

export interface EncryptedFileInit {
  path: string;
  /**
   * The passphrase, asked only when the file is first read or written, so `keys --help` never
   * prompts. `create`: a new file is to be made with it, so a person typing it is asked twice.
   */
  passphrase: (purpose: 'open' | 'create') => Promise<string>;
}

/**
 * The keys file. Every change is a read, change and write under the file's lock (the same lock
 * library as the cache), so concurrent `keys add`, `remove` and `rotate` all land; it is written
 * through the one atomic writer, so a reader sees the old file or the new one. This instance keeps
 * the keys it derived; a read-back check opens a new instance, which derives afresh from the
 * passphrase as a later run would (store-checked.ts).
 */
export function openEncryptedFile(init: EncryptedFileInit): Keyring {
  const { path } = init;
  const derived: Sealing[] = [];
  const keyFor = async (salt: Buffer, kdf: KdfParams, purpose: 'open' | 'create'): Promise<Buffer> => {
    const known = derived.find((d) => d.salt.equals(salt) && sameKdf(d.kdf, kdf));
    if (known) return known.key;
    const passphrase = await init.passphrase(purpose);
    if (!passphrase) throw new StsRefreshError(`the passphrase for ${path} is empty`, 'give a passphrase of your own');
    const key = await scrypt(passphrase, salt, kdf);
    derived.push({ salt, kdf, key });
    return key;
  };

  /** The file's contents and how it was sealed; none when there is no file yet. */
  const open = async (): Promise<{ contents: Contents; sealing?: Sealing }> => {
    const file = readKeysFile(path);
    if (!file) return { contents: {} };
    const salt = Buffer.from(file.kdf.salt, 'base64');
    const kdf = { N: file.kdf.N, r: file.kdf.r, p: file.kdf.p };
    const key = await keyFor(salt, kdf, 'open');
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(file.iv, 'base64'));
    decipher.setAuthTag(Buffer.from(file.tag, 'base64'));
    let plain: string;
    try {
      plain = Buffer.concat([decipher.update(Buffer.from(file.data, 'base64')), decipher.final()]).toString('utf8');
    } catch {
      derived.splice(0);
      throw new StsRefreshError(
        `the passphrase does not open ${path} (or the file was changed); nothing was changed`,
        'give the passphrase it was made with',
      );
    }
    return { contents: JSON.parse(plain) as Contents, sealing: { salt, kdf, key } };
  };

  /**
   * Seals the contents with the file's own key when it was made with the current parameters, else
   * (a new file, or one made with older ones) with a key derived afresh at the current parameters:
   * the passphrase is at hand, as the file was just opened with it.
   */
  const seal = async (contents: Contents, previous: Sealing | undefined): Promise<void> => {
    const current = previous && sameKdf(previous.kdf, CURRENT_KDF) ? previous : undefined;
    const salt = current?.salt ?? randomBytes(16);
    const key = current?.key ?? (await keyFor(salt, CURRENT_KDF, previous ? 'open' : 'create'));
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    const data = Buffer.concat([cipher.update(JSON.stringify(contents), 'utf8'), cipher.final()]);
    const file: FileFormat = {
      format: FORMAT,
      kdf: { name: 'scrypt', ...CURRENT_KDF, salt: salt.toString('base64') },
      iv: iv.toString('base64'),
      tag: cipher.getAuthTag().toString('base64'),
      data: data.toString('base64'),
    };
    writeKeysFile(path, `${JSON.stringify(file)}\n`);
  };

  /** Read, change, write, under the lock; `change` says whether it changed anything. */
  const update = <T>(change: (contents: Contents) => { changed: boolean; result: T }): Promise<T> =>
    underLock(path, async () => {
      const { contents, sealing } = await open();
      const { changed, result } = change(contents);
      if (changed) await seal(contents, sealing);
      return result;
    });

  return {
    backend: 'file',
    async unlock(purpose) {
      // The passphrase now, before any lock is taken: checked against the file when there is one.
      if (readKeysFile(path)) await open();
      else if (purpose === 'store') await init.passphrase('create');
    },
    async get(profile) {
      const entry = (await open()).contents[profile];
      return entry && { accessKeyId: entry.AccessKeyId, secretAccessKey: entry.SecretAccessKey };
    },
    set(profile, keys) {
      return update((contents) => {
        contents[profile] = { AccessKeyId: keys.accessKeyId, SecretAccessKey: keys.secretAccessKey };
        return { changed: true, result: undefined };
      });
    },
    remove(profile) {
      return update((contents) => {
        if (!(profile in contents)) return { changed: false, result: false };
        delete contents[profile];
        return { changed: true, result: true };
      });
    },
    async list() {
      return Object.keys((await open()).contents).sort();
    },
    close() {},
  };
}

/** The file's header and ciphertext, or undefined when there is no file; read safely (no FIFO, no device, bounded). */
function readKeysFile(path: string): FileFormat | undefined {
  const read = readRegularFile(path, MAX_FILE_BYTES);
  if (!read.ok) {
    if (read.kind === 'missing') return undefined;
    const why =
      read.kind === 'not-a-file' ? `it is ${read.what}` : read.kind === 'too-large' ? 'it is larger than any keys file' : read.code;
    throw new StsRefreshError(
      `cannot read ${path} (${why})`,
      'move it aside, or point STS_REFRESH_KEYS_FILE or --keys-file at the keys file',
    );
  }
  try {
    const file = JSON.parse(read.bytes.toString('utf8')) as FileFormat;
    if (
      file.format === FORMAT &&
      file.kdf?.name === 'scrypt' &&
      validKdf(file.kdf) &&
      file.iv &&
      file.tag &&
      typeof file.data === 'string'
    ) {
      return file;
    }
  } catch {
    // reported below
  }
  throw new StsRefreshError(`${path} is not an sts-refresh keys file`, 'move it aside, or point STS_REFRESH_KEYS_FILE elsewhere');
}

function writeKeysFile(path: string, text: string): void {
  try {
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    // Only ciphertext is ever written, so even a leftover temp file would hold no secret.
    writeFileAtomic(path, text, 0o600);
  } catch (error) {
    throw new StsRefreshError(
      `cannot write ${path} (${(error as NodeJS.ErrnoException).code ?? 'error'}); it is unchanged`,
      'check the disk and the directory',
      {
        cause: error,
      },
    );
  }
}

async function underLock<T>(path: string, work: () => Promise<T>): Promise<T> {
  const lockPath = `${path}.lock`;
  let lost: Error | undefined;
  let release: () => Promise<void>;
  try {
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    release = await waitForLock(path, {
      lockPath,
      // The same timings as the AWS files' lock: both guard an edit that takes milliseconds.
      ...FILE_EDIT_LOCK,
      onLost: (error) => (lost = error),
      holderDoes: `changing ${path}`,
    });
  } catch (error) {
    if (error instanceof StsRefreshError) throw error;
    const code = ((error instanceof LockFailedError ? error.cause : error) as NodeJS.ErrnoException | undefined)?.code ?? 'error';
    throw new StsRefreshError(`cannot lock ${path} (${code}); it is unchanged`, 'check the disk and the directory', { cause: error });
  }
  try {
    const result = await work();
    if (lost) throw new StsRefreshError(`lost the lock on ${path} (${lost.message})`, 'run the command again');
    return result;
  } finally {
    await release().catch(() => undefined);
  }
}

function validKdf(kdf: Partial<KdfParams>): boolean {
  const { N, r, p } = kdf;
  const whole = (n: unknown, max: number): n is number => Number.isInteger(n) && (n as number) >= 1 && (n as number) <= max;
  return whole(N, MAX_N) && N > 1 && (N & (N - 1)) === 0 && whole(r, MAX_R) && whole(p, MAX_P);
}

function sameKdf(a: KdfParams, b: KdfParams): boolean {
  return a.N === b.N && a.r === b.r && a.p === b.p;
}

function scrypt(passphrase: string, salt: Buffer, { N, r, p }: KdfParams): Promise<Buffer> {
  // scrypt needs 128 * N * r bytes; Node refuses more than maxmem, which must allow for it.
  const maxmem = 128 * N * r * 2 + 1024 * 1024;
  return new Promise((resolve, reject) =>
    scryptCallback(passphrase, salt, 32, { N, r, p, maxmem }, (error, key) => (error ? reject(error) : resolve(key))),
  );
}

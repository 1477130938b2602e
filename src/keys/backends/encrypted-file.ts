import { createCipheriv, createDecipheriv, randomBytes, scrypt as scryptCallback, type ScryptOptions } from 'node:crypto';
import { closeSync, fchmodSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { StsRefreshError } from '../../core/errors';
import type { Keyring } from './keyring';

// One file holds every profile's keys, encrypted whole, so not even the profile names show.
// scrypt at N=2^15, r=8 (32 MiB, about 0.1 s) is the cost OWASP and libsodium's "interactive"
// level use for a key typed by a person; AES-256-GCM authenticates, so a wrong passphrase or an
// edited file is told apart from keys.
const SCRYPT = { N: 2 ** 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };
const FORMAT = 'sts-refresh-keys/1';

interface FileFormat {
  format: typeof FORMAT;
  kdf: { name: 'scrypt'; N: number; r: number; p: number; salt: string };
  iv: string;
  tag: string;
  data: string;
}

type Contents = Record<string, { AccessKeyId: string; SecretAccessKey: string }>;

export interface EncryptedFileInit {
  path: string;
  /** Asked only when the file is first read or written, so `keys --help` never prompts. */
  passphrase: () => Promise<string>;
}

export function openEncryptedFile(init: EncryptedFileInit): Keyring {
  let key: { salt: Buffer; key: Buffer } | undefined;
  const keyFor = async (salt: Buffer, params: { N: number; r: number; p: number } = SCRYPT): Promise<Buffer> => {
    if (key && key.salt.equals(salt)) return key.key;
    const passphrase = await init.passphrase();
    if (!passphrase) throw new StsRefreshError(`the passphrase for ${init.path} is empty`, 'give a passphrase of your own');
    const derived = await scrypt(passphrase, salt, { N: params.N, r: params.r, p: params.p, maxmem: SCRYPT.maxmem });
    key = { salt, key: derived };
    return derived;
  };

  const read = async (): Promise<{ contents: Contents; salt?: Buffer | undefined }> => {
    let text: string;
    try {
      text = readFileSync(init.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { contents: {} };
      throw new StsRefreshError(
        `cannot read ${init.path} (${(error as NodeJS.ErrnoException).code ?? 'error'})`,
        'check its owner and mode',
      );
    }
    const file = parseFile(text, init.path);
    const salt = Buffer.from(file.kdf.salt, 'base64');
    const decipher = createDecipheriv('aes-256-gcm', await keyFor(salt, file.kdf), Buffer.from(file.iv, 'base64'));
    decipher.setAuthTag(Buffer.from(file.tag, 'base64'));
    let plain: string;
    try {
      plain = Buffer.concat([decipher.update(Buffer.from(file.data, 'base64')), decipher.final()]).toString('utf8');
    } catch {
      key = undefined;
      throw new StsRefreshError(
        `the passphrase does not open ${init.path} (or the file was changed)`,
        'give the passphrase it was made with',
      );
    }
    return { contents: JSON.parse(plain) as Contents, salt };
  };

  const write = async (contents: Contents, salt: Buffer = randomBytes(16)): Promise<void> => {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', await keyFor(salt), iv);
    const data = Buffer.concat([cipher.update(JSON.stringify(contents), 'utf8'), cipher.final()]);
    const file: FileFormat = {
      format: FORMAT,
      kdf: { name: 'scrypt', N: SCRYPT.N, r: SCRYPT.r, p: SCRYPT.p, salt: salt.toString('base64') },
      iv: iv.toString('base64'),
      tag: cipher.getAuthTag().toString('base64'),
      data: data.toString('base64'),
    };
    replaceFile(init.path, `${JSON.stringify(file)}\n`);
  };

  return {
    backend: 'file',
    async get(profile) {
      const entry = (await read()).contents[profile];
      return entry && { accessKeyId: entry.AccessKeyId, secretAccessKey: entry.SecretAccessKey };
    },
    async set(profile, keys) {
      const { contents, salt } = await read();
      contents[profile] = { AccessKeyId: keys.accessKeyId, SecretAccessKey: keys.secretAccessKey };
      await write(contents, salt);
    },
    async remove(profile) {
      const { contents, salt } = await read();
      if (!(profile in contents)) return false;
      delete contents[profile];
      await write(contents, salt);
      return true;
    },
    async list() {
      return Object.keys((await read()).contents).sort();
    },
    close() {},
  };
}

function parseFile(text: string, path: string): FileFormat {
  try {
    const file = JSON.parse(text) as FileFormat;
    if (file.format === FORMAT && file.kdf?.name === 'scrypt' && file.iv && file.tag && typeof file.data === 'string') return file;
  } catch {
    // reported below
  }
  throw new StsRefreshError(`${path} is not an sts-refresh keys file`, 'move it aside, or point STS_REFRESH_KEYS_FILE elsewhere');
}

/**
 * Temp file (0600 from the start) in the same directory, fsync, rename: a crash leaves the old file
 * or the new one. Only ciphertext is ever written, so a leftover temp file would hold no secret.
 */
function replaceFile(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const temp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  const fd = openSync(temp, 'wx', 0o600);
  try {
    fchmodSync(fd, 0o600);
    const bytes = Buffer.from(text, 'utf8');
    for (let done = 0; done < bytes.length;) done += writeSync(fd, bytes, done);
    fsyncSync(fd);
    closeSync(fd);
    renameSync(temp, path);
  } catch (error) {
    try {
      closeSync(fd);
    } catch {
      // already closed
    }
    try {
      unlinkSync(temp);
    } catch {
      // already renamed or never made
    }
    throw new StsRefreshError(
      `cannot write ${path} (${(error as NodeJS.ErrnoException).code ?? 'error'})`,
      'check the disk and the directory',
      {
        cause: error,
      },
    );
  }
}

function scrypt(passphrase: string, salt: Buffer, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scryptCallback(passphrase, salt, 32, options, (error, key) => (error ? reject(error) : resolve(key))),
  );
}

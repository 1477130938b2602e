import { createCipheriv, randomBytes, scryptSync } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Every file under `dir` whose bytes contain `secret`: what `grep -rl` would say, for the "no plaintext left" checks. */
export function filesHolding(dir: string, secret: string): string[] {
  const found: string[] = [];
  const needle = Buffer.from(secret, 'utf8');
  const walk = (d: string) => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const path = join(d, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile() && readFileSync(path).includes(needle)) found.push(path);
    }
  };
  walk(dir);
  return found.sort();
}

/** A keys file as an older sts-refresh wrote it, with scrypt's N at `N`: the format's header, then AES-256-GCM. */
export function writeOlderKeysFile(path: string, passphrase: string, N: number, contents: object): void {
  const salt = randomBytes(16);
  const key = scryptSync(passphrase, salt, 32, { N, r: 8, p: 1, maxmem: 256 * 1024 * 1024 });
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const data = Buffer.concat([cipher.update(JSON.stringify(contents), 'utf8'), cipher.final()]);
  const kdf = { name: 'scrypt', N, r: 8, p: 1, salt: salt.toString('base64') };
  const file = {
    format: 'sts-refresh-keys/1',
    kdf,
    iv: iv.toString('base64'),
    tag: cipher.getAuthTag().toString('base64'),
    data: data.toString('base64'),
  };
  writeFileSync(path, `${JSON.stringify(file)}\n`, { mode: 0o600 });
}

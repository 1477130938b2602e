import { StsRefreshError } from '../core/errors';

/** A long-term IAM access key pair, as a keyring holds it. */
export interface AccessKeys {
  accessKeyId: string;
  secretAccessKey: string;
}

// IAM key ids are 16-128 word characters (AKIA... for a user's key); a secret is 40 base64-ish
// characters today. The bounds only keep out what cannot be a key: blanks, lines, control bytes.
const KEY_ID = /^[A-Z0-9]{16,128}$/;
const SECRET = /^[\x21-\x7e]{16,256}$/;

/** Checks a pair typed, piped or read from a file; the message never repeats the secret. */
export function checkAccessKeys(keys: AccessKeys, from: string): AccessKeys {
  if (!KEY_ID.test(keys.accessKeyId))
    throw new StsRefreshError(`${from}: the access key id is not an IAM key id (16 or more capital letters and digits, like AKIA...)`);
  if (!SECRET.test(keys.secretAccessKey))
    throw new StsRefreshError(`${from}: the secret access key is not one (16 or more printable characters, no spaces)`);
  return keys;
}

/** The form a keyring item holds: one JSON text, so one read returns both halves. */
export function encodeKeys(keys: AccessKeys): string {
  return JSON.stringify({ AccessKeyId: keys.accessKeyId, SecretAccessKey: keys.secretAccessKey });
}

export function decodeKeys(text: string, where: string): AccessKeys {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  const { AccessKeyId, SecretAccessKey } = (json ?? {}) as Record<string, unknown>;
  if (typeof AccessKeyId !== 'string' || typeof SecretAccessKey !== 'string') {
    throw new StsRefreshError(
      `${where} holds something that is not an sts-refresh key pair`,
      'store the keys again with sts-refresh keys add',
    );
  }
  return { accessKeyId: AccessKeyId, secretAccessKey: SecretAccessKey };
}

/** The last four characters of a key id: enough to tell keys apart in a list, as the IAM console shows them. */
export function keyIdTail(accessKeyId: string): string {
  return `****${accessKeyId.slice(-4)}`;
}

/** What `credential_process` prints for long-term keys: no SessionToken, no Expiration, so the SDKs never refresh them. */
export function credentialProcessJson(keys: AccessKeys): string {
  return `${JSON.stringify({ Version: 1, AccessKeyId: keys.accessKeyId, SecretAccessKey: keys.secretAccessKey })}\n`;
}

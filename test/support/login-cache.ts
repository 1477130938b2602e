import { createHash, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const LOGIN_SESSION = 'arn:aws:iam::123456789012:user/alice';
export const LOGIN_KEY_ID = 'ASIALOGINCACHED00001';

export interface LoginFile {
  path: string;
  /** The session's DPoP key, which signs its refreshes. */
  key: KeyObject;
}

/**
 * What `aws login` (AWS CLI 2.32+) leaves in a home: the session's file in ~/.aws/login/cache,
 * named by the SHA-256 of the login_session ARN, with keys that expire in `minutesLeft`, a refresh
 * token and a P-256 DPoP key in SEC1 PEM. The profile's `login_session = ARN` line is the caller's.
 */
export function writeLoginCache(home: string, minutesLeft: number): LoginFile {
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const dir = join(home, '.aws', 'login', 'cache');
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `${createHash('sha256').update(LOGIN_SESSION, 'utf8').digest('hex')}.json`);
  const file = {
    accessToken: {
      accessKeyId: LOGIN_KEY_ID,
      secretAccessKey: 'login/secret/0000000000000000000000000',
      sessionToken: 'login-session-token',
      accountId: '123456789012',
      // As the AWS CLI writes it: to the second.
      expiresAt: new Date(Date.now() + minutesLeft * 60_000).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    },
    tokenType: 'aws_sigv4',
    clientId: 'arn:aws:signin:::devtools/same-device',
    refreshToken: 'refresh-from-aws-login',
    idToken: 'header.payload.signature',
    dpopKey: privateKey.export({ format: 'pem', type: 'sec1' }),
  };
  writeFileSync(path, JSON.stringify(file), { mode: 0o600 });
  return { path, key: privateKey };
}

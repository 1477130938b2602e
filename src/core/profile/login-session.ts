import { createHash } from 'node:crypto';

/**
 * The file `aws login` keeps a session in, inside its cache directory: the SHA-256 of the profile's
 * `login_session` value exactly as written (an ARN), in hex. botocore and the JS SDK name it alike.
 */
export function loginCacheFileName(loginSession: string): string {
  return `${createHash('sha256').update(loginSession, 'utf8').digest('hex')}.json`;
}

import { randomBytes, timingSafeEqual } from 'node:crypto';

// 32 random bytes is what the issue asks for and what a guess cannot reach; base64url keeps the
// header value plain ASCII for every SDK.
const TOKEN_BYTES = 32;

/** A fresh token for one `exec`: it lives in the child's environment and in this process only. */
export function newEndpointToken(): string {
  return randomBytes(TOKEN_BYTES).toString('base64url');
}

/**
 * Whether the request carried exactly the token, as the SDKs send it: one Authorization header
 * whose whole value is the token. Any other form (a "Bearer " prefix, two headers, none) is a
 * mismatch. The comparison takes the same time wherever the first wrong byte is.
 */
export function tokenMatches(sent: readonly string[] | undefined, token: string): boolean {
  if (sent === undefined || sent.length !== 1) return false;
  const expected = Buffer.from(token, 'utf8');
  const given = Buffer.from(sent[0] ?? '', 'utf8');
  // timingSafeEqual needs equal lengths; comparing the token with itself keeps the time the same
  // for a wrong length, and the length of a random token is no secret anyway.
  if (given.length !== expected.length) {
    timingSafeEqual(expected, expected);
    return false;
  }
  return timingSafeEqual(given, expected);
}

// @noble/hashes rather than node:crypto: loading node:crypto (and the streams it pulls in) costs a
// cache hit about 4 ms, a third of the helper's whole budget over bare Node; hashing ~200 bytes
// in audited pure JS costs microseconds.
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import type { MfaSessionRequest, RoleRequest } from './role-request';

// Bump when the meaning of an entry changes, so old entries become misses instead of being misread.
// 2: the MFA serial joined the role key.
const KEY_VERSION = 2;

/** A file-name-safe key that differs whenever any field of the request differs. */
export function cacheKey(request: RoleRequest): string {
  // A JSON array, not string concatenation, so no two distinct requests can serialise the same way.
  return digest([
    KEY_VERSION,
    request.roleArn,
    request.sourceProfile,
    request.sessionName,
    request.externalId ?? null,
    request.durationSeconds,
    request.region ?? null,
    request.endpoint ?? null,
    request.mfaSerial ?? null,
  ]);
}

/** The key of an MFA session; its leading tag keeps it apart from every role key. */
export function mfaSessionKey(request: MfaSessionRequest): string {
  return digest([
    KEY_VERSION,
    'mfa-session',
    request.sourceProfile,
    request.serialNumber,
    request.durationSeconds,
    request.region,
    request.endpoint ?? null,
  ]);
}

function digest(material: unknown[]): string {
  return bytesToHex(sha256(utf8ToBytes(JSON.stringify(material))));
}

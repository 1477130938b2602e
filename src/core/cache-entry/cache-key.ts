import { fieldValues, MFA_SESSION_FIELDS, ROLE_REQUEST_FIELDS, type MfaSessionRequest, type RoleRequest } from '../request/request-fields';

// Bump when the meaning of an entry changes, so old entries become misses instead of being misread.
// 2: the MFA serial joined the role key. 3: FNV-1a 128 instead of SHA-256 (keys of 32 hex digits).
const KEY_VERSION = 3;

/** A file-name-safe key that differs whenever any field of the request (request-fields.ts) differs. */
export function cacheKey(request: RoleRequest): string {
  // A JSON array, not string concatenation, so no two distinct requests can serialise the same way.
  return digest([KEY_VERSION, ...fieldValues(ROLE_REQUEST_FIELDS, request)]);
}

/** The key of an MFA session; its leading tag keeps it apart from every role key. */
export function mfaSessionKey(request: MfaSessionRequest): string {
  return digest([KEY_VERSION, 'mfa-session', ...fieldValues(MFA_SESSION_FIELDS, request)]);
}

const FNV128_OFFSET = 0x6c62272e07bb014262b821756295c58dn;
const FNV128_PRIME = 0x0000000001000000000000000000013bn;
const MASK128 = (1n << 128n) - 1n;

/**
 * FNV-1a, 128 bits: the key names a file, it guards nothing. An entry records the request it was
 * written for and is served only for an identical one (hit-entry.ts, cache-entry.ts), in a
 * directory only its owner can write, so a collision could at worst make two requests share a
 * file. A cryptographic hash would cost a cache hit: node:crypto ~4 ms to load, SHA-256 in pure JS
 * (@noble/hashes, used before) ~0.7 ms cold; this costs ~0.1 ms.
 */
function digest(material: unknown[]): string {
  let hash = FNV128_OFFSET;
  for (const byte of Buffer.from(JSON.stringify(material), 'utf8')) hash = ((hash ^ BigInt(byte)) * FNV128_PRIME) & MASK128;
  return hash.toString(16).padStart(32, '0');
}

import { createHash } from 'node:crypto';
import type { RoleRequest } from './role-request';

// Bump when the meaning of an entry changes, so old entries become misses instead of being misread.
const KEY_VERSION = 1;

/** A file-name-safe key that differs whenever any field of the request differs. */
export function cacheKey(request: RoleRequest): string {
  // A JSON array, not string concatenation, so no two distinct requests can serialise the same way.
  const material = JSON.stringify([
    KEY_VERSION,
    request.roleArn,
    request.sourceProfile,
    request.sessionName,
    request.externalId ?? null,
    request.durationSeconds,
    request.region,
    request.endpoint ?? null,
  ]);
  return createHash('sha256').update(material).digest('hex');
}

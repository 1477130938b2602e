import type { CacheEntry } from './cache-entry';
import { CACHE_SCHEMA_VERSION } from './cache-schema-version';
import { isCanonicalTime } from './iso-time';
import { CLOCK_SKEW_WARN_MS, freshness } from './refresh-policy';
import { sameRequest, type RoleRequest } from '../request/role-request';

/**
 * Whether a cached entry answers this request as it stands, decided without zod: a cache hit
 * cannot afford to build the schemas (~3 ms of a ~3 ms budget). It may only say yes to what
 * cacheEntrySchema also accepts (a property test holds it to that), and it says no to anything
 * the full path would add a word to, such as a clock-skew warning. A no is never an error: the
 * full path then reads the entry again, with the schema, and explains.
 */
export function entryForHit(data: unknown, expected: RoleRequest, nowMs: number, windowSeconds: number): CacheEntry | undefined {
  if (!isRecord(data) || data.schemaVersion !== CACHE_SCHEMA_VERSION) return undefined;
  const { request, credentials } = data;
  // Field by field with ===, so a match also proves every field has the expected type.
  if (!isRecord(request) || !sameRequest(request, expected)) return undefined;
  if (!isRecord(credentials)) return undefined;
  const { AccessKeyId, SecretAccessKey, SessionToken, Expiration } = credentials;
  if (!filled(AccessKeyId) || !filled(SecretAccessKey) || !filled(SessionToken) || !isCanonicalTime(Expiration)) return undefined;
  if (typeof data.accountId !== 'string' || typeof data.stsRegion !== 'string' || !isCanonicalTime(data.fetchedAt)) return undefined;
  if (typeof data.clockOffsetMs !== 'number' || !Number.isFinite(data.clockOffsetMs)) return undefined;
  if (!optional(data.assumedRoleArn, isString) || !optional(data.mfaSerial, isString)) return undefined;
  if (!optional(data.mfaSessionExpiration, isCanonicalTime) || !optional(data.chained, isBoolean)) return undefined;
  const entry = data as unknown as CacheEntry;
  if (Math.abs(entry.clockOffsetMs) > CLOCK_SKEW_WARN_MS) return undefined;
  return freshness(entry, nowMs, windowSeconds) === 'fresh' ? entry : undefined;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const isString = (value: unknown): value is string => typeof value === 'string';
const isBoolean = (value: unknown): value is boolean => typeof value === 'boolean';
const filled = (value: unknown): value is string => typeof value === 'string' && value.length > 0;
const optional = (value: unknown, check: (v: unknown) => boolean) => value === undefined || check(value);

import * as z from 'zod/mini';
import { CACHE_SCHEMA_VERSION } from './cache-schema-version';
import { ROLE_REQUEST_FIELDS } from '../request/request-fields';
import { storedRequestSchema } from '../request/request-schema';
import { sameRequest, type RoleRequest } from '../request/role-request';

export { CACHE_SCHEMA_VERSION };

export const credentialsSchema = z.object({
  AccessKeyId: z.string().check(z.minLength(1)),
  SecretAccessKey: z.string().check(z.minLength(1)),
  SessionToken: z.string().check(z.minLength(1)),
  Expiration: z.iso.datetime({ offset: true }),
});

const cacheEntrySchema = z.object({
  schemaVersion: z.literal(CACHE_SCHEMA_VERSION),
  request: storedRequestSchema(ROLE_REQUEST_FIELDS),
  credentials: credentialsSchema,
  accountId: z.string(),
  /** The region whose STS endpoint issued the credentials (the request's, or the source profile's). */
  stsRegion: z.string(),
  assumedRoleArn: z.optional(z.string()),
  /** The MFA device of the session these credentials were assumed from (--mfa-serial or the profile's). */
  mfaSerial: z.optional(z.string()),
  /** When the MFA session these credentials were assumed from expires; shown by print on a hit. */
  mfaSessionExpiration: z.optional(z.iso.datetime({ offset: true })),
  /**
   * Whether the role was assumed with temporary credentials (a session token: an MFA session, SSO,
   * `aws login`, another role). AWS treats that as role chaining: the session lasts at most 1 h,
   * and the console's federation endpoint refuses a SessionDuration for it. Absent in entries
   * written before it was recorded.
   */
  chained: z.optional(z.boolean()),
  /** STS's clock minus ours, measured from the response Date header. */
  clockOffsetMs: z.number(),
  fetchedAt: z.iso.datetime({ offset: true }),
});

export type SessionCredentials = z.infer<typeof credentialsSchema>;
export type CacheEntry = z.infer<typeof cacheEntrySchema>;

export type Parsed<E> = { ok: true; entry: E } | { ok: false; reason: string };
export type ParsedEntry = Parsed<CacheEntry>;

/** Reads an entry from file text; anything unreadable or meant for another request is a miss, never a crash. */
export function parseCacheEntry(text: string, expected: RoleRequest): ParsedEntry {
  const parsed = parseStoredEntry(text);
  if (parsed.ok && !sameRequest(parsed.entry.request, expected)) return { ok: false, reason: 'written for another request' };
  return parsed;
}

/** Reads an entry whatever request it was written for (cache list and clear). */
export function parseStoredEntry(text: string): ParsedEntry {
  return parseWith(cacheEntrySchema, text, 'not a cache entry of this version');
}

/** File text read by `schema`; a miss, with the reason, when it is not JSON or not of that shape. */
export function parseWith<S extends z.ZodMiniType>(schema: S, text: string, notOfShape: string): Parsed<z.infer<S>> {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return { ok: false, reason: 'not valid JSON' };
  }
  const result = schema.safeParse(data);
  return result.success ? { ok: true, entry: result.data } : { ok: false, reason: notOfShape };
}

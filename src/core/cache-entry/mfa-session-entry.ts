import * as z from 'zod/mini';
import { CACHE_SCHEMA_VERSION, credentialsSchema, parseWith, type Parsed } from './cache-entry';
import { MFA_SESSION_FIELDS, sameFields, type MfaSessionRequest } from '../request/request-fields';
import { storedRequestSchema } from '../request/request-schema';

const mfaSessionEntrySchema = z.object({
  schemaVersion: z.literal(CACHE_SCHEMA_VERSION),
  // Tags the file so a role entry can never be read as a session or the other way round.
  kind: z.literal('mfa-session'),
  request: storedRequestSchema(MFA_SESSION_FIELDS),
  credentials: credentialsSchema,
  clockOffsetMs: z.number(),
  fetchedAt: z.iso.datetime({ offset: true }),
});

/** A cached GetSessionToken session: the source profile's credentials with MFA present. */
export type MfaSessionEntry = z.infer<typeof mfaSessionEntrySchema>;

/** Reads an MFA session entry from file text; anything unreadable or meant for another session is a miss. */
export function parseMfaSessionEntry(text: string, expected: MfaSessionRequest): Parsed<MfaSessionEntry> {
  const parsed = parseStoredMfaSession(text);
  if (!parsed.ok) return parsed;
  const same = sameFields(MFA_SESSION_FIELDS, parsed.entry.request, expected);
  return same ? parsed : { ok: false, reason: 'written for another MFA session' };
}

/** Reads an MFA session entry whatever session it was written for (cache list and clear). */
export function parseStoredMfaSession(text: string): Parsed<MfaSessionEntry> {
  return parseWith(mfaSessionEntrySchema, text, 'not an MFA session entry of this version');
}

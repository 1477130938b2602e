// No zod here: the cache-hit path derives its key and its equality check from these tables too.

/** How a request field is stored: a string that must be there, one that may be absent, or whole seconds. */
export type FieldKind = 'text' | 'optional-text' | 'seconds';

export interface FieldSpec {
  kind: FieldKind;
  /** The command-line option that sets it, for messages; undefined when no option sets it directly. */
  option?: string;
}

export type FieldTable = Readonly<Record<string, FieldSpec>>;

type ValueOf<K extends FieldKind> = K extends 'seconds' ? number : string;
type OptionalNames<T extends FieldTable> = { [N in keyof T]: T[N]['kind'] extends 'optional-text' ? N : never }[keyof T];

/** The request type a table describes: a field added to the table is a field of the type. */
export type RequestOf<T extends FieldTable> = {
  -readonly [N in Exclude<keyof T, OptionalNames<T>>]: ValueOf<T[N]['kind']>;
} & { -readonly [N in OptionalNames<T>]?: string };

/**
 * One distinct AssumeRole request: everything that changes which credentials come back. The cache
 * key, the check that a stored entry answers this request (hit-entry.ts, cache-entry.ts) and the
 * schemas are all made from this one table, so a field added here cannot be left out of any of
 * them. Order matters: the key hashes the fields in this order, and a new order orphans every
 * cached entry (cache-key.ts pins the key with a golden test).
 */
export const ROLE_REQUEST_FIELDS = {
  roleArn: { kind: 'text', option: '--role' },
  sourceProfile: { kind: 'text', option: '--source-profile' },
  sessionName: { kind: 'text', option: '--session-name' },
  externalId: { kind: 'optional-text', option: '--external-id' },
  durationSeconds: { kind: 'seconds', option: '--duration' },
  /**
   * The region named by --region, AWS_REGION or AWS_DEFAULT_REGION. Undefined means the source
   * profile's `region`, else us-east-1, looked up only on a miss so a cache hit never reads the
   * config file.
   */
  region: { kind: 'optional-text', option: '--region' },
  /** An endpoint chosen by --endpoint-url or AWS_ENDPOINT_URL(_STS); undefined means the regional STS endpoint. */
  endpoint: { kind: 'optional-text', option: '--endpoint-url' },
  /** --mfa-serial. Undefined means the source profile's mfa_serial, if any, settled on a miss. */
  mfaSerial: { kind: 'optional-text', option: '--mfa-serial' },
} as const satisfies FieldTable;

/**
 * One GetSessionToken session of the source profile, shared by every role assumed from it: it does
 * not depend on the role, so roles with the same source profile and device reuse one code.
 */
export const MFA_SESSION_FIELDS = {
  sourceProfile: { kind: 'text' },
  serialNumber: { kind: 'text' },
  durationSeconds: { kind: 'seconds' },
  region: { kind: 'text' },
  endpoint: { kind: 'optional-text' },
} as const satisfies FieldTable;

export type RoleRequest = RequestOf<typeof ROLE_REQUEST_FIELDS>;
export type MfaSessionRequest = RequestOf<typeof MFA_SESSION_FIELDS>;

/**
 * Whether a stored request is the expected one, field by field with ===: a match also proves each
 * stored field has the expected type, and fields the table does not know are ignored.
 */
export function sameFields<T extends FieldTable>(table: T, stored: Record<string, unknown>, expected: RequestOf<T>): boolean {
  const wanted = expected as Record<string, unknown>;
  for (const name of Object.keys(table)) if (stored[name] !== wanted[name]) return false;
  return true;
}

/** The request's values in table order, an absent one as null: what its cache key is made from. */
export function fieldValues<T extends FieldTable>(table: T, request: RequestOf<T>): unknown[] {
  const values = request as Record<string, unknown>;
  return Object.keys(table).map((name) => values[name] ?? null);
}

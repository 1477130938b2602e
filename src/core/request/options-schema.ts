import * as z from 'zod/mini';
import { UsageError } from '../errors';
import { LIMITS } from './option-limits';
import { ROLE_REQUEST_FIELDS } from './request-fields';
import type { ResolvedOptions, RoleRequest } from './role-request';

// zod/mini rather than zod: it tree-shakes to a few kilobytes. Even so, building and running these
// schemas costs a cold process ~3 ms, so a cache hit (cache-hit.ts) does not load them: the request
// was checked here before its entry was written, and the other settings against LIMITS.
const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/;
const SESSION_NAME = /^[\w+=,.@-]{2,64}$/;
const EXTERNAL_ID = /^[\w+=,.@:/-]{2,1224}$/;
const REGION = /^[a-z]{2}(-[a-z0-9]+){1,4}$/;

/** For regions read from a config file, which are checked where they are read so the error can name the file. */
export const isRegion = (value: string): boolean => REGION.test(value);
const PROFILE = /^[^\s[\]]{1,128}$/;
// STS's own constraint on SerialNumber: a virtual device's ARN or a hardware token's serial.
export const MFA_SERIAL = /^[\w+=/:,.@-]{9,256}$/;

const httpUrl = z.string().check(
  z.refine((value) => {
    try {
      const url = new URL(value);
      return url.protocol === 'https:' || url.protocol === 'http:';
    } catch {
      return false;
    }
  }, 'must be an http(s) URL such as https://sts.eu-west-1.amazonaws.com'),
);

/** Whole seconds within one of LIMITS; the messages name the bound in the user's units. */
const seconds = ({ min, max }: { min: number; max: number }, atLeast: string | undefined, atMost: string) =>
  z.number().check(z.int(), z.gte(min, atLeast), z.lte(max, atMost));

/**
 * The checks of each request field. The type makes it list every field of the table
 * (request-fields.ts) and no other, so a new field cannot reach the cache key unchecked.
 */
const REQUEST_CHECKS: { [N in keyof typeof ROLE_REQUEST_FIELDS]: z.ZodMiniType<RoleRequest[N]> } = {
  roleArn: z.string().check(z.regex(ROLE_ARN, 'must be an IAM role ARN such as arn:aws:iam::123456789012:role/Name')),
  sourceProfile: z.string().check(z.regex(PROFILE, 'must be a profile name without spaces or brackets')),
  sessionName: z.string().check(z.regex(SESSION_NAME, 'must be 2 to 64 of the characters A-Z a-z 0-9 _ + = , . @ -')),
  durationSeconds: seconds(LIMITS.durationSeconds, 'must be at least 900 seconds (15m)', 'must be at most 43200 seconds (12h)'),
  externalId: z.optional(z.string().check(z.regex(EXTERNAL_ID, 'must be 2 to 1224 of the characters A-Z a-z 0-9 _ + = , . @ : / -'))),
  region: z.optional(z.string().check(z.regex(REGION, 'must be an AWS region such as us-east-1'))),
  endpoint: z.optional(httpUrl),
  mfaSerial: z.optional(
    z
      .string()
      .check(z.regex(MFA_SERIAL, 'must be an MFA device ARN such as arn:aws:iam::123456789012:mfa/alice, or a device serial number')),
  ),
};

const optionsSchema = z.object({
  request: z.object(REQUEST_CHECKS),
  mfa: z.object({
    durationSeconds: z.optional(
      seconds(LIMITS.mfaDurationSeconds, 'must be at least 900 seconds (15m)', 'must be at most 129600 seconds (36h)'),
    ),
    command: z.optional(z.string().check(z.minLength(1, 'must not be empty'))),
  }),
  cache: z.object({
    dir: z.optional(z.string().check(z.minLength(1, 'must not be empty'))),
    refreshWindowSeconds: seconds(LIMITS.refreshWindowSeconds, undefined, 'must be at most 43200 seconds (12h)'),
  }),
  timeoutSeconds: seconds(LIMITS.timeoutSeconds, 'must be at least 1 second', 'must be at most 3600 seconds'),
});

/** Where each field came from on the command line, so an error names the option the user typed. */
const OPTION_FOR_FIELD: Record<string, string> = {
  ...Object.fromEntries(Object.entries(ROLE_REQUEST_FIELDS).map(([name, spec]) => [name, spec.option])),
  dir: '--cache-dir',
  refreshWindowSeconds: '--refresh-window',
  timeoutSeconds: '--timeout',
  command: '--mfa-command',
};
/** Fields whose name is shared by several objects, told apart by their parent. */
const OPTION_FOR_PATH: Record<string, string> = { 'mfa.durationSeconds': '--mfa-duration' };

/** Checks every option before anything touches the network; throws a UsageError naming the option. */
export function validateOptions(options: ResolvedOptions): ResolvedOptions {
  const result = optionsSchema.safeParse(options);
  if (result.success) return options;
  const issue = result.error.issues[0];
  const field = String(issue?.path[issue.path.length - 1] ?? '');
  const option = OPTION_FOR_PATH[(issue?.path ?? []).map(String).join('.')] ?? OPTION_FOR_FIELD[field] ?? field;
  const value = lookup(options, issue?.path ?? []);
  const shown =
    typeof value === 'string'
      ? ` (got '${value.length > 80 ? `${value.slice(0, 80)}...` : value}')`
      : value === undefined
        ? ''
        : ` (got ${String(value)})`;
  throw new UsageError(`${option} ${issue?.message ?? 'is invalid'}${shown}`, `run sts-refresh --help for the options`);
}

function lookup(root: unknown, path: readonly PropertyKey[]): unknown {
  let node = root;
  for (const key of path) node = (node as Record<PropertyKey, unknown> | undefined)?.[key];
  return node;
}

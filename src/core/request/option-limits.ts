import type { ResolvedOptions } from './role-request';

/**
 * The ranges of the numeric options, in one place for the two checks that use them: the zod
 * schema (options-schema.ts), which explains a bad value, and the cache-hit path, which only has
 * to know whether to answer or to hand over to the full path.
 */
export const LIMITS = {
  // AssumeRole's own bounds; a role's MaxSessionDuration may be lower, which STS reports.
  durationSeconds: { min: 900, max: 43_200 },
  // GetSessionToken's bounds for an IAM user.
  mfaDurationSeconds: { min: 900, max: 129_600 },
  refreshWindowSeconds: { min: 0, max: 43_200 },
  timeoutSeconds: { min: 1, max: 3600 },
} as const;

const within = (value: number, { min, max }: { min: number; max: number }) => Number.isInteger(value) && value >= min && value <= max;

/**
 * Whether the options that are not part of the cache key hold what the schema asks of them.
 * The request itself needs no check on a hit: an entry is only written for a request that passed
 * the schema, and a hit needs an entry written for exactly this request.
 */
export function settingsWithinLimits(options: ResolvedOptions): boolean {
  const { mfa, cache, timeoutSeconds } = options;
  return (
    within(timeoutSeconds, LIMITS.timeoutSeconds) &&
    within(cache.refreshWindowSeconds, LIMITS.refreshWindowSeconds) &&
    (cache.dir === undefined || cache.dir.length > 0) &&
    (mfa.durationSeconds === undefined || within(mfa.durationSeconds, LIMITS.mfaDurationSeconds)) &&
    (mfa.command === undefined || mfa.command.length > 0)
  );
}

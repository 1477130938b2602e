/** What the policy needs of an entry: role entries and MFA session entries alike. */
export interface Renewable {
  request: { durationSeconds: number };
  credentials: { Expiration: string };
  clockOffsetMs: number;
}

export type Freshness = 'fresh' | 'refresh-due' | 'expired';

// Outage grace: during an STS outage we still hand out cached credentials, but not ones so close
// to their end that the caller's first request could fail with ExpiredToken.
export const OUTAGE_MIN_REMAINING_MS = 60_000;

// AWS rejects requests signed more than 5 minutes away from its own time; past this offset every
// answer carries a warning.
export const CLOCK_SKEW_WARN_MS = 5 * 60_000;

/**
 * The window actually used: short sessions get at most half their life as window, otherwise a
 * 15-minute session with a 20-minute window would never be served from the cache.
 */
export function effectiveWindowSeconds(windowSeconds: number, durationSeconds: number): number {
  return Math.min(windowSeconds, Math.floor(durationSeconds / 2));
}

/**
 * Time left before expiry, judged by whichever clock is less generous: STS's (the entry's measured
 * offset) or ours, which is the one the AWS CLI uses to decide whether the credentials are stale.
 */
export function remainingMs(entry: Renewable, nowMs: number): number {
  const expiresAt = Date.parse(entry.credentials.Expiration);
  return Math.min(expiresAt - nowMs, expiresAt - (nowMs + entry.clockOffsetMs));
}

export function freshness(entry: Renewable, nowMs: number, windowSeconds: number): Freshness {
  const left = remainingMs(entry, nowMs);
  const window = effectiveWindowSeconds(windowSeconds, entry.request.durationSeconds) * 1000;
  if (left > window) return 'fresh';
  return left > 0 ? 'refresh-due' : 'expired';
}

/** Whether cached credentials may be served, with a warning, when STS cannot be reached. */
export function usableDuringOutage(entry: Renewable, nowMs: number): boolean {
  return remainingMs(entry, nowMs) > OUTAGE_MIN_REMAINING_MS;
}

// exec's endpoint hands out the keys it holds while a renewal runs, as long as they have more than
// this left. It is botocore's mandatory refresh: with less than 10 minutes left botocore blocks
// each call on a refresh and fails the call when the endpoint fails, while above it (its advisory
// window, 15 minutes) a failed refresh is logged and the keys it has are used. It is also twice
// the 5 minutes within which the JS SDK treats credentials as expired and asks again.
export const HELD_KEYS_FLOOR_MS = 10 * 60_000;

/**
 * The floor for this entry: HELD_KEYS_FLOOR_MS, or half the window when the window is shorter than
 * 20 minutes (a session under 40 minutes, or a shorter --refresh-window), so that a renewal always
 * has part of the window in which the held keys are still handed out.
 */
export function heldKeysFloorMs(entry: Renewable, windowSeconds: number): number {
  return Math.min(HELD_KEYS_FLOOR_MS, effectiveWindowSeconds(windowSeconds, entry.request.durationSeconds) * 500);
}

/** Whether the keys of an entry inside its window may still be handed out while it is renewed. */
export function aboveHeldKeysFloor(entry: Renewable, nowMs: number, windowSeconds: number): boolean {
  return remainingMs(entry, nowMs) > heldKeysFloorMs(entry, windowSeconds);
}

/** How long until the entry enters its refresh window: 0 or less once it is due. */
export function msUntilRefreshDue(entry: Renewable, nowMs: number, windowSeconds: number): number {
  return remainingMs(entry, nowMs) - effectiveWindowSeconds(windowSeconds, entry.request.durationSeconds) * 1000;
}

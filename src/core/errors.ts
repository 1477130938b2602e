// Marks our errors by a registered symbol, not by class: the miss path runs as a separately
// compiled script (scripts/build.mjs) with its own copies of these classes, so instanceof across
// that boundary would be false.
const USER_FACING = Symbol.for('sts-refresh.user-facing-error');

/**
 * The two kinds of failure a user can see. Only cli.ts turns them into a stderr line and an exit
 * code, so helpers throw and never exit.
 */
export class UsageError extends Error {
  readonly [USER_FACING] = true;
  override readonly name = 'UsageError';
  readonly exitCode = 2;
  constructor(
    message: string,
    readonly hint?: string,
  ) {
    super(message);
  }
}

export class StsRefreshError extends Error {
  readonly [USER_FACING] = true;
  override readonly name = 'StsRefreshError';
  readonly exitCode = 1;
  constructor(
    message: string,
    readonly hint?: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export type UserFacingError = UsageError | StsRefreshError;

export function isUserFacing(error: unknown): error is UserFacingError {
  return typeof error === 'object' && error !== null && (error as { [USER_FACING]?: unknown })[USER_FACING] === true;
}

/**
 * A failed call to STS; `outage` marks failures (network, throttling, 5xx) that cached credentials
 * may ride out, `mfaRejected` a refused MFA code, after which a new code may be asked for.
 */
export class StsCallError extends StsRefreshError {
  constructor(
    message: string,
    hint: string,
    readonly outage: boolean,
    options?: { cause?: unknown },
    readonly mfaRejected = false,
  ) {
    super(message, hint, options);
  }
}

/** Whether STS refused the MFA code itself (not the device, the role or the keys). */
export function isMfaRejected(error: unknown): boolean {
  return isUserFacing(error) && (error as { mfaRejected?: unknown }).mfaRejected === true;
}

/** Whether cached credentials may ride out this failure (network, throttling, 5xx). */
export function isOutage(error: unknown): boolean {
  return isUserFacing(error) && (error as { outage?: unknown }).outage === true;
}

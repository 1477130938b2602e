/**
 * The two kinds of failure a user can see. Only cli.ts turns them into a stderr line and an exit
 * code, so helpers throw and never exit.
 */
export class UsageError extends Error {
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

// Every layer of the build shares the one copy of this module (scripts/build.mjs), so a class
// thrown in the SDK layer is the class the CLI layer checks.
export function isUserFacing(error: unknown): error is UserFacingError {
  return error instanceof UsageError || error instanceof StsRefreshError;
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
  return error instanceof StsCallError && error.mfaRejected;
}

/** Whether cached credentials may ride out this failure (network, throttling, 5xx). */
export function isOutage(error: unknown): boolean {
  return error instanceof StsCallError && error.outage;
}

/**
 * Whether STS said no, or answered what is not an answer (AccessDenied, an invalid token, an
 * unknown role, a malformed answer): every caller of the same request would be told the same.
 * A refused MFA code is not: it was one person's typing, and the next caller asks for a new code.
 */
export function isRefusal(error: unknown): error is StsCallError {
  return error instanceof StsCallError && !error.outage && !error.mfaRejected;
}

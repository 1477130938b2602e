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

export function isUserFacing(error: unknown): error is UserFacingError {
  return error instanceof UsageError || error instanceof StsRefreshError;
}

/** A failed call to STS; `outage` marks failures (network, throttling, 5xx) that cached credentials may ride out. */
export class StsCallError extends StsRefreshError {
  constructor(
    message: string,
    hint: string,
    readonly outage: boolean,
    options?: { cause?: unknown },
  ) {
    super(message, hint, options);
  }
}

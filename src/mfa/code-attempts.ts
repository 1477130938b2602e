import { parseMfaCode } from '../core/sts/mfa-code';
import { isMfaRejected, StsRefreshError } from '../core/errors';

/** Asks for a code; `problem` says what was wrong with the previous one, undefined on the first ask. */
export type AskCode = (problem: string | undefined) => Promise<string>;

export interface CodeAttemptsInit<T> {
  ask: AskCode;
  /** A person is asked (the terminal): only then is a second try worth it; a program would repeat itself. */
  interactive: boolean;
  /** The STS call the code is for. */
  call: (code: string) => Promise<T>;
}

/**
 * Gets a code, checks its form before STS sees it, and makes the call. A person gets exactly one
 * more prompt after a mistyped or refused code, never a loop: each refused code counts against the
 * device, and a prompt that keeps coming back holds the lock for every waiting caller.
 */
export async function withMfaCode<T>({ ask, interactive, call }: CodeAttemptsInit<T>): Promise<T> {
  let problem: string | undefined;
  for (let attempt = 1; ; attempt++) {
    const last = !interactive || attempt >= 2;
    const code = parseMfaCode(await ask(problem));
    if (code === undefined) {
      if (!last) {
        problem = 'that was not a 6-digit code';
        continue;
      }
      throw interactive
        ? new StsRefreshError('no 6-digit MFA code was entered', 'run the command again and type the 6 digits your MFA device shows')
        : new StsRefreshError(
            '--mfa-command did not print a 6-digit code',
            'run it by hand: its stdout must be the 6 digits and nothing else',
          );
    }
    try {
      return await call(code);
    } catch (error) {
      if (last || !isMfaRejected(error)) throw error;
      problem = 'STS refused that code';
    }
  }
}

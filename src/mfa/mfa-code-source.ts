import { MFA_CODE_WAIT_MS } from '../core/sts/mfa-code';
import { StsRefreshError } from '../core/errors';
import type { AskCode } from './code-attempts';
import { codeFromCommand } from './command-code';
import { askOnTerminal, NoTerminalError, type TerminalPaths } from '../prompt/terminal-prompt';

export interface MfaCodeSourceInit {
  serial: string;
  /** --mfa-command; undefined means asking on the terminal. */
  command?: string;
  env: NodeJS.ProcessEnv;
  /** The `sts-refresh print ...` line that warms the cache, for the no-terminal message, quoted for the shell. */
  warmUpCommand: string;
  /**
   * What the code is for, when a terminal prompt would otherwise leave the person guessing: exec
   * renewing a role while its command runs (and owns the terminal) says which role and which command.
   */
  purpose?: string;
  terminal?: TerminalPaths;
  /**
   * Called before every ask, so that processes waiting on this one's locks know a person (or a
   * program that may wait for a touch) is being asked, and outwait their own --timeout.
   */
  onAsking?: () => void;
}

/** Where codes come from, in the manner of aws-vault's prompt drivers: a command if given, else the terminal. */
export function mfaCodeSource(init: MfaCodeSourceInit): { ask: AskCode; interactive: boolean } {
  const { command } = init;
  const announce = () => init.onAsking?.();
  if (command !== undefined) {
    const ask: AskCode = () => {
      announce();
      return codeFromCommand({ command, env: init.env, timeoutMs: MFA_CODE_WAIT_MS });
    };
    return { ask, interactive: false };
  }
  const ask: AskCode = async (problem) => {
    announce();
    // A prompt in the middle of another command's output starts on a line of its own.
    const ask =
      init.purpose === undefined ? `MFA code for ${init.serial}: ` : `\nsts-refresh: MFA code for ${init.serial}, ${init.purpose}: `;
    const question = `${problem ? `sts-refresh: ${problem}; one more try.\n` : ''}${ask}`;
    try {
      return await askOnTerminal(question, MFA_CODE_WAIT_MS, { ...(init.terminal && { paths: init.terminal }) });
    } catch (error) {
      if (error instanceof NoTerminalError) {
        throw new StsRefreshError(
          `an MFA code for ${init.serial} is needed, but there is no terminal to ask on and no --mfa-command`,
          `give --mfa-command, or warm the cache once from a terminal: ${init.warmUpCommand}`,
          { cause: error },
        );
      }
      throw new StsRefreshError(`no MFA code for ${init.serial}: ${(error as Error).message}`, 'run the command again and type the code', {
        cause: error,
      });
    }
  };
  return { ask, interactive: true };
}

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
  /** The `sts-refresh print ...` line that warms the cache, for the no-terminal message. */
  warmUpCommand: string;
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
    const question = `${problem ? `sts-refresh: ${problem}; one more try.\n` : ''}MFA code for ${init.serial}: `;
    try {
      return await askOnTerminal(question, MFA_CODE_WAIT_MS, { ...(init.terminal && { paths: init.terminal }) });
    } catch (error) {
      if (error instanceof NoTerminalError) {
        throw new StsRefreshError(
          `an MFA code for ${init.serial} is needed, but there is no terminal to ask on and no --mfa-command`,
          `run '${init.warmUpCommand}' once in a terminal to warm the cache, or give --mfa-command`,
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

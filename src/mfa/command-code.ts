import { spawn } from 'node:child_process';
import { StsRefreshError } from '../errors';

export interface CommandCodeInit {
  command: string;
  env: NodeJS.ProcessEnv;
  timeoutMs: number;
}

/**
 * Runs --mfa-command through the shell, as credential_process commands are run, and resolves with
 * its stdout. Asynchronous for the same reason as the terminal prompt: the lock's refresh timer
 * must keep running while a hardware token waits for a touch.
 */
export function codeFromCommand({ command, env, timeoutMs }: CommandCodeInit): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, { shell: true, env, stdio: ['ignore', 'pipe', 'pipe'], windowsHide: true });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr = (stderr + d).slice(-2000)));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(new StsRefreshError(`could not run --mfa-command: ${error.message}`, 'check the command and its PATH', { cause: error }));
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) return resolve(stdout);
      const why = timedOut
        ? `gave no code within ${Math.round(timeoutMs / 1000)} s`
        : code !== null
          ? `exited with ${code}`
          : `was killed by ${signal}`;
      const said = stderr.trim().split('\n').pop()?.trim();
      reject(
        new StsRefreshError(
          `--mfa-command ${why}${said ? `: ${said.slice(0, 200)}` : ''}`,
          `run it by hand to check it prints a 6-digit code: ${command}`,
        ),
      );
    });
  });
}

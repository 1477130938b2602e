import { spawn } from 'node:child_process';
import { StsRefreshError } from '../core/errors';
import { taskkillCommand } from '../core/process/taskkill';

export interface CommandCodeInit {
  command: string;
  env: NodeJS.ProcessEnv;
  timeoutMs: number;
}

// A code is six digits and a newline; a token tool may add a line or two of its own. Anything past
// this is not a code, and reading on (`yes 123456`) would only fill memory until the string overflows.
export const MAX_CODE_OUTPUT_BYTES = 1024;

// A process group of its own on POSIX only: on Windows, detached would give the command a console
// window of its own, and there taskkill ends the tree instead (core/process/taskkill.ts).
const OWN_GROUP = process.platform !== 'win32';

/**
 * Runs --mfa-command through the shell, as credential_process commands are run, and resolves with
 * its stdout. Asynchronous for the same reason as the terminal prompt: the lock's refresh timer
 * must keep running while a hardware token waits for a touch.
 *
 * The command runs in a process group (and session) of its own, as a source's credential_process
 * does (aws/source-process.ts): a script that starts a password manager or waits for a token's
 * touch leaves nothing behind when its time runs out or sts-refresh no longer needs the code. It has
 * no controlling terminal, which a program that prints a code does not need.
 */
export function codeFromCommand({ command, env, timeoutMs }: CommandCodeInit): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, { shell: true, env, stdio: ['ignore', 'pipe', 'pipe'], detached: OWN_GROUP, windowsHide: true });
    const killGroup = () => {
      try {
        if (child.pid === undefined) child.kill('SIGKILL');
        else if (OWN_GROUP) process.kill(-child.pid, 'SIGKILL');
        else {
          const how = taskkillCommand(child.pid, env);
          // Should taskkill be missing or refused, the child itself at least.
          spawn(how.file, how.args, { stdio: 'ignore', windowsHide: true })
            .once('error', () => child.kill('SIGKILL'))
            .once('exit', (code) => code === 0 || child.kill('SIGKILL'));
        }
      } catch {
        // already gone
      }
    };
    let stdout = '';
    let stderr = '';
    let stopped: 'timeout' | 'too-much' | undefined;
    const stop = (why: NonNullable<typeof stopped>) => {
      stopped ??= why;
      killGroup();
      // A process that left the group (a daemon of its own) may still hold the pipes: closing our
      // end ends one that keeps writing (SIGPIPE), and 'close' comes.
      child.stdout.destroy();
      child.stderr.destroy();
    };
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      stdout += d;
      if (Buffer.byteLength(stdout) > MAX_CODE_OUTPUT_BYTES) stop('too-much');
    });
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr = (stderr + d).slice(-2000)));
    const timer = setTimeout(() => stop('timeout'), timeoutMs);
    // Should sts-refresh exit while the command runs (exec, whose own command has ended), the
    // command and whatever it started go with it rather than prompting on for nobody.
    process.once('exit', killGroup);
    child.once('error', (error) => {
      clearTimeout(timer);
      process.off('exit', killGroup);
      reject(new StsRefreshError(`could not run --mfa-command: ${error.message}`, 'check the command and its PATH', { cause: error }));
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      process.off('exit', killGroup);
      // The code is in (or will never come): whatever the shell left running in the background is not needed.
      killGroup();
      if (code === 0 && stopped === undefined) return resolve(stdout);
      const hint = `run it by hand to check it prints a 6-digit code: ${command}`;
      if (stopped === 'too-much') {
        return reject(
          new StsRefreshError(`--mfa-command printed more than ${MAX_CODE_OUTPUT_BYTES} bytes, which is not a 6-digit code`, hint),
        );
      }
      const why =
        stopped === 'timeout'
          ? `gave no code within ${Math.round(timeoutMs / 1000)} s`
          : code !== null
            ? `exited with ${code}`
            : `was killed by ${signal}`;
      const said = stderr.trim().split('\n').pop()?.trim();
      reject(new StsRefreshError(`--mfa-command ${why}${said ? `: ${said.slice(0, 200)}` : ''}`, hint));
    });
  });
}

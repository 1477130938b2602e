import { spawn } from 'node:child_process';
import { constants } from 'node:os';
import { CHAIN_ENV } from '../core/loop-guard';
import type { RequestArgs } from '../core/resolve-options';
import { credentialVariables } from '../core/shell-env';
import { StsRefreshError, UsageError } from '../errors';
import { obtainCredentials } from '../obtain-credentials';
import type { Command } from './command';
import { loadOptions } from './load-options';
import { REQUEST_OPTIONS, REQUEST_USAGE } from './request-options';

// Variables that would let the child pick credentials other than the ones handed to it.
const REMOVED = ['AWS_PROFILE', 'AWS_DEFAULT_PROFILE', CHAIN_ENV];
const FORWARDED = ['SIGINT', 'SIGTERM'] as const;

export const execCommand: Command = {
  name: 'exec',
  usage: `Usage: sts-refresh exec --role ARN [options] -- COMMAND [ARGS...]

Runs COMMAND with AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN and
AWS_CREDENTIAL_EXPIRATION set and AWS_PROFILE removed, so it cannot pick other credentials.
Exits with COMMAND's exit code (128 + the signal number if a signal ended it); SIGINT and SIGTERM
are passed on to it.
Example:
  sts-refresh exec --role arn:aws:iam::123456789012:role/Prod --source-profile user1 -- aws s3 ls

Options:
${REQUEST_USAGE}`,
  options: REQUEST_OPTIONS,
  allowPositionals: true,
  async run(values, positionals, io) {
    const [command, ...args] = positionals;
    if (command === undefined) {
      throw new UsageError(
        'exec needs a command after --',
        'for example: sts-refresh exec --role arn:aws:iam::123456789012:role/Prod -- aws s3 ls',
      );
    }
    const options = await loadOptions(values as RequestArgs, io.env);
    const { entry } = await obtainCredentials(options, io);
    const env: NodeJS.ProcessEnv = { ...io.env, ...Object.fromEntries(credentialVariables(entry)) };
    for (const name of REMOVED) delete env[name];
    return runChild(command, args, env);
  },
};

/** Runs the child in the foreground and resolves to the exit code to pass on. */
function runChild(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, stdio: 'inherit' });
    // A terminal's Ctrl-C reaches the whole process group anyway; a signal sent to us alone (kill,
    // a supervisor, a CI runner) must reach the child too, and we stay alive until it exits.
    const forward = (signal: NodeJS.Signals) => () => void child.kill(signal);
    const handlers = FORWARDED.map((signal) => [signal, forward(signal)] as const);
    for (const [signal, handler] of handlers) process.on(signal, handler);
    const done = () => handlers.forEach(([signal, handler]) => process.off(signal, handler));
    child.on('error', (error: NodeJS.ErrnoException) => {
      done();
      reject(
        new StsRefreshError(
          `cannot run '${command}': ${error.code === 'ENOENT' ? 'not found on PATH' : error.message}`,
          'check the command after --',
          { cause: error },
        ),
      );
    });
    child.on('exit', (code, signal) => {
      done();
      resolve(code ?? 128 + (signal ? (constants.signals[signal] ?? 0) : 0));
    });
  });
}

import { spawn } from 'node:child_process';
import { constants } from 'node:os';
import { StsRefreshError } from '../core/errors';
import { processGroups, terminalSignalReachedCommand } from './foreground-group';

// A closed terminal (SIGHUP) and Ctrl-\ (SIGQUIT) as well as Ctrl-C and kill: whichever reaches
// us alone must reach the child too, and we outlive it so that its exit status is ours.
const FORWARDED = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGQUIT'] as const;
// The two a terminal sends to its whole foreground process group (Ctrl-C, Ctrl-\), which the
// command is in: those it has already had. SIGTERM and SIGHUP are passed on whoever sent them.
const FROM_TERMINAL: ReadonlySet<NodeJS.Signals> = new Set(['SIGINT', 'SIGQUIT']);

export interface RunCommandInit {
  command: string;
  args: string[];
  env: NodeJS.ProcessEnv;
  /** A descriptor the command inherits as its fd 3 (the endpoint's listening socket). */
  inheritFd?: number;
}

/** Runs the command in the foreground and resolves to the exit code to pass on. */
export function runCommand({ command, args, env, inheritFd }: RunCommandInit): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, stdio: inheritFd === undefined ? 'inherit' : ['inherit', 'inherit', 'inherit', inheritFd] });
    // A terminal's Ctrl-C reaches the whole foreground process group, the command with us; a signal
    // sent to us alone (kill, a supervisor, a CI runner, a closed terminal) must reach the child
    // too. Handling a signal is also what keeps Node from exiting on it, so we live until the
    // child does. (Node does not say who sent a signal: a SIGINT sent to exec alone by kill while
    // it is in the terminal's foreground is taken for the terminal's.)
    const forward = (signal: NodeJS.Signals) => () => {
      if (FROM_TERMINAL.has(signal) && reachedCommand(child.pid)) return;
      child.kill(signal);
    };
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

function reachedCommand(commandPid: number | undefined): boolean {
  if (process.platform === 'win32' || commandPid === undefined) return false;
  const exec = processGroups(process.pid);
  const command = processGroups(commandPid);
  return exec !== undefined && command !== undefined && terminalSignalReachedCommand(exec, command);
}

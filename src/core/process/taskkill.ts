import { win32 } from 'node:path';

/**
 * How to end a child process on Windows together with every process it started. Windows has no
 * process group a signal reaches: Node's kill() ends the child alone, and a shell's children (what
 * credential_process or --mfa-command really ran) live on. taskkill /T ends the tree by parent
 * process id, as the tree-kill package does; it must run while the child still lives, since the
 * tree is found from it. The system's own copy, as a program named taskkill on PATH could be any.
 */
export function taskkillCommand(pid: number, env: NodeJS.ProcessEnv): { file: string; args: string[] } {
  const file = env.SystemRoot ? win32.join(env.SystemRoot, 'System32', 'taskkill.exe') : 'taskkill.exe';
  return { file, args: ['/PID', String(pid), '/T', '/F'] };
}

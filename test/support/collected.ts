import { spawn, type SpawnOptionsWithoutStdio } from 'node:child_process';

/** A process spawned with pipes, its stdout and stderr collected as they come, and its end. */
export function spawnCollected(file: string, args: string[], options: SpawnOptionsWithoutStdio) {
  const proc = spawn(file, args, options);
  let stdout = '';
  let stderr = '';
  proc.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  proc.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  let ended = false;
  const exited = new Promise<number | null>((resolve) => proc.on('close', (code) => resolve(code)));
  void exited.then(() => (ended = true));
  return { proc, stdout: () => stdout, stderr: () => stderr, exited, ended: () => ended };
}

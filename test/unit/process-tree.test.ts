import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { killTree } from '../../src/aws/process-tree';
import { testIf } from '../support/needs';

// Process groups are POSIX's; on Windows the tree ends through taskkill (windows-branches.test.ts).
const notPosix = process.platform === 'win32' ? 'not POSIX: no process groups' : undefined;

/** Whether a process is still there: a zombie waiting for a parent to reap it is not. */
function alive(pid: number): boolean {
  if (existsSync(`/proc/${pid}/stat`)) {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  }
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

testIf(notPosix)('killTree ends a command in our own process group with its children and grandchildren', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sts-refresh-tree-'));
  try {
    const pids = join(dir, 'pids');
    // Not detached: the tree shares this process group, as a source that may ask on the terminal does.
    const child = spawn(
      '/bin/sh',
      ['-c', `sleep 600 & echo $! >> ${pids}; (sleep 600 & echo $! >> ${pids}; wait) & echo $! >> ${pids}; wait`],
      {
        stdio: 'ignore',
      },
    );
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
    while (!existsSync(pids) || readFileSync(pids, 'utf8').trim().split('\n').length < 3) await new Promise((r) => setTimeout(r, 20));
    const started = readFileSync(pids, 'utf8').trim().split('\n').map(Number);
    killTree(child.pid ?? 0);
    expect(await exited).toBe('SIGKILL');
    // Until the event itself, however long reaping takes on a busy machine: jest's timeout says if it never comes.
    while (started.some(alive)) await new Promise((r) => setTimeout(r, 20));
    expect(started.filter(alive)).toEqual([]);
    expect(alive(process.pid)).toBe(true);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

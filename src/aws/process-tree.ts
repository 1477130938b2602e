import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

/** Every process's parent, by pid. */
export type ParentTable = () => Map<number, number>;

/**
 * Ends `root` and everything it started, for a command that shares our process group and so cannot
 * be ended as one group (a source credential_process that may ask on the terminal). Processes are
 * found by their parent pids and stopped as they are found, so none forks a child the walk misses,
 * then killed together. A process that left the tree (a daemon, reparented) is not found: the same
 * holds for one that leaves a process group with setsid.
 */
export function killTree(root: number, parents: ParentTable = parentTable): void {
  const tree = new Set([root]);
  signal(root, 'SIGSTOP');
  // Until a walk over a fresh table finds nothing new: each pass sees what the last one stopped.
  for (let grew = true, passes = 0; grew && passes < 10; passes++) {
    grew = false;
    for (const [pid, parent] of parents()) {
      if (tree.has(parent) && !tree.has(pid)) {
        tree.add(pid);
        signal(pid, 'SIGSTOP');
        grew = true;
      }
    }
  }
  for (const pid of tree) signal(pid, 'SIGKILL');
}

function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch {
    // already gone
  }
}

/** /proc where there is one (Linux, also where ps is not installed); ps elsewhere (macOS, the BSDs). */
function parentTable(): Map<number, number> {
  const table = new Map<number, number>();
  let pids: string[] | undefined;
  try {
    pids = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  } catch {
    // no /proc
  }
  if (pids !== undefined) {
    for (const pid of pids) {
      try {
        // "pid (comm) state ppid ...": comm may hold spaces and parentheses, so read after the last ')'.
        const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
        table.set(Number(pid), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
      } catch {
        // gone meanwhile
      }
    }
    return table;
  }
  try {
    for (const line of execFileSync('ps', ['-A', '-o', 'pid=,ppid='], { encoding: 'utf8' }).split('\n')) {
      const [pid, parent] = line.trim().split(/\s+/).map(Number);
      if (pid !== undefined && parent !== undefined && !Number.isNaN(pid)) table.set(pid, parent);
    }
  } catch {
    // Without ps only the command itself is killed.
  }
  return table;
}

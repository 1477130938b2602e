import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** A process's group and its terminal's foreground group (0 or less: no controlling terminal). */
export interface ProcessGroups {
  pgrp: number;
  tpgid: number;
}

/**
 * pgrp and tpgid from a /proc/PID/stat line: the fields after the command name, which is in
 * parentheses and may itself hold spaces and parentheses, are state, ppid, pgrp, session, tty_nr, tpgid.
 */
export function parseProcStat(text: string): ProcessGroups | undefined {
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  const pgrp = Number(fields[2]);
  const tpgid = Number(fields[5]);
  return Number.isInteger(pgrp) && Number.isInteger(tpgid) ? { pgrp, tpgid } : undefined;
}

/**
 * Whether a SIGINT or SIGQUIT that exec received came from its terminal and so reached the command
 * too: exec is in the terminal's foreground process group, and so is the command (it is in exec's
 * group). The terminal sends Ctrl-C and Ctrl-\ to that whole group; passing them on again would
 * interrupt the command twice, which terraform, for one, takes as "stop now".
 */
export function terminalSignalReachedCommand(exec: ProcessGroups, command: ProcessGroups): boolean {
  return exec.tpgid > 0 && exec.tpgid === exec.pgrp && command.pgrp === exec.pgrp;
}

/** The groups of `pid` as the system reports them: /proc on Linux, ps elsewhere; undefined if neither answers. */
export function processGroups(pid: number): ProcessGroups | undefined {
  try {
    return parseProcStat(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    // No /proc (macOS, the BSDs): ps has both columns there.
  }
  try {
    const [pgrp, tpgid] = execFileSync('ps', ['-o', 'pgid=', '-o', 'tpgid=', '-p', String(pid)], { encoding: 'utf8' })
      .trim()
      .split(/\s+/);
    return { pgrp: Number(pgrp), tpgid: Number(tpgid) };
  } catch {
    return undefined;
  }
}

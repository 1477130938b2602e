import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import whichPackage from 'which';

/** The absolute path `cmd` resolves to on `path` (the runner's own PATH unless given), or undefined. */
export function which(cmd: string, path = process.env.PATH ?? ''): string | undefined {
  return whichPackage.sync(cmd, { path, nothrow: true }) ?? undefined;
}

/**
 * A PATH holding only the named tools: a directory of symlinks to the executables the runner's own
 * PATH finds. A test spawns what it needs through it, so what else the machine has installed
 * (Debian's /usr/bin/aws, a zsh, a fish) can't change its outcome. `node` is the Node running the
 * tests, so a suite run under another Node spawns that one everywhere.
 *
 * `dir` is created if missing (pass one inside the test's temp HOME to have it removed with it);
 * without it a fresh temp directory is made and removed when the process exits.
 */
export function toolPath(tools: readonly string[], dir?: string): string {
  const bin = dir ?? freshDir();
  mkdirSync(bin, { recursive: true });
  for (const tool of tools) symlinkSync(realExecutable(tool), join(bin, tool));
  return bin;
}

/** The executable `tool` stands for on the runner, past a version manager's shim. */
export function realExecutable(tool: string): string {
  if (tool === 'node') return process.execPath;
  const found = which(tool);
  if (!found) throw new Error(`toolPath: '${tool}' is not on the runner's PATH; a test that can do without it should skip`);
  return pyenvTarget(found, tool) ?? found;
}

/**
 * A pyenv shim is a bash script that finds `bash` and pyenv's helpers on PATH; linked into a PATH of
 * its own it can't start. The executable behind it starts from its absolute shebang.
 */
function pyenvTarget(path: string, tool: string): string | undefined {
  let head: string;
  try {
    head = readFileSync(path, 'utf8').slice(0, 2000);
  } catch {
    return undefined;
  }
  const pyenv = /exec "([^"]+\/libexec\/pyenv)" exec /.exec(head)?.[1];
  if (!pyenv) return undefined;
  return execFileSync(pyenv, ['which', tool], { encoding: 'utf8' }).trim();
}

let made: string[] | undefined;

function freshDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'sts-refresh-bin-'));
  if (!made) {
    made = [];
    const list = made;
    process.once('exit', () => list.forEach((d) => rmSync(d, { recursive: true, force: true })));
  }
  made.push(dir);
  return dir;
}

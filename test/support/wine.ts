// Runs Windows programs (node.exe, the Windows single executable) under Wine for the Windows suite
// (test/e2e/windows.test.ts). What Wine needs, measured in docs/development.md's Windows part:
// - stdout and stderr must be files: Node for Windows fails on a pipe with EBADF under Wine, and
//   Wine's helper processes inherit whatever the first client had, so a pipe would never close;
// - one prefix (Wine's C: drive and registry) per suite, booted once, quietly, and reported as
//   Windows 10, since Node 22 refuses the Windows 7 a new prefix reports;
// - one persistent wineserver for the suite (a call then costs ~0.2 s, not ~0.7 s), killed after.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { closeSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve, win32 } from 'node:path';
import type { CliResult } from './run-cli';
import { which } from './tool-path';

const ROOT = join(__dirname, '..', '..');
// A hang guard, not a timing: eight Windows processes starting at once on a loaded 2-core runner.
const HANG_MS = 120_000;
const BOOT_HANG_MS = 300_000;

/** What is missing to run the Windows suite, or undefined. */
export function wineMissing(): string | undefined {
  return which('wine') && which('wineserver') ? undefined : 'Wine is not installed (apt-get install wine wine64)';
}

/** node.exe of the pinned release the executable is made from (scripts/node-release.mjs), installed on first use. */
export function windowsNode(): string {
  const releases = JSON.parse(readFileSync(join(ROOT, 'scripts', 'node-releases.json'), 'utf8')) as { executable: string };
  return execFileSync(process.execPath, [join(ROOT, 'scripts', 'node-release.mjs'), releases.executable, 'win-x64'], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
  }).trim();
}

/** The path Windows programs see for a Linux path: Wine maps / to Z:. */
export function windowsPath(linuxPath: string): string {
  return `Z:${resolve(linuxPath).replaceAll('/', '\\')}`;
}

export interface WinRunOptions {
  /** Variables for the Windows program; Wine passes them on unchanged, but for PATH, TEMP and the profile's. */
  env?: NodeJS.ProcessEnv;
  /** A Linux directory; the program sees it as Z:\... */
  cwd?: string;
}

export interface Wine {
  /** WINEPREFIX: the Linux directory holding the C: drive. */
  prefix: string;
  /** The Windows user's profile directory (USERPROFILE, C:\users\NAME), as Windows programs see it. */
  profile: string;
  /** A path on C: (as Windows sees it) as the Linux side sees it. */
  linuxPath(windowsPath: string): string;
  /** Runs a Windows program to its end, its output collected through files. */
  run(program: string, args: readonly string[], options?: WinRunOptions): Promise<CliResult>;
  /** Kills the wineserver (and with it every Windows process of the prefix) and removes the prefix. */
  stop(): void;
}

/**
 * A fresh prefix under `dir`, booted, reported as Windows 10, with a persistent wineserver. `node`
 * (a node.exe) asks the prefix for the profile directory Windows programs will see.
 */
export async function startWine(dir: string, node: string): Promise<Wine> {
  const prefix = join(dir, 'prefix');
  const home = join(dir, 'home');
  const bin = join(dir, 'bin');
  const outputs = join(dir, 'outputs');
  // The prefix directory must exist for wineserver, which wineboot then fills.
  for (const d of [prefix, home, bin, outputs]) mkdirSync(d, { recursive: true });
  // Wine's own variables: no debug channels (wine would print its hints on stderr), no offer to
  // install Mono or Gecko. HOME keeps the prefix's Documents links off the runner's own home.
  const wineEnv = { WINEPREFIX: prefix, WINEDEBUG: '-all', WINEDLLOVERRIDES: 'mscoree,mshtml=', HOME: home, PATH: bin };
  const quietly = (program: string, args: string[]) => {
    const result = spawnSync(program, args, { env: wineEnv, stdio: 'ignore', timeout: BOOT_HANG_MS });
    if (result.status !== 0) throw new Error(`${program} ${args.join(' ')} failed: ${result.error?.message ?? `exit ${result.status}`}`);
  };
  const wine = which('wine') ?? 'wine';
  const wineserver = which('wineserver') ?? 'wineserver';
  let runs = 0;
  const run = (program: string, args: readonly string[], { env = {}, cwd = dir }: WinRunOptions = {}): Promise<CliResult> => {
    const out = join(outputs, `${++runs}.out`);
    const err = join(outputs, `${runs}.err`);
    const fds = [openSync(out, 'w'), openSync(err, 'w')] as const;
    return new Promise((resolveRun, reject) => {
      const child = spawn(wine, [program, ...args], { env: { ...env, ...wineEnv }, cwd, stdio: ['ignore', fds[0], fds[1]] });
      fds.forEach((fd) => closeSync(fd));
      const timer = setTimeout(() => child.kill('SIGKILL'), HANG_MS);
      child.on('error', reject);
      child.on('exit', (exitCode, signal) => {
        clearTimeout(timer);
        const read = (path: string) => readFileSync(path, 'utf8');
        resolveRun({ exitCode, signal, stdout: read(out), stderr: read(err) });
        rmSync(out, { force: true });
        rmSync(err, { force: true });
      });
    });
  };
  const stop = () => {
    spawnSync(wineserver, ['-k'], { env: wineEnv, stdio: 'ignore', timeout: 60_000 });
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    quietly(wineserver, ['-p']);
    quietly(wine, ['wineboot', '-i']);
    quietly(wine, ['winecfg', '-v', 'win10']);
    const asked = await run(node, ['-p', 'require("os").homedir()']);
    if (asked.exitCode !== 0) throw new Error(`node.exe did not start under Wine (exit ${asked.exitCode}): ${asked.stderr}`);
    const profile = asked.stdout.trim();
    const linuxPath = (path: string) => {
      const parsed = win32.parse(path);
      if (!/^c:\\$/i.test(parsed.root)) throw new Error(`not a path on C: ${path}`);
      return join(prefix, 'drive_c', ...path.slice(parsed.root.length).split('\\'));
    };
    return { prefix, profile, linuxPath, run, stop };
  } catch (error) {
    stop();
    throw error;
  }
}

/** A fresh directory for a suite's prefix and its outputs. */
export function wineDir(): string {
  return mkdtempSync(join(tmpdir(), 'sts-refresh-wine-'));
}

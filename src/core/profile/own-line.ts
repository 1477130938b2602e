import { win32 } from 'node:path';
import { splitCommandLine } from '../shell/shell-words';

// The AWS CLI runs the first word of a credential_process line, so a line is sts-refresh's own only
// when that program is sts-refresh: installed (`sts-refresh`), the built file run through its
// shebang or by node, `sts-refresh.exe`, or a single executable from build-binary
// (`sts-refresh-<os>-<arch>`, `.exe` on Windows). `/usr/bin/curl sts-refresh --role ...` runs curl.
// win32.basename splits at both separators, so a Windows path reads the same on every platform.
const PROGRAM = /^sts-refresh(\.js|-[a-z]+-[a-z0-9]+)?$/;
const WINDOWS_PROGRAM = /^sts-refresh(-[a-z]+-[a-z0-9]+)?\.exe$/i;
const NODE = /^node(\.exe)?$/i;
const SCRIPT = /^sts-refresh(\.js)?$/;

/** The words after the program when `words` run sts-refresh itself; undefined when they run anything else. */
export function ownArgs(words: readonly string[]): string[] | undefined {
  const [first = '', second = ''] = words.map((word) => win32.basename(word));
  if (PROGRAM.test(first) || WINDOWS_PROGRAM.test(first)) return words.slice(1);
  if (NODE.test(first) && SCRIPT.test(second)) return words.slice(2);
  return undefined;
}

/** Whether a credential_process line runs sts-refresh, split as botocore splits it on `platform`. */
export function isOwnLine(line: string, platform: NodeJS.Platform): boolean {
  const words = splitCommandLine(line, platform);
  return words !== undefined && ownArgs(words) !== undefined;
}

/** Whether a credential_process line runs `sts-refresh keys serve`: keys remove deletes only such lines, doctor reads their answer as long-term keys. */
export function isServeLine(line: string, platform: NodeJS.Platform): boolean {
  const words = splitCommandLine(line, platform);
  const args = words === undefined ? undefined : ownArgs(words);
  return args?.[0] === 'keys' && args[1] === 'serve';
}

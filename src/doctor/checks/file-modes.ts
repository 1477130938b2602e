import { shellQuote } from '../../core/shell/shell-words';
import type { CheckResult } from '../check';

export interface FileMode {
  path: string;
  kind: 'file' | 'directory';
  /** Permission bits; undefined when the path does not exist. Meaningless on Windows (always 0666). */
  mode?: number;
  /** Windows: why the path may be open to other users (it leads outside the user's profile), if it may. */
  outside?: string;
}

/** The config and credentials files and the cache directory hold keys or tokens: only their owner should read them. */
export function checkFileModes(files: readonly FileMode[], platform: NodeJS.Platform = process.platform): CheckResult {
  const base = { id: 'file-modes', title: 'file permissions' };
  const present = files.filter((f) => f.mode !== undefined);
  if (platform === 'win32') return { ...base, ...windowsPlaces(present) };
  // Group or other read access; a directory also needs its search bit closed.
  const open = present.filter((f) => ((f.mode ?? 0) & (f.kind === 'directory' ? 0o077 : 0o044)) !== 0);
  const listed = present.map((f) => `${f.path} ${octal(f.mode ?? 0)}`).join(', ');
  if (open.length === 0) return { ...base, status: 'ok', saw: present.length ? listed : 'none of the files exist yet' };
  return {
    ...base,
    status: 'warn',
    saw: `readable by group or others: ${open.map((f) => `${f.path} ${octal(f.mode ?? 0)}`).join(', ')}`,
    fix: open.map((f) => `chmod ${f.kind === 'directory' ? '700' : '600'} ${shellQuote(f.path)}`).join('; '),
  };
}

/**
 * Windows has no modes (profile-place.ts says what is checked instead): inside the user's profile,
 * the ACL Windows gave it keeps other users out; elsewhere only icacls can tell.
 */
function windowsPlaces(present: readonly FileMode[]): Pick<CheckResult, 'status' | 'saw' | 'fix'> {
  if (present.length === 0) return { status: 'ok', saw: 'none of the files exist yet' };
  const outside = present.filter((f) => f.outside !== undefined);
  if (outside.length === 0) return { status: 'ok', saw: `inside your profile directory: ${present.map((f) => f.path).join(', ')}` };
  return {
    status: 'warn',
    saw: outside.map((f) => f.outside).join('; '),
    fix: `move them into your profile directory, or check who may read them: ${outside.map((f) => `icacls "${f.path}"`).join('; ')}`,
  };
}

function octal(mode: number): string {
  return `0${(mode & 0o777).toString(8).padStart(3, '0')}`;
}

import { shellQuote } from '../../core/shell/shell-words';
import type { CheckResult } from '../check';

export interface FileMode {
  path: string;
  kind: 'file' | 'directory';
  /** Permission bits; undefined when the path does not exist. */
  mode?: number;
}

/** The config and credentials files and the cache directory hold keys or tokens: only their owner should read them. */
export function checkFileModes(files: readonly FileMode[]): CheckResult {
  const base = { id: 'file-modes', title: 'file permissions' };
  const present = files.filter((f) => f.mode !== undefined);
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

function octal(mode: number): string {
  return `0${(mode & 0o777).toString(8).padStart(3, '0')}`;
}

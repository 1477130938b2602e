import type { CheckResult } from '../check';
import type { ProfileFile } from './session-tokens';
import { shellLine, shellQuote } from '../../core/shell/shell-words';

/**
 * Long-term keys (a secret without a session token) written in plain text: the one secret that
 * never expires, readable by anything that runs as the user. `keys import` moves them to the
 * keyring; a backup that sts-refresh kept of a file that held them still holds them, and is named too.
 */
export function checkPlaintextKeys(files: readonly ProfileFile[]): CheckResult {
  const base = { id: 'plaintext-keys', title: 'long-term keys in plain text' };
  const found: Array<{ path: string; profile: string; backup: boolean }> = [];
  for (const file of files) {
    for (const [profile, keys] of Object.entries(file.profiles)) {
      if (keys.aws_secret_access_key && !keys.aws_session_token && !keys.aws_security_token) {
        found.push({ path: file.path, profile, backup: file.backup === true });
      }
    }
  }
  if (found.length === 0)
    return { ...base, status: 'ok', saw: 'no profile holds long-term keys in plain text, nor any backup of sts-refresh' };
  const names = [...new Set(found.filter((f) => !f.backup).map((f) => f.profile))];
  const backups = [...new Set(found.filter((f) => f.backup).map((f) => f.path))];
  return {
    ...base,
    status: 'warn',
    saw: `${found.map((f) => `[${f.profile}] in ${f.path}`).join(', ')} hold${found.length === 1 ? 's' : ''} a long-term aws_secret_access_key in plain text`,
    fix: [
      ...names.map((name) => `sts-refresh keys import ${shellQuote(name)}`),
      ...(backups.length ? [`delete the backup${backups.length === 1 ? '' : 's'} sts-refresh kept: rm ${shellLine(backups)}`] : []),
    ].join('; '),
  };
}

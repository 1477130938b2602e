import type { CheckResult } from '../check';

export interface ProfileFile {
  /** Where the profiles came from, for the message. */
  path: string;
  /** Profile name to its keys, as @smithy/shared-ini-file-loader reads them. */
  profiles: Record<string, Record<string, string | undefined>>;
}

/** Profiles holding a pasted aws_session_token: they work until the token expires, then fail with ExpiredToken. */
export function checkSessionTokens(files: readonly ProfileFile[]): CheckResult {
  const base = { id: 'session-tokens', title: 'static temporary credentials' };
  const found: Array<{ path: string; profile: string }> = [];
  for (const file of files) {
    for (const [profile, keys] of Object.entries(file.profiles)) {
      if (keys.aws_session_token || keys.aws_security_token) found.push({ path: file.path, profile });
    }
  }
  if (found.length === 0) return { ...base, status: 'ok', saw: 'no profile holds an aws_session_token' };
  const names = [...new Set(found.map((f) => f.profile))];
  return {
    ...base,
    status: 'warn',
    saw: `${found.map((f) => `[${f.profile}] in ${f.path}`).join(', ')} hold${found.length === 1 ? 's' : ''} aws_session_token, which stops working when the token expires`,
    fix: names
      .map(
        (name) => `sts-refresh setup --profile ${name} --role arn:aws:iam::ACCOUNT:role/NAME --source-profile LONG_TERM_PROFILE --replace`,
      )
      .join('; '),
  };
}

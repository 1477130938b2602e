import type { CheckResult } from '../check';
import { headerName, splitLines } from '../../config/ini-lines';
import { shellQuote } from '../../core/shell/shell-words';

export interface ProfileFile {
  /** Where the profiles came from, for the message. */
  path: string;
  /** Profile name to its keys, as @smithy/shared-ini-file-loader reads them. */
  profiles: Record<string, Record<string, string | undefined>>;
  /** A backup sts-refresh kept of a config or credentials file, rather than the file itself. */
  backup?: boolean;
  /** Profile name to the time its `# Credentials expire at:` comment names (expiryNotes). */
  expiryNotes?: Record<string, string>;
}

/**
 * The `# Credentials expire at: TIME` comments of a credentials file, by the section they sit in:
 * the note that scripts wrapping GetSessionToken leave beside the session keys they write, in the
 * format `aws configure mfa-login` prints (2026-11-25 18:06:10 UTC) or ISO 8601. The INI loader
 * drops comments, so this reads the file's text.
 */
export function expiryNotes(text: string): Record<string, string> {
  const notes: Record<string, string> = {};
  let section: string | undefined;
  for (const { content } of splitLines(text)) {
    section = headerName(content) ?? section;
    const time = /^\s*[#;]\s*Credentials expire at:?\s*(.+?)\s*$/i.exec(content)?.[1];
    if (section !== undefined && time !== undefined) notes[section] = time;
  }
  return notes;
}

/** A note's time in ms, or NaN: `2026-11-25 18:06:10 UTC` as mfa-login prints it, or ISO 8601. */
function noteTime(note: string): number {
  return Date.parse(note.replace(/^(\d{4}-\d\d-\d\d) (\d)/, '$1T$2').replace(/\s*UTC$/i, 'Z'));
}

interface Found {
  path: string;
  profile: string;
  note?: string;
}

/** Profiles holding a pasted aws_session_token: they work until the token expires, then fail with ExpiredToken. */
export function checkSessionTokens(files: readonly ProfileFile[], nowMs: number): CheckResult {
  const base = { id: 'session-tokens', title: 'static temporary credentials' };
  const found: Found[] = [];
  for (const file of files) {
    for (const [profile, keys] of Object.entries(file.profiles)) {
      const note = file.expiryNotes?.[profile];
      if (keys.aws_session_token || keys.aws_security_token) found.push({ path: file.path, profile, ...(note !== undefined && { note }) });
    }
  }
  if (found.length === 0) return { ...base, status: 'ok', saw: 'no profile holds an aws_session_token' };
  const names = [...new Set(found.map((f) => f.profile))];
  const noted = new Set(found.filter((f) => f.note !== undefined).map((f) => f.profile));
  const setup = (name: string) =>
    `sts-refresh setup --profile ${shellQuote(name)} --role arn:aws:iam::ACCOUNT:role/NAME --source-profile LONG_TERM_PROFILE${noted.has(name) ? ' --mfa-serial ARN' : ''} --replace`;
  return {
    ...base,
    status: 'warn',
    saw: `${found.map((f) => `[${f.profile}] in ${f.path}${f.note === undefined ? '' : ` (${expiryText(f.note, nowMs)})`}`).join(', ')} hold${found.length === 1 ? 's' : ''} aws_session_token, which stops working when the token expires`,
    fix: names
      .map((name) =>
        noted.has(name)
          ? `aws configure mfa-login --update-profile ${name} again before then, or let sts-refresh renew an MFA session itself: ${setup(name)}`
          : setup(name),
      )
      .join('; '),
  };
}

/** What a note says, as static session keys of the kind `aws configure mfa-login` writes. */
function expiryText(note: string, nowMs: number): string {
  const at = noteTime(note);
  if (Number.isNaN(at)) return `static session keys whose comment says they expire at '${note}'`;
  const minutes = Math.round(Math.abs(at - nowMs) / 60_000);
  const span = minutes >= 120 ? `${Math.floor(minutes / 60)} h` : `${minutes} min`;
  const when = new Date(at).toISOString().replace('T', ' ').slice(0, 16);
  return at > nowMs
    ? `static session keys, as aws configure mfa-login writes them, expiring ${when} UTC, in ${span}`
    : `static session keys, as aws configure mfa-login writes them, expired ${when} UTC, ${span} ago: every call with them fails with ExpiredToken`;
}

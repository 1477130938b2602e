import { StsRefreshError, UsageError } from '../errors';
import { parseDuration } from '../request/duration';

// SessionDuration's documented range: 15 minutes to 12 hours.
export const CONSOLE_DURATION = { min: 900, max: 43_200 } as const;

// Without SessionDuration the console ends with the role session. A hit may have as little left as
// --refresh-window allows; below this a console is gone before the page has loaded and been used.
export const MIN_CONSOLE_LEFT_MS = 5 * 60_000;

/** --console-duration in seconds, within what the federation endpoint takes. */
export function parseConsoleDuration(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const seconds = parseDuration(text, '--console-duration');
  if (seconds < CONSOLE_DURATION.min || seconds > CONSOLE_DURATION.max) {
    throw new UsageError(
      `--console-duration ${text} is too ${seconds < CONSOLE_DURATION.min ? 'short' : 'long'}: AWS takes 15m to 12h`,
      'for example --console-duration 8h',
    );
  }
  return seconds;
}

/**
 * The SessionDuration to send: the one asked for, and only for a role assumed with long-term keys.
 * For a role assumed with temporary credentials (an MFA session, SSO, `aws login`, another role)
 * the federation endpoint answers 400 to it; so does an entry that does not say (`chained`
 * undefined, written by an older sts-refresh).
 */
export function sessionDurationToSend(requested: number | undefined, chained: boolean | undefined): number | undefined {
  return chained === false ? requested : undefined;
}

/** Refuses a console bound to a role session that is about to end. */
export function checkLongEnough(sent: number | undefined, expiresMs: number, nowMs: number, roleArn: string): void {
  const left = expiresMs - nowMs;
  if (sent !== undefined || left >= MIN_CONSOLE_LEFT_MS) return;
  throw new StsRefreshError(
    `the session of ${roleArn} ends in ${Math.max(0, Math.floor(left / 60_000))} min, too short for a console session, which would end with it`,
    `sts-refresh cache clear --role ${roleArn} for a new session, then run console again`,
  );
}

export interface ConsoleOutcome {
  /** The role's name and account, the region the console opens in. */
  roleArn: string;
  accountId: string;
  region: string | undefined;
  requested: number | undefined;
  /** The SessionDuration the token was issued for; undefined when none was. */
  sent: number | undefined;
  chained: boolean | undefined;
  /** The federation endpoint refused `requested`, and the token was taken without it. */
  refused: boolean;
  expiresMs: number;
  nowMs: number;
  printed: boolean;
}

/** The one line that says what the user got and for how long. */
export function describeConsole(o: ConsoleOutcome): string {
  const role = o.roleArn.split('/').pop() ?? o.roleArn;
  const where = `${role} (account ${o.accountId})${o.region === undefined ? '' : ` in ${o.region}`}`;
  const lead = o.printed ? `The URL signs in to the console as ${where}` : `Opened the console as ${where}`;
  const length =
    o.sent !== undefined
      ? `for ${hours(o.sent)}`
      : `for ${minutes(o.expiresMs - o.nowMs)}, until ${clock(o.expiresMs)} UTC, when the role session ends${why(o)}`;
  const after = o.printed ? '; use it within 15 minutes, and share it with no one: it is the session' : '';
  return `${lead} ${length}${after}.\n`;
}

function why(o: ConsoleOutcome): string {
  if (o.requested === undefined) return o.chained === false ? ' (--console-duration asks for up to 12 h)' : '';
  if (o.refused) return ` (the federation endpoint refused a ${hours(o.requested)} console session)`;
  if (o.chained === undefined) return ' (--console-duration needs a session made by this version: sts-refresh cache clear --role ARN)';
  return ` (AWS allows no --console-duration for a role assumed with temporary credentials: an MFA session, SSO, aws login or another role)`;
}

const minutes = (ms: number) => `${Math.max(0, Math.floor(ms / 60_000))} min`;
const hours = (s: number) => (s % 3600 === 0 ? `${s / 3600} h` : `${Math.round(s / 60)} min`);
const clock = (ms: number) => new Date(ms).toISOString().slice(11, 16);

import type { CacheEntry } from './cache-entry';
import type { MfaSessionEntry } from './mfa-session-entry';

export interface EntrySummary {
  file: string;
  kind?: 'role' | 'mfa-session';
  roleArn?: string;
  /** The MFA device of an MFA session. */
  serialNumber?: string;
  sourceProfile?: string;
  sessionName?: string;
  region?: string;
  expiration?: string;
  secondsLeft?: number;
  problem?: string;
}

/** A file of the cache directory as cache/cache-listing.ts read it. */
export interface ListedEntry {
  path: string;
  /** A role's credentials. */
  entry?: CacheEntry;
  /** A source profile's MFA session, which serves every role assumed from that profile and device. */
  session?: MfaSessionEntry;
  /** Why the file is neither. */
  problem?: string;
}

/** What `cache list` may show: who, where and when, never the keys. */
export function summarize({ path: file, entry, session, problem }: ListedEntry, nowMs: number): EntrySummary {
  // What both kinds end with: which STS region, and when they run out.
  const tail = (region: string | undefined, { Expiration }: { Expiration: string }) => ({
    region,
    expiration: new Date(Expiration).toISOString(),
    secondsLeft: Math.floor((Date.parse(Expiration) - nowMs) / 1000),
  });
  if (entry) {
    const { roleArn, sourceProfile, sessionName, region } = entry.request;
    return { file, kind: 'role', roleArn, sourceProfile, sessionName, ...tail(region ?? entry.stsRegion, entry.credentials) };
  }
  if (session) {
    const { serialNumber, sourceProfile, region } = session.request;
    return { file, kind: 'mfa-session', serialNumber, sourceProfile, ...tail(region, session.credentials) };
  }
  return { file, problem: problem ?? 'unreadable' };
}

export function timeLeft(seconds: number): string {
  const abs = Math.abs(seconds);
  const text =
    abs >= 3600 ? `${Math.floor(abs / 3600)}h${String(Math.floor((abs % 3600) / 60)).padStart(2, '0')}m` : `${Math.floor(abs / 60)}m`;
  return seconds > 0 ? text : `expired ${text} ago`;
}

/** Role entries (and files that are no entry) first, then MFA sessions in a table of their own. */
export function formatTable(rows: readonly EntrySummary[]): string {
  const roles = rows.filter((r) => r.kind !== 'mfa-session');
  const sessions = rows.filter((r) => r.kind === 'mfa-session');
  const tables: string[][][] = [];
  if (roles.length) {
    tables.push([
      ['ROLE', 'SOURCE PROFILE', 'SESSION NAME', 'EXPIRES', 'LEFT'],
      ...roles.map((r) =>
        r.problem !== undefined
          ? [`(${r.problem})`, '-', '-', '-', r.file]
          : [r.roleArn ?? '', r.sourceProfile ?? '', r.sessionName ?? '', r.expiration ?? '', timeLeft(r.secondsLeft ?? 0)],
      ),
    ]);
  }
  if (sessions.length) {
    tables.push([
      ['MFA SESSION OF DEVICE', 'SOURCE PROFILE', 'EXPIRES', 'LEFT'],
      ...sessions.map((r) => [r.serialNumber ?? '', r.sourceProfile ?? '', r.expiration ?? '', timeLeft(r.secondsLeft ?? 0)]),
    ]);
  }
  return tables.map(alignColumns).join('\n');
}

function alignColumns(table: readonly string[][]): string {
  const widths = table[0]?.map((_, i) => Math.max(...table.map((row) => (row[i] ?? '').length))) ?? [];
  return `${table.map((row) => row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i] ?? 0))).join('  ')).join('\n')}\n`;
}

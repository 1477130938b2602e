import type { CacheEntry } from './cache-entry';

export interface EntrySummary {
  file: string;
  roleArn?: string;
  sourceProfile?: string;
  sessionName?: string;
  region?: string;
  expiration?: string;
  secondsLeft?: number;
  problem?: string;
}

/** What `cache list` may show: who, where and when, never the keys. */
export function summarize(file: string, entry: CacheEntry | undefined, problem: string | undefined, nowMs: number): EntrySummary {
  if (!entry) return { file, problem: problem ?? 'unreadable' };
  return {
    file,
    roleArn: entry.request.roleArn,
    sourceProfile: entry.request.sourceProfile,
    sessionName: entry.request.sessionName,
    region: entry.request.region ?? entry.stsRegion,
    expiration: new Date(entry.credentials.Expiration).toISOString(),
    secondsLeft: Math.floor((Date.parse(entry.credentials.Expiration) - nowMs) / 1000),
  };
}

export function timeLeft(seconds: number): string {
  const abs = Math.abs(seconds);
  const text =
    abs >= 3600 ? `${Math.floor(abs / 3600)}h${String(Math.floor((abs % 3600) / 60)).padStart(2, '0')}m` : `${Math.floor(abs / 60)}m`;
  return seconds > 0 ? text : `expired ${text} ago`;
}

export function formatTable(rows: readonly EntrySummary[]): string {
  if (rows.length === 0) return '';
  const table = [
    ['ROLE', 'SOURCE PROFILE', 'SESSION NAME', 'EXPIRES', 'LEFT'],
    ...rows.map((r) =>
      r.problem !== undefined
        ? [`(${r.problem})`, '-', '-', '-', r.file]
        : [r.roleArn ?? '', r.sourceProfile ?? '', r.sessionName ?? '', r.expiration ?? '', timeLeft(r.secondsLeft ?? 0)],
    ),
  ];
  const widths = table[0]?.map((_, i) => Math.max(...table.map((row) => (row[i] ?? '').length))) ?? [];
  return `${table.map((row) => row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i] ?? 0))).join('  ')).join('\n')}\n`;
}

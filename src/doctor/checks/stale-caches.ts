import { shellQuote } from '../../core/shell/shell-words';
import type { CheckResult } from '../check';

export interface CachedFile {
  path: string;
  /** undefined when the file is not a readable entry. */
  expiresAtMs?: number;
}

export interface StaleCacheFacts {
  awsCliCacheDir: string;
  awsCliFiles: readonly CachedFile[];
  ownCacheDir: string;
  ownFiles: readonly CachedFile[];
}

/**
 * Expired entries are harmless to the AWS CLI, which fetches anew, but they are what a hand-made
 * workaround tends to copy from, and a pile of them means someone is working around expiry by hand.
 */
export function checkStaleCaches(facts: StaleCacheFacts, nowMs: number, platform: NodeJS.Platform = process.platform): CheckResult {
  const base = { id: 'stale-caches', title: 'stale caches' };
  const stale = (files: readonly CachedFile[]) => files.filter((f) => f.expiresAtMs === undefined || f.expiresAtMs <= nowMs);
  const cli = stale(facts.awsCliFiles);
  const own = stale(facts.ownFiles);
  const summary = `${facts.awsCliFiles.length} in ${facts.awsCliCacheDir}, ${facts.ownFiles.length} in ${facts.ownCacheDir}`;
  if (cli.length === 0 && own.length === 0) return { ...base, status: 'ok', saw: `no expired entries (${summary})` };
  const parts: string[] = [];
  const fixes: string[] = [];
  if (cli.length) {
    parts.push(`${cli.length} expired or unreadable in ${facts.awsCliCacheDir}`);
    // cmd's del on Windows, where there is no rm and a path is quoted in double quotes.
    fixes.push(
      platform === 'win32' ? `del ${cli.map((f) => `"${f.path}"`).join(' ')}` : `rm ${cli.map((f) => shellQuote(f.path)).join(' ')}`,
    );
  }
  if (own.length) {
    parts.push(`${own.length} expired or unreadable in ${facts.ownCacheDir}`);
    fixes.push(`sts-refresh cache clear --all`);
  }
  return { ...base, status: 'warn', saw: `${parts.join('; ')} (${summary})`, fix: fixes.join('; ') };
}

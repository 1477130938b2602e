import { readdirSync, readFileSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { parseStoredEntry, type CacheEntry } from '../core/cache-entry';

export interface ListedEntry {
  path: string;
  entry?: CacheEntry;
  /** Why the file is not a usable entry. */
  problem?: string;
}

/** Every `<key>.json` in the cache directory; a missing directory is an empty cache. */
export function listEntries(dir: string): ListedEntry[] {
  let names: string[];
  try {
    names = readdirSync(dir)
      .filter((n) => /^[0-9a-f]{32}\.json$/.test(n))
      .sort();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  return names.map((name) => {
    const path = join(dir, name);
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (error) {
      return { path, problem: `unreadable (${(error as NodeJS.ErrnoException).code ?? 'error'})` };
    }
    const parsed = parseStoredEntry(text);
    return parsed.ok ? { path, entry: parsed.entry } : { path, problem: parsed.reason };
  });
}

export interface ClearInit {
  paths: readonly string[];
  /** Takes the entry's lock, undefined while another process holds it (cache/lock.ts through the miss module). */
  tryLock: (path: string) => Promise<(() => Promise<void>) | undefined>;
  sleep: (ms: number) => Promise<void>;
  now: () => number;
  /** How long to wait for a refresh in progress before leaving that entry alone. */
  waitMs: number;
}

/**
 * Removes each entry under its lock, so a refresh in progress is never cut in half: a running
 * sts-refresh finishes writing, then the entry goes. Returns the entries that stayed locked.
 */
export async function clearEntries(init: ClearInit): Promise<{ removed: string[]; locked: string[] }> {
  const removed: string[] = [];
  const locked: string[] = [];
  const deadline = init.now() + init.waitMs;
  for (const path of init.paths) {
    let release = await init.tryLock(path);
    while (!release && init.now() < deadline) {
      await init.sleep(100);
      release = await init.tryLock(path);
    }
    if (!release) {
      locked.push(path);
      continue;
    }
    try {
      unlinkSync(path);
      removed.push(path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    } finally {
      await release();
    }
  }
  return { removed, locked };
}

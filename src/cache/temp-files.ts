import { lstatSync, readdirSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';

// A temp file older than this belongs to a writer that died: a live one renames its file within
// milliseconds of creating it, and holds the lock (stale after 10 s) while it does.
const TEMP_MAX_AGE_MS = 60_000;
const TEMP_FILE = /\.json\.\d+\.[0-9a-f]{8}\.tmp$/;

/** Removes temp files left by writers that crashed between writing and renaming. */
export function removeOldTempFiles(dir: string, nowMs = Date.now()): void {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    // Tidying up is a courtesy; the entry itself is already written.
    return;
  }
  for (const name of names) {
    if (!TEMP_FILE.test(name)) continue;
    const path = join(dir, name);
    try {
      if (lstatSync(path).mtimeMs < nowMs - TEMP_MAX_AGE_MS) unlinkSync(path);
    } catch {
      // Another process removed it first.
    }
  }
}

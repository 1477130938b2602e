import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { CacheEntry, Parsed } from '../core/cache-entry';

export type ReadResult<E = CacheEntry> = Parsed<E> | { ok: false; reason: 'missing' };

/** One cache entry on disk. Sync calls on purpose: on the hit path a thread-pool round trip costs more than the read. */
export class CacheStore<E = CacheEntry> {
  readonly path: string;

  /** `parse` checks the text against the request the caller expects (role entry or MFA session). */
  constructor(
    readonly dir: string,
    key: string,
    private readonly parse: (text: string) => Parsed<E>,
  ) {
    this.path = join(dir, `${key}.json`);
  }

  read(): ReadResult<E> {
    let text: string;
    try {
      text = readFileSync(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { ok: false, reason: 'missing' };
      return { ok: false, reason: `unreadable (${(error as NodeJS.ErrnoException).code ?? 'error'})` };
    }
    return this.parse(text);
  }

  ensureDir(): void {
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
  }

  /**
   * Temp file, fsync, rename: a reader sees the old entry or the new one, never half of either,
   * and a crash before the rename leaves the old entry in place.
   */
  write(entry: E): void {
    this.ensureDir();
    // pid plus a random suffix, opened exclusively ('wx'): unique enough, and it keeps node:crypto off
    // the hit path, where this module is loaded too.
    const temp = `${this.path}.${process.pid}.${Math.random().toString(36).slice(2, 10)}.tmp`;
    const fd = openSync(temp, 'wx', 0o600);
    try {
      writeSync(fd, JSON.stringify(entry));
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    try {
      renameSync(temp, this.path);
    } catch (error) {
      unlinkSync(temp);
      throw error;
    }
  }
}

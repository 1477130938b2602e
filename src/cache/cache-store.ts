import { join } from 'node:path';
import { writeFileAtomic } from '../files/atomic-write';
import type { CacheEntry, Parsed } from '../core/cache-entry/cache-entry';
import { checkCacheDir, type DirVerdict } from './cache-dir';
import { clearLockPath } from './lock-path';
import { removeOldTempFiles } from './temp-files';
import { readOwnFile } from '../files/own-file';

export type ReadResult<E = CacheEntry> = Parsed<E> | { ok: false; reason: 'missing' };

/**
 * One cache entry on disk. Sync calls on purpose: on the hit path a thread-pool round trip costs
 * more than the read. Anything another user could have planted or changed (a directory or entry
 * they own or may write, a symlink, a FIFO) is not read or written through: it is a miss, said once.
 */
export class CacheStore<E = CacheEntry> {
  readonly path: string;
  private noted = false;
  // Set when the directory was open to others: what is in it now may have been planted, so nothing
  // is read until this process has written its own entry.
  private distrust = false;

  /** `parse` checks the text against the request the caller expects (role entry or MFA session). */
  constructor(
    readonly dir: string,
    key: string,
    private readonly parse: (text: string) => Parsed<E>,
    private readonly warn: (message: string) => void = () => undefined,
  ) {
    this.path = join(dir, `${key}.json`);
  }

  read(): ReadResult<E> {
    let dir: DirVerdict;
    try {
      dir = checkCacheDir(this.dir);
    } catch (error) {
      return { ok: false, reason: `unreadable (${(error as NodeJS.ErrnoException).code ?? 'error'})` };
    }
    if (dir.kind === 'missing') return { ok: false, reason: 'missing' };
    // A foreign directory is reported once, by ensureDir when the lock is attempted.
    if (dir.kind === 'foreign') return { ok: false, reason: dir.problem };
    if (dir.kind === 'open') this.distrustOpenDir(dir);
    if (this.distrust) return { ok: false, reason: 'the cache directory was open to other users' };
    const file = readOwnFile(this.path);
    if (file.ok) return this.parse(file.text);
    if (file.kind === 'untrusted') return this.ignore(file.why);
    return { ok: false, reason: file.kind === 'missing' ? 'missing' : file.why };
  }

  /**
   * Creates the directory (0700) and makes it safe to lock and write in; throws with the reason
   * when it cannot be, and the caller then returns credentials without caching them.
   */
  ensureDir(): void {
    const dir = checkCacheDir(this.dir, { create: true });
    if (dir.kind === 'foreign') throw new Error(`${dir.problem}; it is not used`);
    if (dir.kind === 'open') {
      this.distrustOpenDir(dir);
      dir.tighten();
    }
    const cleared = clearLockPath(`${this.path}.lock`);
    if (cleared) this.note(`removed ${this.path}.lock: ${cleared}, not a lock sts-refresh made`);
  }

  /**
   * Through the project's one atomic writer: a reader sees the old entry or the new one, never half
   * of either, a crash or a full disk leaves the old entry in place, and the rename replaces
   * whatever was at the entry path (a planted symlink included) instead of writing through it.
   */
  write(entry: E): void {
    this.ensureDir();
    writeFileAtomic(this.path, JSON.stringify(entry), 0o600);
    this.distrust = false;
    removeOldTempFiles(this.dir);
  }

  private distrustOpenDir(dir: Extract<DirVerdict, { kind: 'open' }>): void {
    if (this.distrust) return;
    this.distrust = true;
    this.note(`${dir.problem}: its entries are not trusted, and it is made private (0700)`);
  }

  private ignore(why: string): ReadResult<E> {
    this.note(`ignoring the cache entry ${this.path}: ${why}; a fresh entry replaces it`);
    return { ok: false, reason: why };
  }

  /** At most one such note per process: the point is made once, not once per poll. */
  private note(message: string): void {
    if (this.noted) return;
    this.noted = true;
    this.warn(message);
  }
}

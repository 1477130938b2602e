import { constants, copyFileSync, mkdirSync, realpathSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { writeFileAtomic } from '../files/atomic-write';
import { fileError } from './file-error';
import { removeQuietly } from '../files/remove-quietly';

/** What names sts-refresh's backup of a file: `<file>.sts-refresh-backup-<time>` (config/backups.ts finds them by it). */
export const BACKUP_MARK = '.sts-refresh-backup-';

export interface ConfigWriteOptions {
  /**
   * Copy the old file aside first. `keys import` turns this off: the old credentials file holds the
   * secret it is moving into the keyring, and a backup would be a plaintext copy of it.
   */
  backup: boolean;
  nowMs: number;
}

/**
 * Replaces a config or credentials file through the project's atomic writer, so a reader (the AWS
 * CLI, mid-call) sees the old file or the new one and a failed write leaves the old one as it was.
 * The new file keeps the old one's mode (a new file gets 0600, as it may hold keys). Returns the
 * backup's path, or undefined when no backup was made. Errors name the file and the error code.
 */
export function writeConfigFile(file: string, contents: string | Uint8Array, { backup, nowMs }: ConfigWriteOptions): string | undefined {
  // Through a symlink (dotfile managers link ~/.aws/config) to the real file, so the link survives.
  const path = realTarget(file);
  let copy: string | undefined;
  try {
    const mode = existingMode(path);
    if (mode === undefined) mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    if (backup && mode !== undefined) copy = backupCopy(path, nowMs);
    writeFileAtomic(path, contents, mode ?? 0o600);
    return copy;
  } catch (error) {
    // The file is unchanged, so a backup of it says nothing the file does not.
    if (copy !== undefined) removeQuietly(copy);
    throw fileError('write', file, error);
  }
}

function existingMode(path: string): number | undefined {
  try {
    return statSync(path).mode & 0o777;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/**
 * `<file>.sts-refresh-backup-<UTC time to the millisecond>`, with `-2`, `-3`... when that exists:
 * copied exclusively, so no backup ever replaces another (the first one holds the original).
 * copyFile keeps the mode, so a private file stays private in its backup.
 */
function backupCopy(path: string, nowMs: number): string {
  const stamp = new Date(nowMs).toISOString().replace(/[-:]/g, '').replace('.', '');
  for (let n = 1; ; n++) {
    const backup = `${path}${BACKUP_MARK}${stamp}${n === 1 ? '' : `-${n}`}`;
    try {
      copyFileSync(path, backup, constants.COPYFILE_EXCL);
      return backup;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
}

/** Where a path leads once every symlink is followed, or the path itself when it leads nowhere yet. */
export function realTarget(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

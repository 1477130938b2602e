import {
  realpathSync,
  closeSync,
  copyFileSync,
  fsyncSync,
  mkdirSync,
  openSync,
  renameSync,
  statSync,
  unlinkSync,
  writeSync,
  fchmodSync,
} from 'node:fs';
import { dirname } from 'node:path';
import { randomBytes } from 'node:crypto';

/**
 * Replaces a config file so that a reader (the AWS CLI, mid-call) sees the old file or the new one,
 * never half: temp file in the same directory, fsync, rename. The old file is copied to a backup
 * first, and the new file keeps the old one's mode (new files get 0600, as they may hold keys).
 * Returns the backup's path, or undefined when there was no file to back up.
 */
export function writeConfigFile(file: string, text: string, nowMs: number): string | undefined {
  // Through a symlink (dotfile managers link ~/.aws/config) to the real file, so the link survives.
  const path = realTarget(file);
  let mode = 0o600;
  let backup: string | undefined;
  try {
    mode = statSync(path).mode & 0o777;
    backup = `${path}.sts-refresh-backup-${new Date(nowMs).toISOString().replace(/[-:]|\.\d+/g, '')}`;
    // copyFile keeps the mode, so a private file stays private in its backup.
    copyFileSync(path, backup);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  }
  const temp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  const fd = openSync(temp, 'wx', mode);
  try {
    writeSync(fd, text);
    // openSync's mode is filtered by the umask; the file must end up exactly as private as before.
    fchmodSync(fd, mode);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  try {
    renameSync(temp, path);
  } catch (error) {
    unlinkSync(temp);
    throw error;
  }
  return backup;
}

function realTarget(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

import { StsRefreshError } from '../core/errors';

// What each error code means for a config file, in words a user can act on.
const HINTS: Record<string, string> = {
  EACCES: 'check the permissions of the file and its directory (ls -l)',
  EPERM: 'check the permissions of the file and its directory; an immutable file (lsattr shows i) needs chattr -i first',
  ENOSPC: 'the disk is full: free some space and run the command again',
  EDQUOT: 'your disk quota is used up: free some space and run the command again',
  EROFS: 'the file system is read-only: remount it read-write, or point AWS_CONFIG_FILE / AWS_SHARED_CREDENTIALS_FILE at a writable file',
  EISDIR: 'a directory stands where the file should be: move it away',
  ENOTDIR: 'a part of its path is not a directory: fix the path',
  ELOOP: 'its path has a symbolic link loop: fix the link',
  EIO: 'the disk reported an I/O error: check the disk and run the command again',
};

/** A failed read or write of a config or credentials file as one line naming the file and the error code. */
export function fileError(action: 'read' | 'write', file: string, error: unknown): StsRefreshError {
  const code = (error as NodeJS.ErrnoException).code ?? 'error';
  const unchanged = action === 'write' ? '; it is unchanged' : '';
  return new StsRefreshError(
    `could not ${action} ${file} (${code})${unchanged}`,
    HINTS[code] ?? 'fix the cause and run the command again',
    {
      cause: error,
    },
  );
}

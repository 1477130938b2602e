import { realpathSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { homeDir } from './home-dir';

/**
 * Windows' rule for trusting a file or directory, where POSIX checks its owner and mode
 * (own-file.ts ownerProblem). Node on Windows reports every owner as 0 and every mode as 0666, so
 * neither can be checked; what protects a file there is its ACL, and Node cannot read ACLs. What it
 * can see is where a path really leads. A user's profile directory (C:\Users\NAME, USERPROFILE) is
 * made with an ACL for that user, SYSTEM and the Administrators only, and everything created under
 * it inherits that; a folder made elsewhere may not (one made at the root of C: lets every
 * authenticated user change what is in it). So on Windows a path is trusted when its real path,
 * with every symbolic link and junction resolved, lies inside the real path of the profile
 * directory: a link or junction inside the profile that leads out of it is not. A path not made
 * yet is judged by where it would be made.
 */
export function outsideProfile(path: string, label: string, profileDir: string = homeDir()): string | undefined {
  const profile = whereItLeads(profileDir);
  const real = whereItLeads(path);
  if (isInside(real, profile)) return undefined;
  const leads = foldCase(real) === foldCase(resolve(path)) ? '' : ` leads to ${real}, which`;
  return `${label}${leads} is outside your profile directory ${profile}, where other users may be able to write`;
}

/**
 * Where `path` really leads, with every link and junction resolved; for a path not made yet, where
 * mkdir would make it: its deepest existing part resolved, the rest as written.
 */
function whereItLeads(path: string): string {
  const missing: string[] = [];
  for (let at = path; ; at = dirname(at)) {
    try {
      return join(realpathSync.native(at), ...missing);
    } catch {
      if (dirname(at) === at) return path;
      missing.unshift(basename(at));
    }
  }
}

// NTFS compares names without case, and the real paths come back in the case they were made in.
function foldCase(path: string): string {
  return path.toLowerCase();
}

function isInside(path: string, dir: string): boolean {
  const rel = relative(foldCase(dir), foldCase(path));
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel));
}

import { readdirSync, statSync, unlinkSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { configSectionNames } from '../core/profile/profile-section';
import { keptBytes, keptText } from '../core/text/kept-bytes';
import { writeFileAtomic } from '../files/atomic-write';
import { readRegularFile } from '../files/regular-file';
import { joinLines, removeKeys, splitLines } from './ini-lines';
import type { AwsFileNames } from './read-aws-files';
import { BACKUP_MARK, realTarget } from './write-config';

// A backup is a copy of a config or credentials file, so no larger than one (read-aws-files.ts).
const MAX_BYTES = 16 * 1024 * 1024;

/** sts-refresh's own backups of a config or credentials file, beside the file the path leads to, oldest first. */
export function backupsOf(file: string): string[] {
  const target = realTarget(file);
  const prefix = `${basename(target)}${BACKUP_MARK}`;
  try {
    return readdirSync(dirname(target))
      .filter((name) => name.startsWith(prefix))
      .sort()
      .map((name) => join(dirname(target), name));
  } catch {
    return [];
  }
}

/**
 * After `keys import`: no backup that sts-refresh made may still hold the secret it moved. Each
 * backup of either file that holds it loses the profile's key lines, as the file itself did; one
 * that holds it elsewhere too (another profile with the same keys) is removed. Returns a line
 * saying what was done to each; a backup that cannot be read or changed is said too, never skipped quietly.
 */
export function scrubBackups(files: AwsFileNames, profile: string, secret: string): string[] {
  const needle = Buffer.from(secret, 'utf8');
  const kinds = [
    { file: files.configFile, names: configSectionNames(profile) },
    { file: files.credentialsFile, names: [profile] },
  ];
  const done: string[] = [];
  for (const { file, names } of kinds) {
    for (const backup of backupsOf(file)) {
      const read = readRegularFile(backup, MAX_BYTES);
      if (!read.ok) continue;
      if (!read.bytes.includes(needle)) continue;
      const scrubbed = keptBytes(
        joinLines(removeKeys(splitLines(keptText(read.bytes).text), names, ['aws_access_key_id', 'aws_secret_access_key']).lines),
      );
      try {
        if (scrubbed.includes(needle)) {
          unlinkSync(backup);
          done.push(`removed the backup ${backup}, which held the secret`);
        } else {
          writeFileAtomic(backup, scrubbed, statSync(backup).mode & 0o777);
          done.push(`removed the keys of '${profile}' from the backup ${backup}`);
        }
      } catch (error) {
        done.push(
          `could not scrub the backup ${backup} (${(error as NodeJS.ErrnoException).code ?? 'error'}); it still holds the secret: delete it`,
        );
      }
    }
  }
  return done;
}

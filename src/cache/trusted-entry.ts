import { join } from 'node:path';
import { checkCacheDir } from './cache-dir';
import { readOwnFile } from '../files/own-file';

/**
 * The text of the entry `key` when its directory and file can be trusted as they are, for the
 * cache-hit path; undefined for anything else (missing, another user's, open to others, planted),
 * which the full path's CacheStore reads again and reports. Kept apart from CacheStore so that a
 * hit loads none of the writing.
 */
export function readTrustedEntry(dir: string, key: string): string | undefined {
  if (checkCacheDir(dir).kind !== 'ok') return undefined;
  const file = readOwnFile(join(dir, `${key}.json`));
  return file.ok ? file.text : undefined;
}

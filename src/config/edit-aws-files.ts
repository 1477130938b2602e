import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { StsRefreshError } from '../core/errors';
import { keptBytes, keptText } from '../core/text/kept-bytes';
import { FILE_EDIT_LOCK, LockFailedError, waitForLock } from '../files/wait-lock';
import { fileError } from './file-error';
import { readAwsFileBytes, type AwsFileNames } from './read-aws-files';
import { realTarget, writeConfigFile } from './write-config';

/**
 * Both files' text as an edit sees it: every byte kept, one that is not UTF-8 (a Latin-1 é in a
 * comment) as an escape that is written back as the same byte (core/text/kept-bytes.ts).
 */
export interface AwsTexts {
  config: string;
  credentials: string;
}

/** New contents for either file; a file left undefined is not written. */
export interface AwsEdit {
  config?: string;
  credentials?: string;
}

/** Both files as an edit reads them, without the lock: what setup --dry-run shows and what a command checks before it asks for anything. */
export function readAwsTexts(files: AwsFileNames): AwsTexts {
  return {
    config: keptText(readAwsFileBytes(files.configFile, 'config')).text,
    credentials: keptText(readAwsFileBytes(files.credentialsFile, 'credentials')).text,
  };
}

/**
 * Reads both files, lets `change` decide their new contents, and writes them, all under one lock
 * held across the read, the decision and the write, so concurrent edits (setups and keys commands
 * at once) each see the others' results instead of overwriting them. Every change to either file
 * (setup, keys add, import and remove) goes through here, and takes the lock beside the config
 * file once, so one lock guards both. `change` may be slow (keys stores in the keyring there, so
 * that no other edit comes between the store and the lines that point at it): the lock is kept
 * fresh meanwhile. The config file is written first: if the credentials file then fails, its
 * static keys are still there and still win, so the profile keeps working and the command can be
 * run again.
 */
export async function editAwsFiles<T>(
  files: AwsFileNames,
  change: (texts: AwsTexts) => { edit: AwsEdit; result: T } | Promise<{ edit: AwsEdit; result: T }>,
  { backup, nowMs }: { backup: boolean; nowMs: number },
): Promise<{ result: T; backups: string[] }> {
  const target = realTarget(files.configFile);
  const lockPath = `${target}.sts-refresh.lock`;
  try {
    mkdirSync(dirname(target), { recursive: true, mode: 0o700 });
  } catch (error) {
    throw fileError('write', files.configFile, error);
  }
  let lost: Error | undefined;
  const release = await lockAwsFiles(target, lockPath, files.configFile, (error) => {
    lost = error;
  });
  try {
    const { edit, result } = await change(readAwsTexts(files));
    if (lost)
      throw new StsRefreshError(`lost the lock on ${files.configFile} (${lost.message}); nothing was written`, 'run the command again');
    const backups: string[] = [];
    const write = (file: string, text: string | undefined) => {
      const copy = text === undefined ? undefined : writeConfigFile(file, keptBytes(text), { backup, nowMs });
      if (copy !== undefined) backups.push(copy);
    };
    write(files.configFile, edit.config);
    write(files.credentialsFile, edit.credentials);
    return { result, backups };
  } finally {
    await release().catch(() => undefined);
  }
}

async function lockAwsFiles(target: string, lockPath: string, file: string, onLost: (error: Error) => void): Promise<() => Promise<void>> {
  try {
    return await waitForLock(target, { ...FILE_EDIT_LOCK, lockPath, onLost, holderDoes: `editing ${file}` });
  } catch (error) {
    throw error instanceof LockFailedError ? fileError('write', file, error.cause) : error;
  }
}

import { mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { lock } from 'proper-lockfile';
import { StsRefreshError } from '../core/errors';
import { fileError } from './file-error';
import { realTarget, writeConfigFile } from './write-config';

export interface AwsFiles {
  configFile: string;
  credentialsFile: string;
}

export interface AwsTexts {
  config: string;
  credentials: string;
}

/** New contents for either file; a file left undefined is not written. */
export interface AwsEdit {
  config?: string;
  credentials?: string;
}

// A holder refreshes the lock every STALE_MS / 4, so only a crashed one leaves it to go stale.
const STALE_MS = 10_000;
// An edit takes milliseconds; half a minute of waiting covers dozens of them queued on a loaded
// machine, and then the user hears why.
const WAIT_MS = 30_000;

/**
 * Reads both files, lets `change` decide their new contents, and writes them, all under one lock
 * held across the read, the decision and the write, so concurrent edits (ten setups of ten
 * profiles at once) each see the others' results instead of overwriting them. Every edit of either
 * file goes through here and takes the lock next to the config file, so one lock guards both.
 * The config file is written first: if the credentials file then fails, its static keys are
 * still there and still win, so the profile keeps working and the same command can be run again.
 */
export async function editAwsFiles<T>(
  files: AwsFiles,
  change: (texts: AwsTexts) => { edit: AwsEdit; result: T },
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
  const release = await lockConfig(target, lockPath, files.configFile, (error) => {
    lost = error;
  });
  try {
    const { edit, result } = change({ config: readConfigText(files.configFile), credentials: readConfigText(files.credentialsFile) });
    if (lost)
      throw new StsRefreshError(`lost the lock on ${files.configFile} (${lost.message}); nothing was written`, 'run the command again');
    const backups: string[] = [];
    const write = (file: string, text: string | undefined) => {
      const copy = text === undefined ? undefined : writeConfigFile(file, text, { backup, nowMs });
      if (copy !== undefined) backups.push(copy);
    };
    write(files.configFile, edit.config);
    write(files.credentialsFile, edit.credentials);
    return { result, backups };
  } finally {
    await release().catch(() => undefined);
  }
}

/**
 * The file's text, or '' when there is none. Only UTF-8 is edited: decoding anything else would
 * replace bytes it could not read, and the edit must give back every byte it did not change.
 */
export function readConfigText(file: string): string {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return '';
    throw fileError('read', file, error);
  }
  try {
    // ignoreBOM keeps a byte order mark as text, so it is written back too.
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch (error) {
    throw new StsRefreshError(
      `${file} is not UTF-8 text, so it cannot be edited without changing bytes it does not understand`,
      'convert it to UTF-8 (iconv -f latin1 -t utf-8), which the AWS CLI also expects',
      { cause: error },
    );
  }
}

/**
 * Waits for the lock while another process holds it; any other failure (a read-only or full file
 * system) is reported at once, as the write would have failed the same way. proper-lockfile's own
 * retries would retry those too, so it is asked for one attempt at a time.
 */
async function lockConfig(target: string, lockPath: string, file: string, onLost: (error: Error) => void): Promise<() => Promise<void>> {
  const deadline = Date.now() + WAIT_MS;
  for (let delay = 10; ; delay = Math.min(delay * 1.5, 500)) {
    try {
      return await lock(target, {
        realpath: false,
        lockfilePath: lockPath,
        stale: STALE_MS,
        update: STALE_MS / 4,
        retries: 0,
        // The default throws from a timer, which would crash the process with a stack trace.
        onCompromised: onLost,
      });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ELOCKED') throw fileError('write', file, error);
      if (Date.now() > deadline) {
        throw new StsRefreshError(
          `another sts-refresh has been editing ${file} for too long (its lock is ${lockPath})`,
          'run the command again; if no other sts-refresh is running, remove that lock directory',
          { cause: error },
        );
      }
    }
    // Jittered, so a crowd of waiters does not retry in step.
    await new Promise((resolve) => setTimeout(resolve, delay * (0.5 + Math.random())));
  }
}

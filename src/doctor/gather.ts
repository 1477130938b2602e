// The IO edge of doctor: each function reads one kind of fact for the pure checks in checks/, and
// none of them throws for a file that is simply missing.
import { execFile } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import whichPackage from 'which';
import { readOwnFile } from '../files/own-file';
import { MAX_AWS_FILE_BYTES, readAwsFiles } from '../config/read-aws-files';
import { backupsOf } from '../config/backups';
import { keptText } from '../core/text/kept-bytes';
import { readRegularFile } from '../files/regular-file';
import { outsideProfile } from '../files/profile-place';
import type { AwsPaths } from '../config/aws-paths';
import { isServeLine } from '../core/profile/own-line';
import { splitCommandLine } from '../core/shell/shell-words';
import type { AwsCliFacts } from './checks/aws-cli';
import type { LoginFacts, ProcessRun } from './checks/credential-source';
import { loginCacheFileName } from '../core/profile/login-session';
import { expiryNotes, type ProfileFile } from './checks/session-tokens';
import type { CachedFile, StaleCacheFacts } from './checks/stale-caches';
import type { FileMode } from './checks/file-modes';

/**
 * The absolute path `command` resolves to on the PATH in `env`, as the system would find it: on
 * Windows through PATHEXT too (`aws` is `aws.exe` there) and in the current directory first.
 */
export function which(command: string, env: NodeJS.ProcessEnv): string | undefined {
  return whichPackage.sync(command, { path: env.PATH ?? '', ...(env.PATHEXT && { pathExt: env.PATHEXT }), nothrow: true }) ?? undefined;
}

export function awsCliFacts(env: NodeJS.ProcessEnv, timeoutMs: number): Promise<AwsCliFacts> {
  const path = which('aws', env);
  if (!path) return Promise.resolve({});
  return new Promise((resolve) => {
    // v1 printed its version on stderr, v2 on stdout.
    execFile(path, ['--version'], { env, timeout: timeoutMs, killSignal: 'SIGKILL' }, (error, stdout, stderr) => {
      const versionOutput = `${stdout}${stderr}`;
      const failed = error && !/aws-cli\//.test(versionOutput);
      resolve({ path, versionOutput, ...(failed && { error: error.killed ? `no answer within ${timeoutMs / 1000} s` : error.message }) });
    });
  });
}

export interface Profiles {
  config: ProfileFile;
  credentials: ProfileFile;
}

/**
 * Both files as every command reads them (config/read-aws-files.ts), parsed by the SDK's own
 * loader, so section names and merge rules match the AWS CLI's. The loader would turn an
 * unreadable file into no profiles at all; the reader's error says what is wrong instead.
 */
export async function readProfiles(paths: AwsPaths): Promise<Profiles> {
  const files = readAwsFiles(paths);
  const { parseAwsFiles } = await import('../aws/layer');
  const parsed = await parseAwsFiles(files);
  return {
    config: { path: paths.configFile, profiles: parsed.configFile },
    // The loader drops comments; the expiry notes beside session keys are read from the text.
    credentials: { path: paths.credentialsFile, profiles: parsed.credentialsFile, expiryNotes: expiryNotes(files.credentials) },
  };
}

/**
 * sts-refresh's backups of both files, each parsed as the file it copies: a backup of a file that
 * held long-term keys holds them still. Read as an edit reads (bytes kept), since a backup is
 * looked at, not used; one that cannot be read is left out.
 */
export async function readBackups(paths: AwsPaths): Promise<ProfileFile[]> {
  const { parseAwsFiles } = await import('../aws/layer');
  const found: ProfileFile[] = [];
  for (const which of ['config', 'credentials'] as const) {
    for (const path of backupsOf(which === 'config' ? paths.configFile : paths.credentialsFile)) {
      const read = readRegularFile(path, MAX_AWS_FILE_BYTES);
      if (!read.ok) continue;
      const text = keptText(read.bytes).text;
      const parsed = await parseAwsFiles({ configFile: path, credentialsFile: path, config: text, credentials: text });
      found.push({ path, profiles: which === 'config' ? parsed.configFile : parsed.credentialsFile, backup: true });
    }
  }
  return found;
}

/**
 * Whether `aws login`'s session for `session` is on this machine. Only its presence is read: the
 * file holds keys and a refresh token, and its 15-minute expiry says nothing of the 12-hour session.
 */
export function loginFacts(paths: AwsPaths, session: string): LoginFacts {
  const cacheFile = join(paths.loginCacheDir, loginCacheFileName(session));
  const file = readOwnFile(cacheFile);
  if (file.ok) return { session, cacheFile, state: 'present' };
  return file.kind === 'missing' ? { session, cacheFile, state: 'missing' } : { session, cacheFile, state: 'unreadable', why: file.why };
}

/** Cache files in a directory with their expiry, read by `expiresAt` from each file's JSON. */
export function cachedFiles(dir: string, expiresAt: (json: unknown) => string | undefined): CachedFile[] {
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => n.endsWith('.json'));
  } catch {
    return [];
  }
  return names.map((name) => {
    const path = join(dir, name);
    // As the cache store reads: a FIFO named like an entry would otherwise hang doctor for ever.
    const file = readOwnFile(path);
    if (!file.ok) return { path };
    try {
      const ms = Date.parse(expiresAt(JSON.parse(file.text)) ?? '');
      return Number.isNaN(ms) ? { path } : { path, expiresAtMs: ms };
    } catch {
      return { path };
    }
  });
}

export function staleCacheFacts(paths: AwsPaths, ownCacheDir: string): StaleCacheFacts {
  // botocore's JSONFileCache keeps the raw AssumeRole answer: {"Credentials": {"Expiration": ...}}.
  const fromCli = (json: unknown) => (json as { Credentials?: { Expiration?: string } }).Credentials?.Expiration;
  const fromOwn = (json: unknown) => (json as { credentials?: { Expiration?: string } }).credentials?.Expiration;
  return {
    awsCliCacheDir: paths.cliCacheDir,
    awsCliFiles: cachedFiles(paths.cliCacheDir, fromCli),
    ownCacheDir,
    ownFiles: cachedFiles(ownCacheDir, fromOwn),
  };
}

export function fileModes(paths: AwsPaths, ownCacheDir: string, platform: NodeJS.Platform = process.platform): FileMode[] {
  const entry = (path: string, kind: FileMode['kind']): FileMode => {
    let mode: number;
    try {
      mode = statSync(path).mode & 0o777;
    } catch {
      return { path, kind };
    }
    const outside = platform === 'win32' ? outsideProfile(path, path) : undefined;
    return { path, kind, mode, ...(outside && { outside }) };
  };
  return [entry(paths.configFile, 'file'), entry(paths.credentialsFile, 'file'), entry(ownCacheDir, 'directory')];
}

/** Runs a credential_process line as botocore would (split like shlex, no shell), killed after `timeoutMs`. */
export function runCredentialProcess(command: string, env: NodeJS.ProcessEnv, timeoutMs: number): Promise<ProcessRun> {
  const words = splitCommandLine(command, process.platform) ?? [];
  const first = words[0] ?? '';
  const resolvedPath = first ? which(first, env) : undefined;
  const servesKeys = isServeLine(command, process.platform);
  if (!resolvedPath) return Promise.resolve({ command, servesKeys });
  return new Promise((resolve) => {
    // Node's execFile collects both streams and kills at the limit. Its stdin is ended at once, as
    // botocore's children find nothing there either.
    const child = execFile(resolvedPath, words.slice(1), { env, timeout: timeoutMs, killSignal: 'SIGKILL' }, (error, stdout, stderr) => {
      const ran = { command, servesKeys, resolvedPath };
      if (error?.killed) return resolve({ ...ran, error: `no answer within ${timeoutMs / 1000} s` });
      if (error?.signal) return resolve({ ...ran, error: `ended by ${error.signal}` });
      if (typeof error?.code === 'string') return resolve({ ...ran, error: error.message });
      resolve({ ...ran, exitCode: error ? (error.code ?? null) : 0, stdout, stderr });
    });
    child.stdin?.end();
  });
}

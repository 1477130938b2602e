import { isAbsolute } from 'node:path';
import { UsageError } from '../errors';
import { configuredEndpoint, requestedRegion } from '../sts/sts-endpoint';
import { parseDuration } from './duration';
import type { ResolvedOptions } from './role-request';
import { nonEmpty } from '../text/non-empty';
import { envOption } from './env-option';

/** The request options as util.parseArgs hands them over: strings and flags, nothing checked yet. */
export interface RequestArgs {
  role?: string;
  'source-profile'?: string;
  'session-name'?: string;
  duration?: string;
  'external-id'?: string;
  region?: string;
  'endpoint-url'?: string;
  'cache-dir'?: string;
  'no-cache'?: boolean;
  'refresh-window'?: string;
  timeout?: string;
  'mfa-serial'?: string;
  'mfa-command'?: string;
  'mfa-duration'?: string;
}

export interface ResolveContext {
  env: NodeJS.ProcessEnv;
  /** The login name, for the default session name. */
  userName: string;
  /** The platform's cache directory (env-paths), used when neither --cache-dir nor STS_REFRESH_CACHE_DIR is set. */
  defaultCacheDir: () => string;
}

export const DEFAULT_DURATION_SECONDS = 3600;
// botocore asks credential_process again once fewer than 15 minutes remain (and insists below 10);
// 20 minutes keeps every credential we hand out clear of both marks.
export const DEFAULT_REFRESH_WINDOW_SECONDS = 20 * 60;
export const DEFAULT_TIMEOUT_SECONDS = 30;

/** Applies the documented defaults and precedence; validation happens afterwards, in one place. */
export function resolveOptions(args: RequestArgs, ctx: ResolveContext): ResolvedOptions {
  if (!args.role) {
    throw new UsageError(
      '--role is required',
      'for example: sts-refresh --role arn:aws:iam::123456789012:role/Name --source-profile default',
    );
  }
  const sourceProfile = args['source-profile'] ?? 'default';
  // Only what the command line and the environment say: the source profile's settings (region,
  // mfa_serial, role_arn) are read on a miss (settle-request.ts), so a cache hit never reads the
  // config file.
  const region = requestedRegion(args.region, ctx.env);
  const durationSeconds = args.duration === undefined ? DEFAULT_DURATION_SECONDS : parseDuration(args.duration, '--duration');
  const mfaSerial = nonEmpty(args['mfa-serial']);
  return {
    request: {
      roleArn: args.role,
      sourceProfile,
      sessionName: args['session-name'] ?? defaultSessionName(ctx.userName),
      durationSeconds,
      ...(args['external-id'] !== undefined && { externalId: args['external-id'] }),
      ...(region !== undefined && { region }),
      ...optionalEndpoint(args['endpoint-url'], ctx.env),
      ...(mfaSerial !== undefined && { mfaSerial }),
    },
    mfa: {
      ...(args['mfa-duration'] !== undefined && { durationSeconds: parseDuration(args['mfa-duration'], '--mfa-duration') }),
      ...(args['mfa-command'] !== undefined && { command: args['mfa-command'] }),
    },
    cache: {
      ...(!args['no-cache'] && { dir: chooseCacheDir(args['cache-dir'], ctx.env, ctx.defaultCacheDir) }),
      refreshWindowSeconds:
        args['refresh-window'] === undefined ? DEFAULT_REFRESH_WINDOW_SECONDS : parseDuration(args['refresh-window'], '--refresh-window'),
    },
    timeoutSeconds: args.timeout === undefined ? DEFAULT_TIMEOUT_SECONDS : parseDuration(args.timeout, '--timeout'),
  };
}

/**
 * --cache-dir as given (an empty one is left for validation to refuse), then STS_REFRESH_CACHE_DIR,
 * then the platform's directory. Every command that touches the cache goes through this, the cache
 * hit included (it hands a UsageError over to the full path, which reports it).
 */
export function chooseCacheDir(flag: string | undefined, env: NodeJS.ProcessEnv, platformDir: () => string): string {
  if (flag !== undefined) return absoluteDir(flag, '--cache-dir');
  const dir = nonEmpty(envOption(env, 'STS_REFRESH_CACHE_DIR'));
  return dir === undefined ? platformDir() : absoluteDir(dir, 'STS_REFRESH_CACHE_DIR');
}

/**
 * A relative directory is refused rather than resolved: credential_process runs in whatever directory
 * the AWS CLI was started from, so live credentials would land in a git tree or a shared folder.
 */
function absoluteDir(dir: string, source: string): string {
  if (dir === '' || isAbsolute(dir)) return dir;
  throw new UsageError(
    `${source} must be an absolute path (got '${dir.length > 80 ? `${dir.slice(0, 80)}...` : dir}'), or credentials would be written wherever the AWS CLI runs`,
    dir.startsWith('~')
      ? 'write the full path: credential_process runs without a shell, so ~ is not expanded'
      : 'write the full path, e.g. /home/you/.cache/sts-refresh, or leave it out for the default',
  );
}

/** The endpoint the SDK itself would pick from the environment, made explicit so it is part of the cache key. */
function optionalEndpoint(flag: string | undefined, env: NodeJS.ProcessEnv): { endpoint?: string } {
  const endpoint = configuredEndpoint(flag, env);
  return endpoint === undefined ? {} : { endpoint };
}

/** `sts-refresh-<login>`, with the characters STS rejects in a session name replaced. */
export function defaultSessionName(userName: string): string {
  const cleaned = userName.replace(/[^\w+=,.@-]/g, '-');
  return `sts-refresh-${cleaned || 'user'}`.slice(0, 64);
}

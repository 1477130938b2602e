import { userInfo } from 'node:os';
import envPaths from 'env-paths';
import { validateOptions } from '../core/options-schema';
import type { ResolvedOptions } from '../core/role-request';
import { resolveOptions, type RequestArgs } from '../core/resolve-options';

/** The options shared by every command that obtains credentials, in util.parseArgs form. */
export const REQUEST_OPTIONS = {
  role: { type: 'string' },
  'source-profile': { type: 'string' },
  'session-name': { type: 'string' },
  duration: { type: 'string' },
  'external-id': { type: 'string' },
  region: { type: 'string' },
  'endpoint-url': { type: 'string' },
  'cache-dir': { type: 'string' },
  'no-cache': { type: 'boolean' },
  'refresh-window': { type: 'string' },
  timeout: { type: 'string' },
} as const;

/** Resolves defaults from this machine (login name, config file, cache directory) and validates the lot. */
export async function loadOptions(args: RequestArgs, env: NodeJS.ProcessEnv): Promise<ResolvedOptions> {
  return validateOptions(
    await resolveOptions(args, {
      env,
      userName: loginName(env),
      readProfileRegion,
      defaultCacheDir: () => envPaths('sts-refresh', { suffix: '' }).cache,
    }),
  );
}

function loginName(env: NodeJS.ProcessEnv): string {
  try {
    return userInfo().username;
  } catch {
    // No passwd entry (some containers): fall back to what the shell says.
    return env.USER ?? env.LOGNAME ?? env.USERNAME ?? 'user';
  }
}

/** The source profile's `region`, read with the SDK's own INI loader and its file-location rules. */
async function readProfileRegion(profile: string): Promise<string | undefined> {
  const { loadSharedConfigFiles } = await import('@smithy/shared-ini-file-loader');
  const { configFile } = await loadSharedConfigFiles({ ignoreCache: true });
  return configFile[profile]?.region;
}

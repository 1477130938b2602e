import { userInfo } from 'node:os';
import envPaths from 'env-paths';
import { isRegion, validateOptions } from '../core/options-schema';
import { StsRefreshError } from '../errors';
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

/** The --help text for REQUEST_OPTIONS, shared by every command that takes them. */
export const REQUEST_USAGE = `  --role ARN               the IAM role to assume (required)
  --source-profile NAME    profile whose credentials assume the role (default: default)
  --session-name NAME      role session name (default: sts-refresh-<login name>)
  --duration DUR           session length, 900..43200 s (default: 1h)
  --external-id ID         external id the role's trust policy asks for
  --region REGION          STS region (default: AWS_REGION, AWS_DEFAULT_REGION, the source
                           profile's region, then us-east-1)
  --endpoint-url URL       STS endpoint (default: AWS_ENDPOINT_URL_STS, AWS_ENDPOINT_URL, regional)
  --cache-dir DIR          cache directory (default: STS_REFRESH_CACHE_DIR, ~/.cache/sts-refresh)
  --no-cache               neither read nor write the cache
  --refresh-window DUR     renew when less than this remains (default: 20m, at most half of --duration)
  --timeout DUR            give up after this long, lock wait and retries included (default: 30s)
DUR is seconds (3600) or 90s, 15m, 1h.`;

/** Resolves defaults from this machine (login name, config file, cache directory) and validates the lot. */
export async function loadOptions(args: RequestArgs, env: NodeJS.ProcessEnv): Promise<ResolvedOptions> {
  return validateOptions(
    await resolveOptions(args, {
      env,
      userName: loginName(env),
      readProfileRegion: (profile) => readProfileRegion(profile, env),
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
async function readProfileRegion(profile: string, env: NodeJS.ProcessEnv): Promise<string | undefined> {
  const { loadSharedConfigFiles } = await import('@smithy/shared-ini-file-loader');
  const { configFile } = await loadSharedConfigFiles({ ignoreCache: true });
  const region = configFile[profile]?.region;
  // The config file is at fault, not the command line: exit 1 naming the file, not a usage error about --region.
  if (region !== undefined && !isRegion(region)) {
    const shown = JSON.stringify(region.length > 40 ? `${region.slice(0, 40)}...` : region);
    throw new StsRefreshError(
      `profile '${profile}' in the AWS config file (${env.AWS_CONFIG_FILE ?? '~/.aws/config'}) has region ${shown}, which is not an AWS region`,
      'fix its region line, or pass --region',
    );
  }
  return region;
}

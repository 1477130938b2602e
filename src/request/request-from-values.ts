import type { RequestArgs } from '../core/request/resolve-options';
import type { ResolvedOptions } from '../core/request/role-request';
import { loadOptions } from './load-options';
import { REQUEST_OPTIONS } from '../core/request/request-options';
import { readProfileRequest } from './read-profile-request';
import { UsageError } from '../core/errors';

/** The option that names a profile instead of spelling the request out (exec, env, print and console). */
export const PROFILE_OPTION = { profile: { type: 'string' } } as const;

/**
 * The request of exec, env, print and console: from the command line, or from a profile's
 * credential_process line with the command line's own options on top. The profile is read only
 * when named, with the SDK's INI loader.
 */
export async function requestFromValues(
  command: 'exec' | 'env' | 'print' | 'console',
  values: Record<string, unknown>,
  env: NodeJS.ProcessEnv,
): Promise<ResolvedOptions> {
  const given = Object.fromEntries(Object.entries(values).filter(([name]) => name in REQUEST_OPTIONS)) as RequestArgs;
  const profile = values.profile as string | undefined;
  if (profile === undefined) {
    // These commands stand in for `aws --profile NAME` more often than for a bare role.
    if (given.role === undefined) {
      throw new UsageError(
        '--profile or --role is required',
        `name a profile whose credential_process is sts-refresh, or the role: sts-refresh ${command} --profile prod${command === 'exec' ? ' -- aws s3 ls' : ''}`,
      );
    }
    return loadOptions(given, env);
  }
  return loadOptions({ ...(await readProfileRequest(profile, env)), ...given }, env);
}

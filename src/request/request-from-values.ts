import type { RequestArgs } from '../core/request/resolve-options';
import type { ResolvedOptions } from '../core/request/role-request';
import { loadOptions } from './load-options';
import { REQUEST_OPTIONS } from '../core/request/request-options';
import { readProfileRequest } from './read-profile-request';

/** The option that names a profile instead of spelling the request out (exec, env and print). */
export const PROFILE_OPTION = { profile: { type: 'string' } } as const;

/**
 * The request of exec, env and print: from the command line, or from a profile's
 * credential_process line with the command line's own options on top. The profile is read only
 * when named, with the SDK's INI loader.
 */
export async function requestFromValues(values: Record<string, unknown>, env: NodeJS.ProcessEnv): Promise<ResolvedOptions> {
  const given = Object.fromEntries(Object.entries(values).filter(([name]) => name in REQUEST_OPTIONS)) as RequestArgs;
  const profile = values.profile as string | undefined;
  if (profile === undefined) return loadOptions(given, env);
  return loadOptions({ ...(await readProfileRequest(profile, env)), ...given }, env);
}

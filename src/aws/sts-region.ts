import { loadSharedConfigFiles } from '@smithy/shared-ini-file-loader';
import { FALLBACK_REGION } from '../core/resolve-options';
import type { RoleRequest } from '../core/role-request';

/**
 * The region of the STS call: the request's, else the source profile's `region` read with the
 * SDK's own INI loader and file-location rules, else us-east-1. Only a miss gets here.
 */
export async function stsRegion(request: RoleRequest): Promise<string> {
  if (request.region !== undefined) return request.region;
  const { configFile } = await loadSharedConfigFiles({ ignoreCache: true });
  return configFile[request.sourceProfile]?.region?.trim() || FALLBACK_REGION;
}

import { loadSharedConfigFiles } from '@smithy/shared-ini-file-loader';
import type { ProfileSettings } from '../core/role-request';

/**
 * The source profile's region, mfa_serial and role_arn, read with the SDK's own INI loader and its
 * file-location and merge rules (role_arn may sit in the credentials file too). Only a miss gets
 * here: the loader and the SSO helpers it reaches load node:crypto, which a hit should not pay for.
 */
export async function readProfileSettings(profile: string): Promise<ProfileSettings> {
  const { configFile, credentialsFile } = await loadSharedConfigFiles({ ignoreCache: true });
  const section = { ...credentialsFile[profile], ...configFile[profile] };
  return {
    ...(section.region !== undefined && { region: section.region }),
    ...(section.mfa_serial !== undefined && { mfaSerial: section.mfa_serial }),
    ...(section.role_arn !== undefined && { roleArn: section.role_arn }),
  };
}

import { parseKnownFiles } from '@smithy/shared-ini-file-loader';
import type { ProfileSettings } from '../core/request/role-request';
import type { AwsFiles } from '../config/read-aws-files';
import { handToSdk } from './shared-config';

/**
 * The source profile's region, mfa_serial and role_arn from the files read, parsed and merged by
 * the SDK's own loader: parseKnownFiles is what its credential providers read (role_arn may sit in
 * the credentials file too), and where both files set a key the credentials file wins, as in its
 * region loader. Only a miss gets here: the loader and the SSO helpers it reaches load
 * node:crypto, which a hit should not pay for.
 */
export async function readProfileSettings(profile: string, files: AwsFiles): Promise<ProfileSettings> {
  handToSdk(files);
  const profiles = await parseKnownFiles({ configFilepath: files.configFile, filepath: files.credentialsFile, ignoreCache: true });
  const section = profiles[profile] ?? {};
  return {
    ...(section.region !== undefined && { region: section.region }),
    ...(section.mfa_serial !== undefined && { mfaSerial: section.mfa_serial }),
    ...(section.role_arn !== undefined && { roleArn: section.role_arn }),
  };
}

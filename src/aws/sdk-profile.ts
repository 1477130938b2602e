import { fromIni } from '@aws-sdk/credential-providers';
import type { AwsCredentialIdentity } from '@smithy/types';
import { handToSdk } from './shared-config';
import type { ProfileResolution } from './source-profile';
import { withProcessContext } from './source-process';

/**
 * The SDK's fromIni over the files as config/read-aws-files.ts read them (at the paths
 * config/aws-paths.ts names), with our STS calls injected (its roleAssumer hooks) and our
 * environment and deadline for any credential_process.
 */
export function resolveWithSdk(resolution: ProfileResolution): Promise<AwsCredentialIdentity> {
  const { profile, region, env, signal, files } = resolution;
  handToSdk(files);
  return withProcessContext({ env, signal }, () =>
    fromIni({
      profile,
      filepath: files.credentialsFile,
      configFilepath: files.configFile,
      clientConfig: { region },
      ignoreCache: true,
      roleAssumer: resolution.roleAssumer,
      roleAssumerWithWebIdentity: resolution.roleAssumerWithWebIdentity,
    })(),
  );
}

import { fromIni } from '@aws-sdk/credential-providers';
import type { AwsCredentialIdentity } from '@smithy/types';
import type { ProfileResolution } from './source-profile';
import { withProcessContext } from './source-process';

/**
 * The SDK's fromIni, reading AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE afresh, with our STS
 * calls injected (its roleAssumer hooks) and our environment and deadline for any credential_process.
 */
export function resolveWithSdk(resolution: ProfileResolution): Promise<AwsCredentialIdentity> {
  const { profile, region, env, signal } = resolution;
  return withProcessContext({ env, signal }, () =>
    fromIni({
      profile,
      clientConfig: { region },
      ignoreCache: true,
      roleAssumer: resolution.roleAssumer,
      roleAssumerWithWebIdentity: resolution.roleAssumerWithWebIdentity,
    })(),
  );
}

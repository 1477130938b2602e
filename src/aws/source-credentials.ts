import { fromIni } from '@aws-sdk/credential-providers';
import type { AwsCredentialIdentity } from '@smithy/types';
import { StsRefreshError } from '../errors';

export interface SourceCredentialsInit {
  profile: string;
  region: string;
}

/**
 * Resolves the source profile exactly as the SDK does (static keys, role chains, SSO,
 * credential_process, web identity), reading AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE.
 */
export async function getSourceCredentials({ profile, region }: SourceCredentialsInit): Promise<AwsCredentialIdentity> {
  try {
    return await fromIni({ profile, clientConfig: { region }, ignoreCache: true })();
  } catch (error) {
    throw new StsRefreshError(
      `could not get credentials for source profile '${profile}': ${reasonOf(error)}`,
      `check [${profile === 'default' ? 'default' : `profile ${profile}`}] in ~/.aws/config and ~/.aws/credentials, or pass another --source-profile`,
      { cause: error },
    );
  }
}

/**
 * A failing credential_process reports its own stderr inside the SDK's message; when that was
 * another sts-refresh, its one line already says what is wrong, so surface it rather than the wrapper.
 */
function reasonOf(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const ours = /sts-refresh: ([^\n]+)/.exec(message);
  if (ours?.[1]) return ours[1];
  if (/Could not resolve credentials using profile/i.test(message) || /Profile .* could not be found/i.test(message)) {
    return 'the profile is missing or has no credentials';
  }
  return message.split('\n', 1)[0] ?? message;
}

import type { RequestArgs } from '../core/request/resolve-options';
import { UsageError } from '../core/errors';
import { requestFromLine } from '../core/request/request-from-line';

/**
 * `--profile NAME`: the request NAME's credential_process line makes, read with the SDK's own INI
 * loader and its file locations (AWS_CONFIG_FILE), as the AWS CLI would read it.
 */
export async function readProfileRequest(profile: string): Promise<RequestArgs> {
  const { sharedConfig } = await import('../aws/layer');
  const { configFile } = await sharedConfig.loadSharedConfigFiles({ ignoreCache: true });
  const section = configFile[profile];
  if (section === undefined) {
    throw new UsageError(
      `profile '${profile}' is not in the AWS config file`,
      `check the name, or write it with: sts-refresh setup --profile ${profile} --role arn:aws:iam::ACCOUNT:role/NAME`,
    );
  }
  return requestFromLine(profile, section.credential_process);
}

import type { RequestArgs } from '../core/request/resolve-options';
import { UsageError } from '../core/errors';
import { requestFromLine } from '../core/request/request-from-line';
import { awsPaths } from '../config/aws-paths';
import { readAwsFiles } from '../config/read-aws-files';
import { shellQuote } from '../core/shell/shell-words';

/**
 * `--profile NAME`: the request NAME's credential_process line makes, read from the config file
 * config/aws-paths.ts names and parsed by the SDK's own INI loader, as the AWS CLI would read it.
 */
export async function readProfileRequest(profile: string, env: NodeJS.ProcessEnv): Promise<RequestArgs> {
  const files = readAwsFiles(awsPaths(env));
  const { parseAwsFiles } = await import('../aws/layer');
  const { configFile } = await parseAwsFiles(files);
  const section = configFile[profile];
  if (section === undefined) {
    throw new UsageError(
      `profile '${profile}' is not in the AWS config file ${files.configFile}`,
      `check the name, or write it with: sts-refresh setup --profile ${shellQuote(profile)} --role arn:aws:iam::ACCOUNT:role/NAME`,
    );
  }
  return requestFromLine(profile, section.credential_process, process.platform);
}

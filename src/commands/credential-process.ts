import type { RequestArgs } from '../core/request/resolve-options';
import { obtainCredentials } from '../providers/obtain-credentials';
import { credentialProcessJson } from '../output';
import type { Command } from '../cli/command';
import { loadOptions } from '../request/load-options';
import { REQUEST_OPTIONS } from '../core/request/request-options';
import { REQUEST_USAGE } from '../core/request/request-usage';

/** What credential_process runs: the credentials as one JSON object on stdout, nothing else. */
export const credentialProcessCommand: Command = {
  name: 'credential-process',
  usage: `Usage: sts-refresh [credential-process] --role ARN [options]

Prints exactly one JSON object for the AWS CLI and SDKs, from the cache when it is fresh.
In ~/.aws/config:
  [profile prod]
  credential_process = sts-refresh --role arn:aws:iam::123456789012:role/Prod --source-profile user1

Options:
${REQUEST_USAGE}`,
  options: REQUEST_OPTIONS,
  async run(values, _positionals, io) {
    const options = loadOptions(values as RequestArgs, io.env);
    const { entry } = await obtainCredentials(options, io);
    io.stdout(credentialProcessJson(entry));
  },
};

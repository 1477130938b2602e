import type { RequestArgs } from '../core/resolve-options';
import { credentialVariables, ENV_FORMATS, formatEnv, type EnvFormat } from '../core/shell-env';
import { UsageError } from '../errors';
import { obtainCredentials } from '../obtain-credentials';
import type { Command } from './command';
import { loadOptions } from './load-options';
import { REQUEST_OPTIONS, REQUEST_USAGE } from './request-options';

export const envCommand: Command = {
  name: 'env',
  usage: `Usage: sts-refresh env --role ARN [options] [--format sh|fish|powershell|json]

Prints lines that set AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN and
AWS_CREDENTIAL_EXPIRATION, quoted for the shell. They do not renew themselves: prefer
credential_process or sts-refresh exec for anything that runs longer than the session.
Example:
  eval "$(sts-refresh env --role arn:aws:iam::123456789012:role/Prod --source-profile user1)"
  sts-refresh env --role arn:aws:iam::123456789012:role/Prod --format fish | source

Options:
${REQUEST_USAGE}
  --format FORMAT          sh (default), fish, powershell or json`,
  options: { ...REQUEST_OPTIONS, format: { type: 'string' } },
  async run(values, _positionals, io) {
    const format = (values.format as string | undefined) ?? 'sh';
    if (!(ENV_FORMATS as readonly string[]).includes(format)) {
      throw new UsageError(`--format must be one of ${ENV_FORMATS.join(', ')} (got '${format}')`);
    }
    const options = await loadOptions(values as RequestArgs, io.env);
    const { entry } = await obtainCredentials(options, io);
    io.stdout(formatEnv(credentialVariables(entry), format as EnvFormat));
  },
};

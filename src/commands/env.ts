import { credentialVariables, ENV_FORMATS, formatEnv, KEY_VARIABLES, type EnvFormat } from '../core/shell/shell-env';
import { UsageError } from '../core/errors';
import { obtainCredentials } from '../providers/obtain-credentials';
import type { Command } from '../cli/command';
import { REQUEST_OPTIONS } from '../core/request/request-options';
import { PROFILE_REQUEST_USAGE } from '../core/request/request-usage';
import { PROFILE_OPTION, requestFromValues } from '../request/request-from-values';

export const envCommand: Command = {
  name: 'env',
  usage: `Usage: sts-refresh env (--role ARN | --profile NAME) [options] [--format sh|fish|powershell|json]
       sts-refresh env --profile NAME --profile-only [--format ...]

Prints lines that set AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN and
AWS_CREDENTIAL_EXPIRATION, quoted for the shell. They do not renew themselves: prefer
credential_process or sts-refresh exec for anything that runs longer than the session.
With --profile-only it prints AWS_PROFILE=NAME and unsets those four instead, calling no STS:
the shell's tools then run sts-refresh through the profile's credential_process themselves, and
renew for as long as the shell lives.
Example:
  eval "$(sts-refresh env --role arn:aws:iam::123456789012:role/Prod --source-profile user1)"
  sts-refresh env --role arn:aws:iam::123456789012:role/Prod --format fish | source
  eval "$(sts-refresh env --profile prod --profile-only)"

Options:
${PROFILE_REQUEST_USAGE}
  --profile-only           print AWS_PROFILE=NAME and unset the key variables (needs --profile)
  --format FORMAT          sh (default), fish, powershell or json`,
  options: { ...REQUEST_OPTIONS, ...PROFILE_OPTION, 'profile-only': { type: 'boolean' }, format: { type: 'string' } },
  async run(values, _positionals, io) {
    const format = (values.format as string | undefined) ?? 'sh';
    if (!(ENV_FORMATS as readonly string[]).includes(format)) {
      throw new UsageError(`--format must be one of ${ENV_FORMATS.join(', ')} (got '${format}')`);
    }
    const profile = values.profile as string | undefined;
    if (values['profile-only'] && profile === undefined) {
      throw new UsageError('--profile-only needs --profile NAME', 'for example: sts-refresh env --profile prod --profile-only');
    }
    // Read either way: a profile that is not sts-refresh's fails here, not later in every tool.
    const options = await requestFromValues('env', values, io.env);
    if (values['profile-only']) {
      const vars = [['AWS_PROFILE', profile as string] as const, ...KEY_VARIABLES.map((name) => [name, undefined] as const)];
      return void io.stdout(formatEnv(vars, format as EnvFormat));
    }
    const { entry } = await obtainCredentials(options, io);
    io.stdout(formatEnv(credentialVariables(entry), format as EnvFormat));
  },
};

import { obtainCredentials } from '../providers/obtain-credentials';
import { credentialProcessJson } from '../output';
import { printSummary } from './print-summary';
import type { Command } from '../cli/command';
import { REQUEST_OPTIONS } from '../core/request/request-options';
import { PROFILE_REQUEST_USAGE } from '../core/request/request-usage';
import { PROFILE_OPTION, requestFromValues } from '../request/request-from-values';

/** For debugging: what credential-process would return, as a summary (or the same JSON with --json). */
export const printCommand: Command = {
  name: 'print',
  usage: `Usage: sts-refresh print (--role ARN | --profile NAME) [options] [--json]

Shows the role, cache file, cache status, expiry and clock offset; the secret key and session
token stay hidden unless --json, which prints exactly what credential-process prints.
Example:
  sts-refresh print --role arn:aws:iam::123456789012:role/Prod --source-profile user1
  sts-refresh print --profile prod

Options:
${PROFILE_REQUEST_USAGE}
  --json                   print the credential_process JSON instead`,
  options: { ...REQUEST_OPTIONS, ...PROFILE_OPTION, json: { type: 'boolean' } },
  async run(values, _positionals, io) {
    const options = await requestFromValues('print', values, io.env);
    const result = await obtainCredentials(options, io);
    io.stdout(values.json ? credentialProcessJson(result.entry) : printSummary(result, io.now(), options.cache.refreshWindowSeconds));
  },
};

import { parseArgs } from 'node:util';
import { REQUEST_OPTIONS } from './request-options';
import type { RequestArgs } from './resolve-options';
import { splitCommandLine } from '../shell/shell-words';
import { UsageError } from '../errors';
import { ownArgs } from '../profile/own-line';

const SETUP_HINT = (profile: string) =>
  `write it with: sts-refresh setup --profile ${profile} --role arn:aws:iam::ACCOUNT:role/NAME --source-profile LONG_TERM_PROFILE`;

/**
 * The request a profile's `credential_process = sts-refresh ...` line makes, split as botocore
 * splits it on `platform` and parsed with the options credential-process takes. `line` is undefined when the
 * profile has no such line.
 */
export function requestFromLine(profile: string, line: string | undefined, platform: NodeJS.Platform): RequestArgs {
  if (line === undefined || line.trim() === '') {
    throw new UsageError(`profile '${profile}' has no credential_process line`, SETUP_HINT(profile));
  }
  const words = splitCommandLine(line, platform);
  if (words === undefined)
    throw new UsageError(`profile '${profile}': its credential_process line has an unterminated quote`, SETUP_HINT(profile));
  const own = ownArgs(words);
  if (own === undefined) {
    throw new UsageError(`profile '${profile}' runs '${words[0] ?? ''}' in credential_process, not sts-refresh`, SETUP_HINT(profile));
  }
  let args = own;
  if (args[0] === 'credential-process') args = args.slice(1);
  try {
    return parseArgs({ args, options: REQUEST_OPTIONS, strict: true, allowPositionals: false }).values as RequestArgs;
  } catch (error) {
    throw new UsageError(
      `profile '${profile}': its credential_process line is not one sts-refresh reads (${error instanceof Error ? error.message : String(error)})`,
      SETUP_HINT(profile),
    );
  }
}

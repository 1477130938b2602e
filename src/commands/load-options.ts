import { validateOptions } from '../core/options-schema';
import type { RequestArgs } from '../core/resolve-options';
import type { ResolvedOptions } from '../core/role-request';
import { resolveRequestOptions } from './request-defaults';

/** The request options resolved against this machine's defaults and validated, for every command that obtains credentials. */
export function loadOptions(args: RequestArgs, env: NodeJS.ProcessEnv): ResolvedOptions {
  return validateOptions(resolveRequestOptions(args, env));
}

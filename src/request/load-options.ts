import { validateOptions } from '../core/request/options-schema';
import type { RequestArgs } from '../core/request/resolve-options';
import type { ResolvedOptions } from '../core/request/role-request';
import { resolveRequestOptions } from './request-defaults';

/** The request options resolved against this machine's defaults and validated, for every command that obtains credentials. */
export function loadOptions(args: RequestArgs, env: NodeJS.ProcessEnv): ResolvedOptions {
  return validateOptions(resolveRequestOptions(args, env));
}

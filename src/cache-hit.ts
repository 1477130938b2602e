import { readTrustedEntry } from './cache/trusted-entry';
import { cacheKey } from './core/cache-entry/cache-key';
import { entryForHit } from './core/cache-entry/hit-entry';
import { CHAIN_ENV, enterChain } from './core/request/loop-guard';
import { settingsWithinLimits } from './core/request/option-limits';
import { plainStringOptions } from './core/request/plain-args';
import type { RequestArgs } from './core/request/resolve-options';
import { resolveRequestOptions } from './request/request-defaults';
import { REQUEST_OPTIONS } from './core/request/request-options';
import { credentialProcessJson } from './output';

/**
 * A cache hit, start to end: the credential_process JSON for a plain `sts-refresh --role ...`
 * whose entry is fresh, or undefined, and the full CLI (cli.ts) takes over from the start.
 *
 * This is most of what sts-refresh ever runs, once per AWS CLI process, so it loads no zod, no
 * SDK and no command other than this one (bin.ts compiles the full CLI only when it is needed).
 * It never reports anything: a usage error, a warning, a corrupt or planted entry are the full
 * path's to explain, and it meets them again on its own.
 */
export function answerFromCache(argv: readonly string[], env: NodeJS.ProcessEnv, nowMs: number): string | undefined {
  // Another command, help, version, --no-cache, anything unusual: the full path's.
  const values = plainStringOptions(argv[0] === 'credential-process' ? argv.slice(1) : argv, REQUEST_OPTIONS);
  if (values === undefined || values.role === undefined) return undefined;
  try {
    const options = resolveRequestOptions(values as RequestArgs, env);
    const dir = options.cache.dir;
    if (dir === undefined || !settingsWithinLimits(options)) return undefined;
    const { request } = options;
    const key = cacheKey(request);
    enterChain(env[CHAIN_ENV], key, request.roleArn, request.sourceProfile);
    // Nothing is reported here: a planted entry or an open directory is a miss, which the full
    // path meets again and reports.
    const text = readTrustedEntry(dir, key);
    const entry = text === undefined ? undefined : entryForHit(JSON.parse(text), request, nowMs, options.cache.refreshWindowSeconds);
    return entry ? credentialProcessJson(entry) : undefined;
  } catch {
    // Whatever failed (bad options, a loop, unreadable JSON) fails again on the full path, which says why.
    return undefined;
  }
}

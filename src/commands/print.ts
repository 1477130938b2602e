import type { RequestArgs } from '../core/resolve-options';
import { obtainCredentials } from '../obtain-credentials';
import { credentialProcessJson, printSummary } from '../output';
import type { CommandIo } from './command';
import { loadOptions } from './request-options';

/** For debugging: what credential-process would return, as a summary (or the same JSON with --json). */
export async function print(args: RequestArgs & { json?: boolean }, io: CommandIo): Promise<void> {
  const options = await loadOptions(args, io.env);
  const result = await obtainCredentials(options, io);
  io.stdout(args.json ? credentialProcessJson(result.entry) : printSummary(result, io.now(), options.cache.refreshWindowSeconds));
}

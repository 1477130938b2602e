import type { RequestArgs } from '../core/resolve-options';
import { obtainCredentials } from '../obtain-credentials';
import { credentialProcessJson } from '../output';
import type { CommandIo } from './command';
import { loadOptions } from './request-options';

/** What credential_process runs: the credentials as one JSON object on stdout, nothing else. */
export async function credentialProcess(args: RequestArgs, io: CommandIo): Promise<void> {
  const options = await loadOptions(args, io.env);
  const { entry } = await obtainCredentials(options, io);
  io.stdout(credentialProcessJson(entry));
}

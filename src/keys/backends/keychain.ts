import { StsRefreshError } from '../../core/errors';
import { decodeKeys, encodeKeys, type AccessKeys } from '../access-keys';
import type { Keyring } from './keyring';
import { runTool, type ToolResult } from './run-tool';

// macOS Keychain through /usr/bin/security, which every Mac has. `add-generic-password -w SECRET`
// would put the secret in argv, visible in ps, so writes go through `security -i`, which reads
// its commands from stdin. The item's password is the key pair as base64 JSON: nothing in it that
// the -i command line would have to quote.
const SECURITY = '/usr/bin/security';
const SERVICE = 'sts-refresh';
// security's exit status for "The specified item could not be found in the keychain."
const NOT_FOUND = 44;
const FIX = 'unlock the login keychain (security unlock-keychain), or choose --backend file';

export async function openKeychain(env: NodeJS.ProcessEnv): Promise<Keyring> {
  const run = async (args: string[], input = ''): Promise<ToolResult> => {
    try {
      return await runTool(SECURITY, args, input, env);
    } catch (error) {
      throw new StsRefreshError(`Keychain: cannot run ${SECURITY} (${(error as NodeJS.ErrnoException).code ?? 'error'})`, FIX, {
        cause: error,
      });
    }
  };
  const failed = (what: string, result: ToolResult) =>
    new StsRefreshError(`Keychain: ${what} failed (exit ${result.exitCode}: ${result.stderr.trim().split('\n')[0] ?? ''})`, FIX);
  return {
    backend: 'keychain',
    // The Keychain asks the person itself, in its own dialog, when an item is used.
    async unlock() {},
    async get(profile): Promise<AccessKeys | undefined> {
      const result = await run(['find-generic-password', '-s', SERVICE, '-a', profile, '-w']);
      if (result.exitCode === NOT_FOUND) return undefined;
      if (result.exitCode !== 0) throw failed('reading the item', result);
      return decodeKeys(Buffer.from(result.stdout.trim(), 'base64').toString('utf8'), `the Keychain item for '${profile}'`);
    },
    async set(profile, keys) {
      const password = Buffer.from(encodeKeys(keys), 'utf8').toString('base64');
      const command = `add-generic-password -U -s ${SERVICE} -a ${profile} -l "sts-refresh: ${profile}" -w ${password}\n`;
      const result = await run(['-i'], command);
      // security -i reports a failed command on stderr and still exits 0.
      if (result.exitCode !== 0 || result.stderr.trim()) throw failed('storing the item', result);
    },
    async remove(profile) {
      const result = await run(['delete-generic-password', '-s', SERVICE, '-a', profile]);
      if (result.exitCode === NOT_FOUND) return false;
      if (result.exitCode !== 0) throw failed('deleting the item', result);
      return true;
    },
    async list() {
      // dump-keychain without -d prints attributes only, never passwords.
      const result = await run(['dump-keychain']);
      if (result.exitCode !== 0) throw failed('listing the items', result);
      const names: string[] = [];
      for (const block of result.stdout.split(/^keychain: /m)) {
        if (!/"svce"<blob>="sts-refresh"/.test(block)) continue;
        const account = /"acct"<blob>="([^"]*)"/.exec(block)?.[1];
        if (account) names.push(account);
      }
      return names.sort();
    },
    close() {},
  };
}

import { cacheDirFor } from '../cache/cache-location';
import { awsPaths } from '../config/aws-paths';
import { StsRefreshError, UsageError } from '../core/errors';
import { credentialProcessJson, keyIdTail } from '../keys/access-keys';
import { keyringOpener, resolveChoice, type ResolvedChoice } from '../keys/backends/choose-keyring';
import type { Keyring } from '../keys/backends/keyring';
import { checkProfileName } from '../keys/profile-name';
import { keysFromStdin, keysFromTerminal } from '../keys/read-keys';
import { removeKeys } from '../keys/remove-keys';
import type { RotationCalls } from '../keys/rotate';
import { rotateKeys } from '../keys/rotate-keys';
import { addKeys, importKeys, type StoreInit } from '../keys/store-keys';
import { selfWords } from '../config/self-path';
import type { Command, CommandIo } from '../cli/command';

const ACTIONS = ['add', 'import', 'list', 'remove', 'rotate'];

/** What `keys` needs from the miss layer: rotate's AWS calls, signed by the SDK's signer bundled there. */
export type MissLayer = () => Promise<{ rotationCalls: (env: NodeJS.ProcessEnv) => RotationCalls }>;

export const keysCommand = (loadMiss: MissLayer): Command => ({
  name: 'keys',
  usage: `Usage: sts-refresh keys add NAME [--stdin] [backend options]
       sts-refresh keys import NAME [backend options]
       sts-refresh keys list [backend options]
       sts-refresh keys remove NAME [backend options]
       sts-refresh keys rotate NAME [--cache-dir DIR] [backend options]

Keeps a profile's long-term access keys in the OS keyring instead of ~/.aws/credentials. add and
import write credential_process = <sts-refresh> keys serve NAME ... into [profile NAME], so the
AWS CLI, every SDK and --source-profile NAME read the keys from the keyring. Commands run at once
wait for each other (a lock on the keys file, and setup's lock on the AWS files).
  add      asks for the access key id and the secret (not echoed); --stdin reads them as two lines
  import   moves aws_access_key_id and aws_secret_access_key of NAME out of both files (checked in
           the keyring first; no backup is kept, and sts-refresh's earlier backups lose them too)
  list     names, the last four characters of each key id, and the backend; never secrets
  remove   deletes the keyring item and the profile's keys serve line
  rotate   creates a new access key, checks it, deletes the old one and the sessions cached from it
Example:
  sts-refresh keys import user1

Options:
  --stdin                  keys add: read the key id and secret from stdin, one a line
  --backend NAME           secret-service (Linux), keychain (macOS), wincred (Windows) or file;
                           default: the OS's own
  --keys-file PATH         --backend file: the encrypted file (default: STS_REFRESH_KEYS_FILE, or
                           keys.enc in the platform's data directory)
  --passphrase-env NAME    --backend file: the environment variable holding the passphrase
                           (default: ask on the terminal, twice for a new file)
  --cache-dir DIR          keys rotate: the cache whose sessions of NAME to remove`,
  options: {
    stdin: { type: 'boolean' },
    backend: { type: 'string' },
    'keys-file': { type: 'string' },
    'passphrase-env': { type: 'string' },
    'cache-dir': { type: 'string' },
  },
  allowPositionals: true,
  async run(values, positionals, io) {
    const [action, name, ...extra] = positionals;
    if (extra.length) throw new UsageError(`unexpected argument '${extra[0]}'`, 'run sts-refresh keys --help for the options');
    if (action === undefined || (action !== 'serve' && !ACTIONS.includes(action))) {
      throw new UsageError(
        action === undefined ? `keys needs one of ${ACTIONS.join(', ')}` : `unknown keys action '${action}'`,
        'run sts-refresh keys --help',
      );
    }
    if (values.stdin && action !== 'add') throw new UsageError('--stdin belongs to keys add');
    if (values['cache-dir'] !== undefined && action !== 'rotate') throw new UsageError('--cache-dir belongs to keys rotate');
    if (action === 'list' && name !== undefined) throw new UsageError(`unexpected argument '${name}'`, 'keys list takes no profile name');
    const profile = action === 'list' ? '' : checkProfileName(name, action);
    const choice = resolveChoice(
      {
        ...(values.backend !== undefined && { backend: values.backend as string }),
        ...(values['keys-file'] !== undefined && { keysFile: values['keys-file'] as string }),
        ...(values['passphrase-env'] !== undefined && { passphraseEnv: values['passphrase-env'] as string }),
      },
      process.platform,
    );
    const open = keyringOpener(choice, io.env);
    const keyring = await open();
    try {
      return await perform(action, profile, { keyring, reopen: open }, choice, values, io, loadMiss);
    } finally {
      keyring.close();
    }
  },
});

async function perform(
  action: string,
  profile: string,
  { keyring, reopen }: { keyring: Keyring; reopen: () => Promise<Keyring> },
  choice: ResolvedChoice,
  values: Record<string, unknown>,
  io: CommandIo,
  loadMiss: MissLayer,
): Promise<void> {
  const init: StoreInit = { profile, keyring, reopen, choice, paths: awsPaths(io.env), self: selfWords(), now: io.now };
  const print = (lines: string[]) => io.stdout(`${lines.join('\n')}\n`);
  switch (action) {
    case 'serve': {
      // What credential_process runs: the keys on stdout as its JSON, and nothing else.
      const keys = await keyring.get(profile);
      if (!keys)
        throw new StsRefreshError(`no keys for '${profile}' in ${keyring.backend}`, `store them with sts-refresh keys add ${profile}`);
      return io.stdout(credentialProcessJson(keys));
    }
    case 'add':
      return print(await addKeys(init, () => (values.stdin ? keysFromStdin(process.stdin) : keysFromTerminal())));
    case 'import':
      return print(await importKeys(init));
    case 'remove':
      return print(await removeKeys(init));
    case 'list': {
      const names = await keyring.list();
      if (names.length === 0) return print([`no keys in ${keyring.backend}`]);
      const rows: string[] = [];
      for (const name of names) {
        const keys = await keyring.get(name);
        rows.push(`${name.padEnd(24)} ${keys ? keyIdTail(keys.accessKeyId) : '(unreadable)'}  ${keyring.backend}`);
      }
      return print(rows);
    }
    case 'rotate': {
      const calls = (await loadMiss()).rotationCalls(io.env);
      const cacheDir = cacheDirFor(values['cache-dir'] as string | undefined, io.env);
      return print(await rotateKeys({ ...init, env: io.env, cacheDir, calls }));
    }
  }
}

import { join } from 'node:path';
import envPaths from 'env-paths';
import { StsRefreshError, UsageError } from '../../core/errors';
import { askOnTerminal, NoTerminalError } from '../../prompt/terminal-prompt';
import { BACKENDS, type BackendName, type Keyring } from './keyring';

// A person typing a passphrase is quick or gone; the AWS CLI waits on us meanwhile.
const PASSPHRASE_TIMEOUT_MS = 120_000;

/** How the user chose the backend: the --backend, --keys-file and --passphrase-env options. */
export interface KeyringChoice {
  backend?: string;
  keysFile?: string;
  passphraseEnv?: string;
}

export interface ResolvedChoice {
  backend: BackendName;
  keysFile?: string;
  passphraseEnv?: string;
}

/** The OS's own keyring unless told otherwise: the one a person can see and lock with their login. */
export function resolveChoice(choice: KeyringChoice, platform: NodeJS.Platform): ResolvedChoice {
  const backend = choice.backend ?? defaultBackend(platform);
  if (!(BACKENDS as readonly string[]).includes(backend)) {
    throw new UsageError(`unknown --backend '${backend}'`, `the backends are: ${BACKENDS.join(', ')}`);
  }
  if (backend !== 'file' && (choice.keysFile !== undefined || choice.passphraseEnv !== undefined)) {
    throw new UsageError('--keys-file and --passphrase-env belong to --backend file');
  }
  if (choice.passphraseEnv !== undefined && !/^[A-Za-z_][A-Za-z0-9_]*$/.test(choice.passphraseEnv)) {
    throw new UsageError(
      '--passphrase-env takes the NAME of an environment variable, not the passphrase itself',
      'for example: --passphrase-env STS_REFRESH_KEYS_PASSPHRASE',
    );
  }
  if (choice.keysFile !== undefined && !/^([/\\]|[A-Za-z]:[/\\])/.test(choice.keysFile)) {
    throw new UsageError('--keys-file must be an absolute path', 'credential_process runs from any directory');
  }
  return {
    backend: backend as BackendName,
    ...(choice.keysFile !== undefined && { keysFile: choice.keysFile }),
    ...(choice.passphraseEnv !== undefined && { passphraseEnv: choice.passphraseEnv }),
  };
}

export function defaultBackend(platform: NodeJS.Platform): BackendName {
  if (platform === 'darwin') return 'keychain';
  if (platform === 'win32') return 'wincred';
  return 'secret-service';
}

/** The options that pick this same backend again, for the credential_process line. */
export function choiceWords(choice: ResolvedChoice): string[] {
  return [
    '--backend',
    choice.backend,
    ...(choice.keysFile !== undefined ? ['--keys-file', choice.keysFile] : []),
    ...(choice.passphraseEnv !== undefined ? ['--passphrase-env', choice.passphraseEnv] : []),
  ];
}

/** The encrypted file: --keys-file, else STS_REFRESH_KEYS_FILE, else keys.enc in the platform's data directory. */
export function keysFilePath(choice: ResolvedChoice, env: NodeJS.ProcessEnv): string {
  return choice.keysFile ?? env.STS_REFRESH_KEYS_FILE ?? join(envPaths('sts-refresh', { suffix: '' }).data, 'keys.enc');
}

/**
 * Opens the chosen backend, each from its own module, loaded only when chosen. Each call opens it
 * afresh (a new bus connection, nothing derived yet), as a later run would, which is what a
 * read-back check needs; what the user typed (the passphrase) is asked once and kept for the
 * next opening.
 */
export function keyringOpener(choice: ResolvedChoice, env: NodeJS.ProcessEnv): () => Promise<Keyring> {
  let typed: string | undefined;
  const passphraseFor = async (path: string, purpose: 'open' | 'create') => (typed ??= await passphrase(choice, env, path, purpose));
  return async () => {
    switch (choice.backend) {
      case 'secret-service':
        return (await import('./secret-service')).openSecretService(env);
      case 'keychain':
        return (await import('./keychain')).openKeychain(env);
      case 'wincred':
        return (await import('./wincred')).openWindowsCredentials(env);
      case 'file': {
        const path = keysFilePath(choice, env);
        return (await import('./encrypted-file')).openEncryptedFile({ path, passphrase: (purpose) => passphraseFor(path, purpose) });
      }
    }
  };
}

/**
 * The passphrase from the variable --passphrase-env names (its own record, so asked once), else
 * from the terminal: twice when it is to make a new file, as one typo there would lock the keys
 * away for good, and only the second typing would tell.
 */
async function passphrase(choice: ResolvedChoice, env: NodeJS.ProcessEnv, path: string, purpose: 'open' | 'create'): Promise<string> {
  const name = choice.passphraseEnv;
  if (name !== undefined) {
    const value = env[name];
    if (value === undefined || value === '')
      throw new StsRefreshError(
        `${name} is not set, and it holds the passphrase of ${path}`,
        `set ${name}, or drop --passphrase-env to be asked on the terminal`,
      );
    return value;
  }
  try {
    if (purpose === 'open') return await askOnTerminal(`Passphrase for ${path}: `, PASSPHRASE_TIMEOUT_MS, { hidden: true });
    const first = await askOnTerminal(`New passphrase for ${path}: `, PASSPHRASE_TIMEOUT_MS, { hidden: true });
    const again = await askOnTerminal('The same passphrase again: ', PASSPHRASE_TIMEOUT_MS, { hidden: true });
    if (first !== again)
      throw new StsRefreshError(
        `the two passphrases typed for ${path} differ; nothing was stored`,
        'run the command again and type the same passphrase twice',
      );
    return first;
  } catch (error) {
    if (error instanceof StsRefreshError) throw error;
    if (error instanceof NoTerminalError) {
      throw new StsRefreshError(
        `no terminal to ask for the passphrase of ${path}`,
        'name an environment variable that holds it with --passphrase-env NAME',
      );
    }
    throw new StsRefreshError(`no passphrase for ${path}: ${(error as Error).message}`);
  }
}

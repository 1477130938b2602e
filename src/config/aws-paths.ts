import { homedir, userInfo } from 'node:os';
import { join } from 'node:path';
import { UsageError } from '../core/errors';

/** Where the AWS CLI keeps its files. */
export interface AwsPaths {
  configFile: string;
  credentialsFile: string;
  cliCacheDir: string;
  /** Where `aws login` keeps its sessions: AWS_LOGIN_CACHE_DIRECTORY, as the JS SDK reads it, else ~/.aws/login/cache. */
  loginCacheDir: string;
}

/** The variables that name each file, for the messages that tell a user which one to fix. */
export const AWS_FILE_VARIABLES = { config: 'AWS_CONFIG_FILE', credentials: 'AWS_SHARED_CREDENTIALS_FILE' } as const;

/**
 * The one answer to "which config file, which credentials file": AWS_CONFIG_FILE and
 * AWS_SHARED_CREDENTIALS_FILE with a leading `~` expanded as the AWS CLI does (Python's
 * os.path.expanduser), else the files in ~/.aws. Every command and every SDK call that reads or
 * writes them takes its paths from here; the SDK is handed them explicitly, so its own rule (which
 * expands `~/` only) never decides. Read when asked, never at import.
 */
export function awsPaths(env: NodeJS.ProcessEnv, platform: NodeJS.Platform = process.platform): AwsPaths {
  const home = homeOf(env, platform);
  const aws = join(home, '.aws');
  return {
    configFile: named(env, AWS_FILE_VARIABLES.config, home, platform) ?? join(aws, 'config'),
    credentialsFile: named(env, AWS_FILE_VARIABLES.credentials, home, platform) ?? join(aws, 'credentials'),
    cliCacheDir: join(aws, 'cli', 'cache'),
    loginCacheDir: env.AWS_LOGIN_CACHE_DIRECTORY || join(aws, 'login', 'cache'),
  };
}

/**
 * The home `~` stands for. Python's expanduser takes HOME on POSIX and, since 3.8 (the AWS CLI v2
 * bundles a later one), USERPROFILE on Windows, where HOME is often set by Git Bash or MSYS to
 * something else.
 */
function homeOf(env: NodeJS.ProcessEnv, platform: NodeJS.Platform): string {
  if (platform === 'win32') {
    const drivePath = env.HOMEDRIVE && env.HOMEPATH ? `${env.HOMEDRIVE}${env.HOMEPATH}` : undefined;
    return env.USERPROFILE || drivePath || homedir();
  }
  return env.HOME || homedir();
}

/**
 * The variable's path with `~` expanded; undefined when unset or empty (the AWS CLI then uses its
 * default too). `~name/...` is expanded only for this user: another user's home is not for
 * sts-refresh to guess, and taken literally it would make a directory named `~name` here.
 */
function named(env: NodeJS.ProcessEnv, variable: string, home: string, platform: NodeJS.Platform): string | undefined {
  const value = env[variable];
  if (!value) return undefined;
  const separators = platform === 'win32' ? /[/\\]/ : /\//;
  if (!value.startsWith('~')) return value;
  const cut = value.search(separators);
  const user = cut < 0 ? value.slice(1) : value.slice(1, cut);
  const rest = cut < 0 ? '' : value.slice(cut + 1);
  if (user !== '' && user !== currentUser()) {
    throw new UsageError(
      `${variable} starts with ~${user}, another user's home, which sts-refresh does not look up`,
      `write the full path in ${variable}`,
    );
  }
  return rest === '' ? home : join(home, rest);
}

function currentUser(): string | undefined {
  try {
    return userInfo().username;
  } catch {
    return undefined;
  }
}

import { homedir } from 'node:os';
import { join } from 'node:path';

/** Where the AWS CLI keeps its files. */
export interface AwsPaths {
  configFile: string;
  credentialsFile: string;
  cliCacheDir: string;
}

export function awsPaths(env: NodeJS.ProcessEnv): AwsPaths {
  const home = env.HOME || env.USERPROFILE || homedir();
  const aws = join(home, '.aws');
  return {
    configFile: env.AWS_CONFIG_FILE || join(aws, 'config'),
    credentialsFile: env.AWS_SHARED_CREDENTIALS_FILE || join(aws, 'credentials'),
    cliCacheDir: join(aws, 'cli', 'cache'),
  };
}

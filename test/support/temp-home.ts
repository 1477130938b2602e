import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { toolPath } from './tool-path';

export interface TempHome {
  home: string;
  configFile: string;
  credentialsFile: string;
  cacheDir: string;
  /**
   * A clean environment that points every AWS and sts-refresh path into this home. Its PATH is an
   * empty directory: a test that spawns a tool by name passes `PATH: home.toolPath([...])`.
   */
  env(extra?: NodeJS.ProcessEnv): NodeJS.ProcessEnv;
  /** A PATH inside this home holding only the named tools (see tool-path.ts). */
  toolPath(tools: readonly string[]): string;
  writeConfig(text: string): void;
  writeCredentials(text: string): void;
  cleanup(): void;
}

export const SOURCE_KEY_ID = 'AKIASOURCEKEY0000001';
export const SOURCE_SECRET = 'source/secret/do-not-leak/0000000000000';

/** A throwaway HOME with a `default` source profile holding static keys; never the machine's own ~/.aws. */
export function makeTempHome(): TempHome {
  const home = mkdtempSync(join(tmpdir(), 'sts-refresh-test-'));
  mkdirSync(join(home, '.aws'));
  const configFile = join(home, '.aws', 'config');
  const credentialsFile = join(home, '.aws', 'credentials');
  const cacheDir = join(home, 'cache');
  const emptyBin = join(home, 'bin');
  mkdirSync(emptyBin);
  const t: TempHome = {
    home,
    configFile,
    credentialsFile,
    cacheDir,
    env(extra = {}) {
      const env: NodeJS.ProcessEnv = {
        PATH: emptyBin,
        HOME: home,
        USER: 'tester',
        LOGNAME: 'tester',
        AWS_CONFIG_FILE: configFile,
        AWS_SHARED_CREDENTIALS_FILE: credentialsFile,
        AWS_EC2_METADATA_DISABLED: 'true',
        STS_REFRESH_CACHE_DIR: cacheDir,
        ...extra,
      };
      for (const [k, v] of Object.entries(env)) if (v === undefined) delete env[k];
      return env;
    },
    toolPath(tools) {
      return toolPath(tools, mkdtempSync(join(home, 'bin-')));
    },
    writeConfig(text) {
      writeFileSync(configFile, text);
    },
    writeCredentials(text) {
      writeFileSync(credentialsFile, text);
    },
    cleanup() {
      rmSync(home, { recursive: true, force: true });
    },
  };
  t.writeConfig('[default]\nregion = us-east-1\n');
  t.writeCredentials(`[default]\naws_access_key_id = ${SOURCE_KEY_ID}\naws_secret_access_key = ${SOURCE_SECRET}\n`);
  return t;
}

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { awsPaths } from '../config/aws-paths';
import { readAwsFiles } from '../config/read-aws-files';
import { EMPTY_PROFILE, emptyProfileSection, holdsCredentials } from './empty-profile';

export interface ChildProfile {
  emptyProfile?: { name: string; configFile: string };
  /** Removes the private copy of the config file; safe to call more than once. */
  remove: () => void;
}

/**
 * Every SDK's default chain reads [default] from the shared files before it asks a container
 * endpoint, so keys there (the usual source profile) would quietly win. When [default] holds
 * credentials of any kind, the child gets AWS_PROFILE naming a profile that exists and holds none:
 * botocore needs it to exist (it fails on an unknown profile), and with nothing in it every SDK
 * goes on to the endpoint. The profile lives in a private copy of the config file (a 0700 temp
 * directory, removed when exec ends), so the user's files are never written and tools that name a
 * profile of their own still find it; the credentials file is not copied.
 */
export async function prepareChildProfile(env: NodeJS.ProcessEnv): Promise<ChildProfile> {
  const files = readAwsFiles(awsPaths(env));
  const { parseAwsFiles, nestedSeparator } = await import('../aws/layer');
  const { configFile, credentialsFile } = await parseAwsFiles(files);
  if (!holdsCredentials(configFile.default, credentialsFile.default)) return { remove: () => undefined };
  const original = files.config;
  const dir = mkdtempSync(join(tmpdir(), 'sts-refresh-exec-'));
  const remove = () => rmSync(dir, { recursive: true, force: true });
  try {
    const copy = join(dir, 'config');
    const separator = original === '' || original.endsWith('\n') ? '' : '\n';
    writeFileSync(copy, `${original}${separator}\n${emptyProfileSection(configFile.default, nestedSeparator)}`, {
      mode: 0o600,
      flag: 'wx',
    });
    return { emptyProfile: { name: EMPTY_PROFILE, configFile: copy }, remove };
  } catch (error) {
    remove();
    throw error;
  }
}

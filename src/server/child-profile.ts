import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { awsPaths } from '../config/aws-paths';
import { readAwsFiles } from '../config/read-aws-files';
import { childSettings, configWith, freeProfileName, holdsCredentials, profileSection } from './child-profile-section';

export interface ChildProfileInit {
  /** The environment exec was started with: AWS_CONFIG_FILE names the config file to copy. */
  env: NodeJS.ProcessEnv;
  /** exec --profile NAME: the child runs with NAME's settings. */
  profile?: string;
  /** The child's credentials come from the endpoint, which [default]'s own credentials would win over. */
  endpoint: boolean;
}

export interface ChildProfile {
  /** The profile the child starts from (undefined name: [default]), in a private copy of the config file. */
  profile?: { name?: string; configFile: string };
  /** With --profile: its region (else [default]'s), for AWS_REGION and AWS_DEFAULT_REGION. */
  region?: string;
  /** Removes the private copy of the config file; safe to call more than once. */
  remove: () => void;
}

/**
 * The profile the child's tools read their settings from, when exec must name one:
 * - under the endpoint, when [default] holds credentials of any kind: every SDK's default chain
 *   reads [default] before it asks a container endpoint, so keys there (the usual source profile)
 *   would quietly win. The child gets AWS_PROFILE naming a profile that exists (botocore fails on
 *   an unknown one) and holds no credentials, so every SDK goes on to the endpoint;
 * - with --profile NAME, that profile holds NAME's settings (region, output, retries, s3 ...):
 *   NAME itself holds the credential_process line, and without a profile named the SDKs would take
 *   [default]'s settings instead;
 * - with --no-server and --profile NAME, NAME's settings go in place of [default] and no profile is
 *   named: the JS SDK takes a named profile over the key variables, so naming one would lose them.
 * It lives in a private copy of the config file (a 0700 temp directory, removed when exec ends),
 * so the user's files are never written and tools that name a profile of their own still find it;
 * the credentials file is not copied. An exec inside an exec copies its parent's copy, under a
 * name of its own.
 */
export async function prepareChildProfile(init: ChildProfileInit): Promise<ChildProfile> {
  const files = readAwsFiles(awsPaths(init.env));
  const { parseAwsFiles, nestedSeparator } = await import('../aws/layer');
  const { configFile, credentialsFile } = await parseAwsFiles(files);
  const settings = childSettings(configFile.default, init.profile === undefined ? undefined : (configFile[init.profile] ?? {}));
  const region = init.profile === undefined ? undefined : settings.region;
  const none = { ...(region !== undefined && { region }), remove: () => undefined };
  const shadowDefault = init.endpoint && holdsCredentials(configFile.default, credentialsFile.default);
  if (init.profile === undefined && !shadowDefault) return none;
  const name = init.endpoint ? freeProfileName((candidate) => candidate in configFile || candidate in credentialsFile) : undefined;
  const text = configWith(files.config, profileSection(name, settings, nestedSeparator), { replaceDefault: !init.endpoint });
  const dir = mkdtempSync(join(tmpdir(), 'sts-refresh-exec-'));
  const remove = () => rmSync(dir, { recursive: true, force: true });
  try {
    const copy = join(dir, 'config');
    writeFileSync(copy, text, { mode: 0o600, flag: 'wx' });
    return { ...none, profile: { ...(name !== undefined && { name }), configFile: copy }, remove };
  } catch (error) {
    remove();
    throw error;
  }
}

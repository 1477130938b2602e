import { CHAIN_ENV } from '../core/request/loop-guard';
import { childRegionVariables } from '../core/sts/sts-endpoint';

/** What exec's child is told it runs as, for a shell prompt or a script; never read as credentials. */
export const PROMPT_VARIABLES = { profile: 'STS_REFRESH_PROFILE', roleArn: 'STS_REFRESH_ROLE_ARN' } as const;

// Everything an SDK's default chain would try before the container endpoint, and our own
// bookkeeping: keys (and boto2's name for the token), profiles, web identity, the other container
// variables and an endpoint from an outer exec.
const SHADOWING = [
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
  'AWS_SECURITY_TOKEN',
  'AWS_CREDENTIAL_EXPIRATION',
  'AWS_PROFILE',
  'AWS_DEFAULT_PROFILE',
  'AWS_WEB_IDENTITY_TOKEN_FILE',
  'AWS_ROLE_ARN',
  'AWS_ROLE_SESSION_NAME',
  'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI',
  'AWS_CONTAINER_CREDENTIALS_FULL_URI',
  'AWS_CONTAINER_AUTHORIZATION_TOKEN',
  'AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE',
];

// An outer exec's, which would otherwise describe the wrong role.
const OURS = [CHAIN_ENV, PROMPT_VARIABLES.profile, PROMPT_VARIABLES.roleArn];

/** What the child runs with besides its credentials. */
export interface ChildSettings {
  /** The role it runs as. */
  roleArn: string;
  /** exec --profile NAME. */
  profileName?: string;
  /** The profile its tools read settings from (undefined name: [default]), in a private copy of the config file. */
  profile?: { name?: string; configFile: string };
  /** With --profile: the profile's region (else [default]'s). */
  region?: string;
}

export interface EndpointEnvInit {
  url: string;
  token: string;
  settings: ChildSettings;
}

/** The child's environment under the endpoint: the parent's, minus whatever would win over the endpoint. */
export function endpointChildEnv(parent: NodeJS.ProcessEnv, init: EndpointEnvInit): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...parent };
  for (const name of [...SHADOWING, ...OURS]) delete env[name];
  env.AWS_CONTAINER_CREDENTIALS_FULL_URI = init.url;
  env.AWS_CONTAINER_AUTHORIZATION_TOKEN = init.token;
  return withSettings(env, parent, init.settings);
}

/** `--no-server`: the keys themselves, and no profile: the JS SDK takes a named profile over the key variables. */
export function keysChildEnv(
  parent: NodeJS.ProcessEnv,
  keys: ReadonlyArray<readonly [string, string]>,
  settings: ChildSettings,
): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...parent, ...Object.fromEntries(keys) };
  for (const name of ['AWS_PROFILE', 'AWS_DEFAULT_PROFILE', ...OURS]) delete env[name];
  return withSettings(env, parent, settings);
}

function withSettings(env: NodeJS.ProcessEnv, parent: NodeJS.ProcessEnv, settings: ChildSettings): NodeJS.ProcessEnv {
  if (settings.profile) {
    env.AWS_CONFIG_FILE = settings.profile.configFile;
    if (settings.profile.name !== undefined) env.AWS_PROFILE = settings.profile.name;
  }
  if (settings.profileName !== undefined) {
    Object.assign(env, childRegionVariables(parent, settings.region));
    env[PROMPT_VARIABLES.profile] = settings.profileName;
  }
  env[PROMPT_VARIABLES.roleArn] = settings.roleArn;
  return env;
}

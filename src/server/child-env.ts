import { CHAIN_ENV } from '../core/request/loop-guard';

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
  CHAIN_ENV,
];

export interface EndpointEnvInit {
  url: string;
  token: string;
  /** Set when [default] holds credentials: the profile without any that the child's SDK starts from. */
  emptyProfile?: { name: string; configFile: string };
}

/** The child's environment under the endpoint: the parent's, minus whatever would win over the endpoint. */
export function endpointChildEnv(parent: NodeJS.ProcessEnv, init: EndpointEnvInit): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...parent };
  for (const name of SHADOWING) delete env[name];
  env.AWS_CONTAINER_CREDENTIALS_FULL_URI = init.url;
  env.AWS_CONTAINER_AUTHORIZATION_TOKEN = init.token;
  if (init.emptyProfile) {
    env.AWS_PROFILE = init.emptyProfile.name;
    env.AWS_CONFIG_FILE = init.emptyProfile.configFile;
  }
  return env;
}

/** `--no-server`: the keys themselves, and no profile that could pick others. */
export function keysChildEnv(parent: NodeJS.ProcessEnv, keys: ReadonlyArray<readonly [string, string]>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...parent, ...Object.fromEntries(keys) };
  for (const name of ['AWS_PROFILE', 'AWS_DEFAULT_PROFILE', CHAIN_ENV]) delete env[name];
  return env;
}

import { maskKeyId, type CheckResult } from '../check';

// Variables that put credentials in front of every profile. Static values never refresh, so once
// the session token they came with expires, every call fails with ExpiredToken.
const CREDENTIAL_VARS = [
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
  'AWS_SECURITY_TOKEN',
  'AWS_CREDENTIAL_EXPIRATION',
];
// Variables that choose credentials some other way than the profile the user thinks is in use.
const SELECTING_VARS = ['AWS_ROLE_ARN', 'AWS_WEB_IDENTITY_TOKEN_FILE', 'AWS_ROLE_SESSION_NAME'];
const PROFILE_VARS = ['AWS_PROFILE', 'AWS_DEFAULT_PROFILE'];
const SECRET_VARS = new Set(['AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_SECURITY_TOKEN']);

export function checkEnvironment(env: NodeJS.ProcessEnv, nowMs: number): CheckResult {
  const base = { id: 'environment', title: 'environment' };
  const set = (names: string[]) => names.filter((name) => (env[name] ?? '') !== '');
  const credentials = set(CREDENTIAL_VARS);
  const selecting = set(SELECTING_VARS);
  const profiles = set(PROFILE_VARS);
  const shown = [...credentials, ...selecting, ...profiles].map((name) => `${name}=${describe(name, env[name] ?? '')}`);
  if (credentials.length === 0 && selecting.length === 0) {
    return { ...base, status: 'ok', saw: shown.length ? `only ${shown.join(', ')}` : 'no AWS credential variables set' };
  }
  const expiration = Date.parse(env.AWS_CREDENTIAL_EXPIRATION ?? '');
  const expired = !Number.isNaN(expiration) && expiration <= nowMs;
  const unset = [...credentials, ...selecting, ...profiles];
  return {
    ...base,
    status: expired ? 'fail' : 'warn',
    saw: `${shown.join(', ')}: these override every profile and are never refreshed${expired ? '; the credentials have expired' : ''}`,
    fix: `unset ${unset.join(' ')}`,
  };
}

function describe(name: string, value: string): string {
  if (SECRET_VARS.has(name)) return '(set, hidden)';
  if (name === 'AWS_ACCESS_KEY_ID') return maskKeyId(value);
  return value;
}

import type { CacheEntry } from '../cache-entry/cache-entry';

export const ENV_FORMATS = ['sh', 'fish', 'powershell', 'json'] as const;
export type EnvFormat = (typeof ENV_FORMATS)[number];

/** The variables the AWS CLI and SDKs read, in the order they are usually written. */
export function credentialVariables(entry: CacheEntry): Array<[string, string]> {
  const c = entry.credentials;
  return [
    ['AWS_ACCESS_KEY_ID', c.AccessKeyId],
    ['AWS_SECRET_ACCESS_KEY', c.SecretAccessKey],
    ['AWS_SESSION_TOKEN', c.SessionToken],
    ['AWS_CREDENTIAL_EXPIRATION', new Date(c.Expiration).toISOString()],
  ];
}

/** The key variables, for output that must clear them (`env --profile-only`). */
export const KEY_VARIABLES = ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_CREDENTIAL_EXPIRATION'] as const;

/**
 * One assignment per line, each value quoted so that the shell reads it literally whatever it
 * holds: STS values are base64-like today, but the quoting must not depend on that. An undefined
 * value unsets the variable (null in json).
 */
export function formatEnv(vars: ReadonlyArray<readonly [string, string | undefined]>, format: EnvFormat): string {
  if (format === 'json') return `${JSON.stringify(Object.fromEntries(vars.map(([name, value]) => [name, value ?? null])), null, 2)}\n`;
  const line = {
    // Inside '...' sh takes every byte literally; a ' is closed, escaped and reopened.
    sh: (name: string, value: string) => `export ${name}='${value.replace(/'/g, `'\\''`)}'`,
    // fish's single quotes honour only \\ and \'.
    fish: (name: string, value: string) => `set -gx ${name} '${value.replace(/[\\']/g, '\\$&')}'`,
    // PowerShell treats the typographic single quotes as quotes too; each is escaped by doubling.
    powershell: (name: string, value: string) => `$Env:${name} = '${value.replace(/['\u2018\u2019\u201a\u201b]/g, '$&$&')}'`,
  }[format];
  const unset = {
    sh: (name: string) => `unset ${name}`,
    fish: (name: string) => `set -e ${name}`,
    powershell: (name: string) => `Remove-Item Env:${name} -ErrorAction SilentlyContinue`,
  }[format];
  return `${vars.map(([name, value]) => (value === undefined ? unset(name) : line(name, value))).join('\n')}\n`;
}

import type { CacheEntry } from './cache-entry';

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

/**
 * One assignment per line, each value quoted so that the shell reads it literally whatever it
 * holds: STS values are base64-like today, but the quoting must not depend on that.
 */
export function formatEnv(vars: ReadonlyArray<[string, string]>, format: EnvFormat): string {
  if (format === 'json') return `${JSON.stringify(Object.fromEntries(vars), null, 2)}\n`;
  const line = {
    // Inside '...' sh takes every byte literally; a ' is closed, escaped and reopened.
    sh: (name: string, value: string) => `export ${name}='${value.replace(/'/g, `'\\''`)}'`,
    // fish's single quotes honour only \\ and \'.
    fish: (name: string, value: string) => `set -gx ${name} '${value.replace(/[\\']/g, '\\$&')}'`,
    // PowerShell treats the typographic single quotes as quotes too; each is escaped by doubling.
    powershell: (name: string, value: string) => `$Env:${name} = '${value.replace(/['\u2018\u2019\u201a\u201b]/g, '$&$&')}'`,
  }[format];
  return `${vars.map(([name, value]) => line(name, value)).join('\n')}\n`;
}

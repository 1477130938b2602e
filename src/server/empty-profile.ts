import { CREDENTIAL_KEYS } from '../core/profile/credential-settings';

/** The profile the child's SDK starts from when [default] would otherwise win over the endpoint. */
export const EMPTY_PROFILE = 'sts-refresh-exec';

type Section = Record<string, string | undefined>;

/**
 * Whether [default], as the SDKs merge it from both files, would hand the child credentials of its
 * own. Whatever else it says (region, output, retries, endpoints...) the empty profile keeps.
 */
export function holdsCredentials(config: Section | undefined, credentials: Section | undefined): boolean {
  return Object.keys({ ...credentials, ...config }).some((key) => CREDENTIAL_KEYS.has(key.toLowerCase()));
}

/**
 * The empty profile's section: [default]'s settings without any credential source. Nested settings
 * (`s3 = ...` with indented keys) come from the SDK's loader as `s3.addressing_style`, joined by
 * its `nestedSeparator`, and are written back nested.
 */
export function emptyProfileSection(defaults: Section | undefined, nestedSeparator: string): string {
  const flat: string[] = [];
  const nested = new Map<string, string[]>();
  for (const [key, value] of Object.entries(defaults ?? {})) {
    if (value === undefined || CREDENTIAL_KEYS.has(key.toLowerCase())) continue;
    const dot = key.indexOf(nestedSeparator);
    if (dot < 0) {
      flat.push(`${key} = ${value}`);
      continue;
    }
    const parent = key.slice(0, dot);
    nested.set(parent, [...(nested.get(parent) ?? []), `  ${key.slice(dot + 1)} = ${value}`]);
  }
  const blocks = [...nested].map(([parent, lines]) => `${parent} =\n${lines.join('\n')}`);
  return `[profile ${EMPTY_PROFILE}]\n${[...flat, ...blocks].map((line) => `${line}\n`).join('')}`;
}

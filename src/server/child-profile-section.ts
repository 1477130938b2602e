import { CREDENTIAL_KEYS } from '../core/profile/credential-settings';
import { findSection, joinLines, splitLines } from '../config/ini-lines';

/** The profile the child's tools start from; a nested exec, whose config copy already has it, takes the next free name. */
export const CHILD_PROFILE = 'sts-refresh-exec';

type Section = Record<string, string | undefined>;

/**
 * Whether [default], as the SDKs merge it from both files, would hand the child credentials of its
 * own. Whatever else it says (region, output, retries, endpoints...) the child's profile keeps.
 */
export function holdsCredentials(config: Section | undefined, credentials: Section | undefined): boolean {
  return Object.keys({ ...credentials, ...config }).some((key) => CREDENTIAL_KEYS.has(key.toLowerCase()));
}

/**
 * The first of sts-refresh-exec, sts-refresh-exec-2, ... that no profile in the files has. An exec
 * inside an exec reads its parent's config copy, which holds the parent's section already: writing
 * a second section of that name is what botocore refuses (ConfigParseError) and the JS SDK merges.
 */
export function freeProfileName(taken: (name: string) => boolean): string {
  for (let n = 1; ; n++) {
    const name = n === 1 ? CHILD_PROFILE : `${CHILD_PROFILE}-${n}`;
    if (!taken(name)) return name;
  }
}

/**
 * The settings the child runs with, never a credential source. Without a profile named, [default]'s:
 * what every SDK would read anyway. With exec --profile NAME, NAME's, as `aws --profile NAME` reads
 * them; a NAME without a region takes [default]'s, as aws-vault does, so that a command that ran in
 * the default region under exec before still does.
 */
export function childSettings(defaults: Section | undefined, named?: Section): Section {
  const settings = withoutCredentials(named ?? defaults);
  const region = settings.region ?? (named === undefined ? undefined : defaults?.region);
  return { ...settings, ...(region !== undefined && { region }) };
}

/**
 * The child's profile section; `name` undefined is [default]. Nested settings (`s3 = ...` with
 * indented keys) come from the SDK's loader as `s3.addressing_style`, joined by its
 * `nestedSeparator`, and are written back nested.
 */
export function profileSection(name: string | undefined, settings: Section, nestedSeparator: string): string {
  const flat: string[] = [];
  const nested = new Map<string, string[]>();
  for (const [key, value] of Object.entries(settings)) {
    if (value === undefined) continue;
    const dot = key.indexOf(nestedSeparator);
    if (dot < 0) {
      flat.push(`${key} = ${value}`);
      continue;
    }
    const parent = key.slice(0, dot);
    nested.set(parent, [...(nested.get(parent) ?? []), `  ${key.slice(dot + 1)} = ${value}`]);
  }
  const blocks = [...nested].map(([parent, lines]) => `${parent} =\n${lines.join('\n')}`);
  return `[${name === undefined ? 'default' : `profile ${name}`}]\n${[...flat, ...blocks].map((line) => `${line}\n`).join('')}`;
}

/** The config text with `section` appended, or in place of [default] (every copy of it) when `replaceDefault`. */
export function configWith(text: string, section: string, { replaceDefault }: { replaceDefault: boolean }): string {
  let lines = splitLines(text);
  for (let found = findSection(lines, DEFAULT); replaceDefault && found.header !== undefined; found = findSection(lines, DEFAULT)) {
    lines = [...lines.slice(0, found.header), ...lines.slice(found.end)];
  }
  const rest = joinLines(lines);
  const separator = rest === '' || /[\r\n]$/.test(rest) ? '' : '\n';
  return `${rest}${separator}\n${section}`;
}

// botocore reads [profile default] as [default] too.
const DEFAULT = ['default', 'profile default'];

function withoutCredentials(section: Section | undefined): Section {
  return Object.fromEntries(Object.entries(section ?? {}).filter(([key]) => !CREDENTIAL_KEYS.has(key.toLowerCase())));
}

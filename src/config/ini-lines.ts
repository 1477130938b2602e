// A line-based editor for the AWS config and credentials files. Reading profiles goes through the
// SDK's loader; this exists only because an edit must keep every other byte as it was (comments,
// spacing, line endings, a missing final newline), which a parse-and-serialise round trip cannot.
import { readsAlike } from './ini-value';

export interface Line {
  content: string;
  /** '\n', '\r\n', a lone '\r' (botocore, through Python's universal newlines, ends a line there too), or '' for a last line without one. */
  eol: string;
}

export interface Section {
  /** Index of the header line, or undefined when the section does not exist. */
  header?: number;
  /** First line after the section (the next header or the end). */
  end: number;
}

const HEADER = /^\s*\[([^\]]*)\]/;
const KEY = /^([^\s=#;[][^=]*?)\s*=\s*(.*)$/;

/** The lines as the AWS CLI sees them; joinLines gives back every byte (a property test holds it to that). */
export function splitLines(text: string): Line[] {
  const lines: Line[] = [];
  const re = /([^\r\n]*)(\r\n|\n|\r|$)/g;
  for (let m = re.exec(text); m && m.index < text.length; m = re.exec(text)) {
    lines.push({ content: m[1] ?? '', eol: m[2] ?? '' });
    if (!m[2]) break;
  }
  return lines;
}

export function joinLines(lines: readonly Line[]): string {
  return lines.map((l) => l.content + l.eol).join('');
}

/**
 * The header name with inner whitespace collapsed (`[ profile  prod ]` is `profile prod`) and a
 * quoted profile name unquoted: `[profile "prod"]` is prod to botocore and to the JS SDK alike.
 */
export function headerName(line: string): string | undefined {
  const m = HEADER.exec(line);
  if (!m) return undefined;
  return (m[1] ?? '')
    .trim()
    .replace(/\s+/g, ' ')
    .replace(/^profile (["'])(.+)\1$/, 'profile $2');
}

/** The first section with one of the names: where a setting that is not there yet goes. */
export function findSection(lines: readonly Line[], names: readonly string[]): Section {
  return findSections(lines, names)[0] ?? { end: lines.length };
}

/**
 * Every section with one of the names, in file order. The JS SDK merges a repeated section into
 * one (a later setting overriding an earlier one) and botocore refuses the file, so a profile's
 * settings are those of all its sections.
 */
export function findSections(lines: readonly Line[], names: readonly string[]): Array<Required<Section>> {
  const sections: Array<Required<Section>> = [];
  let current: Required<Section> | undefined;
  lines.forEach((line, i) => {
    const name = headerName(line.content);
    if (name === undefined) return;
    if (current) current.end = i;
    current = names.includes(name) ? { header: i, end: lines.length } : undefined;
    if (current) sections.push(current);
  });
  return sections;
}

/** A `key = value` line; leading whitespace allowed (whether it continues the key above is decided by sectionKeys). */
export function keyOf(line: string): { key: string; value: string } | undefined {
  const m = KEY.exec(line.trimStart());
  return m ? { key: (m[1] ?? '').trim(), value: m[2] ?? '' } : undefined;
}

/**
 * The settings of a section with the lines each occupies. As in Python's configparser (which the
 * AWS CLI reads with), an indented line right after a setting continues it (`s3 =` and its nested
 * keys); anywhere else an indented `key = value` is a setting of its own.
 */
export function sectionKeys(lines: readonly Line[], section: Section): Array<{ key: string; value: string; indices: number[] }> {
  const keys: Array<{ key: string; value: string; indices: number[] }> = [];
  if (section.header === undefined) return keys;
  let current: { key: string; value: string; indices: number[] } | undefined;
  for (let i = section.header + 1; i < section.end; i++) {
    const content = lines[i]?.content ?? '';
    if (/^\s*([#;].*)?$/.test(content)) {
      current = undefined;
    } else if (current && /^[ \t]/.test(content)) {
      current.indices.push(i);
    } else {
      const kv = keyOf(content);
      current = kv ? { ...kv, indices: [i] } : undefined;
      if (current) keys.push(current);
    }
  }
  return keys;
}

/** The settings of every section with one of the names (findSections), in file order: a repeated key appears once for each line it has. */
export function profileKeys(lines: readonly Line[], names: readonly string[]): Array<{ key: string; value: string; indices: number[] }> {
  return findSections(lines, names).flatMap((section) => sectionKeys(lines, section));
}

/** Indices of every line holding `key` in the profile's sections, with their continuation lines. */
export function keyLines(lines: readonly Line[], names: readonly string[], key: string): number[] {
  return profileKeys(lines, names)
    .filter((k) => k.key === key)
    .flatMap((k) => k.indices);
}

/** The newline this file mostly uses, so an added line matches its neighbours (a stray CR does not decide it). */
export function newlineOf(lines: readonly Line[]): string {
  const counts = new Map<string, number>();
  for (const { eol } of lines) if (eol) counts.set(eol, (counts.get(eol) ?? 0) + 1);
  let best = '\n';
  for (const [eol, count] of counts) if (count > (counts.get(best) ?? 0)) best = eol;
  return best;
}

/**
 * Sets `key` in the profile: in place of its last line when present (the one the JS SDK reads),
 * with any earlier lines of it removed; else after the first section's last setting; else in a
 * new section at the end.
 */
export function setKey(lines: readonly Line[], names: readonly string[], headerText: string, key: string, value: string): Line[] {
  const text = `${key} = ${value}`;
  const section = findSection(lines, names);
  // The callers make their values safe (commandLineForIni, setup's profile check); this is the last
  // line of defence against writing a line the AWS CLI and the SDKs would read differently.
  for (const line of section.header === undefined ? [`[${headerText}]`, text] : [text]) {
    if (!readsAlike(line))
      throw new Error(`refusing to write ${JSON.stringify(line)}: the AWS CLI and the AWS SDKs would read it differently`);
  }
  const nl = newlineOf(lines);
  const occurrences = profileKeys(lines, names).filter((k) => k.key === key);
  const last = occurrences[occurrences.length - 1];
  if (last) {
    const first = last.indices[0] as number;
    const eol = lines[last.indices[last.indices.length - 1] as number]?.eol ?? '';
    const drop = new Set(occurrences.flatMap((k) => (k === last ? last.indices.slice(1) : k.indices)));
    return lines.flatMap((line, i) => (i === first ? [{ content: text, eol }] : drop.has(i) ? [] : [line]));
  }
  const out = [...lines];
  if (section.header === undefined) {
    const tail = out[out.length - 1];
    if (tail && tail.eol === '') out[out.length - 1] = { ...tail, eol: nl };
    if (out.length && out[out.length - 1]?.content.trim() !== '') out.push({ content: '', eol: nl });
    out.push({ content: `[${headerText}]`, eol: nl }, { content: text, eol: nl });
    return out;
  }
  // After the last non-blank, non-comment line, so comments and blank lines before the next section stay with it.
  let at = section.header + 1;
  for (let i = section.header + 1; i < section.end; i++) if (!/^\s*([#;].*)?$/.test(out[i]?.content ?? '')) at = i + 1;
  const before = out[at - 1];
  const eol = before?.eol || '';
  if (before && before.eol === '') out[at - 1] = { ...before, eol: nl };
  out.splice(at, 0, { content: text, eol: eol === '' ? '' : eol });
  return out;
}

/** Removes each key (and its continuation lines) from every section of the profile; returns the new lines and the removed ones. */
export function removeKeys(
  lines: readonly Line[],
  names: readonly string[],
  keys: readonly string[],
): { lines: Line[]; removed: string[] } {
  const drop = keys.flatMap((k) => keyLines(lines, names, k));
  return { lines: removeLines(lines, drop), removed: [...drop].sort((a, b) => a - b).map((i) => lines[i]?.content ?? '') };
}

/** The lines without those at `indices`. */
export function removeLines(lines: readonly Line[], indices: readonly number[]): Line[] {
  const drop = new Set(indices);
  const kept = lines.filter((_, i) => !drop.has(i));
  // Removing the last line must not glue the file's new last line to nothing: keep the original ending.
  const lastWasBare = lines[lines.length - 1]?.eol === '';
  const tail = kept[kept.length - 1];
  if (lastWasBare && drop.has(lines.length - 1) && tail) kept[kept.length - 1] = { ...tail, eol: '' };
  return kept;
}

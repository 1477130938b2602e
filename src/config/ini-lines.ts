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

/** The header name with inner whitespace collapsed: `[ profile  prod ]` is `profile prod`. */
export function headerName(line: string): string | undefined {
  const m = HEADER.exec(line);
  return m ? (m[1] ?? '').trim().replace(/\s+/g, ' ') : undefined;
}

export function findSection(lines: readonly Line[], names: readonly string[]): Section {
  const header = lines.findIndex((l) => {
    const name = headerName(l.content);
    return name !== undefined && names.includes(name);
  });
  if (header < 0) return { end: lines.length };
  let end = header + 1;
  while (end < lines.length && headerName(lines[end]?.content ?? '') === undefined) end++;
  return { header, end };
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

/** Indices of the line holding `key` in the section and of its continuation lines. */
export function keyLines(lines: readonly Line[], section: Section, key: string): number[] {
  return sectionKeys(lines, section).find((k) => k.key === key)?.indices ?? [];
}

/** The newline this file mostly uses, so an added line matches its neighbours (a stray CR does not decide it). */
export function newlineOf(lines: readonly Line[]): string {
  const counts = new Map<string, number>();
  for (const { eol } of lines) if (eol) counts.set(eol, (counts.get(eol) ?? 0) + 1);
  let best = '\n';
  for (const [eol, count] of counts) if (count > (counts.get(best) ?? 0)) best = eol;
  return best;
}

/** Sets `key` in the section: in place when present, else after the section's last setting, else in a new section at the end. */
export function setKey(lines: readonly Line[], names: readonly string[], headerText: string, key: string, value: string): Line[] {
  const out = [...lines];
  const nl = newlineOf(lines);
  const section = findSection(out, names);
  const text = `${key} = ${value}`;
  // The callers make their values safe (commandLineForIni, setup's profile check); this is the last
  // line of defence against writing a line the AWS CLI and the SDKs would read differently.
  for (const line of section.header === undefined ? [`[${headerText}]`, text] : [text]) {
    if (!readsAlike(line))
      throw new Error(`refusing to write ${JSON.stringify(line)}: the AWS CLI and the AWS SDKs would read it differently`);
  }
  if (section.header === undefined) {
    const last = out[out.length - 1];
    if (last && last.eol === '') out[out.length - 1] = { ...last, eol: nl };
    if (out.length && out[out.length - 1]?.content.trim() !== '') out.push({ content: '', eol: nl });
    out.push({ content: `[${headerText}]`, eol: nl }, { content: text, eol: nl });
    return out;
  }
  const existing = keyLines(out, section, key);
  if (existing.length) {
    const first = existing[0] as number;
    out.splice(first, existing.length, { content: text, eol: out[existing[existing.length - 1] as number]?.eol || '' });
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

/** Removes each key (and its continuation lines) from the section; returns the new lines and the removed ones. */
export function removeKeys(
  lines: readonly Line[],
  names: readonly string[],
  keys: readonly string[],
): { lines: Line[]; removed: string[] } {
  const section = findSection(lines, names);
  const drop = new Set(keys.flatMap((k) => keyLines(lines, section, k)));
  const removed = [...drop].sort((a, b) => a - b).map((i) => lines[i]?.content ?? '');
  const kept = lines.filter((_, i) => !drop.has(i));
  // Removing the last line must not glue the file's new last line to nothing: keep the original ending.
  const lastWasBare = lines[lines.length - 1]?.eol === '';
  const tail = kept[kept.length - 1];
  if (lastWasBare && drop.has(lines.length - 1) && tail) kept[kept.length - 1] = { ...tail, eol: '' };
  return { lines: kept, removed };
}

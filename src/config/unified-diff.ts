import { FILE_HEADERS_ONLY, formatPatch, structuredPatch } from 'diff';

/**
 * A unified diff of a file's old and new text, as `patch` applies it: jsdiff's (Myers, O(ND), so
 * a three-line change to a 20,000-line config takes milliseconds), with its "\ No newline at end
 * of file" marker. Lines are split at '\n' as patch splits them; a CR stays part of its line.
 * `show` hides secrets in the lines shown: a hunk with a hidden secret then no longer applies,
 * which is the price of never printing one. Setup (the cold commands layer) alone loads jsdiff.
 */
export function unifiedDiff(a: string, b: string, file: string, show: (line: string) => string = (l) => l, context = 3): string {
  if (a === b) return '';
  const patch = structuredPatch(file, file, a, b, undefined, undefined, { context });
  const shown = {
    ...patch,
    hunks: patch.hunks.map((hunk) => ({
      ...hunk,
      lines: hunk.lines.map((line) => (line.startsWith('\\') ? line : `${line[0]}${showLine(line.slice(1), show)}`)),
    })),
  };
  return formatPatch(shown, FILE_HEADERS_ONLY);
}

/** `show` sees the line without the CR of a CRLF ending, which it keeps. */
function showLine(line: string, show: (line: string) => string): string {
  return line.endsWith('\r') ? `${show(line.slice(0, -1))}\r` : show(line);
}

import { splitWindowsCommandLine } from './windows-words';

/** One word for a POSIX shell: bare when it is plainly safe, otherwise single-quoted. */
export function shellQuote(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/** A command line for a POSIX shell, each word quoted as it needs: what a message suggests running is pasted as shown. */
export function shellLine(words: readonly string[]): string {
  return words.map(shellQuote).join(' ');
}

/**
 * Splits a credential_process line the way botocore does on POSIX (Python's shlex.split): quotes
 * group, backslash escapes outside single quotes. Returns undefined for an unterminated quote.
 * On Windows botocore splits by other rules (windows-words.ts), and so does this: the platform is
 * the one the AWS CLI reading the line runs on, this one.
 */
export function splitCommandLine(line: string, platform: NodeJS.Platform): string[] | undefined {
  if (platform === 'win32') return splitWindowsCommandLine(line);
  const words: string[] = [];
  let word: string | undefined;
  let quote: "'" | '"' | undefined;
  for (let i = 0; i < line.length; i++) {
    const c = line.charAt(i);
    if (quote === "'") {
      if (c === "'") quote = undefined;
      else word += c;
    } else if (quote === '"') {
      if (c === '"') quote = undefined;
      else if (c === '\\' && /["\\$`]/.test(line.charAt(i + 1))) word += line.charAt(++i);
      else word += c;
    } else if (/\s/.test(c)) {
      if (word !== undefined) words.push(word);
      word = undefined;
    } else {
      word ??= '';
      if (c === "'" || c === '"') quote = c;
      else if (c === '\\') word += line.charAt(++i);
      else word += c;
    }
  }
  if (quote) return undefined;
  if (word !== undefined) words.push(word);
  return words;
}

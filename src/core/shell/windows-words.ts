// A credential_process line on Windows is read two ways, and a line setup writes must mean the same
// to both:
// - the AWS CLI (botocore's compat_shell_split, which on win32 is _windows_shell_split) splits it by
//   the Microsoft C runtime's rules and starts the first word with CreateProcess, no shell;
// - the AWS SDKs for JavaScript hand it to child_process.exec, that is to cmd.exe /d /s /c.
// Inside double quotes cmd.exe leaves & | < > ^ ( ) alone, but it still expands %NAME%, and a " ends
// its quoting whatever backslash stands before it; so a word with % or " cannot be written for both.

// Outside double quotes: what parts words (space, tab) and what cmd.exe acts on. A ; or # after
// whitespace is a comment to the SDKs' INI loader, quotes or not (ini-value.ts), so a word never
// starts with one bare, and inside quotes one is stepped out of them: "a "#"b" is the word `a #b`.
const NEEDS_QUOTES = /[\s&|<>^()]|^[;#]/;
const CANNOT_WRITE = /["%]/;

/**
 * Splits a command line as botocore does on Windows: only space and tab part words, only double
 * quotes group, and backslashes are literal except in a run that ends at a double quote, where
 * each pair stands for one backslash and an odd one out makes the quote literal. Undefined for an
 * unterminated quote, which botocore refuses too.
 */
export function splitWindowsCommandLine(line: string): string[] | undefined {
  const words: string[] = [];
  let word: string | undefined;
  let quoted = false;
  let backslashes = 0;
  const flushBackslashes = () => {
    if (backslashes > 0) word = (word ?? '') + '\\'.repeat(backslashes);
    backslashes = 0;
  };
  for (const c of line) {
    if (c === '\\') {
      backslashes += 1;
    } else if (c === '"') {
      word = (word ?? '') + '\\'.repeat(Math.floor(backslashes / 2));
      const literal = backslashes % 2 === 1;
      backslashes = 0;
      if (literal) word += '"';
      else quoted = !quoted;
    } else if ((c === ' ' || c === '\t') && !quoted) {
      flushBackslashes();
      if (word !== undefined) words.push(word);
      word = undefined;
    } else {
      flushBackslashes();
      word = (word ?? '') + c;
    }
  }
  if (quoted) return undefined;
  flushBackslashes();
  if (word !== undefined) words.push(word);
  return words;
}

/**
 * `word` as it goes into a Windows command line that both readers above take back as `word`: bare
 * when it is plainly safe, else in double quotes, with the backslashes before the closing quote
 * doubled. Undefined for a word no such line can carry (one with " or %).
 */
export function windowsQuote(word: string): string | undefined {
  if (CANNOT_WRITE.test(word)) return undefined;
  if (word !== '' && !NEEDS_QUOTES.test(word)) return word;
  // Only the backslashes at the end stand before a quote: the closing one.
  const trailing = /\\*$/.exec(word)?.[0].length ?? 0;
  return `"${word}${'\\'.repeat(trailing)}"`.replace(/(\s)([;#])/g, '$1"$2"');
}

import { hasControlChars } from '../core/text/control-chars';
import { shellQuote } from '../core/shell/shell-words';
import { windowsQuote } from '../core/shell/windows-words';
import { UsageError } from '../core/errors';

// The JS SDK's loader (smithy's parseIni) cuts every line at the first ';' or '#' that starts it or
// follows whitespace (/(^|\s)[;#]/, with JavaScript's \s: tabs and Unicode spaces too), taking the
// rest as a comment. botocore (Python's configparser, no inline comments) reads the whole line.
const SDK_COMMENT = /(^|\s)[;#]/;

/** Whether the AWS CLI and the AWS SDKs read this config line identically, so it is safe to write. */
export function readsAlike(line: string): boolean {
  return !SDK_COMMENT.test(line) && !hasControlChars(line);
}

/**
 * A command line for credential_process that botocore (shlex.split) and the SDKs (a shell) split
 * into `words`, and that both read whole from the config file. Whitespace in it only ever stands
 * inside single quotes (shellQuote leaves bare only words without it, nor ';' or '#'), so an empty
 * pair of quotes can part it from a ';' or '#' after it: `'a ;b'` becomes `'a '';b'`, the same word.
 * On Windows, where botocore splits by the C runtime's rules and the SDKs run cmd.exe, the words
 * are quoted for those (windows-words.ts); a word neither can carry is refused.
 */
export function commandLineForIni(words: readonly string[], platform: NodeJS.Platform = process.platform): string {
  if (platform === 'win32') return words.map(windowsWord).join(' ');
  return words
    .map(shellQuote)
    .join(' ')
    .replace(/(\s)(?=[;#])/g, "$1''");
}

function windowsWord(word: string): string {
  const quoted = windowsQuote(word);
  if (quoted !== undefined) return quoted;
  throw new UsageError(
    `'${word}' cannot be written into a credential_process line on Windows: cmd.exe, which the AWS SDKs run it with, would change a " or a %`,
    'choose a value (or a directory) without " or %',
  );
}

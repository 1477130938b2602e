// PowerShell is no Debian package, so no test can hand env --format powershell's output to pwsh:
// the unit test and the Windows suite read it back by the language's own grammar instead.

/**
 * The variables a script of `$Env:NAME = '...'` and `Remove-Item Env:NAME ...` lines sets (a
 * removed one maps to undefined), read by the PowerShell Language Specification's grammar of a
 * verbatim string (chapter 15, B.1: verbatim-string-literal): between single quotes every character
 * stands for itself, newlines included, but for a single-quote-character, which is the apostrophe
 * or any of U+2018 to U+201B; two of them in a row stand for one, and one alone ends the string.
 */
export function readPowerShell(script: string): Map<string, string | undefined> {
  const vars = new Map<string, string | undefined>();
  const QUOTE = /['\u2018-\u201b]/;
  let at = 0;
  while (at < script.length) {
    const removal = /^Remove-Item Env:(\w+) -ErrorAction SilentlyContinue\n/.exec(script.slice(at));
    if (removal) {
      vars.set(removal[1] ?? '', undefined);
      at += removal[0].length;
      continue;
    }
    const head = /^\$Env:(\w+) = (?=['\u2018-\u201b])/.exec(script.slice(at));
    if (!head) throw new Error(`not one assignment or removal at ${JSON.stringify(script.slice(at, at + 40))}`);
    at += head[0].length + 1;
    let value = '';
    for (;;) {
      const c = script.charAt(at);
      if (at >= script.length) throw new Error('an unterminated verbatim string');
      if (QUOTE.test(c)) {
        if (!QUOTE.test(script.charAt(at + 1))) break;
        value += script.charAt(at + 1);
        at += 2;
        continue;
      }
      value += c;
      at += 1;
    }
    if (script.charAt(at + 1) !== '\n') throw new Error(`not one assignment: text after the string at ${at + 1}`);
    vars.set(head[1] ?? '', value);
    at += 2;
  }
  return vars;
}

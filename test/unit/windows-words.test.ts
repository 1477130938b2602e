import fc from 'fast-check';
import { commandLineForIni, readsAlike } from '../../src/config/ini-value';
import { isOwnLine } from '../../src/core/profile/own-line';
import { requestFromLine } from '../../src/core/request/request-from-line';
import { splitCommandLine } from '../../src/core/shell/shell-words';
import { splitWindowsCommandLine, windowsQuote } from '../../src/core/shell/windows-words';

describe('splitWindowsCommandLine: botocore on Windows (_windows_shell_split)', () => {
  test.each([
    ['C:\\tools\\sts-refresh.exe --role arn:aws:iam::1:role/R', ['C:\\tools\\sts-refresh.exe', '--role', 'arn:aws:iam::1:role/R']],
    ['"C:\\Program Files\\sts-refresh\\sts-refresh.exe" --role R', ['C:\\Program Files\\sts-refresh\\sts-refresh.exe', '--role', 'R']],
    // Single quotes are no quotes on Windows: a POSIX-quoted line falls apart there.
    ["'C:\\Program Files\\x.exe' a", ["'C:\\Program", "Files\\x.exe'", 'a']],
    ['a\\\\b c', ['a\\\\b', 'c']],
    ['"a\\\\" b', ['a\\', 'b']],
    ['"a\\"b" c', ['a"b', 'c']],
    ['a\\\\\\"b', ['a\\"b']],
    ['"" x', ['', 'x']],
    ['  a \t b  ', ['a', 'b']],
    ['"a b"c', ['a bc']],
    ['a\\', ['a\\']],
  ])('%s', (line, words) => {
    expect(splitWindowsCommandLine(line)).toEqual(words);
  });

  test('an unterminated quote is refused, as botocore refuses it', () => {
    expect(splitWindowsCommandLine('"C:\\x.exe --role R')).toBeUndefined();
  });
});

describe('windowsQuote', () => {
  test.each([
    ['C:\\tools\\sts-refresh.exe', 'C:\\tools\\sts-refresh.exe'],
    ['C:\\Program Files\\sts-refresh.exe', '"C:\\Program Files\\sts-refresh.exe"'],
    ['C:\\dir with space\\', '"C:\\dir with space\\\\"'],
    ['', '""'],
    ['a&b', '"a&b"'],
    ['#x', '"#x"'],
    ['a #b', '"a "#"b"'],
  ])('%s is written %s', (word, quoted) => {
    expect(windowsQuote(word)).toBe(quoted);
  });

  test.each([['say "hi"'], ['%USERPROFILE%\\x']])('%s cannot be written for both botocore and cmd.exe', (word) => {
    expect(windowsQuote(word)).toBeUndefined();
  });

  test('every word that can be written comes back from botocore as it was, and the line reads alike to the AWS CLI and the SDKs', () => {
    const char = fc.constantFrom('a', 'Z', '\\', ' ', ';', '#', '&', '^', '(', ':', '/', '.', '-', "'", 'é');
    const word = fc.string({ unit: char, maxLength: 12 });
    fc.assert(
      fc.property(fc.array(word, { minLength: 1, maxLength: 5 }), (words) => {
        const line = words.map((w) => windowsQuote(w) ?? '').join(' ');
        expect(splitWindowsCommandLine(line)).toEqual(words);
        expect(readsAlike(`credential_process = ${line}`)).toBe(true);
      }),
    );
  });
});

describe('a credential_process line on Windows', () => {
  const exe = 'C:\\Program Files\\sts-refresh\\sts-refresh-win-x64.exe';
  const node = [
    'C:\\Program Files\\nodejs\\node.exe',
    'C:\\Users\\me\\AppData\\Roaming\\npm\\node_modules\\sts-refresh\\dist\\sts-refresh.js',
  ];
  const args = ['--role', 'arn:aws:iam::123456789012:role/Prod', '--cache-dir', 'C:\\Users\\me\\my cache\\'];

  test.each([
    ['the executable', [exe]],
    ['node.exe and the script', node],
  ])('as setup writes it for %s: quoted with double quotes, read back by print --profile and doctor', (_what, self) => {
    const line = commandLineForIni([...self, ...args], 'win32');
    expect(line).toContain('"C:\\Program Files\\');
    expect(line).not.toContain("'");
    expect(splitCommandLine(line, 'win32')).toEqual([...self, ...args]);
    expect(requestFromLine('dev', line, 'win32')).toEqual({ role: args[1], 'cache-dir': args[3] });
    expect(isOwnLine(line, 'win32')).toBe(true);
  });

  test('a POSIX-quoted line is not read as one on Windows: single quotes are no quotes there', () => {
    const line = commandLineForIni([exe, ...args], 'linux');
    expect(line.startsWith("'C:\\Program Files")).toBe(true);
    expect(isOwnLine(line, 'win32')).toBe(false);
  });

  test('a value with % is refused in one line, not written for cmd.exe to expand', () => {
    expect(() => commandLineForIni([exe, '--cache-dir', '%TEMP%\\c'], 'win32')).toThrow(
      /'%TEMP%\\c' cannot be written into a credential_process line on Windows/,
    );
  });
});

import { shellLine, shellQuote, splitCommandLine } from '../../src/core/shell/shell-words';

describe('splitCommandLine, as shlex.split', () => {
  test.each([
    ['sts-refresh --role arn', ['sts-refresh', '--role', 'arn']],
    ['  a   b\tc ', ['a', 'b', 'c']],
    [`'/opt/my tools/sts-refresh' --x "a \\"b\\" c" d\\ e`, ['/opt/my tools/sts-refresh', '--x', 'a "b" c', 'd e']],
    [`a'b'"c"`, ['abc']],
    [`''`, ['']],
  ])('%s', (line, words) => expect(splitCommandLine(line, 'linux')).toEqual(words));

  test('an unterminated quote is undefined', () => expect(splitCommandLine(`a 'b`, 'linux')).toBeUndefined());

  test('shellQuote round-trips through the splitter', () => {
    const words = ['/path with space/sts-refresh', "it's", 'plain-arn:aws:iam::1:role/x', ''];
    expect(splitCommandLine(words.map(shellQuote).join(' '), 'linux')).toEqual(words);
  });
});

describe('shellLine', () => {
  test.each([
    [
      ['sts-refresh', 'print', '--role', 'arn:aws:iam::123456789012:role/Prod'],
      'sts-refresh print --role arn:aws:iam::123456789012:role/Prod',
    ],
    [['--source-profile', 'my team'], "--source-profile 'my team'"],
    [['--source-profile', "it's"], "--source-profile 'it'\\''s'"],
    [['$(rm -rf ~)'], "'$(rm -rf ~)'"],
  ])('%p -> %s', (words, line) => {
    expect(shellLine(words)).toBe(line);
    expect(splitCommandLine(line, 'linux')).toEqual(words);
  });
});

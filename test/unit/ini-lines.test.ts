import fc from 'fast-check';
import { joinLines, newlineOf, splitLines } from '../../src/config/ini-lines';

describe('splitLines', () => {
  test.each<[string, Array<[string, string]>]>([
    [
      'a\nb',
      [
        ['a', '\n'],
        ['b', ''],
      ],
    ],
    [
      'a\r\nb\r\n',
      [
        ['a', '\r\n'],
        ['b', '\r\n'],
      ],
    ],
    // Lone CRs end lines, as botocore (Python's universal newlines) reads them.
    [
      '[default]\rregion = x\r',
      [
        ['[default]', '\r'],
        ['region = x', '\r'],
      ],
    ],
    [
      '# a\r comment\nregion = x\n',
      [
        ['# a', '\r'],
        [' comment', '\n'],
        ['region = x', '\n'],
      ],
    ],
    [
      'a\r\r\nb',
      [
        ['a', '\r'],
        ['', '\r\n'],
        ['b', ''],
      ],
    ],
    ['', []],
  ])('%j', (text, expected) => {
    expect(splitLines(text).map((l) => [l.content, l.eol])).toEqual(expected);
  });

  test('joinLines gives back every byte of any text', () => {
    const text = fc
      .array(fc.constantFrom('a', ' ', '#', '=', '[', ']', '\r', '\n', '\r\n', '\u2028', 'é'), { maxLength: 40 })
      .map((a) => a.join(''));
    fc.assert(
      fc.property(text, (t) => {
        expect(joinLines(splitLines(t))).toBe(t);
      }),
      { numRuns: 5000 },
    );
  });
});

describe('newlineOf', () => {
  test.each([
    ['a\nb\n', '\n'],
    ['a\rb\r', '\r'],
    ['a\r\nb\r\n', '\r\n'],
    ['# a stray\r CR\nb\nc\n', '\n'],
    ['no newline at all', '\n'],
  ])('%j uses %j', (text, eol) => {
    expect(newlineOf(splitLines(text))).toBe(eol);
  });
});

import fc from 'fast-check';
import { keptBytes, keptText } from '../../src/core/text/kept-bytes';

describe('text that keeps every byte', () => {
  test('any bytes come back exactly', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        expect(keptBytes(keptText(bytes).text).equals(Buffer.from(bytes))).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  test('UTF-8 decodes as UTF-8 (a byte order mark and astral characters included), with nothing escaped', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 100 }), (text) => {
        expect(keptText(Buffer.from(text, 'utf8'))).toEqual({ text });
      }),
    );
    expect(keptText(Buffer.from('\ufeff[default]\n😀 ok\n', 'utf8'))).toEqual({ text: '\ufeff[default]\n😀 ok\n' });
  });

  test('a Latin-1 byte is kept as one escape, and its place is reported', () => {
    const bytes = Buffer.from([0x23, 0x20, 0x63, 0x61, 0x66, 0xe9, 0x0a]);
    const { text, firstEscaped } = keptText(bytes);
    expect(text).toBe('# caf\udc69\n'.replace('\udc69', String.fromCharCode(0xdce9)));
    expect(firstEscaped).toBe(5);
    expect(keptBytes(`${text}[x]\n`).equals(Buffer.concat([bytes, Buffer.from('[x]\n')]))).toBe(true);
  });

  test('overlong forms, surrogates and truncated sequences are escaped byte by byte', () => {
    for (const bad of [[0xc0, 0xaf], [0xed, 0xa0, 0x80], [0xe2, 0x82], [0xf4, 0x90, 0x80, 0x80], [0xff]]) {
      const { text, firstEscaped } = keptText(Buffer.from(bad));
      expect(firstEscaped).toBe(0);
      expect(keptBytes(text).equals(Buffer.from(bad))).toBe(true);
    }
  });
});

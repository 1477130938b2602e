import { applyPatch } from 'diff';
import fc from 'fast-check';
import { unifiedDiff } from '../../src/config/unified-diff';

describe('unifiedDiff', () => {
  test('shows the change with three lines of context, no line past the end, and hides what show() hides', () => {
    const a = 'a\nb\nc\nd\ne\nf\ng\nsecret = x\n';
    const b = 'a\nb\nc\nd\ne\nf\ng\nnew\n';
    expect(unifiedDiff(a, b, 'f', (l) => l.replace(/= x/, '= (hidden)'))).toBe(
      '--- f\n+++ f\n@@ -5,4 +5,4 @@\n e\n f\n g\n-secret = (hidden)\n+new\n',
    );
    expect(unifiedDiff(a, a, 'f')).toBe('');
  });

  test('a last line without a newline is marked as patch marks it', () => {
    expect(unifiedDiff('a\nb', 'a\nb\nc\n', 'f')).toBe('--- f\n+++ f\n@@ -1,2 +1,3 @@\n a\n-b\n\\ No newline at end of file\n+b\n+c\n');
  });

  test('show() sees a CRLF line without its CR, so a secret there is hidden too, and the CR stays', () => {
    const hide = (l: string) => l.replace(/^(secret =) .*$/, '$1 (hidden)');
    expect(unifiedDiff('secret = x\r\n', 'new\r\n', 'f', hide)).toBe('--- f\n+++ f\n@@ -1,1 +1,1 @@\n-secret = (hidden)\r\n+new\r\n');
  });

  test('what it prints applies to the old text and gives the new one', () => {
    const lines = fc.array(fc.constantFrom('a', 'b', 'c', '[x]', 'k = v', '', 'a\r'), { maxLength: 30 });
    const text = fc.tuple(lines, fc.boolean()).map(([l, bare]) => l.join('\n') + (bare || l.length === 0 ? '' : '\n'));
    fc.assert(
      fc.property(text, text, (a, b) => {
        if (a === b) return;
        expect(applyPatch(a, unifiedDiff(a, b, 'f'))).toBe(b);
      }),
      { numRuns: 500 },
    );
  });
});

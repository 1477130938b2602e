import { parseArgs } from 'node:util';
import fc from 'fast-check';
import { REQUEST_OPTIONS } from '../../src/core/request/request-options';
import { plainStringOptions } from '../../src/core/request/plain-args';

function viaParseArgs(argv: string[]): Record<string, unknown> | undefined {
  try {
    return { ...parseArgs({ args: argv, options: REQUEST_OPTIONS, strict: true, allowPositionals: false }).values };
  } catch {
    return undefined;
  }
}

describe('plainStringOptions', () => {
  test.each<[string[], Record<string, string> | undefined]>([
    [['--role', 'arn:x'], { role: 'arn:x' }],
    [['--role=arn:x', '--duration', '1h'], { role: 'arn:x', duration: '1h' }],
    [['--role=', '--role', 'b'], { role: 'b' }],
    [['--role=-x'], { role: '-x' }],
    [['--role', '--duration', '1h'], undefined],
    [['--role'], undefined],
    [['--no-cache', '--role', 'a'], undefined],
    [['--rol', 'a'], undefined],
    [['-r', 'a'], undefined],
    [['--role', 'a', 'extra'], undefined],
    [['--role', 'a', '--'], undefined],
    [['--__proto__', 'a'], undefined],
    [['--role', 'a\nb'], undefined],
    [['--role=a\u009bb'], undefined],
  ])('%p', (argv, expected) => {
    expect(plainStringOptions(argv, REQUEST_OPTIONS)).toEqual(expected);
  });

  // It stands in for util.parseArgs on the cache-hit path: whatever it accepts, parseArgs must
  // read the same way.
  test('never reads a command line differently from util.parseArgs', () => {
    const names = [...Object.keys(REQUEST_OPTIONS), 'rol', 'help', '__proto__', 'toString'];
    const value = fc.oneof(fc.string({ maxLength: 4 }), fc.constantFrom('-', '--', '-x', '--role', 'a=b', ''));
    const token = fc.oneof(
      fc.tuple(fc.constantFrom(...names), value).map(([n, v]) => [`--${n}`, v]),
      fc.tuple(fc.constantFrom(...names), value).map(([n, v]) => [`--${n}=${v}`]),
      fc.constantFrom(...names).map((n) => [`--${n}`]),
      value.map((v) => [v]),
      fc.constantFrom(['--'], ['-r'], ['-'], ['--no-cache']),
    );
    fc.assert(
      fc.property(fc.array(token, { maxLength: 5 }), (tokens) => {
        const argv = tokens.flat();
        const plain = plainStringOptions(argv, REQUEST_OPTIONS);
        if (plain !== undefined) expect(plain).toEqual(viaParseArgs(argv));
      }),
      { numRuns: 5000 },
    );
  });
});

import { parseDuration } from '../../src/core/request/duration';
import { UsageError } from '../../src/core/errors';

describe('parseDuration', () => {
  test.each([
    ['3600', 3600],
    ['90s', 90],
    ['15m', 900],
    ['1h', 3600],
    [' 12h ', 43200],
    ['0', 0],
  ])('%p is %p seconds', (text, seconds) => {
    expect(parseDuration(text, '--duration')).toBe(seconds);
  });

  test.each(['', '1d', '-5', '1.5h', 'h', '1h30m', '10 m', 'abc'])('%p is a usage error naming the option', (text) => {
    expect(() => parseDuration(text, '--duration')).toThrow(UsageError);
    expect(() => parseDuration(text, '--duration')).toThrow(/--duration/);
  });
});

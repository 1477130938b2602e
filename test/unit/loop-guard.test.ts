import { enterChain } from '../../src/core/request/loop-guard';
import { StsRefreshError } from '../../src/core/errors';

const KEY_A = 'a'.repeat(64);
const KEY_B = 'b'.repeat(64);

describe('enterChain', () => {
  test('a first call starts the chain', () => {
    expect(enterChain(undefined, KEY_A, 'arn:role', 'p')).toBe('a'.repeat(16));
  });

  test('a different request extends it', () => {
    expect(enterChain('a'.repeat(16), KEY_B, 'arn:role', 'p')).toBe(`${'a'.repeat(16)},${'b'.repeat(16)}`);
  });

  test('the same request again is a loop that names the profile', () => {
    expect(() => enterChain(`${'b'.repeat(16)},${'a'.repeat(16)}`, KEY_A, 'arn:aws:iam::1:role/R', 'me')).toThrow(StsRefreshError);
    expect(() => enterChain('a'.repeat(16), KEY_A, 'arn:aws:iam::1:role/R', 'me')).toThrow(/loop: source profile 'me'/);
  });

  test('an absurdly deep chain is a loop too', () => {
    const deep = Array.from({ length: 8 }, (_, i) => String(i).repeat(16)).join(',');
    expect(() => enterChain(deep, KEY_A, 'r', 'p')).toThrow(/loop/);
  });
});

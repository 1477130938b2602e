import { withMfaCode } from '../../src/mfa/code-attempts';
import { StsCallError } from '../../src/core/errors';

const refused = () => new StsCallError('STS refused the MFA code', 'try again', false, undefined, true);

/** Answers `codes` in order and records what each ask was told about the previous code. */
function asker(codes: string[]) {
  const problems: Array<string | undefined> = [];
  return {
    problems,
    ask: async (problem: string | undefined) => {
      problems.push(problem);
      return codes.shift() ?? '';
    },
  };
}

describe('withMfaCode', () => {
  test('a good code is passed on trimmed, after one ask', async () => {
    const a = asker(['123456\n']);
    const calls: string[] = [];
    await expect(withMfaCode({ ask: a.ask, interactive: true, call: async (c) => (calls.push(c), 'ok') })).resolves.toBe('ok');
    expect(calls).toEqual(['123456']);
    expect(a.problems).toEqual([undefined]);
  });

  test.each(['12345', '1234567', 'abcdef', '', '12 3456'])('%j is refused before STS sees it, with one retry prompt', async (bad) => {
    const a = asker([bad, '654321']);
    const calls: string[] = [];
    await withMfaCode({ ask: a.ask, interactive: true, call: async (c) => void calls.push(c) });
    expect(calls).toEqual(['654321']);
    expect(a.problems).toEqual([undefined, 'that was not a 6-digit code']);
  });

  test('a code STS refuses gets exactly one more prompt, then the error', async () => {
    const a = asker(['111111', '222222', '333333']);
    const calls: string[] = [];
    const call = async (c: string) => {
      calls.push(c);
      throw refused();
    };
    await expect(withMfaCode({ ask: a.ask, interactive: true, call })).rejects.toThrow('STS refused the MFA code');
    expect(calls).toEqual(['111111', '222222']);
    expect(a.problems).toEqual([undefined, 'STS refused that code']);
  });

  test('other STS failures are not retried', async () => {
    const a = asker(['111111', '222222']);
    const call = async () => {
      throw new StsCallError('throttled', 'wait', true);
    };
    await expect(withMfaCode({ ask: a.ask, interactive: true, call })).rejects.toThrow('throttled');
    expect(a.problems).toHaveLength(1);
  });

  test('a command (not interactive) is asked once: a bad or refused code is an error at once', async () => {
    const bad = asker(['no code here']);
    await expect(withMfaCode({ ask: bad.ask, interactive: false, call: async () => 'x' })).rejects.toThrow(
      '--mfa-command did not print a 6-digit code',
    );
    const wrong = asker(['111111', '222222']);
    const call = async () => {
      throw refused();
    };
    await expect(withMfaCode({ ask: wrong.ask, interactive: false, call })).rejects.toThrow('STS refused');
    expect(wrong.problems).toHaveLength(1);
  });

  test('two malformed codes typed end it with a clear error', async () => {
    const a = asker(['x', 'y']);
    await expect(withMfaCode({ ask: a.ask, interactive: true, call: async () => 'x' })).rejects.toThrow('no 6-digit MFA code was entered');
  });
});

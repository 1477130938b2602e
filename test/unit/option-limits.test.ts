import fc from 'fast-check';
import { settingsWithinLimits } from '../../src/core/request/option-limits';
import { validateOptions } from '../../src/core/request/options-schema';
import type { ResolvedOptions } from '../../src/core/request/role-request';
import { REQUEST } from '../support/entries';

function options(settings: { timeout: number; window: number; mfaDuration?: number; mfaCommand?: string; dir?: string }): ResolvedOptions {
  return {
    request: REQUEST,
    mfa: {
      ...(settings.mfaDuration !== undefined && { durationSeconds: settings.mfaDuration }),
      ...(settings.mfaCommand !== undefined && { command: settings.mfaCommand }),
    },
    cache: { ...(settings.dir !== undefined && { dir: settings.dir }), refreshWindowSeconds: settings.window },
    timeoutSeconds: settings.timeout,
  };
}

const schemaAccepts = (o: ResolvedOptions) => {
  try {
    validateOptions(o);
    return true;
  } catch {
    return false;
  }
};

describe('settingsWithinLimits', () => {
  test.each<[string, Parameters<typeof options>[0], boolean]>([
    ['the defaults', { timeout: 30, window: 1200, dir: '/c' }, true],
    ['--no-cache', { timeout: 30, window: 1200 }, true],
    ['a zero window', { timeout: 30, window: 0, dir: '/c' }, true],
    ['a zero timeout', { timeout: 0, window: 1200, dir: '/c' }, false],
    ['a 13h window', { timeout: 30, window: 46_800, dir: '/c' }, false],
    ['a 1 min MFA session', { timeout: 30, window: 1200, mfaDuration: 60, dir: '/c' }, false],
    ['an empty MFA command', { timeout: 30, window: 1200, mfaCommand: '', dir: '/c' }, false],
    ['an empty cache dir', { timeout: 30, window: 1200, dir: '' }, false],
  ])('%s', (_name, settings, expected) => {
    expect(settingsWithinLimits(options(settings))).toBe(expected);
  });

  // It stands in for the zod schema on a cache hit, so the two must agree on every setting.
  test('agrees with the zod schema', () => {
    const seconds = fc.oneof(
      fc.integer({ min: -10, max: 200_000 }),
      fc.constantFrom(0, 1, 900, 3600, 43_200, 43_201, 129_600, 129_601, 1.5),
    );
    fc.assert(
      fc.property(
        fc.record(
          {
            timeout: seconds,
            window: seconds,
            mfaDuration: seconds,
            mfaCommand: fc.string({ maxLength: 3 }),
            dir: fc.string({ maxLength: 3 }),
          },
          { requiredKeys: ['timeout', 'window'] },
        ),
        (settings) => {
          const o = options(settings);
          expect(settingsWithinLimits(o)).toBe(schemaAccepts(o));
        },
      ),
      { numRuns: 3000 },
    );
  });
});

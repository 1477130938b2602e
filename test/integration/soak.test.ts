import { CLI_PATH } from '../support/run-cli';
import { formatFigures, runSoak } from '../support/soak';

// The short soak; `npm run soak` runs the long one. Sessions of 4 s renewed with 2 s left cross
// their window every second or two, so even this run crosses several.
test('64-way soak across refresh windows: no failures, nothing stale, one AssumeRole per window crossed', async () => {
  const figures = await runSoak({
    cliPath: CLI_PATH,
    invocations: 128,
    minSeconds: 7,
    concurrency: 64,
    sessionSeconds: 4,
    windowSeconds: 2,
  });
  const summary = formatFigures(figures);
  expect({ failures: figures.failures, staleServed: figures.staleServed, summary }).toEqual({ failures: 0, staleServed: 0, summary });
  expect(figures.windowsCrossed).toBeGreaterThanOrEqual(2);
  expect(figures.assumeRoleCalls).toBe(figures.windowsCrossed);
}, 120_000);

// npm run soak: the full soak, with its figures printed for docs/reliability.md.
// Exits non-zero when a figure is wrong, so it can gate a release.
import { resolve } from 'node:path';
import { formatFigures, runSoak } from '../test/support/soak';

const number = (name: string, fallback: number) => {
  const value = Number(process.env[name]);
  return Number.isInteger(value) && value > 0 ? value : fallback;
};

async function main(): Promise<void> {
  const figures = await runSoak({
    cliPath: resolve(__dirname, 'sts-refresh.js'),
    invocations: number('SOAK_INVOCATIONS', 400),
    minSeconds: number('SOAK_MIN_SECONDS', 20),
    concurrency: number('SOAK_CONCURRENCY', 64),
    sessionSeconds: number('SOAK_SESSION_SECONDS', 6),
    windowSeconds: number('SOAK_WINDOW_SECONDS', 3),
  });
  process.stdout.write(`${formatFigures(figures)}\n`);
  const ok = figures.failures === 0 && figures.staleServed === 0 && figures.assumeRoleCalls === figures.windowsCrossed;
  process.stdout.write(ok ? 'soak passed\n' : 'soak FAILED\n');
  process.exitCode = ok ? 0 : 1;
}

void main();

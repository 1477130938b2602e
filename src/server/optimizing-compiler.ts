import { setFlagsFromString } from 'node:v8';

// Node 24's V8 (13) runs Maglev, its mid-tier optimizing compiler, by default; Node 20 and 22 ship
// with it off, and there TurboFan is the only one.
const MAGLEV_BY_DEFAULT = Number(process.versions.v8.split('.')[0]) >= 13;

/**
 * Where V8 runs Maglev, leaves exec's process to it from here on: no TurboFan. Once a busy child's
 * requests have made the endpoint's code hot, TurboFan's code and its compiler's own pages of the
 * node binary stay resident; on Node 24 that was most of the growth left in the bench's RSS after
 * 1,000 renewals (+16-21% with TurboFan, +7-9% without). Maglev's code answers 64 concurrent
 * requests as fast as TurboFan's (within the bench's noise), while with no optimizing compiler at
 * all (Node 22 without TurboFan) the median more than doubled, so where Maglev is off
 * nothing changes. The flag is read whenever V8 decides to optimize, so setting it at run time
 * works; --max-opt, meant for this, is read once at start-up on Node 24 and is not.
 */
export function leaveOptimizingToMaglev(): void {
  if (MAGLEV_BY_DEFAULT) setFlagsFromString('--no-turbofan');
}

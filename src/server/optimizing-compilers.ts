import { setFlagsFromString } from 'node:v8';

/**
 * Leaves exec's process to V8's interpreter and baseline compiler from here on. The endpoint
 * answers a request now and then for hours and renews once a session: no code in it runs hot
 * enough to gain from TurboFan or Maglev, but once the requests of a busy child have made some of
 * it hot, their optimized code and the compilers' own pages of the node binary stay resident. That
 * was nearly all the growth left in the bench's RSS after 1,000 renewals (Node 24: +16%, and +40%
 * for a bare node:http server; with both compilers off, +0.7% on every tested Node), while the
 * latency of a cached answer was unchanged within the bench's noise. Node 20 and 22 ship with
 * Maglev off already. Both flags are read when V8 decides to optimize, so setting them at run
 * time works; --max-opt, the one flag for this, is read once at start-up on Node 24 and is not.
 */
export function turnOffOptimizingCompilers(): void {
  setFlagsFromString('--no-turbofan');
  setFlagsFromString('--no-maglev');
}

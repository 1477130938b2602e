import { runBundled } from '../support/run-bundled';

// Which compiler's code a function that ran hot ends up in, with or without the call first. Bits
// of %GetOptimizationStatus: 16 optimized at all, 32 by Maglev, 64 by TurboFan.
const script = (call: boolean) => `
import { leaveOptimizingToMaglev } from './src/server/optimizing-compiler';
const status = new Function('f', 'return %GetOptimizationStatus(f)') as (f: unknown) => number;
const sum = (xs: number[]) => { let s = 0; for (const x of xs) s += x; return s; };
${call ? 'leaveOptimizingToMaglev();' : ''}
const xs = Array.from({ length: 100 }, (_, i) => i);
for (let i = 0; i < 300000 && !(status(sum) & 64); i++) sum(xs);
const s = status(sum);
console.log(s & 64 ? 'turbofan' : s & 32 ? 'maglev' : s & 16 ? 'optimized' : 'not optimized');
`;
const run = (call: boolean) => runBundled(script(call), ['--allow-natives-syntax']).trim();

describe('leaveOptimizingToMaglev', () => {
  // Without the call the same loop reaches TurboFan on every Node: on Node 24 the second test
  // cannot pass by itself.
  test('the loop reaches TurboFan without it', () => {
    expect(run(false)).toBe('turbofan');
  });

  test('where Maglev runs (Node 24) hot code stays in it; elsewhere TurboFan stays the optimizing compiler', () => {
    const maglevByDefault = Number(process.versions.v8.split('.')[0]) >= 13;
    expect(run(true)).toBe(maglevByDefault ? 'maglev' : 'turbofan');
  });
});

import { runBundled } from '../support/run-bundled';

// Whether V8 optimized a function that ran hot, after the compilers were (or were not) turned off;
// bit 4 of %GetOptimizationStatus is set for TurboFan and Maglev code alike.
const script = (turnOff: boolean) => `
import { turnOffOptimizingCompilers } from './src/server/optimizing-compilers';
const status = new Function('f', 'return %GetOptimizationStatus(f)') as (f: unknown) => number;
const optimized = (f: unknown) => (status(f) & 16) !== 0;
const sum = (xs: number[]) => { let s = 0; for (const x of xs) s += x; return s; };
${turnOff ? 'turnOffOptimizingCompilers();' : ''}
const xs = Array.from({ length: 100 }, (_, i) => i);
for (let i = 0; i < 200000 && !optimized(sum); i++) sum(xs);
console.log(optimized(sum) ? 'optimized' : 'not optimized');
`;

describe('turnOffOptimizingCompilers', () => {
  test('a function that runs hot afterwards is never optimized', () => {
    // Without the call the same loop gets optimized code, so the test cannot pass by itself.
    expect(runBundled(script(false), ['--allow-natives-syntax']).trim()).toBe('optimized');
    expect(runBundled(script(true), ['--allow-natives-syntax']).trim()).toBe('not optimized');
  });
});

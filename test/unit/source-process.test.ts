import { runBundled } from '../support/run-bundled';

// Whether Node's async hooks are on, seen from outside: with them on, each await resumes in an
// async resource of its own (a new executionAsyncId); with them off, promises get none.
const script = `
import { executionAsyncId } from 'node:async_hooks';
import { withProcessContext } from './src/aws/source-process';
async function hooksOn(): Promise<boolean> {
  await null;
  const first = executionAsyncId();
  await null;
  return first !== executionAsyncId();
}
void (async () => {
  const seen: Record<string, boolean> = {};
  const context = { env: {}, signal: new AbortController().signal };
  await withProcessContext(context, async () => {
    await Promise.all([
      withProcessContext(context, async () => { await null; }),
      (async () => { seen.during = await hooksOn(); })(),
    ]);
    seen.inner = await hooksOn();
  });
  seen.after = await hooksOn();
  console.log(JSON.stringify(seen));
})();
`;

describe('withProcessContext', () => {
  test('leaves async hooks off once no resolution is running', () => {
    // On Node 20 and 22 an AsyncLocalStorage turns async hooks on, and they stayed on for the
    // life of the process: for every promise of every request exec's endpoint answered.
    // Node 24's store needs no hooks, so there all three read false.
    const seen = JSON.parse(runBundled(script)) as Record<string, boolean>;
    const hooksNeeded = Number(process.versions.node.split('.')[0]) < 24;
    expect(seen).toEqual({ during: hooksNeeded, inner: hooksNeeded, after: false });
  });
});

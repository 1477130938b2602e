import { collectGarbageSoon } from '../../src/server/collect-garbage';

describe('collectGarbageSoon', () => {
  test('collects an object nothing refers to any more', async () => {
    const ref = (() => new WeakRef({ renewal: 'x'.repeat(1024) }))();
    // A WeakRef keeps its target for the rest of the task that made or read it.
    await new Promise((r) => setTimeout(r, 0));
    collectGarbageSoon();
    // Timers due at once run in the order they were set: this one runs after the collection's.
    await new Promise((r) => setTimeout(r, 0));
    expect(ref.deref()).toBeUndefined();
  });
});

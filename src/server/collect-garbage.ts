import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

// V8's gc() with the options its extension takes; 'last-resort' is the collection V8 makes under
// memory pressure: every space, new space shrunk, free pages handed back to the system. Given these
// options, V8 11 (Node 20) left unreachable objects in place (collect-garbage.test.ts), so there
// it gets a plain gc(), which is a full collection too.
type Gc = (options?: { type: 'major'; execution: 'sync'; flavor: 'last-resort' }) => void;
const OPTIONS_READ = Number(process.versions.v8.split('.')[0]) >= 12;

let gc: Gc | undefined;

/**
 * A full collection once the current task is done. exec's endpoint calls this after each renewal:
 * a renewal builds SDK clients, parses XML and reads files, and V8 left that garbage resident,
 * growing the heap on every burst of renewals and (on Node 22) never handing it back however long
 * the endpoint then sat idle, which it does for most of a session. The cost is a few milliseconds
 * per renewal, once a session. Node has no public call for this; turning on --expose-gc at run time
 * and taking gc from a fresh context is the usual way (jest's leak detector does the same).
 */
export function collectGarbageSoon(): void {
  if (gc === undefined) {
    setFlagsFromString('--expose-gc');
    gc = runInNewContext('gc') as Gc;
  }
  const collect = gc;
  setTimeout(() => (OPTIONS_READ ? collect({ type: 'major', execution: 'sync', flavor: 'last-resort' }) : collect()), 0).unref();
}

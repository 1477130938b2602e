import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** `node --require` this, with TRACE_LOCK_WAITS_FILE set, to learn when a CLI process has met a held lock. */
export const TRACE_LOCK_WAITS = join(__dirname, 'trace-lock-waits.js');

/** Resolves once `processes` distinct processes have found a lock held (trace-lock-waits.js), polling the trace file. */
export async function lockWaitsSeen(traceFile: string, processes: number, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (waitingPids(traceFile).size >= processes) return;
    if (Date.now() > deadline) throw new Error(`fewer than ${processes} processes met the held lock within ${timeoutMs / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

function waitingPids(traceFile: string): Set<string> {
  try {
    return new Set(readFileSync(traceFile, 'utf8').split('\n').filter(Boolean));
  } catch {
    return new Set();
  }
}

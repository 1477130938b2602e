import { writeFileAtomic } from '../files/atomic-write';
import { readOwnFile } from '../files/own-file';
import type { RecordedRefusal } from './cached-credentials';
import { removeQuietly } from '../files/remove-quietly';

// A refusal beside the entry it was met for, keyed like it: the processes that waited for its
// holder fail with the holder's words instead of asking STS again, one after another, under the lock.
const markerOf = (entryPath: string) => `${entryPath}.refused`;

/**
 * Holds the error's message and hint only: the words a user sees, never a key or a token
 * (sts-errors.ts keeps the answer's body out of them). A marker that cannot be written costs the
 * waiters one STS call each, as before; it is never worth failing the caller over.
 */
export function recordRefusal(entryPath: string, refusal: RecordedRefusal): void {
  const text = JSON.stringify({
    at: new Date(refusal.at).toISOString(),
    message: refusal.message,
    ...(refusal.hint !== undefined && { hint: refusal.hint }),
  });
  try {
    writeFileAtomic(markerOf(entryPath), text, 0o600);
  } catch {
    // See above.
  }
}

/** The recorded refusal, read as the entry is (our own regular file only); undefined when absent or unreadable. */
export function readRefusal(entryPath: string): RecordedRefusal | undefined {
  const file = readOwnFile(markerOf(entryPath));
  if (!file.ok) return undefined;
  try {
    const { at, message, hint } = JSON.parse(file.text) as Record<string, unknown>;
    const atMs = typeof at === 'string' ? Date.parse(at) : Number.NaN;
    if (Number.isNaN(atMs) || typeof message !== 'string' || (hint !== undefined && typeof hint !== 'string')) return undefined;
    return { at: atMs, message, ...(hint !== undefined && { hint }) };
  } catch {
    return undefined;
  }
}

/** Removed once the entry is made: the request works now. */
export function clearRefusal(entryPath: string): void {
  removeQuietly(markerOf(entryPath));
}

import { closeSync, constants, fstatSync, openSync, readSync, statSync, type Stats } from 'node:fs';

// O_NONBLOCK: opening a FIFO for reading otherwise waits for a writer, in open(2) itself, where
// no timer and no signal handler of ours can run; with it the open returns, and fstat tells.
// Windows has no such flag (and no FIFOs in the file system).
const READ_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);

export type RegularFile =
  | { ok: true; bytes: Buffer }
  | { ok: false; kind: 'missing' }
  /** `what`: "a named pipe (FIFO)", "a socket", "a device", "a directory". */
  | { ok: false; kind: 'not-a-file'; what: string }
  | { ok: false; kind: 'too-large'; maxBytes: number }
  | { ok: false; kind: 'unreadable'; code: string; error: unknown };

/**
 * A file's bytes, read only when it is a regular file of at most `maxBytes`: a FIFO, socket or
 * device planted at the path would make a read wait for ever (and keep sts-refresh, and the AWS
 * CLI behind it, from exiting), and an endless file would fill memory. Symbolic links are followed
 * (dotfile managers link ~/.aws/config). /dev/null, the usual way to say "no such file", reads as empty.
 */
export function readRegularFile(path: string, maxBytes: number): RegularFile {
  let fd: number;
  try {
    fd = openSync(path, READ_FLAGS);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    if (code === 'ENOENT') return { ok: false, kind: 'missing' };
    // What open(2) says for a Unix socket.
    if (code === 'ENXIO') return { ok: false, kind: 'not-a-file', what: 'a socket' };
    return { ok: false, kind: 'unreadable', code, error };
  }
  try {
    const stat = fstatSync(fd);
    if (isDevNull(stat)) return { ok: true, bytes: Buffer.alloc(0) };
    const what = notAFile(stat);
    if (what !== undefined) return { ok: false, kind: 'not-a-file', what };
    return readAtMost(fd, maxBytes);
  } catch (error) {
    return { ok: false, kind: 'unreadable', code: (error as NodeJS.ErrnoException).code ?? 'error', error };
  } finally {
    closeSync(fd);
  }
}

/** Reads to the end, but no further than one byte past the limit: the size fstat gave may be out of date already. */
function readAtMost(fd: number, maxBytes: number): RegularFile {
  const chunks: Buffer[] = [];
  let total = 0;
  for (;;) {
    const chunk = Buffer.allocUnsafe(Math.min(64 * 1024, maxBytes + 1 - total));
    const read = readSync(fd, chunk, 0, chunk.length, null);
    if (read === 0) return { ok: true, bytes: Buffer.concat(chunks, total) };
    chunks.push(chunk.subarray(0, read));
    total += read;
    if (total > maxBytes) return { ok: false, kind: 'too-large', maxBytes };
  }
}

function notAFile(stat: Stats): string | undefined {
  if (stat.isFile()) return undefined;
  if (stat.isFIFO()) return 'a named pipe (FIFO)';
  if (stat.isSocket()) return 'a socket';
  if (stat.isDirectory()) return 'a directory';
  return 'a device';
}

function isDevNull(stat: Stats): boolean {
  if (!stat.isCharacterDevice()) return false;
  try {
    return statSync('/dev/null').rdev === stat.rdev;
  } catch {
    return false;
  }
}

import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readRegularFile } from '../../src/files/regular-file';

describe('readRegularFile', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'sts-refresh-regular-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  test('a file, through a symbolic link too; a missing one says so', () => {
    writeFileSync(join(dir, 'f'), 'abc');
    symlinkSync(join(dir, 'f'), join(dir, 'link'));
    expect(readRegularFile(join(dir, 'f'), 10)).toEqual({ ok: true, bytes: Buffer.from('abc') });
    expect(readRegularFile(join(dir, 'link'), 10)).toEqual({ ok: true, bytes: Buffer.from('abc') });
    expect(readRegularFile(join(dir, 'none'), 10)).toEqual({ ok: false, kind: 'missing' });
  });

  test('a FIFO is refused at once, without waiting for a writer', () => {
    execFileSync('mkfifo', [join(dir, 'fifo')]);
    expect(readRegularFile(join(dir, 'fifo'), 10)).toEqual({ ok: false, kind: 'not-a-file', what: 'a named pipe (FIFO)' });
  });

  test('a directory and a device are refused; /dev/null reads as empty', () => {
    mkdirSync(join(dir, 'd'));
    expect(readRegularFile(join(dir, 'd'), 10)).toMatchObject({ ok: false, kind: 'not-a-file', what: 'a directory' });
    expect(readRegularFile('/dev/zero', 10)).toMatchObject({ ok: false, kind: 'not-a-file', what: 'a device' });
    expect(readRegularFile('/dev/null', 10)).toEqual({ ok: true, bytes: Buffer.alloc(0) });
  });

  test('a file over the limit is refused; one at the limit is read', () => {
    writeFileSync(join(dir, 'big'), 'x'.repeat(11));
    writeFileSync(join(dir, 'ten'), 'x'.repeat(10));
    expect(readRegularFile(join(dir, 'big'), 10)).toEqual({ ok: false, kind: 'too-large', maxBytes: 10 });
    expect(readRegularFile(join(dir, 'ten'), 10)).toMatchObject({ ok: true });
  });
});

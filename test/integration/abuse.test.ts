import { execFileSync } from 'node:child_process';
import {
  chmodSync,
  chownSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  statSync,
  symlinkSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { useLoopbackSts, expectCredentials, ROLE } from '../support/cli-env';
import { notRoot, testIf } from '../support/needs';

// Root (as in CI containers) may chown to any uid, which is how "owned by another user" is made.
const NOBODY = 65534;

const sts = useLoopbackSts();
const cli = sts.cli;

const EVIL_KEY = 'ASIAPLANTEDBYMALLORY';
const entryPath = () => join(cli.home.cacheDir, cli.cacheFiles()[0] ?? '');

/** A fresh, well-formed entry that is not ours: serving it would hand the AWS CLI planted credentials. */
function plantedEntry(): string {
  const entry = JSON.parse(readFileSync(entryPath(), 'utf8'));
  entry.credentials.AccessKeyId = EVIL_KEY;
  return JSON.stringify(entry);
}

/** Exactly one stderr line, a warning matching `why`, and credentials that STS issued just now. */
async function expectMissWithOneNote(why: RegExp, calls = 2) {
  const result = await cli.run(['--role', ROLE]);
  const json = expectCredentials(result);
  expect(json.AccessKeyId).not.toBe(EVIL_KEY);
  expect(sts.server.count('AssumeRole')).toBe(calls);
  const lines = result.stderr.trimEnd().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^sts-refresh: warning: /);
  expect(lines[0]).toMatch(why);
  return json;
}

/** Our own entry is in place: a private regular file of ours, holding what was just returned. */
function expectOwnEntry(accessKeyId: string) {
  const stat = lstatSync(entryPath());
  expect(stat.isFile()).toBe(true);
  expect(stat.mode & 0o777).toBe(0o600);
  expect(stat.uid).toBe(process.getuid?.());
  expect(JSON.parse(readFileSync(entryPath(), 'utf8')).credentials.AccessKeyId).toBe(accessKeyId);
}

describe('planted entries are not read through', () => {
  test('a symlink at the entry path: not followed, replaced by our own entry, its target untouched', async () => {
    expectCredentials(await cli.run(['--role', ROLE]));
    const target = join(cli.home.home, 'mallory.json');
    writeFileSync(target, plantedEntry());
    const path = entryPath();
    unlinkSync(path);
    symlinkSync(target, path);
    const before = readFileSync(target, 'utf8');

    const json = await expectMissWithOneNote(/symbolic link/);
    expectOwnEntry(json.AccessKeyId);
    expect(readFileSync(target, 'utf8')).toBe(before);
  });

  test('a group- or world-writable entry is not trusted', async () => {
    expectCredentials(await cli.run(['--role', ROLE]));
    writeFileSync(entryPath(), plantedEntry());
    chmodSync(entryPath(), 0o666);
    expectOwnEntry((await expectMissWithOneNote(/group- or world-writable \(mode 0666\)/)).AccessKeyId);
  });

  testIf(notRoot())('an entry owned by another user is not trusted', async () => {
    expectCredentials(await cli.run(['--role', ROLE]));
    writeFileSync(entryPath(), plantedEntry());
    chownSync(entryPath(), NOBODY, NOBODY);
    expectOwnEntry((await expectMissWithOneNote(new RegExp(`belongs to uid ${NOBODY}`))).AccessKeyId);
  });

  test('a FIFO at the entry path does not block the read', async () => {
    expectCredentials(await cli.run(['--role', ROLE]));
    const path = entryPath();
    unlinkSync(path);
    execFileSync('mkfifo', [path]);
    // A read that blocked on the FIFO would hang until runCli's kill, and no note would come back.
    expectOwnEntry((await expectMissWithOneNote(/not a regular file/)).AccessKeyId);
  });
});

describe('the cache directory', () => {
  test('group- or world-writable: its entry is a miss, the directory is made private, our entry written', async () => {
    expectCredentials(await cli.run(['--role', ROLE]));
    // What another user could do in such a directory: replace our entry with theirs.
    const planted = join(cli.home.home, 'planted');
    writeFileSync(planted, plantedEntry(), { mode: 0o600 });
    renameSync(planted, entryPath());
    chmodSync(cli.home.cacheDir, 0o777);
    const json = await expectMissWithOneNote(/cache directory .* is group- or world-writable \(mode 0777\).*not trusted/);
    expect(statSync(cli.home.cacheDir).mode & 0o777).toBe(0o700);
    expectOwnEntry(json.AccessKeyId);
    // From now on a plain hit, without a word.
    const again = await cli.run(['--role', ROLE]);
    expect(expectCredentials(again)).toEqual(json);
    expect(again.stderr).toBe('');
  });

  testIf(notRoot())('owned by another user: neither read nor written, credentials returned uncached', async () => {
    expectCredentials(await cli.run(['--role', ROLE]));
    writeFileSync(entryPath(), plantedEntry());
    chownSync(cli.home.cacheDir, NOBODY, NOBODY);
    const listing = readdirSync(cli.home.cacheDir);
    const before = readFileSync(entryPath(), 'utf8');
    await expectMissWithOneNote(new RegExp(`cache directory .* belongs to uid ${NOBODY}.*not used`));
    expect(readdirSync(cli.home.cacheDir)).toEqual(listing);
    expect(readFileSync(entryPath(), 'utf8')).toBe(before);
  });
});

describe('planted lock paths', () => {
  // Without the check, proper-lockfile stats through the link: a target that changes often (here one
  // touched just now) looks like a live lock, and every caller would wait out --timeout and fail.
  test.each<[string, (lock: string) => void]>([
    [
      'a symlink to a busy directory',
      (lock) => {
        mkdirSync(join(cli.home.home, 'busy'));
        symlinkSync(join(cli.home.home, 'busy'), lock);
      },
    ],
    ['a dangling symlink', (lock) => symlinkSync(join(cli.home.home, 'nowhere'), lock)],
    ['a regular file', (lock) => writeFileSync(lock, '')],
  ])('%s at the lock path is removed, not followed', async (_name, plant) => {
    expectCredentials(await cli.run(['--role', ROLE]));
    cli.setMinutesLeft(10);
    plant(`${entryPath()}.lock`);
    const busy = join(cli.home.home, 'busy');
    const busyMtime = lstatSync(busy, { throwIfNoEntry: false })?.mtimeMs;
    const result = await cli.run(['--role', ROLE, '--timeout', '5s']);
    const json = expectCredentials(result);
    expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/^sts-refresh: warning: removed .*\.lock: it was (a symbolic link|not a directory)/);
    expectOwnEntry(json.AccessKeyId);
    expect(lstatSync(busy, { throwIfNoEntry: false })?.mtimeMs).toBe(busyMtime);
  });
});

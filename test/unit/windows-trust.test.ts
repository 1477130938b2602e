// The Windows branches of the trust checks, run on Linux with the platform passed in: Node on
// Windows reports mode 0666 and uid 0 for everything, so there the place a path leads to decides
// (src/files/profile-place.ts). test/e2e/windows.test.ts runs the same rules under Wine.
import { chmodSync, mkdirSync, mkdtempSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkCacheDir } from '../../src/cache/cache-dir';
import { checkFileModes } from '../../src/doctor/checks/file-modes';
import { ownerProblem } from '../../src/files/own-file';
import { outsideProfile } from '../../src/files/profile-place';

let root: string;
let profile: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'sts-refresh-wintrust-'));
  profile = join(root, 'Users', 'me');
  mkdirSync(join(profile, 'AppData', 'Local'), { recursive: true });
  mkdirSync(join(root, 'shared'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('ownerProblem: modes and owners are checked only where they exist', () => {
  test('a world-writable directory is a problem on POSIX, not on Windows, where every mode reads 0666', () => {
    const dir = join(root, 'open');
    mkdirSync(dir);
    chmodSync(dir, 0o777);
    const stat = statSync(dir);
    expect(ownerProblem(stat, 'it', 'linux')).toMatch(/group- or world-writable \(mode 0777\)/);
    expect(ownerProblem(stat, 'it', 'win32')).toBeUndefined();
  });
});

describe('outsideProfile', () => {
  test.each([
    ['the profile itself', false, () => profile],
    ['a directory in it', false, () => join(profile, 'AppData', 'Local')],
    ['a directory not made yet in it', false, () => join(profile, 'AppData', 'Local', 'sts-refresh', 'Cache')],
    ['a directory beside it', true, () => join(root, 'shared')],
    ['a directory not made yet outside it', true, () => join(root, 'shared', 'cache')],
    ['a name that only starts like it', true, () => `${profile}2`],
    ['a way out with ..', true, () => join(profile, '..', 'other')],
  ])('%s: outside is %s', (_name, outside, path) => {
    expect(outsideProfile(path(), 'it', profile) !== undefined).toBe(outside);
  });

  test('a link (a junction, on Windows) inside the profile that leads out is outside, and says where it leads', () => {
    symlinkSync(join(root, 'shared'), join(profile, 'link'));
    expect(outsideProfile(join(profile, 'link', 'cache'), 'the cache directory X', profile)).toBe(
      `the cache directory X leads to ${join(root, 'shared', 'cache')}, which is outside your profile directory ${profile}, where other users may be able to write`,
    );
  });

  test('a link inside the profile that stays inside is trusted', () => {
    symlinkSync(join(profile, 'AppData'), join(profile, 'data'));
    expect(outsideProfile(join(profile, 'data', 'Local'), 'it', profile)).toBeUndefined();
  });

  test('case does not matter, as on NTFS', () => {
    expect(outsideProfile(join(profile, 'AppData'), 'it', profile.toUpperCase())).toBeUndefined();
  });
});

describe('checkCacheDir on Windows', () => {
  const win = (more: { create?: boolean } = {}) => ({ platform: 'win32' as const, profileDir: profile, ...more });

  test('a directory in the profile is trusted though its mode reads open (as Node on Windows reports it)', () => {
    const dir = join(profile, 'AppData', 'Local', 'sts-refresh', 'Cache');
    mkdirSync(dir, { recursive: true });
    chmodSync(dir, 0o777);
    expect(checkCacheDir(dir, win())).toEqual({ kind: 'ok' });
    expect(checkCacheDir(dir, { platform: 'linux' }).kind).toBe('open');
  });

  test('created on first use inside the profile', () => {
    const dir = join(profile, 'AppData', 'Local', 'sts-refresh', 'Cache');
    expect(checkCacheDir(dir, win())).toEqual({ kind: 'missing' });
    expect(checkCacheDir(dir, win({ create: true }))).toEqual({ kind: 'ok' });
    expect(statSync(dir).isDirectory()).toBe(true);
  });

  test('outside the profile: refused, and not even created', () => {
    const dir = join(root, 'shared', 'cache');
    const verdict = checkCacheDir(dir, win({ create: true }));
    expect(verdict).toMatchObject({
      kind: 'foreign',
      problem: expect.stringMatching(/is outside your profile directory .*use a directory inside it/),
    });
    expect(() => statSync(dir)).toThrow();
  });

  test('reached through a link that leads out of the profile: refused before mkdir', () => {
    symlinkSync(join(root, 'shared'), join(profile, 'AppData', 'Local', 'sts-refresh'));
    const dir = join(profile, 'AppData', 'Local', 'sts-refresh', 'Cache');
    expect(checkCacheDir(dir, win({ create: true }))).toMatchObject({ kind: 'foreign', problem: expect.stringMatching(/ leads to /) });
    expect(() => statSync(join(root, 'shared', 'Cache'))).toThrow();
  });

  test('a file where the directory should be is refused', () => {
    writeFileSync(join(profile, 'cache'), '');
    expect(checkCacheDir(join(profile, 'cache'), win())).toMatchObject({
      kind: 'foreign',
      problem: expect.stringMatching(/not a directory/),
    });
  });
});

describe("doctor's file permissions on Windows", () => {
  test('files in the profile are ok whatever their mode reads; one outside is named with icacls to check it', () => {
    const inside = { path: 'C:\\Users\\me\\.aws\\config', kind: 'file' as const, mode: 0o666 };
    expect(checkFileModes([inside], 'win32')).toMatchObject({
      status: 'ok',
      saw: 'inside your profile directory: C:\\Users\\me\\.aws\\config',
    });
    expect(checkFileModes([inside], 'linux')).toMatchObject({ status: 'warn', fix: expect.stringContaining('chmod 600') });
    const outside = {
      path: 'D:\\cache',
      kind: 'directory' as const,
      mode: 0o666,
      outside: 'D:\\cache is outside your profile directory C:\\Users\\me',
    };
    const result = checkFileModes([inside, outside], 'win32');
    expect(result).toMatchObject({ status: 'warn', saw: outside.outside });
    expect(result.fix).toBe('move them into your profile directory, or check who may read them: icacls "D:\\cache"');
    expect(result.fix).not.toContain('chmod');
  });

  test('no files yet', () => {
    expect(checkFileModes([{ path: 'C:\\x', kind: 'file' }], 'win32')).toMatchObject({ status: 'ok', saw: 'none of the files exist yet' });
  });
});

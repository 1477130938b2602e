// The suite's promise that no test depends on what the machine has installed (Debian's /usr/bin/aws
// made doctor's "no aws on PATH" case fail): PATHs are built from temp directories, and this file
// fails if one reaches the machine's own directories again.
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { assertPrivatePath, runCli } from '../support/run-cli';
import { makeTempHome } from '../support/temp-home';
import { realExecutable, toolPath } from '../support/tool-path';

describe('toolPath', () => {
  test('holds only the named tools, linked to what the runner runs; node is the Node running the tests', () => {
    const bin = toolPath(['sh', 'node']);
    expect(readdirSync(bin).sort()).toEqual(['node', 'sh']);
    expect(readlinkSync(join(bin, 'node'))).toBe(process.execPath);
    expect(readlinkSync(join(bin, 'sh'))).toBe(realExecutable('sh'));
    expect(() => assertPrivatePath({ PATH: bin })).not.toThrow();
  });

  test('a tool the runner lacks is an error, not a silently shorter PATH', () => {
    expect(() => toolPath(['no-such-tool-sts-refresh'])).toThrow(/not on the runner's PATH/);
  });
});

describe('a temp home', () => {
  test('defaults to a PATH that is one empty directory inside it', () => {
    const home = makeTempHome();
    try {
      const path = home.env().PATH ?? '';
      expect(path.startsWith(`${home.home}/`)).toBe(true);
      expect(readdirSync(path)).toEqual([]);
    } finally {
      home.cleanup();
    }
  });
});

describe('the CLI is never spawned with a machine PATH', () => {
  test.each([['/usr/bin'], [`${tmpdir()}/x:/bin`], [undefined]])('PATH=%s is refused', async (path) => {
    expect(() => assertPrivatePath({ PATH: path })).toThrow(/only temp directories/);
    await expect(runCli(['--version'], { env: { HOME: tmpdir(), PATH: path } })).rejects.toThrow(/only temp directories/);
  });

  test("no test or test helper hands on the runner's PATH or names a system bin directory", () => {
    const root = join(__dirname, '..');
    const offenders = listFiles(root)
      .filter((file) => /\.(ts|js|cjs)$/.test(file) && !file.endsWith('tool-path.ts') && file !== __filename)
      .filter((file) => /process\.env\.PATH|['"`:](\/usr)?\/s?bin['"`:]/.test(readFileSync(file, 'utf8')))
      .map((file) => relative(root, file));
    expect(offenders).toEqual([]);
  });
});

function listFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? listFiles(join(dir, e.name)) : [join(dir, e.name)]));
}

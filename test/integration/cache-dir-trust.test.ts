import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, lchownSync, mkdirSync, readdirSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { lock } from 'proper-lockfile';
import { useLoopbackSts, expectCredentials, expectOneLineError, ROLE } from '../support/cli-env';
import { notRoot, testIf } from '../support/needs';

// Root (as in CI containers) may chown to any uid, which is how "another user's" file is made.
const NOBODY = 65534;
const asRoot = testIf(notRoot());

const sts = useLoopbackSts();
const cli = sts.cli;
const entryPath = () => join(cli.home.cacheDir, cli.cacheFiles()[0] ?? '');

/** One warning line on stderr, matching `why`. */
function expectOneWarning(stderr: string, why: RegExp) {
  const lines = stderr.trimEnd().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^sts-refresh: warning: /);
  expect(lines[0]).toMatch(why);
}

describe('a relative cache directory is refused (exit 2), on the hit path too', () => {
  // runCli starts the CLI in HOME, so the relative 'cache' names the very directory of the fixture.
  test('--cache-dir cache: nothing written, no STS call', async () => {
    expectOneLineError(
      await cli.run(['--role', ROLE, '--cache-dir', 'cache']),
      2,
      /--cache-dir must be an absolute path \(got 'cache'\), or credentials would be written wherever the AWS CLI runs/,
    );
    expect(existsSync(cli.home.cacheDir)).toBe(false);
    expect(sts.server.count()).toBe(0);
  });

  test('a fresh entry at the relative path is not served', async () => {
    expectCredentials(await cli.run(['--role', ROLE]));
    expectOneLineError(await cli.run(['--role', ROLE, '--cache-dir', 'cache']), 2, /--cache-dir must be an absolute path/);
    expectOneLineError(
      await cli.run(['--role', ROLE], { STS_REFRESH_CACHE_DIR: 'cache' }),
      2,
      /STS_REFRESH_CACHE_DIR must be an absolute path \(got 'cache'\)/,
    );
    expect(sts.server.count('AssumeRole')).toBe(1);
  });

  test('~ is named as not expanded', async () => {
    expectOneLineError(await cli.run(['--role', ROLE, '--cache-dir', '~/.cache/x']), 2, /absolute path.*~ is not expanded/);
  });

  test.each([[['cache', 'list']], [['cache', 'clear', '--all']], [['doctor']], [['print', '--role', ROLE]]])(
    '%j refuses it as well',
    async (args) => {
      expectOneLineError(await cli.run([...args, '--cache-dir', 'cache']), 2, /--cache-dir must be an absolute path/);
    },
  );

  test('a relative XDG_CACHE_HOME is ignored, as the XDG spec says: ~/.cache/sts-refresh is used', async () => {
    expectCredentials(await cli.run(['--role', ROLE], { STS_REFRESH_CACHE_DIR: undefined, XDG_CACHE_HOME: 'xdg' }));
    expect(existsSync(join(cli.home.home, 'xdg'))).toBe(false);
    expect(readdirSync(join(cli.home.home, '.cache', 'sts-refresh')).filter((f) => f.endsWith('.json'))).toHaveLength(1);
  });
});

describe('locks and marks another user planted are not honoured', () => {
  asRoot('a lock of uid 65534 kept fresh: removed with one warning, not waited on until --timeout', async () => {
    expectCredentials(await cli.run(['--role', ROLE]));
    cli.setMinutesLeft(10);
    const lockPath = `${entryPath()}.lock`;
    mkdirSync(lockPath);
    lchownSync(lockPath, NOBODY, NOBODY);
    // What the other user's process would do to look alive.
    const keepFresh = setInterval(() => {
      const now = new Date();
      try {
        utimesSync(lockPath, now, now);
      } catch {
        // removed
      }
    }, 200);
    try {
      const result = await cli.run(['--role', ROLE, '--timeout', '5s']);
      expectCredentials(result);
      expectOneWarning(result.stderr, new RegExp(`removed .*\\.lock: it belonged to uid ${NOBODY}, not a lock sts-refresh made`));
      expect(sts.server.count('AssumeRole')).toBe(2);
    } finally {
      clearInterval(keepFresh);
    }
  });

  // The holder is ours and stuck on STS, so waiters give up at --timeout; a planted mark must not
  // make them wait for a person as well (3 minutes more).
  const marks: Array<[string, (mark: string) => void]> = [
    ['a directory', (mark) => mkdirSync(mark)],
    ['a FIFO', (mark) => execFileSync('mkfifo', [mark])],
  ];
  const waiterGivesUp = async (plant: (mark: string) => void) => {
    expectCredentials(await cli.run(['--role', ROLE]));
    cli.setMinutesLeft(10);
    const release = await lock(entryPath(), { realpath: false, stale: 10_000, update: 1_000 });
    try {
      plant(`${entryPath()}.awaiting-code`);
      const result = await cli.run(['--role', ROLE, '--timeout', '2s'], {}, { timeoutMs: 30_000 });
      expectOneLineError(result, 1, /timed out after 2s waiting for another sts-refresh/);
    } finally {
      await release();
    }
  };
  test.each(marks)(
    'an awaiting-code mark %s: the waiter gives up at --timeout, not 3 minutes later',
    (_name, plant) => waiterGivesUp(plant),
    40_000,
  );
  asRoot(
    'an awaiting-code mark owned by uid 65534: the waiter gives up at --timeout, not 3 minutes later',
    () => waiterGivesUp((mark) => (writeFileSync(mark, ''), lchownSync(mark, NOBODY, NOBODY))),
    40_000,
  );
});

describe('a shared (sticky, world-writable) cache directory is not used', () => {
  test('credentials are returned uncached with one warning naming the fix; its mode stays', async () => {
    mkdirSync(cli.home.cacheDir);
    chmodSync(cli.home.cacheDir, 0o1777);
    const result = await cli.run(['--role', ROLE]);
    expectCredentials(result);
    expectOneWarning(
      result.stderr,
      /cache directory .* is shared with other users \(mode 1777\).*use a directory only you can write to.*not used/,
    );
    expect(readdirSync(cli.home.cacheDir)).toEqual([]);
    expect(statSync(cli.home.cacheDir).mode & 0o7777).toBe(0o1777);
    expectOneLineError(await cli.run(['cache', 'list']), 1, /is shared with other users.*it is not used/);
  });
});

describe("a cache directory reached through another user's link is refused", () => {
  /** $XDG_CACHE_HOME/sts-refresh as a link to `target`, owned by `uid`. */
  function linkedDefault(target: string, uid: number): NodeJS.ProcessEnv {
    const xdg = join(cli.home.home, 'xdg');
    mkdirSync(xdg);
    symlinkSync(target, join(xdg, 'sts-refresh'));
    lchownSync(join(xdg, 'sts-refresh'), uid, uid);
    return { STS_REFRESH_CACHE_DIR: undefined, XDG_CACHE_HOME: xdg };
  }

  asRoot('$XDG_CACHE_HOME/sts-refresh linked by uid 65534 to a directory of ours: nothing written there, its mode kept', async () => {
    const victim = join(cli.home.home, 'public');
    mkdirSync(victim);
    chmodSync(victim, 0o775);
    const env = linkedDefault(victim, NOBODY);
    const result = await cli.run(['--role', ROLE], env);
    expectCredentials(result);
    expectOneWarning(result.stderr, new RegExp(`reached through .*xdg/sts-refresh, a symbolic link that uid ${NOBODY} owns.*not used`));
    expect(readdirSync(victim)).toEqual([]);
    expect(statSync(victim).mode & 0o777).toBe(0o775);
    expectOneLineError(await cli.run(['cache', 'list'], env), 1, /a symbolic link that uid 65534 owns; it is not used/);
  });

  asRoot('an entry of ours behind such a link is not served on the hit path either', async () => {
    expectCredentials(await cli.run(['--role', ROLE]));
    const env = linkedDefault(cli.home.cacheDir, NOBODY);
    expectCredentials(await cli.run(['--role', ROLE], env));
    expect(sts.server.count('AssumeRole')).toBe(2);
  });

  test('a link of our own is followed as before', async () => {
    const real = join(cli.home.home, 'real-cache');
    mkdirSync(real, { mode: 0o700 });
    const env = linkedDefault(real, process.getuid?.() ?? 0);
    const first = await cli.run(['--role', ROLE], env);
    expect(first.stderr).toBe('');
    expect(expectCredentials(await cli.run(['--role', ROLE], env))).toEqual(expectCredentials(first));
    expect(sts.server.count('AssumeRole')).toBe(1);
    expect(readdirSync(real).filter((f) => f.endsWith('.json'))).toHaveLength(1);
  });
});

describe('a FIFO named like an entry hangs no reader of the cache directory', () => {
  const FIFO_KEY = `${'f'.repeat(32)}.json`;
  const plantFifo = () => {
    mkdirSync(cli.home.cacheDir, { mode: 0o700 });
    execFileSync('mkfifo', [join(cli.home.cacheDir, FIFO_KEY)]);
  };
  // Without the safe open each of these blocks for ever; runCli kills it at 20 s (exit code null).
  const run = (args: string[]) => cli.run(args, {}, { timeoutMs: 20_000 });

  test('cache list names it', async () => {
    plantFifo();
    const result = await run(['cache', 'list']);
    expect(result).toMatchObject({ exitCode: 0, stderr: '' });
    expect(result.stdout).toMatch(new RegExp(`\\(it is not a regular file\\)\\s+-\\s+-\\s+-\\s+.*${FIFO_KEY}`));
  });

  test('cache clear --all removes it', async () => {
    plantFifo();
    expectCredentials(await cli.run(['--role', ROLE]));
    const result = await run(['cache', 'clear', '--all']);
    expect(result).toMatchObject({ exitCode: 0, stdout: `removed 2 entries from ${cli.home.cacheDir}\n` });
    expect(cli.cacheFiles()).toEqual([]);
  });

  test('doctor counts it as unreadable', async () => {
    plantFifo();
    const result = await run(['doctor', '--json']);
    expect(result.exitCode).not.toBeNull();
    const { checks } = JSON.parse(result.stdout) as { checks: Array<{ id: string; saw: string }> };
    const stale = checks.find((c) => c.id === 'stale-caches');
    expect(stale?.saw).toMatch(/1 expired or unreadable in/);
  });

  test('a directory named like an entry: clear --all says it could not remove it, in one line', async () => {
    mkdirSync(join(cli.home.cacheDir, FIFO_KEY), { recursive: true });
    const result = await run(['cache', 'clear', '--all']);
    expect(result).toMatchObject({ exitCode: 1, stdout: `removed 0 entries from ${cli.home.cacheDir}\n` });
    expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(new RegExp(`^sts-refresh: could not remove .*${FIFO_KEY} \\((EISDIR|EPERM)\\); remove them by hand`));
  });
});

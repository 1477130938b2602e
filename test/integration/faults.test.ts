import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import { DEFAULT_TIMEOUT_SECONDS } from '../../src/core/request/resolve-options';
import { useLoopbackSts, expectCredentials, expectNoSecretsOnStderr, expectOneLineError, ROLE } from '../support/cli-env';
import { testIf } from '../support/needs';

const sts = useLoopbackSts();
const cli = sts.cli;
const FS_FAULTS = join(__dirname, '..', 'support', 'fs-faults.cjs');

/** Runs the CLI with test/support/fs-faults.cjs preloaded, failing the filesystem under the cache directory. */
const runWithFsFault = (fault: string, args: string[] = ['--role', ROLE]) =>
  cli.run(args, { NODE_OPTIONS: `--require ${FS_FAULTS}`, STS_REFRESH_FAULT: fault, STS_REFRESH_FAULT_DIR: cli.home.cacheDir });

const entryPath = () => join(cli.home.cacheDir, cli.cacheFiles()[0] ?? '');
const tempFiles = () => readdirSync(cli.home.cacheDir).filter((f) => f.endsWith('.tmp'));
const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000);

describe('a crash between writing the temp file and the rename', () => {
  test('leaves the old entry intact, and the leftover temp file is removed by a later write', async () => {
    const old = expectCredentials(await cli.run(['--role', ROLE]));
    cli.setMinutesLeft(10);
    const before = readFileSync(entryPath(), 'utf8');

    const crashed = await runWithFsFault('crash-before-rename');
    expect(crashed.signal).toBe('SIGKILL');
    expect(readFileSync(entryPath(), 'utf8')).toBe(before);
    expect(JSON.parse(before).credentials.AccessKeyId).toBe(old.AccessKeyId);
    const [leftover] = tempFiles();
    expect(leftover).toBeDefined();

    // The crashed holder's lock would go stale in 10 s (concurrency.test.ts waits that out); age it
    // instead, and age the temp file past the point where a live writer could still own it.
    const lock = `${entryPath()}.lock`;
    if (existsSync(lock)) utimesSync(lock, minutesAgo(1), minutesAgo(1));
    utimesSync(join(cli.home.cacheDir, leftover ?? ''), minutesAgo(5), minutesAgo(5));
    const young = join(cli.home.cacheDir, `${cli.cacheFiles()[0]}.99999.0badc0de.tmp`);
    writeFileSync(young, 'a write in progress');

    const renewed = expectCredentials(await cli.run(['--role', ROLE]));
    expect(renewed.AccessKeyId).not.toBe(old.AccessKeyId);
    expect(sts.server.count('AssumeRole')).toBe(3);
    expect(tempFiles()).toEqual([`${cli.cacheFiles()[0]}.99999.0badc0de.tmp`]);
  });
});

describe('a cache that cannot be written: credentials uncached, one warning', () => {
  const oneWarning = (stderr: string, pattern: RegExp) => {
    const lines = stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^sts-refresh: warning: /);
    expect(lines[0]).toMatch(pattern);
  };

  test('a full disk (ENOSPC while writing) leaves no temp file behind', async () => {
    const result = await runWithFsFault('enospc');
    expectCredentials(result);
    oneWarning(result.stderr, /ENOSPC.*not cached/);
    expect(cli.cacheFiles()).toHaveLength(0);
    expect(tempFiles()).toEqual([]);
    expectNoSecretsOnStderr(result, sts.server);
  });

  test('a read-only cache (EROFS) with a due entry: fresh credentials, the old entry untouched', async () => {
    expectCredentials(await cli.run(['--role', ROLE]));
    cli.setMinutesLeft(10);
    const before = readFileSync(entryPath(), 'utf8');
    const result = await runWithFsFault('erofs');
    const json = expectCredentials(result);
    oneWarning(result.stderr, /EROFS/);
    expect(JSON.parse(before).credentials.AccessKeyId).not.toBe(json.AccessKeyId);
    expect(readFileSync(entryPath(), 'utf8')).toBe(before);
  });

  test('a read-only cache that does not exist yet', async () => {
    const result = await runWithFsFault('erofs');
    expectCredentials(result);
    oneWarning(result.stderr, /EROFS/);
    expect(existsSync(cli.home.cacheDir)).toBe(false);
  });

  test('a cache directory below a regular file (ENOTDIR), a real failure even for root', async () => {
    const file = join(cli.home.home, 'not-a-dir');
    writeFileSync(file, '');
    const result = await cli.run(['--role', ROLE, '--cache-dir', join(file, 'cache')]);
    expectCredentials(result);
    oneWarning(result.stderr, /ENOTDIR/);
  });

  // A real tmpfs, which needs root with CAP_SYS_ADMIN. CI runs as root in a container that may
  // mount, so there a missing mount is a failure (needs.ts), not a quiet skip.
  const cannotMount = (() => {
    if (process.getuid?.() !== 0) return 'not root, so no tmpfs can be mounted';
    try {
      execFileSync('sh', ['-c', 'd=$(mktemp -d) && mount -t tmpfs -o size=16k tmpfs "$d" && umount "$d"; s=$?; rmdir "$d"; exit $s'], {
        stdio: 'ignore',
      });
      return undefined;
    } catch {
      return 'mount -t tmpfs is not allowed here (needs CAP_SYS_ADMIN)';
    }
  })();
  const withTmpfs = async (options: string, body: (cacheDir: string, mnt: string) => Promise<void>) => {
    const mnt = join(cli.home.home, 'mnt');
    mkdirSync(mnt);
    execFileSync('mount', ['-t', 'tmpfs', '-o', options, 'tmpfs', mnt]);
    try {
      await body(join(mnt, 'cache'), mnt);
    } finally {
      execFileSync('umount', [mnt]);
    }
  };

  testIf(cannotMount)('a real full tmpfs: no entry, no temp file left', () =>
    withTmpfs('size=8k', async (cacheDir, mnt) => {
      mkdirSync(cacheDir, { mode: 0o700 });
      try {
        writeFileSync(join(mnt, 'filler'), Buffer.alloc(64 * 1024));
      } catch {
        // ENOSPC: full, as intended
      }
      const result = await cli.run(['--role', ROLE, '--cache-dir', cacheDir]);
      expectCredentials(result);
      oneWarning(result.stderr, /ENOSPC/);
      expect(readdirSync(cacheDir).filter((f) => !f.endsWith('.lock'))).toEqual([]);
    }),
  );

  testIf(cannotMount)('a real tmpfs remounted read-only with a due entry', () =>
    withTmpfs('size=64k', async (cacheDir, mnt) => {
      const args = ['--role', ROLE, '--cache-dir', cacheDir];
      const old = expectCredentials(await cli.run(args));
      const [name] = readdirSync(cacheDir).filter((f) => f.endsWith('.json'));
      const file = join(cacheDir, name ?? '');
      const entry = JSON.parse(readFileSync(file, 'utf8'));
      entry.credentials.Expiration = new Date(Date.now() + 10 * 60_000).toISOString();
      writeFileSync(file, JSON.stringify(entry));
      execFileSync('mount', ['-o', 'remount,ro', mnt]);
      const result = await cli.run(args);
      expect(expectCredentials(result).AccessKeyId).not.toBe(old.AccessKeyId);
      oneWarning(result.stderr, /EROFS/);
    }),
  );
});

describe('never a hang: the overall deadline holds', () => {
  let silent: Server;
  let silentUrl: string;
  const held = new Set<Socket>();
  beforeAll(async () => {
    // Accepts connections and reads requests, but never answers.
    silent = createServer((socket) => {
      held.add(socket);
      socket.on('close', () => held.delete(socket));
      socket.resume();
    });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const address = silent.address();
    silentUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  });
  afterAll(async () => {
    for (const s of held) s.destroy();
    await new Promise((resolve) => silent.close(resolve));
  });

  test('a sts.server that accepts and never answers: a clear error when --timeout runs out', async () => {
    const started = performance.now();
    const result = await cli.run(['--role', ROLE, '--endpoint-url', silentUrl, '--timeout', '3s']);
    const took = performance.now() - started;
    expectOneLineError(result, 1, /STS|timed out|reach/);
    // Load only ever adds time, so the lower bound is exact. The upper one only has to rule out the
    // 30 s default (or no bound at all): it leaves a loaded runner 17 s of slack.
    expect(took).toBeGreaterThanOrEqual(2_900);
    expect(took).toBeLessThan(DEFAULT_TIMEOUT_SECONDS * 1000 - 10_000);
    expect(cli.cacheFiles()).toHaveLength(0);
  });

  test('a waiter behind a hung lock holder gives up at its own deadline', async () => {
    sts.server.inject({ action: 'AssumeRole', latencyMs: 30_000, times: 1 });
    const ended: string[] = [];
    const holder = cli.run(['--role', ROLE, '--timeout', '15s']).then((r) => (ended.push('holder'), r));
    const deadline = Date.now() + 30_000;
    while (sts.server.count('AssumeRole') === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    const waiter = await cli.run(['--role', ROLE, '--timeout', '2s']).then((r) => (ended.push('waiter'), r));
    expectOneLineError(waiter, 1, /timed out after 2s waiting for another sts-refresh/);
    expectOneLineError(await holder, 1, /STS|timed out/);
    // Order, not a stopwatch: the waiter's 2 s ran out while the holder still had most of its 15 s.
    expect(ended).toEqual(['waiter', 'holder']);
    expect(sts.server.count('AssumeRole')).toBe(1);
  }, 60_000);

  test.each<[string, () => void, RegExp]>([
    ['throttling', () => sts.server.inject({ code: 'Throttling', status: 400 }), /throttl/i],
    ['dropped connections', () => sts.server.inject({ drop: true }), /reach STS|connection|socket/i],
  ])('persistent %s: three attempts (the SDK standard retry mode), then a clear error', async (_name, fault, message) => {
    fault();
    const result = await cli.run(['--role', ROLE]);
    expectOneLineError(result, 1, message);
    expect(sts.server.count('AssumeRole')).toBe(3);
    expectNoSecretsOnStderr(result, sts.server);
  });
});

afterAll(() => {
  // A failed mount test must not leave a mount behind a deleted temp home.
  for (const line of readFileSync('/proc/mounts', 'utf8').split('\n')) {
    const target = line.split(' ')[1];
    if (target?.includes('sts-refresh-test-')) execFileSync('umount', ['-l', target]);
  }
});

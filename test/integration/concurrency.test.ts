import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CLI_PATH } from '../support/run-cli';
import { useLoopbackSts, expectCredentials, expectOneLineError, ROLE } from '../support/cli-env';
import { lockWaitsSeen, TRACE_LOCK_WAITS } from '../support/lock-waits';

const sts = useLoopbackSts();
const cli = sts.cli;

describe('single flight', () => {
  test('32 concurrent cold callers make exactly one AssumeRole call and all get the same credentials', async () => {
    sts.server.inject({ action: 'AssumeRole', latencyMs: 500 });
    const results = await Promise.all(Array.from({ length: 32 }, () => cli.run(['--role', ROLE])));
    const keys = results.map((r) => expectCredentials(r).AccessKeyId);
    expect(new Set(keys).size).toBe(1);
    expect(sts.server.count('AssumeRole')).toBe(1);
    expect(results.every((r) => r.stderr === '')).toBe(true);
  });

  test('a lock holder killed with SIGKILL during AssumeRole: the others take its stale lock over, and one more call follows', async () => {
    sts.server.inject({ action: 'AssumeRole', latencyMs: 60_000, times: 1 });
    const holder = spawn(process.execPath, [CLI_PATH, '--role', ROLE], { env: cli.env(), stdio: 'ignore' });
    // Wait until the holder's request reached STS: it then holds the lock.
    const deadline = Date.now() + 15_000;
    while (sts.server.count('AssumeRole') === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(sts.server.count('AssumeRole')).toBe(1);
    expect(cli.cacheFiles()).toHaveLength(0);

    const trace = join(cli.home.home, 'lock-waits');
    const waiters = Array.from({ length: 4 }, () =>
      cli.run(['--role', ROLE], { TRACE_LOCK_WAITS_FILE: trace }, { nodeArgs: ['--require', TRACE_LOCK_WAITS] }),
    );
    // Every waiter has met the holder's lock before the holder dies.
    await lockWaitsSeen(trace, 4);
    holder.kill('SIGKILL');
    await new Promise((r) => holder.once('exit', r));
    // Age the dead holder's lock rather than wait out the stale time (lock-timings.ts): what is
    // under test is that the waiters take it over, not how long a lock takes to go stale.
    const lock = readdirSync(cli.home.cacheDir).find((f) => f.endsWith('.json.lock'));
    expect(lock).toBeDefined();
    const minuteAgo = new Date(Date.now() - 60_000);
    utimesSync(join(cli.home.cacheDir, lock ?? ''), minuteAgo, minuteAgo);
    const results = await Promise.all(waiters);

    expect(new Set(results.map((r) => expectCredentials(r).AccessKeyId)).size).toBe(1);
    expect(sts.server.count('AssumeRole')).toBe(2);
  }, 60_000);
});

describe('a refusal is single flight too', () => {
  test('16 concurrent callers of a denied role make at most 2 AssumeRole calls, and every one names the refusal', async () => {
    // Slow enough that every caller is waiting on the lock while the one holder is refused.
    sts.server.inject({
      action: 'AssumeRole',
      code: 'AccessDenied',
      message: 'User: arn:aws:iam::123456789012:user/alice is not authorized to perform: sts:AssumeRole',
      latencyMs: 1000,
    });
    const results = await Promise.all(Array.from({ length: 16 }, () => cli.run(['--role', ROLE])));
    for (const result of results) {
      expectOneLineError(result, 1, /may not assume arn:aws:iam::123456789012:role\/Prod \(AccessDenied\)/);
      expect(result.stderr).not.toMatch(/lock|timed out|timeout/i);
    }
    expect(sts.server.count('AssumeRole')).toBeLessThanOrEqual(2);
  }, 60_000);

  test('a throttled holder is not a refusal: its waiters ask STS themselves', async () => {
    // Every attempt of the first holder (the SDK tries 3 times) is throttled; the next holder's is not.
    sts.server.inject({ action: 'AssumeRole', code: 'Throttling', status: 400, times: 3 });
    const results = await Promise.all(Array.from({ length: 4 }, () => cli.run(['--role', ROLE])));
    const failed = results.filter((r) => r.exitCode !== 0);
    expect(failed).toHaveLength(1);
    for (const result of failed) expectOneLineError(result, 1, /throttling/);
    const served = results.filter((r) => r.exitCode === 0);
    expect(new Set(served.map((r) => expectCredentials(r).AccessKeyId)).size).toBe(1);
    expect(sts.server.count('AssumeRole')).toBe(4);
  });

  test('the refusal is kept only a few seconds: once the trust policy is fixed, the next call succeeds', async () => {
    sts.server.inject({ action: 'AssumeRole', code: 'AccessDenied', times: 1 });
    expectOneLineError(await cli.run(['--role', ROLE]), 1, /AccessDenied/);
    const marker = readdirSync(cli.home.cacheDir).find((f) => f.endsWith('.json.refused'));
    expect(marker).toBeDefined();
    // Age the marker rather than wait it out: what is under test is that an old one is not honoured.
    const minuteAgo = new Date(Date.now() - 60_000);
    const path = join(cli.home.cacheDir, marker ?? '');
    writeFileSync(path, JSON.stringify({ ...JSON.parse(readFileSync(path, 'utf8')), at: minuteAgo.toISOString() }));
    expectCredentials(await cli.run(['--role', ROLE]));
    expect(sts.server.count('AssumeRole')).toBe(2);
    expect(readdirSync(cli.home.cacheDir).filter((f) => f.endsWith('.refused'))).toEqual([]);
  });
});

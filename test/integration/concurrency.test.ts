import { spawn } from 'node:child_process';
import { readdirSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import { CLI_PATH } from '../support/run-cli';
import { useLoopbackSts, expectCredentials, ROLE } from '../support/cli-env';

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

    const waiters = Array.from({ length: 4 }, () => cli.run(['--role', ROLE]));
    await new Promise((r) => setTimeout(r, 300));
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

import { spawn, execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { useLoopbackSts, expectNoSecretsOnStderr, ROLE } from '../support/cli-env';
import { CLI_PATH } from '../support/run-cli';

const sts = useLoopbackSts();
const cli = sts.cli;

/** A node script the child of exec runs; it prints one JSON line of what it saw. */
function script(body: string): string {
  const file = join(cli.home.home, `child-${Math.random().toString(36).slice(2)}.js`);
  writeFileSync(file, body);
  return file;
}

// The child's view of the endpoint: a GET with the given headers, to a host other than the one named if asked.
const REQUEST = `
const http = require('node:http');
function get({ host, method = 'GET', path, headers = {} } = {}) {
  const url = new URL(process.env.AWS_CONTAINER_CREDENTIALS_FULL_URI);
  return new Promise((resolve) => {
    const req = http.request({ host: host ?? url.hostname, port: url.port, path: path ?? url.pathname, method, headers }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (d) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode, body }));
    });
    req.on('error', (e) => resolve({ error: e.code }));
    req.end();
  });
}
const token = process.env.AWS_CONTAINER_AUTHORIZATION_TOKEN;
`;

/** Waits for `done`, failing with what it waited for rather than hanging until the test's timeout. */
async function until(done: () => boolean, what: string, ms = 30_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`waited ${ms / 1000} s for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Whether `pid` still runs: a killed process whose parent is gone may linger as a zombie until reaped. */
function isRunning(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.[0] !== 'Z';
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT' && existsSync('/proc/self')) return false;
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  }
}

describe('exec serves the command through a loopback endpoint', () => {
  const leftovers: Array<() => void> = [];
  afterEach(() => leftovers.splice(0).forEach((end) => end()));

  test("the child's environment names the endpoint and nothing that would win over it", async () => {
    const child = script(`
      const fs = require('node:fs');
      const env = process.env;
      const config = env.AWS_CONFIG_FILE;
      console.log(JSON.stringify({ env, config: fs.readFileSync(config, 'utf8'), mode: fs.statSync(config).mode & 0o777 }));`);
    const result = await cli.run(['exec', '--role', ROLE, '--', process.execPath, child], {
      AWS_PROFILE: 'other',
      AWS_DEFAULT_PROFILE: 'x',
      AWS_ACCESS_KEY_ID: 'AKIAOUTER',
      AWS_SECRET_ACCESS_KEY: 'outer',
      AWS_SESSION_TOKEN: 'outer',
      AWS_WEB_IDENTITY_TOKEN_FILE: '/tmp/token',
      AWS_ROLE_ARN: 'arn:aws:iam::123456789012:role/Web',
      AWS_CONTAINER_CREDENTIALS_RELATIVE_URI: '/v2/credentials',
      AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE: '/tmp/token',
    });
    expect(result.exitCode).toBe(0);
    const seen = JSON.parse(result.stdout) as { env: Record<string, string>; config: string; mode: number };
    expect(seen.env.AWS_CONTAINER_CREDENTIALS_FULL_URI).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/credentials$/);
    expect(Buffer.from(seen.env.AWS_CONTAINER_AUTHORIZATION_TOKEN ?? '', 'base64url').length).toBeGreaterThanOrEqual(32);
    for (const name of [
      'AWS_ACCESS_KEY_ID',
      'AWS_SECRET_ACCESS_KEY',
      'AWS_SESSION_TOKEN',
      'AWS_DEFAULT_PROFILE',
      'AWS_WEB_IDENTITY_TOKEN_FILE',
      'AWS_ROLE_ARN',
      'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI',
      'AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE',
      'STS_REFRESH_CHAIN',
    ]) {
      expect([name, seen.env[name]]).toEqual([name, undefined]);
    }
    // [default] holds the source keys, so the child starts from an empty profile in a private copy of the config.
    expect(seen.env.AWS_PROFILE).toBe('sts-refresh-exec');
    expect(seen.env.AWS_CONFIG_FILE).not.toBe(cli.home.configFile);
    expect(seen.config).toBe(`[default]\nregion = us-east-1\n\n[profile sts-refresh-exec]\nregion = us-east-1\n`);
    expect(seen.mode).toBe(0o600);
    expect(existsSync(seen.env.AWS_CONFIG_FILE ?? '')).toBe(false);
    expect(result.stderr).toBe('');
  });

  test('with no credentials under [default], the child gets no AWS_PROFILE and the config file as it is', async () => {
    cli.home.writeCredentials('[user1]\naws_access_key_id = AKIASOURCEKEY0000001\naws_secret_access_key = s\n');
    const child = script(`console.log(JSON.stringify(process.env))`);
    const result = await cli.run(['exec', '--role', ROLE, '--source-profile', 'user1', '--', process.execPath, child]);
    const env = JSON.parse(result.stdout) as Record<string, string>;
    expect(env.AWS_PROFILE).toBeUndefined();
    expect(env.AWS_CONFIG_FILE).toBe(cli.home.configFile);
  });

  test('answers only the exact token, only GET, only its path, only on 127.0.0.1', async () => {
    const child = script(`${REQUEST}
      (async () => {
        const ok = await get({ headers: { Authorization: token } });
        const json = JSON.parse(ok.body);
        const out = {
          ok: ok.status,
          keys: Object.keys(json),
          accessKeyId: json.AccessKeyId,
          expiration: json.Expiration,
          none: (await get()).status,
          wrong: (await get({ headers: { Authorization: 'x'.repeat(token.length) } })).status,
          short: (await get({ headers: { Authorization: token.slice(1) } })).status,
          bearer: (await get({ headers: { Authorization: 'Bearer ' + token } })).status,
          query: (await get({ path: new URL(process.env.AWS_CONTAINER_CREDENTIALS_FULL_URI).pathname + '?token=' + token })).status,
          twice: (await get({ headers: { Authorization: [token, token] } })).status,
          post: (await get({ method: 'POST', headers: { Authorization: token } })).status,
          other: (await get({ path: '/other', headers: { Authorization: token } })).status,
          unknownNoToken: (await get({ path: '/other' })).status,
          other127: (await get({ host: '127.0.0.2', headers: { Authorization: token } })).error,
          ipv6: (await get({ host: '::1', headers: { Authorization: token } })).error,
        };
        console.log(JSON.stringify(out));
      })();`);
    const result = await cli.run(['exec', '--role', ROLE, '--', process.execPath, child]);
    expect(result.exitCode).toBe(0);
    const out = JSON.parse(result.stdout);
    const issued = sts.server.issued[0];
    expect(out).toEqual({
      ok: 200,
      keys: ['AccessKeyId', 'SecretAccessKey', 'Token', 'Expiration', 'AccountId'],
      accessKeyId: issued?.AccessKeyId,
      expiration: new Date(issued?.Expiration ?? '').toISOString(),
      none: 403,
      wrong: 403,
      short: 403,
      bearer: 403,
      query: 403,
      twice: 403,
      post: 405,
      other: 404,
      unknownNoToken: 403,
      other127: 'ECONNREFUSED',
      ipv6: expect.stringMatching(/^(ECONNREFUSED|EADDRNOTAVAIL|ENETUNREACH)$/),
    });
    expect(sts.server.count('AssumeRole')).toBe(1);
    expectNoSecretsOnStderr(result, sts.server);
  });

  /**
   * exec with a child that asks the endpoint once for each 'get' line the test writes, and prints
   * each answer as a JSON line: a command whose requests the test times.
   */
  async function drivenExec(args: string[]) {
    const child = script(`${REQUEST}
      const lines = require('node:readline').createInterface({ input: process.stdin });
      console.log('{}');
      lines.on('line', async () => {
        const r = await get({ headers: { Authorization: token } });
        let body = {};
        try { body = JSON.parse(r.body); } catch {}
        console.log(JSON.stringify({ status: r.status, key: body.AccessKeyId, message: body.Message }));
      });`);
    const exec = spawn(process.execPath, [CLI_PATH, 'exec', '--role', ROLE, ...args, '--', process.execPath, child], { env: cli.env() });
    const answers: Array<{ status: number; key?: string; message?: string }> = [];
    let stderr = '';
    let partial = '';
    exec.stdout.setEncoding('utf8').on('data', (d: string) => {
      const lines = (partial + d).split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) answers.push(JSON.parse(line));
    });
    exec.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const exited = new Promise<number | null>((resolve) => exec.on('close', (c) => resolve(c)));
    // Should the test fail first, its child must not keep jest waiting on their pipes.
    leftovers.push(() => {
      exec.stdin.destroy();
      exec.kill('SIGKILL');
    });
    await until(() => answers.length === 1, 'the command to start');
    return {
      get: async () => {
        const seen = answers.length;
        exec.stdin.write('get\n');
        await until(() => answers.length > seen, 'an answer from the endpoint');
        return answers[seen] as { status: number; key?: string; message?: string };
      },
      stderr: () => stderr,
      end: () => {
        exec.stdin.end();
        return exited;
      },
    };
  }

  /** Waits until the session STS issued `index`th has no more than `ms` left by this machine's clock. */
  async function untilLeft(ms: number, index = 0): Promise<void> {
    const expiresAt = Date.parse(sts.server.issued[index]?.Expiration ?? '');
    while (Date.now() < expiresAt - ms) await new Promise((r) => setTimeout(r, 20));
  }

  test('a renewal that hangs: the held keys at once above the floor, a plain 503 below it, the new keys once STS answers', async () => {
    // 16 s sessions renewed once 8 s remain; the held keys are handed out while over 4 s remain.
    sts.server.durationOverrideSeconds = 16;
    const exec = await drivenExec(['--refresh-window', '8s']);
    const held = sts.server.issued[0]?.AccessKeyId;
    expect(await exec.get()).toEqual({ status: 200, key: held });
    // The renewal's AssumeRole is answered 2 s after the held keys expire.
    sts.server.inject({ action: 'AssumeRole', latencyMs: 10_000, times: 1 });
    await untilLeft(7500);
    expect(await exec.get()).toEqual({ status: 200, key: held });
    await until(() => sts.server.count('AssumeRole') === 2, 'the renewal to reach STS');
    expect(await exec.get()).toEqual({ status: 200, key: held });
    await untilLeft(3500);
    const below = await exec.get();
    expect(below).toEqual({ status: 503, message: expect.stringMatching(/^sts-refresh: the credentials are still being renewed/) });
    let answer = below;
    while (answer.status !== 200) answer = await exec.get();
    expect(answer).toEqual({ status: 200, key: sts.server.issued[1]?.AccessKeyId });
    // One renewal in flight however many requests came.
    expect(sts.server.count('AssumeRole')).toBe(2);
    expect(await exec.end()).toBe(0);
    expect(exec.stderr()).toBe('');
  }, 60_000);

  test('a refused renewal: the held keys are still handed out above the floor, one warning, and the next renewal replaces them', async () => {
    // 30 s sessions renewed once 15 s remain, the held keys handed out while over 7.5 s remain: room
    // for the 5 s in which the refusal recorded beside the entry answers in STS's place.
    sts.server.durationOverrideSeconds = 30;
    const exec = await drivenExec(['--refresh-window', '15s']);
    const held = sts.server.issued[0]?.AccessKeyId;
    expect(await exec.get()).toEqual({ status: 200, key: held });
    sts.server.inject({ action: 'AssumeRole', code: 'AccessDenied', times: 1 });
    // Keys the command holds are renewed once they enter their window, without a request.
    await until(() => exec.stderr().includes('\n'), 'the refusal to be reported');
    expect(sts.server.count('AssumeRole')).toBe(2);
    // Refused: the held keys still, and each request starts the next renewal, until STS answers one.
    expect(await exec.get()).toEqual({ status: 200, key: held });
    let answer = await exec.get();
    while (answer.key === held) {
      await new Promise((r) => setTimeout(r, 100));
      answer = await exec.get();
    }
    expect(answer).toEqual({ status: 200, key: sts.server.issued[1]?.AccessKeyId });
    expect(sts.server.count('AssumeRole')).toBe(3);
    expect(await exec.end()).toBe(0);
    const lines = exec.stderr().trimEnd().split('\n');
    expect(lines).toEqual([
      expect.stringMatching(/^sts-refresh: warning: could not renew the credentials for the command: .*may not assume .*AccessDenied/),
    ]);
  }, 60_000);

  test('concurrent requests for a due entry make one STS call, shared with credential_process callers', async () => {
    // 8 s sessions: credential_process renews once 4 s remain, exec only once 2 s remain, so
    // exec's renewal finds the entry credential_process wrote.
    sts.server.durationOverrideSeconds = 8;
    const go = join(cli.home.home, 'go');
    const child = script(`${REQUEST}
      const fs = require('node:fs');
      (async () => {
        const first = JSON.parse((await get({ headers: { Authorization: token } })).body).AccessKeyId;
        console.log(JSON.stringify({ first }));
        while (!fs.existsSync(${JSON.stringify(go)})) await new Promise((r) => setTimeout(r, 20));
        const answers = await Promise.all(Array.from({ length: 16 }, () => get({ headers: { Authorization: token } })));
        console.log(JSON.stringify({ statuses: answers.map((a) => a.status), keys: [...new Set(answers.map((a) => JSON.parse(a.body).AccessKeyId))] }));
      })();`);
    const exec = spawn(process.execPath, [CLI_PATH, 'exec', '--role', ROLE, '--refresh-window', '2s', '--', process.execPath, child], {
      env: cli.env(),
    });
    let stdout = '';
    exec.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    await until(() => stdout.includes('first'), 'the first answer');
    await untilLeft(3500);
    const renewed = JSON.parse((await cli.run(['--role', ROLE, '--refresh-window', '4s'])).stdout).AccessKeyId;
    // Below exec's floor (1 s): the requests get whatever exec's one renewal finds.
    await untilLeft(800);
    writeFileSync(go, '');
    const code = await new Promise<number | null>((resolve) => exec.on('exit', (c) => resolve(c)));
    expect(code).toBe(0);
    const [first, second] = stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(first.first).toBe(sts.server.issued[0]?.AccessKeyId);
    expect(renewed).toBe(sts.server.issued[1]?.AccessKeyId);
    expect(second).toEqual({ statuses: Array(16).fill(200), keys: [renewed] });
    expect(sts.server.count('AssumeRole')).toBe(2);
  });

  test('nothing valid left: 503 with the plain-words error as Message, and one warning line', async () => {
    // 6 s sessions, renewed once 3 s remain; the floor is 1.5 s. The child first asks below it.
    sts.server.durationOverrideSeconds = 6;
    const go = join(cli.home.home, 'go');
    const child = script(`${REQUEST}
      const fs = require('node:fs');
      (async () => {
        console.log('ready');
        while (!fs.existsSync(${JSON.stringify(go)})) await new Promise((r) => setTimeout(r, 20));
        const answers = await Promise.all([1, 2, 3].map(() => get({ headers: { Authorization: token } })));
        console.log(JSON.stringify(answers));
      })();`);
    const exec = spawn(process.execPath, [CLI_PATH, 'exec', '--role', ROLE, '--refresh-window', '3s', '--', process.execPath, child], {
      env: cli.env(),
    });
    let stdout = '';
    let stderr = '';
    exec.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    exec.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    await until(() => stdout.includes('ready'), 'the command to start');
    sts.server.inject({ action: 'AssumeRole', code: 'AccessDenied' });
    await untilLeft(1200);
    writeFileSync(go, '');
    expect(await new Promise<number | null>((resolve) => exec.on('exit', (c) => resolve(c)))).toBe(0);
    const answers = JSON.parse(stdout.trim().split('\n')[1] ?? '[]') as Array<{ status: number; body: string }>;
    expect(answers.map((a) => a.status)).toEqual([503, 503, 503]);
    for (const a of answers) expect(JSON.parse(a.body).Message).toMatch(/^sts-refresh: .*AccessDenied|not authorized/);
    expect(sts.server.count('AssumeRole')).toBe(2);
    const lines = stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^sts-refresh: warning: could not renew the credentials for the command: /);
    expectNoSecretsOnStderr({ exitCode: 0, signal: null, stdout: '', stderr }, sts.server);
  });

  /**
   * Runs exec with a child that asks the endpoint once its entry is due, and exits with 7 without
   * the answer as soon as `renewing` says the renewal is under way. Resolves to exec's exit code.
   */
  async function leaveDuringRenewal(
    args: string[],
    env: NodeJS.ProcessEnv,
    renewing: () => boolean,
    onReady: () => void = () => {},
  ): Promise<number | null> {
    const go = join(cli.home.home, 'go');
    const leave = join(cli.home.home, 'leave');
    const child = script(`${REQUEST}
      const fs = require('node:fs');
      (async () => {
        console.log('ready');
        while (!fs.existsSync(${JSON.stringify(go)})) await new Promise((r) => setTimeout(r, 20));
        void get({ headers: { Authorization: token } });
        while (!fs.existsSync(${JSON.stringify(leave)})) await new Promise((r) => setTimeout(r, 20));
        process.exit(7);
      })();`);
    const exec = spawn(process.execPath, [CLI_PATH, 'exec', ...args, '--refresh-window', '3s', '--', process.execPath, child], { env });
    let stdout = '';
    exec.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    await until(() => stdout.includes('ready'), 'the command to start');
    onReady();
    // The last session issued is the role's (an MFA session comes before it and is due with it).
    const expiresAt = Date.parse(sts.server.issued.at(-1)?.Expiration ?? '');
    while (Date.now() < expiresAt - 2000) await new Promise((r) => setTimeout(r, 50));
    writeFileSync(go, '');
    await until(renewing, 'the renewal to be under way');
    writeFileSync(leave, '');
    return new Promise((resolve) => exec.on('exit', (c) => resolve(c)));
  }

  test('a renewal still waiting on STS does not keep exec alive once its command has exited', async () => {
    sts.server.durationOverrideSeconds = 6;
    const code = await leaveDuringRenewal(
      ['--role', ROLE, '--timeout', '600'],
      cli.env(),
      () => sts.server.count('AssumeRole') === 2,
      // Longer than the test may take: exec would otherwise be there until STS answered.
      () => sts.server.inject({ action: 'AssumeRole', latencyMs: 120_000 }),
    );
    expect(code).toBe(7);
    // STS had still not answered the renewal.
    expect(sts.server.issued).toHaveLength(1);
  });

  test('an MFA renewal whose --mfa-command is still running ends with the command, and takes the --mfa-command with it', async () => {
    sts.server.durationOverrideSeconds = 6;
    const asked = join(cli.home.home, 'asked');
    const pidFile = join(cli.home.home, 'mfa-command.pid');
    // The first code comes at once; the second never does (a token waiting for a touch, in a
    // process the script started and waits for).
    const mfaCommand = `if [ -e ${asked} ]; then sleep 100 & echo $! > ${pidFile}; wait; else touch ${asked}; echo 123456; fi`;
    const code = await leaveDuringRenewal(
      ['--role', ROLE, '--mfa-serial', 'arn:aws:iam::123456789012:mfa/user', '--mfa-command', mfaCommand],
      cli.env({ PATH: cli.home.toolPath(['sleep', 'touch']) }),
      () => existsSync(pidFile),
    );
    expect(code).toBe(7);
    const pid = Number(readFileSync(pidFile, 'utf8'));
    for (let i = 0; i < 100 && isRunning(pid); i++) await new Promise((r) => setTimeout(r, 20));
    expect(isRunning(pid)).toBe(false);
  });

  test('--no-server keeps the keys in the environment', async () => {
    const result = await cli.run(
      ['exec', '--role', ROLE, '--no-server', '--', process.execPath, '-e', 'console.log(JSON.stringify(process.env))'],
      {
        AWS_PROFILE: 'other',
      },
    );
    const env = JSON.parse(result.stdout) as Record<string, string>;
    expect(env.AWS_SECRET_ACCESS_KEY).toBe(sts.server.issued[0]?.SecretAccessKey);
    expect(env.AWS_CONTAINER_CREDENTIALS_FULL_URI).toBeUndefined();
    expect(env.AWS_PROFILE).toBeUndefined();
  });

  test('SIGHUP and SIGQUIT reach the child, and exec waits for it to exit', async () => {
    for (const signal of ['SIGHUP', 'SIGQUIT'] as const) {
      // The child takes its time after the signal: exec must still be there to pass on its status.
      const child = `process.on('${signal}', () => setTimeout(() => { console.log('bye'); process.exit(42); }, 300)); console.log('ready'); setInterval(() => {}, 1000);`;
      // Without a terminal (a session of its own), whatever terminal jest runs in: there a SIGQUIT
      // can only have been sent to exec alone (exec-terminal.test.ts has the terminal's).
      const proc = spawn(process.execPath, [CLI_PATH, 'exec', '--role', ROLE, '--', process.execPath, '-e', child], {
        env: cli.env(),
        detached: true,
      });
      let stdout = '';
      proc.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
      while (!stdout.includes('ready')) await new Promise((r) => setTimeout(r, 20));
      proc.kill(signal);
      const [code, sig] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) =>
        proc.on('close', (c, s) => resolve([c, s])),
      );
      expect({ signal, code, sig, stdout }).toEqual({ signal, code: 42, sig: null, stdout: 'ready\nbye\n' });
    }
  });

  test('the endpoint stops when the command exits', async () => {
    const child = script(`console.log(process.env.AWS_CONTAINER_CREDENTIALS_FULL_URI)`);
    const result = await cli.run(['exec', '--role', ROLE, '--', process.execPath, child]);
    const url = new URL(result.stdout.trim());
    const probe = script(`${REQUEST.replace('process.env.AWS_CONTAINER_CREDENTIALS_FULL_URI', JSON.stringify(url.href))}
      get({ headers: { Authorization: 'x' } }).then((r) => console.log(JSON.stringify(r)));`);
    const after = JSON.parse(execFileSync(process.execPath, [probe], { encoding: 'utf8' }));
    expect(after).toEqual({ error: 'ECONNREFUSED' });
  });
});

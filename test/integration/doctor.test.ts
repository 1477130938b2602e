import { createServer, type AddressInfo, type Socket } from 'node:net';
import { chmodSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CheckResult } from '../../src/doctor/check';
import { ROLE, useLoopbackSts } from '../support/cli-env';
import { LOGIN_SESSION, writeLoginCache } from '../support/login-cache';
import { CLI_PATH } from '../support/run-cli';
import { SOURCE_SECRET } from '../support/temp-home';

const sts = useLoopbackSts();
const cli = sts.cli;

beforeEach(() => {
  // What `aws configure` leaves behind would trip the file check in every test; start private.
  chmodSync(cli.home.configFile, 0o600);
  chmodSync(cli.home.credentialsFile, 0o600);
});

/**
 * A PATH holding a fake `aws` printing `version` (or none) and node, which a credential_process
 * naming dist/sts-refresh.js reaches through its `#!/usr/bin/env node`; nothing of the machine's.
 */
function pathWith(version: string | undefined): string {
  const bin = cli.home.toolPath(['node']);
  if (version !== undefined) {
    writeFileSync(join(bin, 'aws'), `#!/bin/sh\necho '${version}'\n`);
    chmodSync(join(bin, 'aws'), 0o755);
  }
  return bin;
}

async function doctor(args: string[] = [], env: NodeJS.ProcessEnv = {}) {
  const path = env.PATH ?? pathWith('aws-cli/2.15.30 Python/3.11.8 Linux/6.1');
  const result = await cli.run(['doctor', '--json', ...args], { ...env, PATH: path });
  const report = JSON.parse(result.stdout) as { status: string; checks: CheckResult[] };
  const check = (id: string) => report.checks.find((c) => c.id === id) as CheckResult;
  return { ...result, report, check };
}

describe('doctor', () => {
  test('a clean home passes every check, and the text report says so', async () => {
    mkdirSync(cli.home.cacheDir, { mode: 0o700 });
    // Keys in the keyring, none in plain text.
    cli.home.writeCredentials('');
    const { exitCode, report } = await doctor();
    expect(report.checks.map((c) => [c.id, c.status])).toEqual([
      ['aws-cli', 'ok'],
      ['clock', 'ok'],
      ['environment', 'ok'],
      ['session-tokens', 'ok'],
      ['plaintext-keys', 'ok'],
      ['stale-caches', 'ok'],
      ['file-modes', 'ok'],
    ]);
    expect(exitCode).toBe(0);
    const text = await cli.run(['doctor'], { PATH: pathWith('aws-cli/2.15.30 Python/3.11.8') });
    expect(text.stdout).toMatch(/^ok {4}AWS CLI/m);
    expect(text.stdout).toMatch(/all checks passed: 0 fail, 0 warn, 7 ok\n$/);
  });

  test('aws cli: v1 and missing warn', async () => {
    expect((await doctor([], { PATH: pathWith('aws-cli/1.29.0 Python/3.8 botocore/1.31') })).check('aws-cli')).toMatchObject({
      status: 'warn',
      saw: expect.stringMatching(/v1/),
    });
    expect((await doctor([], { PATH: pathWith(undefined) })).check('aws-cli')).toMatchObject({ status: 'warn', saw: 'no `aws` on PATH' });
  });

  test('clock: the loopback STS skewed by 2 minutes warns, by 10 minutes fails with exit 1', async () => {
    sts.server.clockSkewMs = 2 * 60_000;
    expect((await doctor()).check('clock')).toMatchObject({
      status: 'warn',
      saw: expect.stringMatching(/1[12]\d s behind .*; more than a minute off, and AWS rejects requests once it is 5 minutes off$/),
    });
    sts.server.clockSkewMs = -10 * 60_000;
    const failed = await doctor();
    expect(failed.check('clock')).toMatchObject({
      status: 'fail',
      saw: expect.stringMatching(/ahead of .*; more than 5 minutes off, so AWS rejects its requests$/),
      fix: expect.stringMatching(/timedatectl/),
    });
    expect(failed.exitCode).toBe(1);
    expect(failed.report.status).toBe('fail');
  });

  test('environment: static keys are named, masked, never shown, with the unset line', async () => {
    const { check, stdout } = await doctor([], {
      AWS_ACCESS_KEY_ID: 'ASIAENVKEY0000009876',
      AWS_SECRET_ACCESS_KEY: SOURCE_SECRET,
      AWS_SESSION_TOKEN: 'env-session-token-value',
    });
    expect(check('environment')).toMatchObject({
      status: 'warn',
      saw: expect.stringContaining('AWS_ACCESS_KEY_ID=****9876'),
      fix: 'unset AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY AWS_SESSION_TOKEN',
    });
    expect(stdout).not.toContain(SOURCE_SECRET);
    expect(stdout).not.toContain('env-session-token-value');
    expect(stdout).not.toContain('ASIAENVKEY');
  });

  test('session tokens: a pasted aws_session_token warns and suggests setup', async () => {
    cli.home.writeCredentials('[pasted]\naws_access_key_id = ASIAX\naws_secret_access_key = s\naws_session_token = t\n');
    chmodSync(cli.home.credentialsFile, 0o600);
    expect((await doctor()).check('session-tokens')).toMatchObject({
      status: 'warn',
      fix: expect.stringMatching(/sts-refresh setup --profile pasted/),
    });
  });

  test('session tokens: keys with a `# Credentials expire at:` comment are named as mfa-login keys, with their expiry', async () => {
    const soon = new Date(Date.now() + 3 * 3600_000 + 60_000).toISOString().replace('T', ' ').slice(0, 19);
    cli.home.writeCredentials(
      `[mfa]\naws_access_key_id = ASIAX\naws_secret_access_key = s\naws_session_token = t\n# Credentials expire at: ${soon} UTC\n`,
    );
    chmodSync(cli.home.credentialsFile, 0o600);
    expect((await doctor()).check('session-tokens')).toMatchObject({
      status: 'warn',
      saw: expect.stringMatching(
        /^\[mfa\] in .*credentials \(static session keys, as aws configure mfa-login writes them, expiring .* UTC, in 3 h\)/,
      ),
      fix: expect.stringMatching(/^aws configure mfa-login --update-profile mfa again before then, .* --mfa-serial ARN --replace$/),
    });
  });

  test('plaintext keys: long-term keys in the credentials file warn and name keys import, with no secret in the report', async () => {
    const result = await doctor();
    expect(result.check('plaintext-keys')).toMatchObject({
      status: 'warn',
      saw: `[default] in ${cli.home.credentialsFile} holds a long-term aws_secret_access_key in plain text`,
      fix: 'sts-refresh keys import default',
    });
    expect(result.stdout).not.toContain(SOURCE_SECRET);
    const text = await cli.run(['doctor'], { PATH: pathWith('aws-cli/2.15.30 Python/3.11.8') });
    expect(text.stdout).toMatch(/sts-refresh keys import default/);
    expect(text.stdout + text.stderr).not.toContain(SOURCE_SECRET);
  });

  test('stale caches: expired entries in ~/.aws/cli/cache and our cache warn', async () => {
    const past = new Date(Date.now() - 60_000).toISOString();
    const cliCache = join(cli.home.home, '.aws', 'cli', 'cache');
    mkdirSync(cliCache, { recursive: true });
    writeFileSync(join(cliCache, 'abc.json'), JSON.stringify({ Credentials: { Expiration: past } }));
    mkdirSync(cli.home.cacheDir, { mode: 0o700 });
    writeFileSync(join(cli.home.cacheDir, `${'c'.repeat(32)}.json`), JSON.stringify({ credentials: { Expiration: past } }));
    expect((await doctor()).check('stale-caches')).toMatchObject({
      status: 'warn',
      fix: `rm ${join(cliCache, 'abc.json')}; sts-refresh cache clear --all`,
    });
    writeFileSync(
      join(cliCache, 'abc.json'),
      JSON.stringify({ Credentials: { Expiration: new Date(Date.now() + 3600_000).toISOString() } }),
    );
    await cli.run(['--role', ROLE]);
    const fresh = (await doctor()).check('stale-caches');
    expect(fresh.status).toBe('warn');
    expect(fresh.saw).toMatch(/^1 expired or unreadable in .*cache \(1 in .*, 2 in /);
  });

  test('file modes: a group-readable config and an open cache dir warn with the chmod', async () => {
    chmodSync(cli.home.configFile, 0o644);
    mkdirSync(cli.home.cacheDir, { mode: 0o755 });
    chmodSync(cli.home.cacheDir, 0o755);
    expect((await doctor()).check('file-modes')).toMatchObject({
      status: 'warn',
      fix: `chmod 600 ${cli.home.configFile}; chmod 700 ${cli.home.cacheDir}`,
    });
  });

  describe('--profile', () => {
    test('a profile on sts-refresh: runs its credential_process and reports the time left', async () => {
      cli.home.writeConfig(`[default]\nregion = us-east-1\n[profile prod]\ncredential_process = ${CLI_PATH} --role ${ROLE}\n`);
      const { check, stdout, exitCode } = await doctor(['--profile', 'prod']);
      expect(check('credential-source')).toMatchObject({
        status: 'ok',
        saw: expect.stringMatching(/runs sts-refresh .* (59|60) min left/),
      });
      expect(exitCode).toBe(0);
      for (const c of sts.server.issued) expect(stdout).not.toContain(c.SecretAccessKey);
    });

    test('a credential_process that fails or does not resolve fails the run', async () => {
      cli.home.writeConfig(`[profile prod]\ncredential_process = ${CLI_PATH} --role ${ROLE} --source-profile nobody\n`);
      const failing = await doctor(['--profile', 'prod']);
      expect(failing.check('credential-source')).toMatchObject({
        status: 'fail',
        saw: expect.stringMatching(/exited 1: sts-refresh: could not get credentials/),
      });
      expect(failing.exitCode).toBe(1);
      cli.home.writeConfig(`[profile prod]\ncredential_process = sts-refresh --role ${ROLE}\n`);
      expect((await doctor(['--profile', 'prod'])).check('credential-source')).toMatchObject({
        status: 'fail',
        saw: expect.stringMatching(/does not resolve on PATH/),
      });
    });

    test('an aws login profile: how it renews, and a fail once its session file is gone', async () => {
      cli.home.writeConfig(`[profile dev]\nlogin_session = ${LOGIN_SESSION}\n`);
      const login = writeLoginCache(cli.home.home, 10);
      expect((await doctor(['--profile', 'dev'])).check('credential-source')).toMatchObject({
        status: 'ok',
        saw: expect.stringMatching(
          /aws login session .* renewed through AWS Sign-In for up to 12 hours after the sign-in, then aws login --profile dev again/,
        ),
      });
      rmSync(login.path);
      const gone = await doctor(['--profile', 'dev']);
      expect(gone.check('credential-source')).toMatchObject({ status: 'fail', fix: 'aws login --profile dev' });
      expect(gone.exitCode).toBe(1);
      expect(gone.stdout).not.toContain('login/secret');
    });

    test('role_arn wins over credential_process; a missing profile fails', async () => {
      cli.home.writeConfig(
        `[profile prod]\nrole_arn = ${ROLE}\nsource_profile = default\ncredential_process = ${CLI_PATH} --role ${ROLE}\n`,
      );
      expect((await doctor(['--profile', 'prod'])).check('credential-source')).toMatchObject({
        status: 'warn',
        saw: expect.stringMatching(/uses role_arn, so its credential_process is never run/),
      });
      expect(sts.server.count('AssumeRole')).toBe(0);
      expect((await doctor(['--profile', 'nope'])).check('credential-source')).toMatchObject({ status: 'fail' });
    });
  });

  // Finishing is what counts: a check that hung would meet runCli's kill and leave no report to read.
  test('with the network down every check still finishes', async () => {
    cli.home.writeConfig(`[profile prod]\ncredential_process = ${CLI_PATH} --role ${ROLE}\n`);
    // Accepts connections and never answers: a dead network as the client sees it, without the internet.
    const sockets = new Set<Socket>();
    const silent = createServer((s) => void sockets.add(s));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const { check, signal } = await doctor(['--profile', 'prod'], {
        AWS_ENDPOINT_URL_STS: `http://127.0.0.1:${(silent.address() as AddressInfo).port}`,
      });
      expect(signal).toBeNull();
      expect(check('clock').status).toBe('warn');
      expect(check('credential-source')).toMatchObject({ status: 'fail', saw: expect.stringMatching(/did not finish/) });
    } finally {
      for (const s of sockets) s.destroy();
      silent.close();
    }
  }, 20_000);
});

import { readFileSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CliResult } from '../support/run-cli';
import { useLoopbackSts, expectCredentials, ROLE } from '../support/cli-env';
import { SOURCE_SECRET } from '../support/temp-home';

const sts = useLoopbackSts();
const cli = sts.cli;
const FS_FAULTS = join(__dirname, '..', 'support', 'fs-faults.cjs');

// Secrets that are in the environment of every run, though sts-refresh has no use for them.
const ENV_SECRET = 'env/secret/do-not-leak/111111111111111111';
const ENV_TOKEN = 'env-session-token-do-not-leak-2222222222';

const entryPath = () => join(cli.home.cacheDir, cli.cacheFiles()[0] ?? '');
const run = (args: string[], extra: NodeJS.ProcessEnv = {}) =>
  cli.run(args, { AWS_SECRET_ACCESS_KEY: ENV_SECRET, AWS_SESSION_TOKEN: ENV_TOKEN, ...extra });
const warm = async () => expectCredentials(await run(['--role', ROLE]));

/** Every secret the test world knows: the source key, the environment's, and all STS ever issued. */
function expectNoSecrets(text: string): void {
  const secrets = [SOURCE_SECRET, ENV_SECRET, ENV_TOKEN, ...sts.server.issued.flatMap((c) => [c.SecretAccessKey, c.SessionToken])];
  for (const secret of secrets) expect(text).not.toContain(secret);
  // Also no recognisable fragment of one, as a truncated echo of a response body would leave.
  for (const secret of secrets) expect(text).not.toContain(secret.slice(0, 24));
}

type Scenario = (debug: NodeJS.ProcessEnv) => Promise<CliResult>;
const SCENARIOS: Array<[string, Scenario]> = [
  ['a cold call', (d) => run(['--role', ROLE], d)],
  ['a cache hit', async (d) => (await warm(), run(['--role', ROLE], d))],
  ['print', async (d) => (await warm(), run(['print', '--role', ROLE], d))],
  [
    '--help and --version',
    async (d) => run(['--help'], d).then(async (a) => ({ ...a, stderr: a.stderr + (await run(['--version'], d)).stderr })),
  ],
  ['a usage error', (d) => run(['--role', ROLE, '--duration', 'forever'], d)],
  ['AccessDenied', (d) => (sts.server.inject({ code: 'AccessDenied' }), run(['--role', ROLE], d))],
  ['ExpiredToken', (d) => (sts.server.inject({ code: 'ExpiredToken' }), run(['--role', ROLE], d))],
  ['bad XML after the secrets', (d) => (sts.server.inject({ action: 'AssumeRole', malformed: 'bad-xml' }), run(['--role', ROLE], d))],
  [
    'no credentials in the answer',
    (d) => (sts.server.inject({ action: 'AssumeRole', malformed: 'no-credentials' }), run(['--role', ROLE], d)),
  ],
  [
    'expired credentials in the answer',
    (d) => (sts.server.inject({ action: 'AssumeRole', malformed: 'expired' }), run(['--role', ROLE], d)),
  ],
  [
    'an outage serving the cached entry',
    async (d) => {
      await warm();
      cli.setMinutesLeft(10);
      sts.server.inject({ status: 503 });
      return run(['--role', ROLE], d);
    },
  ],
  [
    'a full disk',
    (d) =>
      run(['--role', ROLE], {
        ...d,
        NODE_OPTIONS: `--require ${FS_FAULTS}`,
        STS_REFRESH_FAULT: 'enospc',
        STS_REFRESH_FAULT_DIR: cli.home.cacheDir,
      }),
  ],
  [
    'a truncated entry holding a secret',
    async (d) => {
      await warm();
      const text = readFileSync(entryPath(), 'utf8');
      writeFileSync(entryPath(), text.slice(0, text.indexOf('SessionToken') + 40));
      return run(['--role', ROLE], d);
    },
  ],
  [
    'a symlink planted at the entry',
    async (d) => {
      await warm();
      const path = entryPath();
      writeFileSync(join(cli.home.home, 'elsewhere.json'), readFileSync(path));
      unlinkSync(path);
      symlinkSync(join(cli.home.home, 'elsewhere.json'), path);
      return run(['--role', ROLE], d);
    },
  ],
  ['cache list', async (d) => (await warm(), run(['cache', 'list'], d))],
  ['cache list --json', async (d) => (await warm(), run(['cache', 'list', '--json'], d))],
  ['cache clear --all', async (d) => (await warm(), run(['cache', 'clear', '--all'], d))],
  ['doctor, with the secrets in the environment', async (d) => (await warm(), run(['doctor', '--endpoint-url', sts.server.url], d))],
  ['doctor --json', async (d) => (await warm(), run(['doctor', '--json', '--endpoint-url', sts.server.url], d))],
  [
    'setup --dry-run over a profile holding static keys',
    (d) => {
      cli.home.writeConfig(`[profile prod]\naws_access_key_id = AKIAPROD000000000000\naws_secret_access_key = ${SOURCE_SECRET}\n`);
      return run(['setup', '--profile', 'prod', '--role', ROLE, '--replace', '--dry-run'], d);
    },
  ],
  [
    'an MFA code refused by STS',
    (d) => {
      sts.server.expectedTokenCode = '654321';
      return run(['--role', ROLE, '--mfa-serial', 'arn:aws:iam::123456789012:mfa/alice', '--mfa-command', 'echo 123456'], d);
    },
  ],
  [
    'a lock wait that times out',
    async (d) => {
      sts.server.inject({ action: 'AssumeRole', latencyMs: 5_000, times: 1 });
      const holder = run(['--role', ROLE, '--timeout', '4s']);
      while (sts.server.count('AssumeRole') === 0) await new Promise((r) => setTimeout(r, 50));
      const waiter = await run(['--role', ROLE, '--timeout', '1s'], d);
      await holder;
      return waiter;
    },
  ],
];

describe.each([
  ['', {}],
  [' with STS_REFRESH_DEBUG=1', { STS_REFRESH_DEBUG: '1' }],
])('no secret on stderr or in print%s', (_label, debug: NodeJS.ProcessEnv) => {
  test.each(SCENARIOS)('%s', async (_name, scenario) => {
    const result = await scenario(debug);
    expectNoSecrets(result.stderr);
    // stdout carries credentials only where that is its job: credential-process and print --json.
    if (!result.stdout.startsWith('{')) expectNoSecrets(result.stdout);
  });
});

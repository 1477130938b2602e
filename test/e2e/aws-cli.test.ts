// The real consumer end to end: the Python aws CLI runs the built dist/sts-refresh.js as its
// credential_process, against moto standing in for STS. Everything the unit and integration suites
// take on trust (botocore's parsing of our JSON, its quoting of the command line, the environment
// it passes down, several aws processes racing for one cache entry) is exercised here for real.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { expectCredentials } from '../support/cli-env';
import { startMoto, type Moto } from '../support/moto';
import { which } from '../support/tool-path';
import { CLI_PATH, runCli } from '../support/run-cli';
import { makeTempHome, SOURCE_KEY_ID, SOURCE_SECRET, type TempHome } from '../support/temp-home';
import { describeIf } from '../support/needs';

const ROLE = 'arn:aws:iam::123456789012:role/e2e-dev';
const ASSUMED_ROLE_ARN = /^arn:aws:sts::123456789012:assumed-role\/e2e-dev\/[\w+=,.@-]{2,64}$/;

const missing = ['aws', 'moto_server'].filter((cmd) => which(cmd) === undefined);
const reason = missing.length > 0 ? `${missing.join(' and ')} not found on PATH` : undefined;

interface AwsResult {
  exitCode: number | null;
  stdout: string;
  stderr: string;
}

interface CallerIdentity {
  UserId: string;
  Account: string;
  Arn: string;
}

// botocore splits credential_process with shlex, so anything beyond plain path characters is quoted.
function shellQuote(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

// Hang guards, not timing: eight Python processes starting at once on a loaded 2-core runner take
// tens of seconds, and a guard that fires there fails a correct run.
const AWS_HANG_MS = 90_000;
const TEST_HANG_MS = 180_000;

function runAws(args: string[], env: NodeJS.ProcessEnv, cwd: string, timeoutMs = AWS_HANG_MS): Promise<AwsResult> {
  return new Promise((resolve, reject) => {
    const child = spawn('aws', args, { env, cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (s: string) => (stdout += s));
    child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (exitCode) => {
      clearTimeout(timer);
      resolve({ exitCode, stdout, stderr });
    });
  });
}

describeIf(reason)('aws CLI with sts-refresh as credential_process (moto as STS)', () => {
  let moto: Moto | undefined;
  let home: TempHome | undefined;
  let env: NodeJS.ProcessEnv;

  const h = (): TempHome => {
    if (!home) throw new Error('beforeAll did not create the temp home');
    return home;
  };
  const m = (): Moto => {
    if (!moto) throw new Error('beforeAll did not start moto');
    return moto;
  };

  /** Points profile `dev` at a cache directory; a new directory means a cold cache. */
  function configure(cacheDir: string): void {
    const command = [process.execPath, CLI_PATH, '--role', ROLE, '--source-profile', 'src', '--cache-dir', cacheDir]
      .map(shellQuote)
      .join(' ');
    h().writeConfig(`[profile src]\nregion = us-east-1\n\n[profile dev]\nregion = us-east-1\ncredential_process = ${command}\n`);
  }

  function freshCacheDir(): string {
    return mkdtempSync(join(h().home, 'cache-'));
  }

  async function callerIdentity(): Promise<CallerIdentity> {
    const result = await runAws(['sts', 'get-caller-identity', '--profile', 'dev', '--output', 'json'], env, h().home);
    if (result.exitCode !== 0) throw new Error(`aws exited ${result.exitCode}: ${result.stderr}`);
    return JSON.parse(result.stdout) as CallerIdentity;
  }

  beforeAll(async () => {
    // Without a build every case would fail with the same opaque aws error; say so once, plainly.
    if (!existsSync(CLI_PATH)) throw new Error(`${CLI_PATH} does not exist; run npm run build first`);
    moto = await startMoto();
    home = makeTempHome();
    // moto does not verify signatures, so any static keys will do; what matters is that
    // they are the only way in, hence every ambient AWS variable is cleared.
    home.writeCredentials(`[src]\naws_access_key_id = ${SOURCE_KEY_ID}\naws_secret_access_key = ${SOURCE_SECRET}\n`);
    env = home.env({
      PATH: home.toolPath(['aws']),
      AWS_ENDPOINT_URL_STS: moto.url,
      AWS_ACCESS_KEY_ID: undefined,
      AWS_SECRET_ACCESS_KEY: undefined,
      AWS_SESSION_TOKEN: undefined,
      AWS_PROFILE: undefined,
      AWS_DEFAULT_PROFILE: undefined,
      AWS_REGION: undefined,
      AWS_DEFAULT_REGION: undefined,
      AWS_ENDPOINT_URL: undefined,
    });
  }, 30_000);

  afterAll(async () => {
    await moto?.stop();
    home?.cleanup();
  });

  test(
    'get-caller-identity runs as the assumed role after one AssumeRole with the source keys',
    async () => {
      const cacheDir = freshCacheDir();
      configure(cacheDir);
      await m().resetRecording();

      const identity = await callerIdentity();

      expect(identity.Account).toBe('123456789012');
      expect(identity.Arn).toMatch(ASSUMED_ROLE_ARN);
      const calls = await m().recordedCalls();
      expect(calls.filter((c) => c.action === 'AssumeRole')).toEqual([{ action: 'AssumeRole', accessKeyId: SOURCE_KEY_ID }]);
      // The aws call itself must be signed with the role's temporary keys, not the source keys.
      const identityCalls = calls.filter((c) => c.action === 'GetCallerIdentity');
      expect(identityCalls).toHaveLength(1);
      expect(identityCalls[0]?.accessKeyId).not.toBe(SOURCE_KEY_ID);
      // --cache-dir came through botocore's command-line split intact.
      expect(readdirSync(cacheDir).length).toBeGreaterThan(0);
    },
    TEST_HANG_MS,
  );

  test(
    'later aws calls are served from the cache without calling AssumeRole',
    async () => {
      configure(freshCacheDir());
      // Warm the cache here rather than relying on the previous test having run.
      await callerIdentity();
      await m().resetRecording();

      const second = await callerIdentity();
      const third = await callerIdentity();

      expect(second.Arn).toMatch(ASSUMED_ROLE_ARN);
      expect(third.Arn).toMatch(ASSUMED_ROLE_ARN);
      const calls = await m().recordedCalls();
      expect(calls.filter((c) => c.action === 'AssumeRole')).toHaveLength(0);
      expect(new Set(calls.filter((c) => c.action === 'GetCallerIdentity').map((c) => c.accessKeyId)).size).toBe(1);
    },
    TEST_HANG_MS,
  );

  test(
    '8 concurrent aws processes on a cold cache share a single AssumeRole',
    async () => {
      configure(freshCacheDir());
      await m().resetRecording();

      const identities = await Promise.all(Array.from({ length: 8 }, () => callerIdentity()));

      for (const identity of identities) expect(identity.Arn).toMatch(ASSUMED_ROLE_ARN);
      const calls = await m().recordedCalls();
      expect(await m().assumeRoleCalls()).toBe(1);
      // One AssumeRole could still hide processes that went on with different keys; all eight
      // signing with the same temporary key shows they all took the one cached entry.
      const keys = calls.filter((c) => c.action === 'GetCallerIdentity').map((c) => c.accessKeyId);
      expect(keys).toHaveLength(8);
      expect(new Set(keys).size).toBe(1);
    },
    TEST_HANG_MS,
  );

  test(
    'print shows the cached credentials without their secrets',
    async () => {
      const args = ['--role', ROLE, '--source-profile', 'src', '--cache-dir', freshCacheDir()];
      const credentials = expectCredentials(await runCli(args, { env }));
      await m().resetRecording();

      const printed = await runCli(['print', ...args], { env });

      expect(printed.exitCode).toBe(0);
      // Served from the cache, so these are the very credentials it must not reveal.
      expect(await m().assumeRoleCalls()).toBe(0);
      const output = printed.stdout + printed.stderr;
      expect(output).not.toContain(credentials.SecretAccessKey);
      expect(output).not.toContain(credentials.SessionToken);
      expect(output).not.toContain(SOURCE_SECRET);
    },
    TEST_HANG_MS,
  );
});

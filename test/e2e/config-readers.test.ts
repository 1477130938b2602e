// The config file setup writes, read by both of its real readers: botocore (the AWS CLI's
// configloader and its credential_process splitting) and the JS SDK's own loader. The unit tests
// hold the writer to our models of them; this holds it to the real ones.
import { spawnSync } from 'node:child_process';
import { loadSharedConfigFiles } from '@smithy/shared-ini-file-loader';
import { readFileSync } from 'node:fs';
import { expectOneLineError, ROLE } from '../support/cli-env';
import { CLI_PATH, runCli } from '../support/run-cli';
import { makeTempHome, type TempHome } from '../support/temp-home';
import { realExecutable, which } from '../support/tool-path';
import { describeIf } from '../support/needs';

// The interpreter itself (past a pyenv shim), run by its absolute path with the test's clean env.
const python = which('python3') === undefined ? undefined : realExecutable('python3');
const reason =
  python === undefined
    ? 'python3 not found on PATH'
    : spawnSync(python, ['-c', 'import botocore'], { stdio: 'ignore', env: {} }).status !== 0
      ? 'python3 has no botocore'
      : undefined;

// Every section as botocore reads it, and each credential_process split as botocore runs it.
const BOTOCORE_READS = `
import json, sys
from botocore.compat import compat_shell_split
from botocore.configloader import raw_config_parse
sections = raw_config_parse(sys.argv[1])
print(json.dumps({name: dict(values, argv=compat_shell_split(values['credential_process']) if 'credential_process' in values else None) for name, values in sections.items()}))
`;

type Sections = Record<string, Record<string, unknown>>;

describeIf(reason)('the config setup writes, read by botocore and by the JS SDK', () => {
  let home: TempHome;
  beforeEach(() => {
    home = makeTempHome();
  });
  afterEach(() => home.cleanup());

  const setup = (...args: string[]) => runCli(['setup', '--role', ROLE, ...args], { env: home.env() });
  const botocore = (): Sections => {
    const result = spawnSync(python as string, ['-c', BOTOCORE_READS, home.configFile], { encoding: 'utf8', env: home.env() });
    if (result.status !== 0) throw new Error(`python3 exited ${result.status}: ${result.stderr}`);
    return JSON.parse(result.stdout) as Sections;
  };
  const sdk = async () =>
    (await loadSharedConfigFiles({ configFilepath: home.configFile, filepath: home.credentialsFile, ignoreCache: true })).configFile;

  test('values with " ;" and " #" in them: both read the identical line, and botocore runs the words given', async () => {
    const mfaCommand = 'printf %s 123456 ;# the code';
    const cacheDir = '/tmp/sts refresh #cache';
    const result = await setup('--profile', 'prod', '--mfa-command', mfaCommand, '--cache-dir', cacheDir);
    expect(result.exitCode).toBe(0);
    const python = botocore()['profile prod'];
    const js = (await sdk()).prod;
    expect(js?.credential_process).toBe(python?.credential_process);
    expect(python?.argv).toEqual([CLI_PATH, '--role', ROLE, '--cache-dir', cacheDir, '--mfa-command', mfaCommand]);
  });

  test('a profile name starting with # is refused: the SDK would read its lines into the profile above', async () => {
    const before = readFileSync(home.configFile, 'utf8');
    expectOneLineError(await setup('--profile', '#prod'), 2, /--profile '#prod' is not a name the AWS SDKs read back/);
    expect(readFileSync(home.configFile, 'utf8')).toBe(before);
  });

  test('every character a profile name may have, both read back; = and , (botocore reads them, the JS SDK not) are refused', async () => {
    const name = 'a_B-1@d+e.f%g:h/i';
    expect((await setup('--profile', name)).exitCode).toBe(0);
    const botocoreNames = () =>
      JSON.parse(
        spawnSync(
          python as string,
          [
            '-c',
            'import json, sys\nfrom botocore.configloader import load_config\nprint(json.dumps(sorted(load_config(sys.argv[1])["profiles"])))',
            home.configFile,
          ],
          { encoding: 'utf8', env: home.env() },
        ).stdout,
      ) as string[];
    expect(botocoreNames()).toContain(name);
    expect(Object.keys(await sdk())).toContain(name);
    home.writeConfig('[profile a=b]\nregion = x\n[profile a,b]\nregion = y\n');
    expect(botocoreNames()).toEqual(['a,b', 'a=b']);
    expect(await sdk()).toEqual({});
    for (const bad of ['a=b', 'a,b']) {
      expectOneLineError(await setup('--profile', bad), 2, new RegExp(`--profile '${bad}' is not a name the AWS SDKs read back`));
      expectOneLineError(await runCli(['keys', 'add', bad], { env: home.env() }), 2, new RegExp(`'${bad}' cannot name a profile for keys`));
    }
  });

  test('lone CR line endings: botocore still reads every profile after setup, and the new one', async () => {
    const before = '[default]\rregion = us-east-1\r\r# team profiles\r[profile dev]\rregion = us-west-2\r';
    home.writeConfig(before);
    expect(Object.keys(botocore())).toEqual(['default', 'profile dev']);
    expect((await setup('--profile', 'prod')).exitCode).toBe(0);
    expect((await setup('--profile', 'dev')).exitCode).toBe(0);
    const after = botocore();
    expect(Object.keys(after)).toEqual(['default', 'profile dev', 'profile prod']);
    expect(after['default']).toEqual({ region: 'us-east-1', argv: null });
    expect(after['profile dev']?.region).toBe('us-west-2');
    expect(after['profile prod']?.argv).toEqual([CLI_PATH, '--role', ROLE]);
    expect(
      readFileSync(home.configFile, 'utf8').startsWith(
        '[default]\rregion = us-east-1\r\r# team profiles\r[profile dev]\rregion = us-west-2\r',
      ),
    ).toBe(true);
  });
});

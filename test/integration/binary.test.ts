import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { startStsServer, type StsServer } from '../support/sts-server';
import { cliFixture, expectCredentials, expectOneLineError, ROLE } from '../support/cli-env';
import { CLI_PATH } from '../support/run-cli';

const ROOT = join(__dirname, '..', '..');
const BINARY = join(ROOT, 'dist', `sts-refresh-${process.platform}-${process.arch}`);
const VERSION = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;

let server: StsServer;
const cli = cliFixture(() => server);

beforeAll(async () => {
  // Build the single executable when it is missing or older than the bundle it embeds.
  if (!existsSync(BINARY) || statSync(BINARY).mtimeMs < statSync(CLI_PATH).mtimeMs) {
    execFileSync(process.execPath, [join(ROOT, 'scripts', 'build-binary.mjs')], { cwd: ROOT, stdio: 'ignore' });
  }
  server = await startStsServer();
}, 300_000);
afterAll(() => server?.close());
beforeEach(() => {
  server.reset();
  cli.setup();
});
afterEach(() => cli.cleanup());

describe('the single executable', () => {
  test('--version prints the package version', async () => {
    const result = await cli.run(['--version'], {}, { executable: BINARY });
    expect(result).toMatchObject({ exitCode: 0, stdout: `${VERSION}\n`, stderr: '' });
  });

  test('on a hit its stdout matches the JS entry byte for byte', async () => {
    expectCredentials(await cli.run(['--role', ROLE]));
    const js = await cli.run(['--role', ROLE]);
    const binary = await cli.run(['--role', ROLE], {}, { executable: BINARY });
    expect(binary.stdout).toBe(js.stdout);
    expect(binary.stderr).toBe('');
    expect(server.count('AssumeRole')).toBe(1);
  });

  test('a miss works too: it fetches, caches, and the JS entry then hits what it wrote', async () => {
    const fetched = expectCredentials(await cli.run(['--role', ROLE], {}, { executable: BINARY }));
    expect(server.count('AssumeRole')).toBe(1);
    expect(expectCredentials(await cli.run(['--role', ROLE]))).toEqual(fetched);
  });

  test('STS_REFRESH_DEBUG=1: its stack traces name our source files too (the maps travel as an asset)', async () => {
    const result = await cli.run(['print', '--bogus'], { STS_REFRESH_DEBUG: '1' }, { executable: BINARY });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/^\s+at .*\bsrc\/cli\.ts:\d+:\d+\)?$/m);
  });

  test('errors keep the contract', async () => {
    expectOneLineError(await cli.run(['--role', 'nope'], {}, { executable: BINARY }), 2, /--role must be an IAM role ARN/);
    server.inject({ code: 'AccessDenied' });
    expectOneLineError(await cli.run(['--role', ROLE], {}, { executable: BINARY }), 1, /may not assume/);
  });
});

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REQUEST_OPTIONS } from '../../src/core/request/request-options';
import { useLoopbackSts, expectCredentials, expectOneLineError, ROLE } from '../support/cli-env';
import type { CliResult } from '../support/run-cli';

const sts = useLoopbackSts();
const cli = sts.cli;

const expectRefused = (result: CliResult, name: string) => {
  expectOneLineError(result, 2, new RegExp(`${name} must not contain control characters`));
  expect(sts.server.count('AssumeRole')).toBe(0);
};

/** Runs the calls a few at a time: enough to be quick, few enough for a loaded 2-core machine. */
async function inBatches<T>(items: T[], run: (item: T) => Promise<void>): Promise<void> {
  for (let i = 0; i < items.length; i += 4) await Promise.all(items.slice(i, i + 4).map(run));
}

describe('control characters in an option value: exit 2, before anything else happens', () => {
  const stringOptions = Object.entries(REQUEST_OPTIONS)
    .filter(([, spec]) => spec.type === 'string')
    .map(([name]) => name);

  test('every request option refuses a newline', async () => {
    await inBatches(stringOptions, async (name) => {
      const args = name === 'role' ? ['--role', `${ROLE}\n`] : ['--role', ROLE, `--${name}`, 'a\nb'];
      expectRefused(await cli.run(args), `--${name}`);
    });
  });

  test('every kind of control character is refused (C0, DEL, C1, line separator), --name=value too', async () => {
    // NUL cannot be passed in argv at all.
    await inBatches(['\r', '\t', '\u0001', '\u001b', '\u007f', '\u0085', '\u009b', '\u2028'], async (c) => {
      expectRefused(await cli.run(['--role', ROLE, `--mfa-command=a${c}b`]), '--mfa-command');
    });
  });

  test.each([
    ['print', ['print', '--role', ROLE, '--duration', '1h\n']],
    ['env', ['env', '--role', ROLE, '--format', 'sh\n']],
    ['exec', ['exec', '--role', ROLE, '--session-name', 'a\nb', '--', 'true']],
    ['cache', ['cache', 'list', '--cache-dir', '/tmp/x\ny']],
    ['doctor', ['doctor', '--profile', 'a\rb']],
    ['setup', ['setup', '--profile', 'prod\n', '--role', ROLE]],
  ])('%s refuses them too', async (_name, args) => {
    const result = await cli.run(args);
    expectOneLineError(result, 2, /must not contain control characters/);
  });

  test('the message shows the value escaped, on one line', async () => {
    const result = await cli.run(['--role', ROLE, '--mfa-command', 'x\u001b[2Jy']);
    expectOneLineError(result, 2, /--mfa-command must not contain control characters .*got 'x\\u001b\[2Jy'/);
  });

  test.each([
    ['AWS_REGION', 'us-east-1\nx'],
    ['AWS_DEFAULT_REGION', 'us-east-1\r'],
    ['AWS_ENDPOINT_URL_STS', 'http://127.0.0.1:1/\n'],
    ['AWS_ENDPOINT_URL', 'http://127.0.0.1:1/\t'],
    ['STS_REFRESH_CACHE_DIR', '/tmp/a\nb'],
  ])('%s standing in for its option is held to the same rule', async (name, value) => {
    // The fixture's own endpoint variable would win over AWS_ENDPOINT_URL.
    const extra = name === 'AWS_ENDPOINT_URL' ? { AWS_ENDPOINT_URL_STS: undefined } : {};
    expectRefused(await cli.run(['--role', ROLE], { ...extra, [name]: value }), name);
  });

  test('a variable the option overrides is not judged', async () => {
    expectCredentials(await cli.run(['--role', ROLE, '--region', 'us-east-1'], { AWS_REGION: 'x\ny' }));
  });

  test('a cache hit does not answer for a command line the full path refuses', async () => {
    expectCredentials(await cli.run(['--role', ROLE]));
    // --mfa-command and --timeout are not part of the cache key, so the entry above matches.
    expectOneLineError(await cli.run(['--role', ROLE, '--mfa-command', 'x\ny']), 2, /--mfa-command must not contain/);
    expectOneLineError(await cli.run(['--role', ROLE, '--timeout', '30s\n']), 2, /--timeout must not contain/);
    expectOneLineError(
      await cli.run(['--role', ROLE], { STS_REFRESH_CACHE_DIR: `${cli.home.cacheDir}\u2028` }),
      2,
      /STS_REFRESH_CACHE_DIR/,
    );
    expect(sts.server.count('AssumeRole')).toBe(1);
  });
});

describe('setup cannot be made to write a line of its own', () => {
  const awsDir = () => join(cli.home.home, '.aws');

  test.each([
    ['--mfa-command', 'true\n[profile evil]\ncredential_process = /bin/sh -c evil'],
    ['--endpoint-url', 'https://sts.amazonaws.com/\n[profile evil]'],
    ['--cache-dir', '/tmp/x\rcredential_process = evil'],
    ['--duration', '1h\n'],
  ])('%s with a newline: exit 2, the file byte for byte as it was, no backup', async (option, value) => {
    const before = '[default]\nregion = us-east-1\n';
    cli.home.writeConfig(before);
    const result = await cli.run(['setup', '--profile', 'prod', '--role', ROLE, option, value]);
    expectOneLineError(result, 2, new RegExp(`${option} must not contain control characters`));
    expect(readFileSync(cli.home.configFile, 'utf8')).toBe(before);
    expect(readdirSync(awsDir()).sort()).toEqual(['config', 'credentials']);
  });
});

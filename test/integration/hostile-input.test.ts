import fc from 'fast-check';
import { startStsServer, type StsServer } from '../support/sts-server';
import type { CliResult } from '../support/run-cli';
import { cliFixture, ROLE } from '../support/cli-env';

let server: StsServer;
const cli = cliFixture(() => server);

beforeAll(async () => {
  server = await startStsServer();
  cli.setup();
});
afterAll(async () => {
  cli.cleanup();
  await server.close();
});

// Control characters in an error would let a hostile value repaint the user's terminal.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029]/;

/**
 * The contract for any input: exit 0 with one JSON line (warnings allowed), or one `sts-refresh:`
 * line without a stack trace or control characters; exit 2 (usage) never after a network call.
 */
function expectContract(result: CliResult, callsBefore: number): void {
  expect([0, 1, 2]).toContain(result.exitCode);
  const lines = result.stderr.trimEnd().split('\n').filter(Boolean);
  if (result.exitCode === 0) {
    expect(result.stdout.trim().split('\n')).toHaveLength(1);
    expect(() => JSON.parse(result.stdout)).not.toThrow();
    for (const line of lines) expect(line).toMatch(/^sts-refresh: warning: /);
    return;
  }
  expect(result.stdout).toBe('');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^sts-refresh: /);
  expect(lines[0]).not.toMatch(CONTROL);
  expect(result.stderr).not.toMatch(/\n\s+at /);
  if (result.exitCode === 2) expect(server.count()).toBe(callsBefore);
}

// argv and the environment cannot carry NUL; everything else is fair game.
const hostileString = fc
  .oneof(
    fc.string({ unit: 'binary', maxLength: 40 }),
    fc.string({ unit: 'grapheme-ascii', maxLength: 12 }),
    fc.constantFrom(
      '',
      ' ',
      '-',
      '--',
      '--role',
      '0',
      '-1',
      '1e9',
      '99999999999999999999',
      '15m',
      'NaN',
      '\u001b[31mred',
      'a\nb',
      'x'.repeat(5000),
    ),
  )
  .map((s) => s.replace(/\0/g, ''));

const OPTIONS = [
  '--role',
  '--source-profile',
  '--session-name',
  '--duration',
  '--external-id',
  '--region',
  '--endpoint-url',
  '--cache-dir',
  '--refresh-window',
  '--timeout',
] as const;

const argvArb = fc
  .tuple(
    fc.boolean(),
    fc.array(fc.tuple(fc.constantFrom(...OPTIONS), hostileString), { maxLength: 4 }),
    fc.array(hostileString, { maxLength: 2 }),
  )
  .map(([withRole, pairs, extra]) => [...(withRole ? ['--role', ROLE] : []), ...pairs.flat(), ...extra]);

test('hostile option values: exit 0, or one clean line with exit 1 or 2, and no network call before validation', async () => {
  await fc.assert(
    fc.asyncProperty(argvArb, async (argv) => {
      const before = server.count();
      // Short deadline: a value that passes validation may name an unreachable endpoint.
      expectContract(
        await cli.run(['credential-process', ...argv, '--timeout', '3s'], { STS_REFRESH_CACHE_DIR: cli.home.cacheDir }),
        before,
      );
    }),
    { numRuns: 60 },
  );
}, 240_000);

const iniValue = hostileString.map((s) => s.replace(/[\r\n]/g, ''));
const configArb = fc.oneof(
  hostileString,
  fc
    .tuple(fc.constantFrom('[default]', '[profile default]', '[ default ]', 'default', '[default'), iniValue)
    .map(([h, v]) => `${h}\nregion = ${v}\n`),
  fc.tuple(iniValue, iniValue).map(([k, v]) => `[default]\n${k} = ${v}\nregion = us-east-1\n`),
);
const credentialsArb = fc.oneof(
  fc.constant('[default]\naws_access_key_id = AKIASOURCEKEY0000001\naws_secret_access_key = s\n'),
  hostileString,
  iniValue.map((v) => `[default]\naws_access_key_id = ${v}\naws_secret_access_key = ${v}\n`),
);

// Exit 1, not 2, when the files are at fault: the command line was fine, the setup is not.
test('hostile config and credentials files: exit 0, or one clean line, never a stack trace', async () => {
  await fc.assert(
    fc.asyncProperty(configArb, credentialsArb, async (config, credentials) => {
      cli.home.writeConfig(config);
      cli.home.writeCredentials(credentials);
      const before = server.count();
      const result = await cli.run(['--role', ROLE, '--timeout', '3s', '--no-cache']);
      expectContract(result, before);
      expect(result.exitCode).not.toBe(2);
    }),
    { numRuns: 25 },
  );
}, 240_000);

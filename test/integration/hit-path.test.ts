import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { useLoopbackSts, expectCredentials, ROLE } from '../support/cli-env';
import { CLI_PATH } from '../support/run-cli';

const sts = useLoopbackSts();
const cli = sts.cli;
const TRACE = join(__dirname, '..', 'support', 'trace-builtins.js');

/** Runs the CLI and returns the built-in modules it loaded beyond a bare Node start. */
async function builtinsLoadedBy(args: string[]): Promise<string[]> {
  const file = join(cli.home.home, 'trace.json');
  const result = await cli.run(args, { TRACE_BUILTINS_FILE: file }, { nodeArgs: ['--require', TRACE] });
  expectCredentials(result);
  return JSON.parse(readFileSync(file, 'utf8')) as string[];
}

// What the AWS SDK's miss path needs and a hit must not pay for: the HTTP stack, compression
// (the embedded miss script), vm (compiling it), crypto and stream-backed stdout.
const HEAVY = [
  'NativeModule http',
  'NativeModule https',
  'NativeModule zlib',
  'NativeModule vm',
  'NativeModule crypto',
  'NativeModule net',
  'NativeModule fs/promises',
];

describe('the cache-hit path', () => {
  test('the bundle keeps the SDK, zod and the other commands out of the code a hit parses: only compressed layers hold them', () => {
    const file = readFileSync(CLI_PATH, 'utf8');
    // The other layers ride in one trailing comment (scripts/build.mjs); what precedes it is all a hit compiles.
    const bundle = file.slice(0, file.lastIndexOf('/*sts-refresh-layer:'));
    expect(bundle.length).toBeGreaterThan(1000);
    expect(bundle.length).toBeLessThan(32_000);
    expect(bundle).not.toMatch(/AssumeRoleCommand|GetSessionTokenCommand|fromIni/);
    expect(bundle).not.toMatch(/_zod|safeParse/);
    expect(bundle).not.toMatch(/credential_process = sts-refresh|did you mean/);
  });

  test('loads none of the miss path: no SDK, no HTTP, no crypto, no config file parser', async () => {
    const miss = await builtinsLoadedBy(['--role', ROLE]);
    // The check itself can fail: the miss really loads these.
    expect(miss).toEqual(expect.arrayContaining(['NativeModule http', 'NativeModule zlib', 'NativeModule vm']));
    const hit = await builtinsLoadedBy(['--role', ROLE]);
    expect(sts.server.count('AssumeRole')).toBe(1);
    expect(hit.filter((m) => HEAVY.includes(m))).toEqual([]);
    // Nor any other built-in a bare Node start has not loaded: node:os alone would cost as much as
    // the hit's own code (src/files/home-dir.ts).
    expect(hit).toEqual([]);
  });
});

// The hit path (src/cache-hit.ts) skips zod and answers only what it is sure of; everything else
// must come out exactly as the full path says it, with a fresh entry sitting in the cache.
describe('a call the hit path does not answer itself', () => {
  beforeEach(async () => {
    expectCredentials(await cli.run(['--role', ROLE]));
  });

  test.each<[string, string[], RegExp]>([
    ['--timeout below its range', ['--timeout', '0'], /^sts-refresh: --timeout must be at least 1 second/],
    ['--refresh-window above its range', ['--refresh-window', '13h'], /^sts-refresh: --refresh-window must be at most 43200 seconds/],
    ['--mfa-duration below its range', ['--mfa-duration', '1m'], /^sts-refresh: --mfa-duration must be at least 900 seconds/],
    ['an empty --mfa-command', ['--mfa-command', ''], /^sts-refresh: --mfa-command must not be empty/],
    ['an unknown option', ['--rol', ROLE], /^sts-refresh: unknown option '--rol'; did you mean --role\?/],
    ['a malformed --duration', ['--duration', 'soon'], /^sts-refresh: --duration must be a duration/],
  ])('%s is still a usage error', async (_name, extra, message) => {
    const result = await cli.run(['--role', ROLE, ...extra]);
    expect(result.exitCode).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(message);
  });

  test('help and version still win over a fresh entry', async () => {
    const help = await cli.run(['--role', ROLE, '--help']);
    expect(help.exitCode).toBe(0);
    expect(help.stdout).toMatch(/^Usage: sts-refresh \[credential-process\]/);
    const version = await cli.run(['credential-process', '--role', ROLE, '--version']);
    expect(version.stdout).toMatch(/^\d+\.\d+\.\d+/);
  });

  test('every spelling of the same request is a hit', async () => {
    for (const args of [
      ['credential-process', '--role', ROLE],
      [`--role=${ROLE}`],
      ['--role', ROLE, '--duration', '1h', '--timeout', '10s'],
    ]) {
      expectCredentials(await cli.run(args));
    }
    expect(sts.server.count('AssumeRole')).toBe(1);
  });
});

test('a hit on an entry with a skewed clock still carries the warning', async () => {
  // 6 minutes of skew: the entry stays fresh by both clocks, and every answer must say so.
  sts.server.clockSkewMs = 6 * 60_000;
  const first = await cli.run(['--role', ROLE]);
  expectCredentials(first);
  const second = await cli.run(['--role', ROLE]);
  expectCredentials(second);
  expect(sts.server.count('AssumeRole')).toBe(1);
  expect(second.stderr).toMatch(/^sts-refresh: warning: this machine's clock is 6 minutes off STS's/);
});

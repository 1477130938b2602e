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
  test('the bundle keeps the SDK out of the code a hit parses: only the compressed miss script holds it', () => {
    expect(readFileSync(CLI_PATH, 'utf8')).not.toMatch(/AssumeRoleCommand|GetSessionTokenCommand|fromIni/);
  });

  test('loads none of the miss path: no SDK, no HTTP, no crypto, no config file parser', async () => {
    const miss = await builtinsLoadedBy(['--role', ROLE]);
    // The check itself can fail: the miss really loads these.
    expect(miss).toEqual(expect.arrayContaining(['NativeModule http', 'NativeModule zlib', 'NativeModule vm']));
    const hit = await builtinsLoadedBy(['--role', ROLE]);
    expect(sts.server.count('AssumeRole')).toBe(1);
    expect(hit.filter((m) => HEAVY.includes(m))).toEqual([]);
  });
});

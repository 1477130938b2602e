import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CLI_PATH } from '../support/run-cli';
import { useLoopbackSts, expectCredentials, expectNoSecretsOnStderr, expectOneLineError, ROLE } from '../support/cli-env';

const sts = useLoopbackSts();
const cli = sts.cli;

describe('usage errors exit 2 before any network call', () => {
  test.each<[string[], RegExp]>([
    [[], /--role is required/],
    [['--source-profile', 'x'], /--role is required/],
    [['--role', 'Prod'], /--role must be an IAM role ARN/],
    [['--role', ROLE, '--duration', '5m'], /--duration must be at least 900/],
    [['--role', ROLE, '--duration', '13h'], /--duration must be at most 43200/],
    [['--role', ROLE, '--duration', 'forever'], /--duration must be a duration/],
    [['--role', ROLE, '--session-name', 'x'], /--session-name must be 2 to 64/],
    [['--role', ROLE, '--external-id', 'no spaces allowed'], /--external-id/],
    [['--role', ROLE, '--endpoint-url', 'localhost'], /--endpoint-url must be an http\(s\) URL/],
    [['--role', ROLE, '--region', 'Mars'], /--region/],
    [['--role', ROLE, '--bogus'], /unknown option '--bogus'/],
    [['--role', ROLE, '--sourceprofile', 'x'], /unknown option '--sourceprofile'; did you mean --source-profile\?/],
    [['prnt', '--role', ROLE], /unknown command 'prnt'; did you mean print\?/],
    [['--role'], /--role needs a value/],
    // The commands that also take --profile say so, with an example of their own.
    [['print'], /^sts-refresh: --profile or --role is required; .* sts-refresh print --profile prod$/],
    [['env', '--region', 'eu-west-1'], /--profile or --role is required; .* sts-refresh env --profile prod$/],
    [['console'], /--profile or --role is required; .* sts-refresh console --profile prod$/],
    [['exec', '--', 'true'], /--profile or --role is required; .* sts-refresh exec --profile prod -- aws s3 ls$/],
    [['frobnicate'], /unknown command 'frobnicate'/],
  ])('%j', async (args, message) => {
    const result = await cli.run(args.length === 0 ? ['credential-process'] : args);
    expectOneLineError(result, 2, message);
    expect(sts.server.count()).toBe(0);
  });
});

describe('runtime errors exit 1 with a plain explanation', () => {
  test('AccessDenied names the principal and the role', async () => {
    sts.server.inject({ code: 'AccessDenied', status: 403 });
    const result = await cli.run(['--role', ROLE]);
    expectOneLineError(
      result,
      1,
      /arn:aws:iam::123456789012:user\/alice may not assume arn:aws:iam::123456789012:role\/Prod.*trust policy/,
    );
  });

  test.each(['ExpiredToken', 'InvalidClientTokenId'])('%s means the source profile credentials are bad', async (code) => {
    sts.server.inject({ code, status: 403 });
    const result = await cli.run(['--role', ROLE, '--source-profile', 'default']);
    expectOneLineError(result, 1, new RegExp(`source profile 'default' \\(${code}\\): they are expired or not valid.*aws configure`));
    expect(cli.cacheFiles()).toHaveLength(0);
  });

  test('a missing source profile says which one', async () => {
    const result = await cli.run(['--role', ROLE, '--source-profile', 'nobody']);
    expectOneLineError(result, 1, /source profile 'nobody'.*missing/);
    expect(sts.server.count()).toBe(0);
  });

  test('STS unreachable with nothing cached', async () => {
    const result = await cli.run(['--role', ROLE, '--endpoint-url', 'http://127.0.0.1:9', '--timeout', '10s']);
    expectOneLineError(result, 1, /could not reach STS at http:\/\/127.0.0.1:9 \(ECONNREFUSED\)/);
  });

  test('persistent 5xx with nothing cached fails after bounded retries', async () => {
    sts.server.inject({ status: 503, code: 'ServiceUnavailable' });
    const result = await cli.run(['--role', ROLE]);
    expectOneLineError(result, 1, /STS failed with HTTP 503/);
    expect(sts.server.count('AssumeRole')).toBe(3);
  });

  test('a transient 5xx is retried and succeeds', async () => {
    sts.server.inject({ status: 500, code: 'InternalFailure', times: 1 });
    expectCredentials(await cli.run(['--role', ROLE]));
    expect(sts.server.count('AssumeRole')).toBe(2);
  });

  test.each<['bad-xml' | 'no-credentials' | 'expired', RegExp]>([
    ['bad-xml', /could not be read/],
    ['no-credentials', /without complete credentials/],
    ['expired', /already expired/],
  ])('a malformed STS answer (%s) is a clear error and writes no cache entry', async (malformed, message) => {
    sts.server.inject({ action: 'AssumeRole', malformed });
    const result = await cli.run(['--role', ROLE]);
    expectOneLineError(result, 1, message);
    expectNoSecretsOnStderr(result, sts.server);
    expect(cli.cacheFiles()).toHaveLength(0);
  });

  test('STS_REFRESH_DEBUG=1 adds the stack trace, whose frames name our source files and lines', async () => {
    sts.server.inject({ code: 'AccessDenied', status: 403 });
    const result = await cli.run(['--role', ROLE], { STS_REFRESH_DEBUG: '1' });
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toMatch(/\n\s+at /);
    // From the miss layer (the STS call) and the command layer: both compiled with their maps.
    expect(result.stderr).toMatch(/^\s+at .*\bsrc\/aws\/[\w-]+\.ts:\d+:\d+\)?$/m);
    expect(result.stderr).toMatch(/^\s+at .*\bsrc\/cli\.ts:\d+:\d+\)?$/m);
    expectNoSecretsOnStderr(result, sts.server);
  });

  test('a source profile whose credential_process calls sts-refresh back fails fast, naming the loop', async () => {
    const command = `${process.execPath} ${CLI_PATH} --role ${ROLE} --source-profile looper`;
    cli.home.writeConfig(`[profile looper]\ncredential_process = ${command}\n`);
    const result = await cli.run(['--role', ROLE, '--source-profile', 'looper']);
    expectOneLineError(
      result,
      1,
      /loop: source profile 'looper' gets its credentials by calling sts-refresh for arn:aws:iam::123456789012:role\/Prod/,
    );
    expect(sts.server.count()).toBe(0);
  });
});

test('a damaged copy of the bundle says so in one line, with no stack trace', async () => {
  // Everything but a plain hit is compiled from the layer in the file's trailing comment; cut it short.
  const bundle = readFileSync(CLI_PATH, 'utf8');
  const trailer = bundle.lastIndexOf('/*sts-refresh-layer:');
  const copy = join(cli.home.home, 'sts-refresh.js');
  writeFileSync(copy, `${bundle.slice(0, trailer + 5000)}*/\n`);
  const result = await cli.run([copy, '--version'], {}, { executable: process.execPath });
  expectOneLineError(result, 1, /^sts-refresh: this copy of sts-refresh is damaged \(.+\); reinstall it$/);
});

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expectOneLineError, ROLE, useLoopbackSts } from '../support/cli-env';
import { fakeOpener, type FakeOpener } from '../support/fake-opener';
import { startFederationServer, type FederationServer } from '../support/federation-server';
import { CLI_PATH } from '../support/run-cli';
import { SOURCE_SECRET } from '../support/temp-home';

const sts = useLoopbackSts();
const cli = sts.cli;
let federation: FederationServer;
let opener: FakeOpener;

beforeAll(async () => {
  federation = await startFederationServer();
});
afterAll(() => federation.close());
beforeEach(() => {
  federation.reset();
  opener = fakeOpener(join(cli.home.home, 'opener'));
});

/** console against the stand-in, with the fake opener as the only thing on PATH. */
const runConsole = (args: string[], env: NodeJS.ProcessEnv = {}) =>
  cli.run(['console', ...args, '--federation-url', federation.url], { PATH: opener.bin, ...env });

/** The role entry credential_process keeps, as the cache file holds it. */
function cachedCredentials() {
  const [file] = cli.cacheFiles();
  return (JSON.parse(readFileSync(join(cli.home.cacheDir, file ?? ''), 'utf8')) as { credentials: Record<string, string> }).credentials;
}

function openedUrl(): URL {
  const runs = opener.runs();
  expect(runs).toHaveLength(1);
  return new URL(runs[0]?.[0] ?? '');
}

describe('console', () => {
  test('a cache hit makes no STS call; the token request carries exactly the cached session', async () => {
    expect((await cli.run(['--role', ROLE])).exitCode).toBe(0);
    expect(sts.server.count()).toBe(1);
    const result = await runConsole(['--role', ROLE]);
    expect(result.stderr).toMatch(
      /^Opened the console as Prod \(account 123456789012\) in us-east-1 for \d+ min, until \d\d:\d\d UTC, when the role session ends/,
    );
    expect(result).toMatchObject({ exitCode: 0, stdout: '' });
    expect(sts.server.count()).toBe(1);
    const { AccessKeyId, SecretAccessKey, SessionToken } = cachedCredentials();
    expect(federation.calls).toEqual([
      {
        method: 'GET',
        action: 'getSigninToken',
        session: { sessionId: AccessKeyId, sessionKey: SecretAccessKey, sessionToken: SessionToken },
        params: { Action: 'getSigninToken', Session: expect.any(String) },
      },
    ]);
  });

  test('a miss makes one STS call, and the opened URL holds the token and the destination', async () => {
    const result = await runConsole(['--role', ROLE, '--destination', 's3', '--region', 'eu-west-1']);
    expect(result.exitCode).toBe(0);
    expect(sts.server.count('AssumeRole')).toBe(1);
    const url = openedUrl();
    expect(url.origin + url.pathname).toBe(federation.url);
    expect(Object.fromEntries(url.searchParams)).toEqual({
      Action: 'login',
      Destination: 'https://console.aws.amazon.com/s3/home?region=eu-west-1',
      SigninToken: federation.tokens[0],
    });
    // --region is the console's: the session is the one credential_process keeps without it.
    expect(sts.server.calls[0]?.params.RoleArn).toBe(ROLE);
    expect((await cli.run(['print', '--role', ROLE])).stdout).toMatch(/cache status:\s+hit/);
  });

  test('--profile takes the request from the profile, and --destination may be a full console URL', async () => {
    cli.home.writeConfig(
      `[default]\nregion = us-east-1\n\n[profile prod]\ncredential_process = "${process.execPath}" "${CLI_PATH}" --role ${ROLE} --region eu-central-1\n`,
    );
    const destination = 'https://eu-central-1.console.aws.amazon.com/cloudwatch/home?region=eu-central-1#alarms';
    const result = await runConsole(['--profile', 'prod', '--destination', destination]);
    expect(result.exitCode).toBe(0);
    expect(result.stderr).toMatch(/in eu-central-1 for/);
    expect(sts.server.calls[0]?.region).toBe('eu-central-1');
    expect(openedUrl().searchParams.get('Destination')).toBe(destination);
  });

  test('SessionDuration is sent for a role assumed with long-term keys, when asked for', async () => {
    const result = await runConsole(['--role', ROLE, '--console-duration', '8h']);
    expect(result.exitCode).toBe(0);
    expect(federation.calls.map((c) => c.sessionDuration)).toEqual(['28800']);
    expect(result.stderr).toBe('Opened the console as Prod (account 123456789012) in us-east-1 for 8 h.\n');
  });

  test('no SessionDuration for a role assumed with temporary credentials, and the line says why', async () => {
    cli.home.writeCredentials(
      `[default]\naws_access_key_id = ASIATEMPORARYKEY0001\naws_secret_access_key = ${SOURCE_SECRET}\naws_session_token = sessiontoken\n`,
    );
    const result = await runConsole(['--role', ROLE, '--console-duration', '8h']);
    expect(result.exitCode).toBe(0);
    expect(federation.calls.map((c) => c.sessionDuration)).toEqual([undefined]);
    expect(result.stderr).toMatch(
      /for \d+ min, until .* when the role session ends \(AWS allows no --console-duration for a role assumed with temporary credentials/,
    );
  });

  test('no SessionDuration unless asked for', async () => {
    expect((await runConsole(['--role', ROLE])).stderr).toMatch(/\(--console-duration asks for up to 12 h\)\.\n$/);
    expect(federation.calls.map((c) => c.sessionDuration)).toEqual([undefined]);
  });

  test('a SessionDuration the endpoint refuses is asked once more without it', async () => {
    federation.refuse = 'session-duration';
    const result = await runConsole(['--role', ROLE, '--console-duration', '2h']);
    expect(result.exitCode).toBe(0);
    expect(federation.calls.map((c) => c.sessionDuration)).toEqual(['7200', undefined]);
    expect(result.stderr).toMatch(/when the role session ends \(the federation endpoint refused a 2 h console session\)/);
    expect(openedUrl().searchParams.get('SigninToken')).toBe(federation.tokens[0]);
  });

  test('--print prints the URL, opens nothing, and says it is the session', async () => {
    const result = await runConsole(['--role', ROLE, '--print']);
    expect(result.exitCode).toBe(0);
    expect(opener.runs()).toEqual([]);
    const url = new URL(result.stdout.trim());
    expect(result.stdout).toBe(`${url.href}\n`);
    expect(url.searchParams.get('SigninToken')).toBe(federation.tokens[0]);
    expect(result.stderr).toMatch(/^The URL signs in to the console as Prod .*use it within 15 minutes, and share it with no one/);
  });

  test.each<[string, () => void, RegExp]>([
    [
      'a refusal',
      () => (federation.refuse = 'all'),
      /federation endpoint http:\/\/127\.0\.0\.1:\d+\/federation refused the session of .*role\/Prod \(HTTP 400\)/,
    ],
    ['a failing endpoint', () => (federation.status = 503), /federation endpoint .* answered HTTP 503; try again in a moment/],
  ])('%s is one line, with no URL and no secret', async (_name, arrange, message) => {
    arrange();
    const result = await runConsole(['--role', ROLE]);
    expectOneLineError(result, 1, message);
    expect(opener.runs()).toEqual([]);
    expect(result.stderr).not.toContain(cachedCredentials().SecretAccessKey);
  });

  test('no browser: says to use --print, and shows no URL', async () => {
    const result = await runConsole(['--role', ROLE], { PATH: cli.home.toolPath([]) });
    expectOneLineError(result, 1, /could not open a browser: no xdg-open on PATH; run console again with --print/);
    expect(result.stderr).not.toContain(federation.tokens[0]);
  });

  test('an opener that fails is no browser either', async () => {
    opener = fakeOpener(join(cli.home.home, 'failing'), 3);
    const result = await runConsole(['--role', ROLE]);
    expectOneLineError(result, 1, /could not open a browser: xdg-open exited with 3/);
    expect(result.stderr).not.toContain(federation.tokens[0]);
  });

  test('a role session about to end is too short for a console', async () => {
    await cli.run(['--role', ROLE]);
    cli.setMinutesLeft(3);
    const result = await runConsole(['--role', ROLE, '--refresh-window', '1m']);
    expectOneLineError(result, 1, /ends in 2 min, too short for a console session.*sts-refresh cache clear --role/);
    expect(federation.calls).toEqual([]);
  });

  test('--help: --region is the console region there, and STS is not called', async () => {
    const help = await cli.run(['console', '--help']);
    expect(help.stdout).toMatch(/sts-refresh console --profile prod --destination s3 --region eu-west-1/);
    expect(help.stdout.match(/^ {2}--region /gm)).toHaveLength(1);
    expect(help.stdout).toMatch(/--region REGION {10}the console's region/);
    expect((await cli.run(['--help'])).stdout).toMatch(/console {13}open the AWS console/);
    expect(sts.server.count()).toBe(0);
  });

  test.each<[string[], RegExp]>([
    [['--federation-url', 'http://example.com/federation'], /--federation-url must be an https URL .*http only to a loopback address/],
    [['--console-duration', '5m'], /--console-duration 5m is too short: AWS takes 15m to 12h/],
    [['--console-duration', '13h'], /--console-duration 13h is too long/],
    [['--destination', 'https://console.amazonaws.cn/s3'], /--destination must be a console URL of the aws partition/],
    [['--destination', 's3 buckets'], /--destination must be a service such as s3, a console path, or a console URL/],
    [['--region', 'cn-north-1'], /region cn-north-1 is in partition aws-cn, but the role is in aws/],
    [['--role', 'arn:aws-iso:iam::123456789012:role/Prod'], /no console sign-in is known for partition 'aws-iso'/],
  ])('usage error before any call: %j', async (args, message) => {
    const result = await cli.run(['console', '--role', ROLE, ...args], { PATH: opener.bin });
    expectOneLineError(result, 2, message);
    expect(sts.server.count()).toBe(0);
  });
});

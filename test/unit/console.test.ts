import { join } from 'node:path';
import { openerFor } from '../../src/console/open-browser';
import { consoleDestination } from '../../src/core/console/console-destination';
import { checkConsoleRegion, consolePartition, inPartition } from '../../src/core/console/console-partition';
import {
  checkLongEnough,
  describeConsole,
  parseConsoleDuration,
  sessionDurationToSend,
  type ConsoleOutcome,
} from '../../src/core/console/console-session';
import { federationEndpoint, isLoopbackHost, loginUrl, signinTokenRequest } from '../../src/core/console/federation-urls';
import { fetchSigninToken, type HttpAnswer } from '../../src/core/console/signin-token';
import { StsRefreshError, UsageError } from '../../src/core/errors';

const AWS = consolePartition('arn:aws:iam::123456789012:role/Prod');
const SESSION = { AccessKeyId: 'ASIAKEY', SecretAccessKey: 'secret/key+=', SessionToken: 'token&more' };
const ROLE = 'arn:aws:iam::123456789012:role/Prod';

describe('partitions', () => {
  test.each([
    ['arn:aws:iam::123456789012:role/Prod', 'https://signin.aws.amazon.com/federation', 'console.aws.amazon.com'],
    ['arn:aws-cn:iam::123456789012:role/Prod', 'https://signin.amazonaws.cn/federation', 'console.amazonaws.cn'],
    ['arn:aws-us-gov:iam::123456789012:role/Prod', 'https://signin.amazonaws-us-gov.com/federation', 'console.amazonaws-us-gov.com'],
  ])('%s signs in at %s', (arn, federationUrl, consoleHost) => {
    expect(consolePartition(arn)).toMatchObject({ federationUrl, consoleHost });
  });

  test('a partition without a known console is a usage error', () => {
    expect(() => consolePartition('arn:aws-iso:iam::123456789012:role/Prod')).toThrow(UsageError);
  });

  test.each<[string, string, boolean]>([
    ['eu-west-1', 'arn:aws:iam::1:role/R', true],
    ['cn-north-1', 'arn:aws-cn:iam::1:role/R', true],
    ['us-gov-west-1', 'arn:aws-us-gov:iam::1:role/R', true],
    ['us-east-1', 'arn:aws-cn:iam::1:role/R', false],
    ['not a region', 'arn:aws:iam::1:role/R', false],
  ])('region %s in the partition of %s: %s', (region, arn, expected) => {
    expect(inPartition(region, consolePartition(arn))).toBe(expected);
  });

  test('--region is checked against the role', () => {
    expect(checkConsoleRegion('eu-west-1', AWS)).toBe('eu-west-1');
    expect(() => checkConsoleRegion('us-gov-east-1', AWS)).toThrow(/is in partition aws-us-gov, but the role is in aws/);
    expect(() => checkConsoleRegion('EU', AWS)).toThrow(/must be a region name/);
  });
});

describe('consoleDestination', () => {
  const cn = consolePartition('arn:aws-cn:iam::123456789012:role/Prod');
  test.each<[string | undefined, string | undefined, string]>([
    [undefined, undefined, 'https://console.aws.amazon.com/console/home'],
    [undefined, 'eu-west-1', 'https://console.aws.amazon.com/console/home?region=eu-west-1'],
    ['s3', 'eu-west-1', 'https://console.aws.amazon.com/s3/home?region=eu-west-1'],
    ['/ec2/v2/home', 'eu-west-1', 'https://console.aws.amazon.com/ec2/v2/home?region=eu-west-1'],
    ['cloudwatch/home#alarms', 'eu-west-1', 'https://console.aws.amazon.com/cloudwatch/home?region=eu-west-1#alarms'],
    ['lambda/home?region=us-west-2', 'eu-west-1', 'https://console.aws.amazon.com/lambda/home?region=us-west-2'],
    ['//evil.example/x', undefined, 'https://console.aws.amazon.com/evil.example/x'],
    ['https://s3.console.aws.amazon.com/s3/buckets', 'eu-west-1', 'https://s3.console.aws.amazon.com/s3/buckets'],
  ])('%s in %s -> %s', (destination, region, url) => {
    expect(consoleDestination(AWS, destination, region)).toBe(url);
  });

  test('the partition decides the console host', () => {
    expect(consoleDestination(cn, 's3', 'cn-north-1')).toBe('https://console.amazonaws.cn/s3/home?region=cn-north-1');
  });

  test.each([
    'https://console.amazonaws.cn/s3',
    'http://console.aws.amazon.com/s3',
    'https://console.aws.amazon.com.evil.example/',
    'https://user@console.aws.amazon.com/',
    'javascript:alert(1)',
    's3 buckets',
    '/',
  ])('%s is refused', (destination) => {
    expect(() => consoleDestination(AWS, destination, undefined)).toThrow(UsageError);
  });
});

describe('federation URLs', () => {
  test('the partition endpoint, or an https override, or http on loopback only', () => {
    expect(federationEndpoint(AWS, undefined).href).toBe('https://signin.aws.amazon.com/federation');
    expect(federationEndpoint(AWS, 'https://proxy.example/federation').href).toBe('https://proxy.example/federation');
    expect(federationEndpoint(AWS, 'http://127.0.0.1:8080/federation').href).toBe('http://127.0.0.1:8080/federation');
    for (const bad of ['http://example.com/federation', 'http://10.0.0.1/', 'ftp://127.0.0.1/', 'https://a/?x=1', 'nonsense']) {
      expect(() => federationEndpoint(AWS, bad)).toThrow(UsageError);
    }
  });

  test.each<[string, boolean]>([
    ['127.0.0.1', true],
    ['127.1.2.3', true],
    ['[::1]', true],
    ['localhost', true],
    ['128.0.0.1', false],
    ['127.0.0.1.example', false],
    ['localhost.example', false],
  ])('loopback %s: %s', (host, expected) => {
    expect(isLoopbackHost(host)).toBe(expected);
  });

  test('getSigninToken carries the session as JSON, and SessionDuration only when given', () => {
    const endpoint = new URL('https://signin.aws.amazon.com/federation');
    const plain = signinTokenRequest(endpoint, SESSION, undefined);
    expect([...plain.searchParams.keys()]).toEqual(['Action', 'Session']);
    expect(JSON.parse(plain.searchParams.get('Session') ?? '')).toEqual({
      sessionId: 'ASIAKEY',
      sessionKey: 'secret/key+=',
      sessionToken: 'token&more',
    });
    expect(signinTokenRequest(endpoint, SESSION, 3600).searchParams.get('SessionDuration')).toBe('3600');
    expect(endpoint.search).toBe('');
  });

  test('the login URL holds the token and the destination, encoded', () => {
    const url = new URL(
      loginUrl(new URL('https://signin.aws.amazon.com/federation'), 'tok+en', 'https://console.aws.amazon.com/s3/home?region=eu-west-1'),
    );
    expect(Object.fromEntries(url.searchParams)).toEqual({
      Action: 'login',
      Destination: 'https://console.aws.amazon.com/s3/home?region=eu-west-1',
      SigninToken: 'tok+en',
    });
  });
});

describe('console session length', () => {
  test.each<[string | undefined, number | undefined]>([
    [undefined, undefined],
    ['15m', 900],
    ['12h', 43200],
  ])('--console-duration %s -> %s', (text, seconds) => {
    expect(parseConsoleDuration(text)).toBe(seconds);
  });

  test.each(['899', '12h1s' /* not a duration */, '43201'])('--console-duration %s is refused', (text) => {
    expect(() => parseConsoleDuration(text)).toThrow(UsageError);
  });

  test.each<[number | undefined, boolean | undefined, number | undefined]>([
    [3600, false, 3600],
    [3600, true, undefined],
    [3600, undefined, undefined],
    [undefined, false, undefined],
  ])('asked %s, chained %s: sends %s', (requested, chained, sent) => {
    expect(sessionDurationToSend(requested, chained)).toBe(sent);
  });

  test('a console bound to a session with under 5 minutes left is refused', () => {
    const now = Date.parse('2026-11-25T09:00:00Z');
    expect(() => checkLongEnough(undefined, now + 4 * 60_000, now, ROLE)).toThrow(StsRefreshError);
    expect(() => checkLongEnough(undefined, now + 5 * 60_000, now, ROLE)).not.toThrow();
    expect(() => checkLongEnough(3600, now + 60_000, now, ROLE)).not.toThrow();
  });

  const NOW = Date.parse('2026-11-25T09:00:00Z');
  const base: ConsoleOutcome = {
    roleArn: 'arn:aws:iam::123456789012:role/team/Prod',
    accountId: '123456789012',
    region: 'eu-west-1',
    requested: undefined,
    sent: undefined,
    chained: false,
    refused: false,
    expiresMs: NOW + 42 * 60_000,
    nowMs: NOW,
    printed: false,
  };
  test.each<[Partial<ConsoleOutcome>, string]>([
    [{ requested: 28800, sent: 28800 }, 'Opened the console as Prod (account 123456789012) in eu-west-1 for 8 h.\n'],
    [{}, 'for 42 min, until 09:42 UTC, when the role session ends (--console-duration asks for up to 12 h).\n'],
    [{ chained: true }, 'for 42 min, until 09:42 UTC, when the role session ends.\n'],
    [{ chained: true, requested: 28800 }, '(AWS allows no --console-duration for a role assumed with temporary credentials'],
    [{ chained: undefined, requested: 28800 }, '(--console-duration needs a session made by this version'],
    [{ requested: 5400, refused: true }, '(the federation endpoint refused a 90 min console session).\n'],
    [{ printed: true, region: undefined }, 'The URL signs in to the console as Prod (account 123456789012) for 42 min'],
    [{ printed: true }, '; use it within 15 minutes, and share it with no one: it is the session.\n'],
  ])('%j says %s', (outcome, text) => {
    expect(describeConsole({ ...base, ...outcome })).toContain(text);
  });
});

describe('fetchSigninToken', () => {
  const endpoint = new URL('http://127.0.0.1:9/federation');
  const run = (answers: Array<HttpAnswer | Error>, sessionDuration?: number) => {
    const asked: URL[] = [];
    const get = async (url: URL) => {
      asked.push(url);
      const answer = answers.shift();
      if (answer instanceof Error || answer === undefined) throw answer ?? new Error('no more answers');
      return answer;
    };
    return { asked, result: fetchSigninToken({ get, endpoint, session: SESSION, sessionDuration, roleArn: ROLE }) };
  };
  const ok = (token: string): HttpAnswer => ({ status: 200, body: JSON.stringify({ SigninToken: token }) });

  test('the token, and the duration it was issued for', async () => {
    const { result, asked } = run([ok('T1')], 3600);
    await expect(result).resolves.toEqual({ token: 'T1', sent: 3600, refused: false });
    expect(asked).toHaveLength(1);
  });

  test('a 400 to a SessionDuration is asked once more without it', async () => {
    const { result, asked } = run([{ status: 400, body: '<html>' }, ok('T2')], 3600);
    await expect(result).resolves.toEqual({ token: 'T2', sent: undefined, refused: true });
    expect(asked.map((u) => u.searchParams.get('SessionDuration'))).toEqual(['3600', null]);
  });

  test.each<[string, Array<HttpAnswer | Error>, RegExp]>([
    ['a 400', [{ status: 400, body: '' }], /refused the session of .*role\/Prod \(HTTP 400\); .*sts-refresh cache clear --role/],
    [
      'a 400 after the retry',
      [
        { status: 400, body: '' },
        { status: 400, body: '' },
      ],
      /\(HTTP 400\)/,
    ],
    ['a 503', [{ status: 503, body: '' }], /answered HTTP 503/],
    ['no token', [{ status: 200, body: '{}' }], /answered without a sign-in token/],
    ['not JSON', [{ status: 200, body: '<html>' }], /answered without a sign-in token/],
    ['a network error', [Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' })], /could not reach .*: ECONNREFUSED/],
  ])('%s is an error naming the endpoint, never the request URL', async (_name, answers, message) => {
    const { result } = run(answers);
    const error = (await result.catch((e: unknown) => e)) as StsRefreshError;
    expect(error).toBeInstanceOf(StsRefreshError);
    expect(`${error.message}; ${error.hint ?? ''}`).toMatch(message);
    expect(`${error.message} ${error.hint ?? ''}`).not.toContain('secret');
    expect(error.message).toContain('http://127.0.0.1:9/federation');
  });

  test('a 400 without a SessionDuration is not asked again', async () => {
    const { result, asked } = run([{ status: 400, body: '' }, ok('T')]);
    await expect(result).rejects.toThrow(/HTTP 400/);
    expect(asked).toHaveLength(1);
  });
});

describe('openerFor', () => {
  test.each<[NodeJS.Platform, NodeJS.ProcessEnv, { command: string; args: string[] }]>([
    ['linux', {}, { command: 'xdg-open', args: [] }],
    ['freebsd', {}, { command: 'xdg-open', args: [] }],
    ['darwin', {}, { command: 'open', args: [] }],
    // Not cmd's start, which cuts the URL at its first &.
    ['win32', { SystemRoot: 'D:\\Win' }, { command: join('D:\\Win', 'System32', 'rundll32.exe'), args: ['url.dll,FileProtocolHandler'] }],
  ])('%s', (platform, env, opener) => {
    expect(openerFor(platform, env)).toEqual(opener);
  });
});

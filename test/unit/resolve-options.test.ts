import { defaultSessionName, resolveOptions, type RequestArgs, type ResolveContext } from '../../src/core/request/resolve-options';
import { validateOptions } from '../../src/core/request/options-schema';
import { UsageError } from '../../src/core/errors';

const ROLE = 'arn:aws:iam::123456789012:role/Prod';

function context(env: NodeJS.ProcessEnv = {}): ResolveContext {
  return { env, userName: 'alice', defaultCacheDir: () => '/home/alice/.cache/sts-refresh' };
}

const resolve = (args: RequestArgs, ctx = context()) => resolveOptions({ role: ROLE, ...args }, ctx);

describe('resolveOptions defaults', () => {
  test('documented defaults', async () => {
    const options = await resolve({});
    expect(options).toEqual({
      request: { roleArn: ROLE, sourceProfile: 'default', sessionName: 'sts-refresh-alice', durationSeconds: 3600 },
      mfa: {},
      cache: { dir: '/home/alice/.cache/sts-refresh', refreshWindowSeconds: 1200 },
      timeoutSeconds: 30,
    });
  });

  test('--role is required', async () => {
    expect(() => resolveOptions({}, context())).toThrow(UsageError);
  });

  test.each<[string, RequestArgs, NodeJS.ProcessEnv, string | undefined]>([
    ['--region wins', { region: 'eu-west-1' }, { AWS_REGION: 'us-west-2' }, 'eu-west-1'],
    ['AWS_REGION next', {}, { AWS_REGION: 'us-west-2', AWS_DEFAULT_REGION: 'eu-north-1' }, 'us-west-2'],
    ['AWS_DEFAULT_REGION next', {}, { AWS_DEFAULT_REGION: 'eu-north-1' }, 'eu-north-1'],
    // Left open: the source profile's region (else us-east-1) is read on a miss only.
    ['otherwise left to the source profile', {}, {}, undefined],
    ['an empty AWS_REGION is ignored', {}, { AWS_REGION: ' ' }, undefined],
  ])('region: %s', (_name, args, env, expected) => {
    expect(resolve(args, context(env)).request.region).toBe(expected);
  });

  test.each<[string, RequestArgs, NodeJS.ProcessEnv, string | undefined]>([
    ['--endpoint-url wins', { 'endpoint-url': 'http://127.0.0.1:1' }, { AWS_ENDPOINT_URL_STS: 'http://a' }, 'http://127.0.0.1:1'],
    ['AWS_ENDPOINT_URL_STS next', {}, { AWS_ENDPOINT_URL_STS: 'http://a', AWS_ENDPOINT_URL: 'http://b' }, 'http://a'],
    ['AWS_ENDPOINT_URL next', {}, { AWS_ENDPOINT_URL: 'http://b' }, 'http://b'],
    [
      'ignored when AWS_IGNORE_CONFIGURED_ENDPOINT_URLS',
      {},
      { AWS_ENDPOINT_URL: 'http://b', AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: 'true' },
      undefined,
    ],
    ['regional otherwise', {}, {}, undefined],
    [
      'an empty AWS_ENDPOINT_URL_STS is skipped, as the SDK skips it',
      {},
      { AWS_ENDPOINT_URL_STS: '', AWS_ENDPOINT_URL: 'http://b' },
      'http://b',
    ],
    [
      'a blank one does not matter with AWS_IGNORE_CONFIGURED_ENDPOINT_URLS',
      {},
      { AWS_ENDPOINT_URL_STS: ' ', AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: 'true' },
      undefined,
    ],
  ])('endpoint: %s', (_name, args, env, expected) => {
    expect(resolve(args, context(env)).request.endpoint).toBe(expected);
  });

  test.each([['AWS_ENDPOINT_URL_STS'], ['AWS_ENDPOINT_URL']])('a blank %s is a usage error naming it', (name) => {
    expect(() => resolve({}, context({ [name]: '  ' }))).toThrow(new RegExp(`^${name} is set but blank`));
  });

  test('cache dir: --cache-dir, then STS_REFRESH_CACHE_DIR, then env-paths; --no-cache has none', async () => {
    expect(resolve({ 'cache-dir': '/x' }, context({ STS_REFRESH_CACHE_DIR: '/y' })).cache.dir).toBe('/x');
    expect(resolve({}, context({ STS_REFRESH_CACHE_DIR: '/y' })).cache.dir).toBe('/y');
    expect(resolve({ 'no-cache': true }, context({ STS_REFRESH_CACHE_DIR: '/y' })).cache.dir).toBeUndefined();
  });

  test.each<[string, RequestArgs, NodeJS.ProcessEnv, RegExp]>([
    ['--cache-dir', { 'cache-dir': 'cache' }, {}, /^--cache-dir must be an absolute path \(got 'cache'\)/],
    ['--cache-dir ./', { 'cache-dir': './x' }, { STS_REFRESH_CACHE_DIR: '/y' }, /^--cache-dir must be an absolute path/],
    ['STS_REFRESH_CACHE_DIR', {}, { STS_REFRESH_CACHE_DIR: 'x/y' }, /^STS_REFRESH_CACHE_DIR must be an absolute path \(got 'x\/y'\)/],
  ])('a relative cache dir from %s is a usage error', (_name, args, env, message) => {
    expect(() => resolve(args, context(env))).toThrow(UsageError);
    expect(() => resolve(args, context(env))).toThrow(message);
  });

  test('a relative dir is not looked at with --no-cache, and an empty --cache-dir is left to validation', () => {
    expect(resolve({ 'no-cache': true, 'cache-dir': 'x' }).cache.dir).toBeUndefined();
    expect(resolve({ 'cache-dir': '' }).cache.dir).toBe('');
  });

  test('durations accept units', async () => {
    const options = await resolve({ duration: '2h', 'refresh-window': '5m', timeout: '10s' });
    expect([options.request.durationSeconds, options.cache.refreshWindowSeconds, options.timeoutSeconds]).toEqual([7200, 300, 10]);
  });
});

describe('defaultSessionName', () => {
  test.each([
    ['alice', 'sts-refresh-alice'],
    ['DOMAIN\\bob smith', 'sts-refresh-DOMAIN-bob-smith'],
    ['', 'sts-refresh-user'],
    ['x'.repeat(100), `sts-refresh-${'x'.repeat(52)}`],
  ])('%p -> %p', (login, expected) => {
    expect(defaultSessionName(login)).toBe(expected);
  });
});

describe('validateOptions', () => {
  const valid = async (args: RequestArgs) => validateOptions(resolve(args));

  test.each<[RequestArgs]>([
    [{}],
    [{ role: 'arn:aws-cn:iam::123456789012:role/path/to/Role' }],
    [{ role: 'arn:aws-us-gov:iam::123456789012:role/R+=,.@-_' }],
    [{ duration: '900' }],
    [{ duration: '12h' }],
    [{ 'external-id': 'ab' }],
    [{ 'external-id': 'x:y/z=1,2.3@4-5_6+' }],
    [{ 'session-name': 'a.b@c=d,e+f-g_h' }],
    [{ 'endpoint-url': 'https://sts.eu-west-1.amazonaws.com' }],
    [{ region: 'us-gov-west-1' }],
  ])('accepts %j', async (args) => {
    await expect(valid(args)).resolves.toBeDefined();
  });

  test.each<[RequestArgs, RegExp]>([
    [{ role: 'Prod' }, /^--role must be an IAM role ARN/],
    [{ role: 'arn:aws:iam::12345:role/x' }, /--role/],
    [{ role: 'arn:aws:iam::123456789012:user/x' }, /--role/],
    [{ 'session-name': 'a' }, /^--session-name must be 2 to 64/],
    [{ 'session-name': 'has space' }, /--session-name/],
    [{ 'session-name': 'x'.repeat(65) }, /--session-name/],
    [{ duration: '899' }, /^--duration must be at least 900/],
    [{ duration: '43201' }, /^--duration must be at most 43200/],
    [{ 'external-id': 'a' }, /^--external-id/],
    [{ 'external-id': 'bad id!' }, /--external-id/],
    [{ 'external-id': 'x'.repeat(1225) }, /--external-id/],
    [{ 'endpoint-url': 'not a url' }, /^--endpoint-url must be an http\(s\) URL/],
    [{ 'endpoint-url': 'ftp://x' }, /--endpoint-url/],
    [{ region: 'US_EAST' }, /^--region/],
    [{ 'source-profile': 'a b' }, /^--source-profile/],
    [{ timeout: '0' }, /^--timeout/],
  ])('rejects %j with a usage error', async (args, message) => {
    const attempt = valid(args);
    await expect(attempt).rejects.toThrow(UsageError);
    await expect(valid(args)).rejects.toThrow(message);
  });
});

describe('resolveOptions MFA options', () => {
  const SERIAL = 'arn:aws:iam::123456789012:mfa/alice';

  test('--mfa-serial joins the request (and so the cache key); --mfa-command and --mfa-duration are kept', () => {
    const options = resolve({ 'mfa-serial': SERIAL, 'mfa-command': 'ykman oath accounts code -s aws', 'mfa-duration': '36h' });
    expect(options.request.mfaSerial).toBe(SERIAL);
    expect(options.mfa).toEqual({ durationSeconds: 129600, command: 'ykman oath accounts code -s aws' });
  });

  test.each<[string, RequestArgs, RegExp]>([
    ['a serial too short', { 'mfa-serial': 'abc' }, /^--mfa-serial must be an MFA device ARN/],
    ['an MFA session too long', { 'mfa-serial': SERIAL, 'mfa-duration': '37h' }, /^--mfa-duration must be at most 129600/],
    ['an MFA session too short', { 'mfa-serial': SERIAL, 'mfa-duration': '10m' }, /^--mfa-duration must be at least 900/],
    ['an empty command', { 'mfa-serial': SERIAL, 'mfa-command': '' }, /^--mfa-command must not be empty/],
  ])('validation: %s', (_name, args, message) => {
    expect(() => validateOptions(resolve(args))).toThrow(message);
  });
});

import {
  defaultSessionName,
  resolveOptions,
  type ProfileSettings,
  type RequestArgs,
  type ResolveContext,
} from '../../src/core/resolve-options';
import { validateOptions } from '../../src/core/options-schema';
import { UsageError } from '../../src/errors';

const ROLE = 'arn:aws:iam::123456789012:role/Prod';

function context(
  env: NodeJS.ProcessEnv = {},
  profileRegions: Record<string, string> = {},
  profiles: Record<string, ProfileSettings> = {},
): ResolveContext & { lookups: string[] } {
  const lookups: string[] = [];
  return {
    env,
    userName: 'alice',
    lookups,
    readProfile: async (profile) => {
      lookups.push(profile);
      const region = profileRegions[profile];
      return { ...profiles[profile], ...(region !== undefined && { region }) };
    },
    defaultCacheDir: () => '/home/alice/.cache/sts-refresh',
  };
}

const resolve = (args: RequestArgs, ctx = context()) => resolveOptions({ role: ROLE, ...args }, ctx);

describe('resolveOptions defaults', () => {
  test('documented defaults', async () => {
    const options = await resolve({});
    expect(options).toEqual({
      request: { roleArn: ROLE, sourceProfile: 'default', sessionName: 'sts-refresh-alice', durationSeconds: 3600, region: 'us-east-1' },
      cache: { dir: '/home/alice/.cache/sts-refresh', refreshWindowSeconds: 1200 },
      timeoutSeconds: 30,
    });
  });

  test('--role is required', async () => {
    await expect(resolveOptions({}, context())).rejects.toThrow(UsageError);
  });

  test.each<[string, RequestArgs, NodeJS.ProcessEnv, Record<string, string>, string]>([
    ['--region wins', { region: 'eu-west-1' }, { AWS_REGION: 'us-west-2' }, { default: 'ap-south-1' }, 'eu-west-1'],
    ['AWS_REGION next', {}, { AWS_REGION: 'us-west-2', AWS_DEFAULT_REGION: 'eu-north-1' }, { default: 'ap-south-1' }, 'us-west-2'],
    ['AWS_DEFAULT_REGION next', {}, { AWS_DEFAULT_REGION: 'eu-north-1' }, { default: 'ap-south-1' }, 'eu-north-1'],
    ['then the source profile region', { 'source-profile': 'user1' }, {}, { user1: 'ap-south-1' }, 'ap-south-1'],
    ['then us-east-1', {}, {}, {}, 'us-east-1'],
    ['an empty AWS_REGION is ignored', {}, { AWS_REGION: '' }, { default: 'ca-central-1' }, 'ca-central-1'],
  ])('region: %s', async (_name, args, env, regions, expected) => {
    expect((await resolve(args, context(env, regions))).request.region).toBe(expected);
  });

  test('the source profile is read once, even when the region is known: its mfa_serial and role_arn matter too', async () => {
    const ctx = context({ AWS_REGION: 'us-west-2' });
    await resolve({}, ctx);
    expect(ctx.lookups).toEqual(['default']);
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
  ])('endpoint: %s', async (_name, args, env, expected) => {
    expect((await resolve(args, context(env))).request.endpoint).toBe(expected);
  });

  test('cache dir: --cache-dir, then STS_REFRESH_CACHE_DIR, then env-paths; --no-cache has none', async () => {
    expect((await resolve({ 'cache-dir': '/x' }, context({ STS_REFRESH_CACHE_DIR: '/y' }))).cache.dir).toBe('/x');
    expect((await resolve({}, context({ STS_REFRESH_CACHE_DIR: '/y' }))).cache.dir).toBe('/y');
    expect((await resolve({ 'no-cache': true }, context({ STS_REFRESH_CACHE_DIR: '/y' }))).cache.dir).toBeUndefined();
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
  const valid = async (args: RequestArgs) => validateOptions(await resolve(args));

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

describe('resolveOptions MFA and role chains', () => {
  const SERIAL = 'arn:aws:iam::123456789012:mfa/alice';
  const keys = (settings: ProfileSettings = {}) => context({}, {}, { default: settings });

  test('no serial, no MFA', async () => {
    const options = await resolve({});
    expect(options.request.mfaSerial).toBeUndefined();
    expect(options.mfa).toBeUndefined();
  });

  test('--mfa-serial gives an 8 h MFA session by default and joins the request', async () => {
    const options = await resolve({ 'mfa-serial': SERIAL });
    expect(options.request.mfaSerial).toBe(SERIAL);
    expect(options.mfa).toEqual({ durationSeconds: 28800 });
  });

  test("the source profile's mfa_serial is used without the flag, and the flag wins over it", async () => {
    expect((await resolve({}, keys({ mfaSerial: SERIAL }))).request.mfaSerial).toBe(SERIAL);
    expect((await resolve({ 'mfa-serial': 'GAHT12345678' }, keys({ mfaSerial: SERIAL }))).request.mfaSerial).toBe('GAHT12345678');
  });

  test('--mfa-command and --mfa-duration are kept', async () => {
    const options = await resolve({ 'mfa-serial': SERIAL, 'mfa-command': 'ykman oath accounts code -s aws', 'mfa-duration': '36h' });
    expect(options.mfa).toEqual({ durationSeconds: 129600, command: 'ykman oath accounts code -s aws' });
  });

  test.each<[string, RequestArgs]>([
    ['--mfa-command', { 'mfa-command': 'echo 123456' }],
    ['--mfa-duration', { 'mfa-duration': '12h' }],
  ])('%s without a device is a usage error', async (option, args) => {
    await expect(resolve(args)).rejects.toThrow(new RegExp(`^${option} needs an MFA device`));
  });

  test('a chained source profile (role_arn) keeps a duration of 1h or less', async () => {
    const chained = keys({ roleArn: 'arn:aws:iam::123456789012:role/Hop' });
    expect((await resolve({}, chained)).request.durationSeconds).toBe(3600);
    expect((await resolve({ duration: '30m' }, chained)).request.durationSeconds).toBe(1800);
  });

  test('a chained source profile with --duration over 1h is a usage error, before any network', async () => {
    const chained = keys({ roleArn: 'arn:aws:iam::123456789012:role/Hop' });
    const error = await resolve({ duration: '2h' }, chained).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).toMatch(/role chaining\) at 1 hour/);
  });

  test("a role profile's own mfa_serial is left to the SDK, and --mfa-serial on it is a usage error", async () => {
    const roleWithMfa = keys({ roleArn: 'arn:aws:iam::123456789012:role/Hop', mfaSerial: SERIAL });
    expect((await resolve({}, roleWithMfa)).request.mfaSerial).toBeUndefined();
    await expect(resolve({ 'mfa-serial': SERIAL }, roleWithMfa)).rejects.toThrow(/GetSessionToken/);
  });

  test.each<[string, RequestArgs, RegExp]>([
    ['a serial too short', { 'mfa-serial': 'abc' }, /^--mfa-serial must be an MFA device ARN/],
    ['an MFA session too long', { 'mfa-serial': SERIAL, 'mfa-duration': '37h' }, /^--mfa-duration must be at most 129600/],
    ['an MFA session too short', { 'mfa-serial': SERIAL, 'mfa-duration': '10m' }, /^--mfa-duration must be at least 900/],
    ['an empty command', { 'mfa-serial': SERIAL, 'mfa-command': '' }, /^--mfa-command must not be empty/],
  ])('validation: %s', async (_name, args, message) => {
    const options = await resolve(args);
    expect(() => validateOptions(options)).toThrow(message);
  });
});

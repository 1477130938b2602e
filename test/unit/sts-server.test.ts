// The SDK's notice about its future Node requirement would only add noise to the test output.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

import {
  AssumeRoleCommand,
  AssumeRoleWithWebIdentityCommand,
  GetCallerIdentityCommand,
  GetSessionTokenCommand,
  STSClient,
  type STSServiceException,
} from '@aws-sdk/client-sts';
import { startStsServer, type StsServer } from '../support/sts-server';

const ROLE_ARN = 'arn:aws:iam::210987654321:role/team/deployer';

// Proves the fake speaks the wire format the real SDK expects, so tests built on it mean something.
describe('fake STS server against @aws-sdk/client-sts', () => {
  let server: StsServer;
  let client: STSClient;
  let lastHeaders: Record<string, string> = {};

  const makeClient = (accessKeyId = 'AKIAXXX', secretAccessKey = 's', sessionToken?: string) => {
    const c = new STSClient({
      region: 'us-east-1',
      endpoint: server.url,
      credentials: { accessKeyId, secretAccessKey, ...(sessionToken ? { sessionToken } : {}) },
      maxAttempts: 1,
    });
    c.middlewareStack.add(
      (next) => async (args) => {
        const out = await next(args);
        lastHeaders = (out.response as { headers: Record<string, string> }).headers;
        return out;
      },
      { step: 'build' },
    );
    return c;
  };
  const assumeRole = (extra: Partial<{ DurationSeconds: number; SerialNumber: string; TokenCode: string }> = {}) =>
    client.send(new AssumeRoleCommand({ RoleArn: ROLE_ARN, RoleSessionName: 'sts-refresh-test', ...extra }));
  const failure = (p: Promise<unknown>) =>
    p.then(
      () => {
        throw new Error('expected the call to fail');
      },
      (e: STSServiceException) => e,
    );

  beforeAll(async () => {
    server = await startStsServer();
    client = makeClient();
  });
  afterEach(() => server.reset());
  afterAll(async () => {
    client.destroy();
    await server.close();
  });

  it('AssumeRole returns parsed credentials and the assumed-role user', async () => {
    const before = Date.now();
    const out = await assumeRole({ DurationSeconds: 900 });
    const c = out.Credentials!;
    expect(c.AccessKeyId).toMatch(/^ASIA[A-Z0-9]{16}$/);
    expect(c.SecretAccessKey).toHaveLength(40);
    expect(c.SessionToken!.length).toBeGreaterThan(100);
    expect(c.Expiration).toBeInstanceOf(Date);
    expect(c.Expiration!.getTime()).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000 + 900_000);
    expect(c.Expiration!.getTime()).toBeLessThanOrEqual(Date.now() + 900_000);
    expect(out.AssumedRoleUser?.Arn).toBe('arn:aws:sts::210987654321:assumed-role/deployer/sts-refresh-test');
    expect(out.AssumedRoleUser?.AssumedRoleId).toMatch(/^AROA[A-Z0-9]+:sts-refresh-test$/);
    expect(server.issued).toContainEqual(expect.objectContaining({ SecretAccessKey: c.SecretAccessKey }));
    expect(server.calls[0]).toMatchObject({
      action: 'AssumeRole',
      accessKeyId: 'AKIAXXX',
      params: { RoleArn: ROLE_ARN, DurationSeconds: '900' },
    });
  });

  it('GetSessionToken defaults to 12 hours and GetCallerIdentity knows who holds issued keys', async () => {
    const session = await client.send(new GetSessionTokenCommand({}));
    expect(session.Credentials!.Expiration!.getTime() - Date.now()).toBeGreaterThan(43_000_000);
    expect(await client.send(new GetCallerIdentityCommand({}))).toMatchObject({
      Arn: 'arn:aws:iam::123456789012:user/alice',
      Account: '123456789012',
    });

    const c = (await assumeRole()).Credentials!;
    const assumed = makeClient(c.AccessKeyId, c.SecretAccessKey, c.SessionToken);
    const id = await assumed.send(new GetCallerIdentityCommand({}));
    assumed.destroy();
    expect(id).toMatchObject({ Arn: 'arn:aws:sts::210987654321:assumed-role/deployer/sts-refresh-test', Account: '210987654321' });
    expect(server.count('GetCallerIdentity')).toBe(2);
    expect(server.count()).toBe(4);
  });

  it('surfaces injected and validation errors as the SDK would see them from STS', async () => {
    server.inject({ code: 'AccessDenied', times: 1 });
    const denied = await failure(assumeRole());
    expect(denied.name).toBe('AccessDenied');
    expect(denied.$metadata.httpStatusCode).toBe(403);
    expect(denied.message).toContain(`on resource: ${ROLE_ARN}`);

    server.inject({ action: 'AssumeRole', status: 503, times: 1 });
    const unavailable = await failure(assumeRole());
    expect(unavailable.$metadata.httpStatusCode).toBe(503);
    expect(unavailable.$fault).toBe('server');

    const invalid = await failure(assumeRole({ DurationSeconds: 100 }));
    expect(invalid.name).toBe('ValidationError');
    expect(invalid.$metadata.httpStatusCode).toBe(400);

    server.expectedTokenCode = '123456';
    const mfa = await failure(assumeRole({ SerialNumber: 'arn:aws:iam::123456789012:mfa/alice', TokenCode: '654321' }));
    expect(mfa.name).toBe('AccessDenied');
    expect(mfa.message).toMatch(/invalid MFA one time pass code/);

    expect(server.count('AssumeRole')).toBe(4);
    await expect(assumeRole()).resolves.toBeDefined(); // faults with `times` are used up
  });

  it('holds an answer back, drops connections and sends a skewed Date header', async () => {
    // A delayed answer is held back: a call made after it is answered first. The later call goes
    // through another client, as one SDK client here sent its second call only after the first's answer.
    server.inject({ latencyMs: 60_000, times: 1 });
    const held = new AbortController();
    const slow = client.send(new GetCallerIdentityCommand({}), { abortSignal: held.signal });
    let slowSettled = false;
    slow.then(
      () => (slowSettled = true),
      () => (slowSettled = true),
    );
    await makeClient().send(new GetCallerIdentityCommand({}));
    expect(slowSettled).toBe(false);
    held.abort();
    await expect(slow).rejects.toThrow();

    server.inject({ drop: true, times: 1 });
    await expect(client.send(new GetCallerIdentityCommand({}))).rejects.toThrow();

    server.inject({ malformed: 'bad-xml', times: 1 });
    await expect(assumeRole()).rejects.toThrow();

    server.durationOverrideSeconds = 1203;
    const beforeShort = Date.now();
    const short = await assumeRole();
    expectBetween(short.Credentials!.Expiration!.getTime() - 1203_000, Math.floor(beforeShort / 1000) * 1000, Date.now());
    server.reset();
    expect(server.issued).toHaveLength(0);
    expect(server.durationOverrideSeconds).toBeUndefined();

    server.clockSkewMs = -3 * 3600_000;
    const beforeSkewed = Date.now();
    const out = await assumeRole();
    const afterSkewed = Date.now();
    // The Date header has whole seconds.
    expectBetween(Date.parse(lastHeaders['date'] ?? '') + 3 * 3600_000, Math.floor(beforeSkewed / 1000) * 1000, afterSkewed);
    expect(lastHeaders['x-amzn-requestid']).toMatch(/^[0-9a-f-]{36}$/);
    expectBetween(out.Credentials!.Expiration!.getTime() + 2 * 3600_000, Math.floor(beforeSkewed / 1000) * 1000, afterSkewed);
  });

  test('AssumeRoleWithWebIdentity is answered unsigned, and a missing token is a ValidationError', async () => {
    const unsigned = new STSClient({ region: 'us-east-1', endpoint: server.url, maxAttempts: 1 });
    const input = { RoleArn: ROLE_ARN, RoleSessionName: 'web-session', WebIdentityToken: 'a.b.c' };
    const out = await unsigned.send(new AssumeRoleWithWebIdentityCommand(input));
    expect(out.Credentials?.AccessKeyId).toBe(server.issued.at(-1)?.AccessKeyId);
    expect(out.AssumedRoleUser?.Arn).toBe('arn:aws:sts::210987654321:assumed-role/deployer/web-session');
    expect(server.calls.at(-1)).toMatchObject({ action: 'AssumeRoleWithWebIdentity', params: { WebIdentityToken: 'a.b.c' } });
    expect(server.calls.at(-1)?.accessKeyId).toBeUndefined();
    const error = await failure(unsigned.send(new AssumeRoleWithWebIdentityCommand({ ...input, WebIdentityToken: '' })));
    expect(error.name).toBe('ValidationError');
  });
});

/** `value` lies in [low, high]: bracketing a call by the clock before and after it holds on any load. */
function expectBetween(value: number, low: number, high: number): void {
  expect(value).toBeGreaterThanOrEqual(low);
  expect(value).toBeLessThanOrEqual(high);
}

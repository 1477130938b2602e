import { startStsServer } from '../support/sts-server';
import { useLoopbackSts, expectCredentials, expectNoSecretsOnStderr, ROLE } from '../support/cli-env';

const sts = useLoopbackSts();
const cli = sts.cli;

const setMinutesLeft = (minutes: number) => cli.setMinutesLeft(minutes);

describe('refresh before expiry', () => {
  test('an entry with more than the 20-minute window left is served; inside it, it is renewed', async () => {
    expectCredentials(await cli.run(['--role', ROLE]));
    setMinutesLeft(21);
    expectCredentials(await cli.run(['--role', ROLE]));
    expect(sts.server.count('AssumeRole')).toBe(1);
    setMinutesLeft(19);
    const renewed = expectCredentials(await cli.run(['--role', ROLE]));
    expect(sts.server.count('AssumeRole')).toBe(2);
    expect(Date.parse(renewed.Expiration) - Date.now()).toBeGreaterThan(50 * 60_000);
  });

  test('the AWS CLI never receives credentials with 15 minutes or less left', async () => {
    expectCredentials(await cli.run(['--role', ROLE]));
    for (const minutes of [15, 10, 1, -5]) {
      setMinutesLeft(minutes);
      const json = expectCredentials(await cli.run(['--role', ROLE]));
      expect(Date.parse(json.Expiration) - Date.now()).toBeGreaterThan(20 * 60_000);
    }
    expect(sts.server.count('AssumeRole')).toBe(5);
  });

  test('--refresh-window changes the window', async () => {
    expectCredentials(await cli.run(['--role', ROLE, '--refresh-window', '5m']));
    setMinutesLeft(10);
    expectCredentials(await cli.run(['--role', ROLE, '--refresh-window', '5m']));
    expect(sts.server.count('AssumeRole')).toBe(1);
  });

  test('a short session uses half its duration as window', async () => {
    expectCredentials(await cli.run(['--role', ROLE, '--duration', '15m']));
    setMinutesLeft(8);
    expectCredentials(await cli.run(['--role', ROLE, '--duration', '15m']));
    expect(sts.server.count('AssumeRole')).toBe(1);
    setMinutesLeft(7);
    expectCredentials(await cli.run(['--role', ROLE, '--duration', '15m']));
    expect(sts.server.count('AssumeRole')).toBe(2);
  });
});

describe("STS's clock", () => {
  test("remaining time is judged by STS's clock, and a skew over 5 minutes is reported", async () => {
    // STS is 10 minutes ahead and issues 15-minute sessions: by our clock 25 minutes remain,
    // by STS's only 15, inside the window, so every call must renew.
    sts.server.clockSkewMs = 10 * 60_000;
    sts.server.durationOverrideSeconds = 15 * 60;
    const first = await cli.run(['--role', ROLE]);
    expectCredentials(first);
    expect(first.stderr).toMatch(/^sts-refresh: warning: this machine's clock is 10 minutes off STS's/);
    expectCredentials(await cli.run(['--role', ROLE]));
    expect(sts.server.count('AssumeRole')).toBe(2);
  });

  test('a small skew is recorded without a warning', async () => {
    sts.server.clockSkewMs = 90_000;
    const result = await cli.run(['print', '--role', ROLE]);
    expect(result.exitCode).toBe(0);
    expect(result.stderr).toBe('');
    expect(result.stdout).toMatch(/clock offset:\s+\+(89|90|91)\.\d s/);
  });
});

describe('outage', () => {
  test('a refresh that fails on an outage serves the unexpired cached entry with a warning', async () => {
    const cached = expectCredentials(await cli.run(['--role', ROLE]));
    setMinutesLeft(10);
    sts.server.inject({ status: 503, code: 'ServiceUnavailable' });
    const result = await cli.run(['--role', ROLE]);
    expect(expectCredentials(result).AccessKeyId).toBe(cached.AccessKeyId);
    expect(result.stderr).toMatch(/^sts-refresh: warning: STS failed with HTTP 503.*serving the cached credentials/);
    expectNoSecretsOnStderr(result, sts.server);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
  });

  test.each<[string, () => void]>([
    ['throttling', () => sts.server.inject({ status: 400, code: 'Throttling' })],
    ['a dropped connection', () => sts.server.inject({ drop: true })],
  ])('%s during a refresh is an outage too', async (_name, fault) => {
    const cached = expectCredentials(await cli.run(['--role', ROLE]));
    setMinutesLeft(10);
    fault();
    const result = await cli.run(['--role', ROLE]);
    expect(expectCredentials(result).AccessKeyId).toBe(cached.AccessKeyId);
    expect(result.stderr).toMatch(/warning/);
  });

  test('STS gone (connection refused): the cached entry is served until its last minute, then a clear error', async () => {
    const other = await startStsServer();
    const env = { AWS_ENDPOINT_URL_STS: other.url };
    const cached = expectCredentials(await cli.run(['--role', ROLE], env));
    await other.close();
    setMinutesLeft(10);
    const served = await cli.run(['--role', ROLE], env);
    expect(expectCredentials(served).AccessKeyId).toBe(cached.AccessKeyId);
    expect(served.stderr).toMatch(/^sts-refresh: warning: could not reach STS at .*ECONNREFUSED/);
    setMinutesLeft(0.5);
    const failed = await cli.run(['--role', ROLE], env);
    expect(failed.exitCode).toBe(1);
    expect(failed.stdout).toBe('');
    expect(failed.stderr).toMatch(/^sts-refresh: could not reach STS/);
  });

  test('an AccessDenied refresh is not an outage: no stale credentials', async () => {
    expectCredentials(await cli.run(['--role', ROLE]));
    setMinutesLeft(10);
    sts.server.inject({ status: 403, code: 'AccessDenied' });
    const result = await cli.run(['--role', ROLE]);
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toBe('');
  });
});

import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { useLoopbackSts, expectCredentials, ROLE } from '../support/cli-env';
import { SOURCE_KEY_ID, SOURCE_SECRET } from '../support/temp-home';

const sts = useLoopbackSts();
const cli = sts.cli;

describe('credential-process', () => {
  test('a cold call assumes the role once with the source profile and prints exactly one JSON object', async () => {
    const result = await cli.run(['--role', ROLE]);
    const json = expectCredentials(result);
    expect(result.stderr).toBe('');
    expect(json.AccountId).toBe('123456789012');
    expect(sts.server.count('AssumeRole')).toBe(1);
    const call = sts.server.calls[0];
    expect(call?.accessKeyId).toBe(SOURCE_KEY_ID);
    expect(call?.params).toMatchObject({ RoleArn: ROLE, RoleSessionName: `sts-refresh-tester`, DurationSeconds: '3600' });
    expect(json.AccessKeyId).toBe(sts.server.issued[0]?.AccessKeyId);
    expect(Date.parse(json.Expiration)).toBe(Date.parse(sts.server.issued[0]?.Expiration ?? ''));
  });

  test('the explicit command name works the same', async () => {
    expectCredentials(await cli.run(['credential-process', '--role', ROLE]));
    expect(sts.server.count('AssumeRole')).toBe(1);
  });

  test('a warm call is served from the cache without calling STS', async () => {
    const first = expectCredentials(await cli.run(['--role', ROLE]));
    const second = await cli.run(['--role', ROLE]);
    expect(expectCredentials(second)).toEqual(first);
    expect(second.stdout).toBe(JSON.stringify(first) + '\n');
    expect(sts.server.count('AssumeRole')).toBe(1);
  });

  test('the cache entry lives in STS_REFRESH_CACHE_DIR with a private directory and file', async () => {
    expectCredentials(await cli.run(['--role', ROLE]));
    const files = cli.cacheFiles();
    expect(files).toHaveLength(1);
    expect(statSync(cli.home.cacheDir).mode & 0o777).toBe(0o700);
    expect(statSync(join(cli.home.cacheDir, files[0] ?? '')).mode & 0o777).toBe(0o600);
  });

  test('--cache-dir overrides STS_REFRESH_CACHE_DIR', async () => {
    const dir = join(cli.home.home, 'elsewhere');
    expectCredentials(await cli.run(['--role', ROLE, '--cache-dir', dir]));
    expect(cli.cacheFiles()).toHaveLength(0);
    expect(statSync(dir).isDirectory()).toBe(true);
  });

  test('without an override the cache is ~/.cache/sts-refresh (env-paths)', async () => {
    expectCredentials(await cli.run(['--role', ROLE], { STS_REFRESH_CACHE_DIR: undefined, XDG_CACHE_HOME: undefined }));
    expect(statSync(join(cli.home.home, '.cache', 'sts-refresh')).mode & 0o777).toBe(0o700);
  });

  test('--no-cache neither reads nor writes the cache', async () => {
    expectCredentials(await cli.run(['--role', ROLE, '--no-cache']));
    expectCredentials(await cli.run(['--role', ROLE, '--no-cache']));
    expect(sts.server.count('AssumeRole')).toBe(2);
    expect(cli.cacheFiles()).toHaveLength(0);
  });

  test('options reach STS: session name, duration, external id', async () => {
    expectCredentials(await cli.run(['--role', ROLE, '--session-name', 'ci-job', '--duration', '2h', '--external-id', 'ext-123']));
    expect(sts.server.calls[0]?.params).toMatchObject({ RoleSessionName: 'ci-job', DurationSeconds: '7200', ExternalId: 'ext-123' });
  });

  test('--source-profile picks the profile whose keys sign the request', async () => {
    cli.home.writeCredentials(
      `[default]\naws_access_key_id = AKIADEFAULT000000000\naws_secret_access_key = x\n[user1]\naws_access_key_id = AKIAUSER1AAAAAAAAAAA\naws_secret_access_key = y\n`,
    );
    expectCredentials(await cli.run(['--role', ROLE, '--source-profile', 'user1']));
    expect(sts.server.calls[0]?.accessKeyId).toBe('AKIAUSER1AAAAAAAAAAA');
  });

  test('AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE are honoured, wherever they point', async () => {
    const elsewhere = join(cli.home.home, 'elsewhere');
    mkdirSync(elsewhere);
    writeFileSync(join(elsewhere, 'creds'), `[ops]\naws_access_key_id = AKIAELSEWHERE0000000\naws_secret_access_key = z\n`);
    writeFileSync(join(elsewhere, 'config'), `[profile ops]\nregion = eu-west-3\n`);
    const env = { AWS_CONFIG_FILE: join(elsewhere, 'config'), AWS_SHARED_CREDENTIALS_FILE: join(elsewhere, 'creds') };
    const result = await cli.run(['print', '--role', ROLE, '--source-profile', 'ops'], env);
    expect(result.stdout).toMatch(/region:\s+eu-west-3/);
    expect(sts.server.calls[0]?.accessKeyId).toBe('AKIAELSEWHERE0000000');
  });

  test('requests that differ in any option get separate entries', async () => {
    const a = expectCredentials(await cli.run(['--role', ROLE]));
    const b = expectCredentials(await cli.run(['--role', ROLE, '--external-id', 'other']));
    const c = expectCredentials(await cli.run(['--role', 'arn:aws:iam::123456789012:role/Dev']));
    expect(new Set([a.AccessKeyId, b.AccessKeyId, c.AccessKeyId]).size).toBe(3);
    expect(cli.cacheFiles()).toHaveLength(3);
    expect(expectCredentials(await cli.run(['--role', ROLE]))).toEqual(a);
    expect(sts.server.count('AssumeRole')).toBe(3);
  });

  test.each<[string, (valid: string) => string | Buffer]>([
    ['zero bytes', () => ''],
    ['truncated JSON', (valid) => valid.slice(0, valid.length / 2)],
    ['binary junk', () => Buffer.from([0, 255, 1, 2, 3, 0xfe])],
    ['valid JSON of the wrong shape', () => JSON.stringify({ AccessKeyId: 'x' })],
    ['a future schema version', (valid) => JSON.stringify({ ...JSON.parse(valid), schemaVersion: 99 })],
  ])('a cache entry holding %s is a miss and is rewritten', async (_name, corrupt) => {
    expectCredentials(await cli.run(['--role', ROLE]));
    const file = join(cli.home.cacheDir, cli.cacheFiles()[0] ?? '');
    writeFileSync(file, corrupt(readFileSync(file, 'utf8')));
    const result = await cli.run(['--role', ROLE]);
    const json = expectCredentials(result);
    expect(sts.server.count('AssumeRole')).toBe(2);
    expect(JSON.parse(readFileSync(file, 'utf8')).credentials.AccessKeyId).toBe(json.AccessKeyId);
    expect(expectCredentials(await cli.run(['--role', ROLE]))).toEqual(json);
    expect(sts.server.count('AssumeRole')).toBe(2);
  });

  test('the source secret never appears on stdout or stderr', async () => {
    const result = await cli.run(['--role', ROLE]);
    expect(result.stdout + result.stderr).not.toContain(SOURCE_SECRET);
  });
});

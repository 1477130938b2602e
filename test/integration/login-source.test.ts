// `aws login` (AWS CLI 2.32+) as a source profile: `login_session = ARN` in the profile, 15-minute
// keys with a refresh token and a DPoP key in ~/.aws/login/cache/<sha256 of the ARN>.json. The
// bundled SDK's fromIni resolves it (@aws-sdk/credential-provider-login) and refreshes it through
// Sign-In; these tests fail if a dependency bump leaves that provider out of the bundle.
import { createPublicKey } from 'node:crypto';
import { readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { expectCredentials, expectOneLineError, ROLE, useLoopbackSts } from '../support/cli-env';
import { decompressLayers } from '../support/layers';
import { LOGIN_KEY_ID, LOGIN_SESSION, writeLoginCache, type LoginFile } from '../support/login-cache';
import { CLI_PATH } from '../support/run-cli';
import { startSigninServer, type SigninServer } from '../support/signin-server';

const sts = useLoopbackSts();
const cli = sts.cli;
let signin: SigninServer;
beforeAll(async () => {
  signin = await startSigninServer();
});
afterAll(() => signin.close());
beforeEach(() => signin.reset());

/** An `aws login` profile `dev`, and its session's file with `minutesLeft` on its keys. */
function writeLogin(minutesLeft: number): LoginFile {
  cli.home.writeConfig(`[default]\nregion = us-east-1\n\n[profile dev]\nlogin_session = ${LOGIN_SESSION}\nregion = us-east-1\n`);
  cli.home.writeCredentials('');
  return writeLoginCache(cli.home.home, minutesLeft);
}

const run = (args: string[] = []) => cli.run(['--role', ROLE, '--source-profile', 'dev', ...args], { AWS_ENDPOINT_URL_SIGNIN: signin.url });

describe('an `aws login` profile as the source profile', () => {
  test('the login provider is in the bundle', () => {
    const code = Object.values(decompressLayers(CLI_PATH)).join('\n');
    for (const mark of ['login_session', 'CreateOAuth2Token', 'dpop+jwt', 'AWS_LOGIN_CACHE_DIRECTORY']) expect(code).toContain(mark);
  });

  test('with a fresh access token, AssumeRole is signed by its key and Sign-In is not called', async () => {
    const login = writeLogin(10);
    const before = readFileSync(login.path, 'utf8');
    expectCredentials(await run());
    expect(sts.server.calls.map((c) => [c.action, c.accessKeyId])).toEqual([['AssumeRole', LOGIN_KEY_ID]]);
    expect(signin.calls).toEqual([]);
    expect(readFileSync(login.path, 'utf8')).toBe(before);
  });

  test('with under 5 minutes left, the SDK refreshes through Sign-In with a DPoP proof, writes the new refresh token back, and signs AssumeRole with the new key', async () => {
    const login = writeLogin(4);
    const result = await run();
    expectCredentials(result);
    expect(signin.calls).toHaveLength(1);
    const [call] = signin.calls;
    expect(call).toMatchObject({
      method: 'POST',
      path: '/v1/token',
      body: { clientId: 'arn:aws:signin:::devtools/same-device', grantType: 'refresh_token', refreshToken: 'refresh-from-aws-login' },
      dpop: { signatureValid: true, header: { alg: 'ES256', typ: 'dpop+jwt' }, claims: { htm: 'POST', htu: `${signin.url}/v1/token` } },
    });
    // The proof is made with the session's own key, not one of the SDK's.
    expect(call?.dpop?.header.jwk).toMatchObject(
      (({ kty, crv, x, y }) => ({ kty, crv, x, y }))(createPublicKey(login.key).export({ format: 'jwk' })),
    );
    const [issued] = signin.issued;
    const saved = JSON.parse(readFileSync(login.path, 'utf8')) as { refreshToken: string; accessToken: Record<string, string> };
    expect(saved.refreshToken).toBe(issued?.refreshToken);
    expect(saved.accessToken).toMatchObject({ accessKeyId: issued?.accessKeyId, accountId: '123456789012' });
    expect(statSync(login.path).mode & 0o777).toBe(0o600);
    expect(sts.server.calls.map((c) => [c.action, c.accessKeyId])).toEqual([['AssumeRole', issued?.accessKeyId]]);
    // Temporary credentials: the role was chained, which console must know (no SessionDuration).
    const [entry] = cli.cacheFiles();
    expect(JSON.parse(readFileSync(join(cli.home.cacheDir, entry ?? ''), 'utf8'))).toMatchObject({ chained: true });
  });

  test('a session Sign-In no longer refreshes is one line that says to sign in again', async () => {
    writeLogin(-1);
    signin.deny = 'TOKEN_EXPIRED';
    const result = await run();
    expectOneLineError(result, 1, /source profile 'dev': Your session has expired\. .*; sign in again with: aws login --profile dev$/);
    expect(sts.server.count()).toBe(0);
  });

  test('a login cache that is gone (aws logout) says to sign in again', async () => {
    rmSync(writeLogin(10).path);
    const result = await run();
    expectOneLineError(result, 1, /source profile 'dev': Failed to load token from .*; sign in again with: aws login --profile dev$/);
    expect(signin.calls).toEqual([]);
  });
});

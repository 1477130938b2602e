import { endpointChildEnv, keysChildEnv } from '../../src/server/child-env';
import { emptyProfileSection, EMPTY_PROFILE, holdsCredentials } from '../../src/server/empty-profile';

describe('holdsCredentials', () => {
  test.each<[string, Record<string, string> | undefined, Record<string, string> | undefined, boolean]>([
    ['nothing', undefined, undefined, false],
    ['region and output only', { region: 'eu-west-1', output: 'json' }, undefined, false],
    ['keys in the credentials file', undefined, { aws_access_key_id: 'AKIA', aws_secret_access_key: 's' }, true],
    ['keys in the config file', { aws_access_key_id: 'AKIA' }, undefined, true],
    ['role_arn in the config', { role_arn: 'arn:aws:iam::1:role/R', source_profile: 'x' }, undefined, true],
    ['role_arn in the credentials file', undefined, { role_arn: 'arn:aws:iam::1:role/R' }, true],
    ['credential_process', { credential_process: 'sts-refresh --role r' }, undefined, true],
    ['SSO', { sso_session: 'corp' }, undefined, true],
    ['legacy SSO', { sso_start_url: 'https://x' }, undefined, true],
    ['web identity', { web_identity_token_file: '/t' }, undefined, true],
    ['a key in capitals', { AWS_ACCESS_KEY_ID: 'AKIA' }, undefined, true],
  ])('%s -> %p', (_what, config, credentials, expected) => {
    expect(holdsCredentials(config, credentials)).toBe(expected);
  });
});

describe('emptyProfileSection', () => {
  test("keeps [default]'s settings, drops every credential source, nests what was nested", () => {
    const section = emptyProfileSection(
      {
        region: 'eu-west-1',
        output: 'json',
        credential_process: 'x',
        role_arn: 'arn',
        source_profile: 'y',
        aws_access_key_id: 'AKIA',
        sso_session: 's',
        's3.addressing_style': 'path',
        's3.max_concurrent_requests': '4',
      },
      '.',
    );
    expect(section).toBe(
      `[profile ${EMPTY_PROFILE}]\nregion = eu-west-1\noutput = json\ns3 =\n  addressing_style = path\n  max_concurrent_requests = 4\n`,
    );
  });

  test('an empty [default] still makes the profile exist', () => {
    expect(emptyProfileSection(undefined, '.')).toBe(`[profile ${EMPTY_PROFILE}]\n`);
  });
});

describe('endpointChildEnv', () => {
  const parent = {
    PATH: '/opt/tools',
    AWS_REGION: 'eu-west-1',
    AWS_ACCESS_KEY_ID: 'AKIA',
    AWS_SECRET_ACCESS_KEY: 's',
    AWS_SESSION_TOKEN: 't',
    AWS_SECURITY_TOKEN: 't',
    AWS_PROFILE: 'p',
    AWS_DEFAULT_PROFILE: 'p',
    AWS_WEB_IDENTITY_TOKEN_FILE: '/t',
    AWS_ROLE_ARN: 'arn',
    AWS_CONTAINER_CREDENTIALS_RELATIVE_URI: '/v2',
    AWS_CONTAINER_CREDENTIALS_FULL_URI: 'http://127.0.0.1:1/outer',
    AWS_CONTAINER_AUTHORIZATION_TOKEN: 'outer',
    AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE: '/t',
    STS_REFRESH_CHAIN: 'abc',
  };

  test('the endpoint and the settings, nothing that would win over the endpoint', () => {
    expect(endpointChildEnv(parent, { url: 'http://127.0.0.1:9/credentials', token: 'tok' })).toEqual({
      PATH: '/opt/tools',
      AWS_REGION: 'eu-west-1',
      AWS_CONTAINER_CREDENTIALS_FULL_URI: 'http://127.0.0.1:9/credentials',
      AWS_CONTAINER_AUTHORIZATION_TOKEN: 'tok',
    });
  });

  test('with an empty profile, AWS_PROFILE and the config copy that holds it', () => {
    const env = endpointChildEnv(parent, { url: 'u', token: 't', emptyProfile: { name: EMPTY_PROFILE, configFile: '/tmp/c' } });
    expect([env.AWS_PROFILE, env.AWS_CONFIG_FILE]).toEqual([EMPTY_PROFILE, '/tmp/c']);
  });

  test('the parent is left as it was', () => {
    const copy = { ...parent };
    endpointChildEnv(copy, { url: 'u', token: 't' });
    expect(copy).toEqual(parent);
  });
});

describe('keysChildEnv', () => {
  test('the keys, no profile', () => {
    expect(keysChildEnv({ AWS_PROFILE: 'p', STS_REFRESH_CHAIN: 'x', HOME: '/h' }, [['AWS_ACCESS_KEY_ID', 'A']])).toEqual({
      HOME: '/h',
      AWS_ACCESS_KEY_ID: 'A',
    });
  });
});

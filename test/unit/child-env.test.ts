import { endpointChildEnv, keysChildEnv, type ChildSettings } from '../../src/server/child-env';
import { childRegionVariables } from '../../src/core/sts/sts-endpoint';
import {
  childSettings,
  CHILD_PROFILE,
  configWith,
  freeProfileName,
  holdsCredentials,
  profileSection,
} from '../../src/server/child-profile-section';

const ROLE = 'arn:aws:iam::123456789012:role/Prod';

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

describe('childSettings and profileSection', () => {
  const defaults = {
    region: 'eu-west-1',
    output: 'json',
    credential_process: 'x',
    role_arn: 'arn',
    source_profile: 'y',
    aws_access_key_id: 'AKIA',
    sso_session: 's',
    's3.addressing_style': 'path',
    's3.max_concurrent_requests': '4',
  };

  test("without a profile: [default]'s settings, no credential source, nested written back nested", () => {
    expect(profileSection(CHILD_PROFILE, childSettings(defaults), '.')).toBe(
      `[profile ${CHILD_PROFILE}]\nregion = eu-west-1\noutput = json\ns3 =\n  addressing_style = path\n  max_concurrent_requests = 4\n`,
    );
  });

  test("with --profile NAME: NAME's settings only, as aws --profile NAME reads them", () => {
    const prod = {
      region: 'ap-south-1',
      retry_mode: 'adaptive',
      credential_process: 'sts-refresh --role r',
      's3.addressing_style': 'virtual',
    };
    expect(childSettings(defaults, prod)).toEqual({ region: 'ap-south-1', retry_mode: 'adaptive', 's3.addressing_style': 'virtual' });
  });

  test("a NAME without a region takes [default]'s (as aws-vault does), and nothing else of it", () => {
    expect(childSettings(defaults, { output: 'text', credential_process: 'x' })).toEqual({ output: 'text', region: 'eu-west-1' });
    expect(childSettings(undefined, { output: 'text' })).toEqual({ output: 'text' });
  });

  test('an empty [default] still makes the profile exist', () => {
    expect(profileSection('p', childSettings(undefined), '.')).toBe(`[profile p]\n`);
    expect(profileSection(undefined, childSettings(undefined, { region: 'r' }), '.')).toBe(`[default]\nregion = r\n`);
  });
});

describe('configWith', () => {
  const text = '# mine\n[default]\nregion = us-east-1\naws_access_key_id = AKIA\n\n[profile prod]\nregion = eu-west-1';
  test('appends the section, on a line of its own', () => {
    expect(configWith(text, '[profile p]\n', { replaceDefault: false })).toBe(`${text}\n\n[profile p]\n`);
  });
  test('or puts it in place of [default], every byte of the rest kept', () => {
    expect(configWith(text, '[default]\nregion = eu-west-1\n', { replaceDefault: true })).toBe(
      '# mine\n[profile prod]\nregion = eu-west-1\n\n[default]\nregion = eu-west-1\n',
    );
  });
  test('[profile default] is [default] too', () => {
    expect(configWith('[profile default]\nx = 1\n[default]\ny = 2\n', '[default]\n', { replaceDefault: true })).toBe('\n[default]\n');
  });
});

describe('freeProfileName', () => {
  test.each<[string, string[], string]>([
    ['the plain name when free', ['default', 'prod'], 'sts-refresh-exec'],
    ["the next one inside another exec, whose copy holds the parent's", ['default', 'sts-refresh-exec'], 'sts-refresh-exec-2'],
    ['and the next', ['sts-refresh-exec', 'sts-refresh-exec-2'], 'sts-refresh-exec-3'],
  ])('%s', (_what, taken, expected) => {
    expect(freeProfileName((name) => taken.includes(name))).toBe(expected);
  });
});

describe('childRegionVariables (exec --profile): what is added to the environment the command inherits', () => {
  test.each<[string, NodeJS.ProcessEnv, string | undefined, Record<string, string>]>([
    ["the profile's region in both", {}, 'eu-west-1', { AWS_REGION: 'eu-west-1', AWS_DEFAULT_REGION: 'eu-west-1' }],
    ['an exported AWS_REGION wins, and fills the other', { AWS_REGION: 'us-west-2' }, 'eu-west-1', { AWS_DEFAULT_REGION: 'us-west-2' }],
    [
      'an exported AWS_DEFAULT_REGION wins, and fills the other',
      { AWS_DEFAULT_REGION: 'us-west-2' },
      'eu-west-1',
      { AWS_REGION: 'us-west-2' },
    ],
    ['both exported: nothing added', { AWS_REGION: 'a', AWS_DEFAULT_REGION: 'b' }, 'eu-west-1', {}],
    ['an empty one counts as unset', { AWS_REGION: '' }, 'eu-west-1', { AWS_REGION: 'eu-west-1', AWS_DEFAULT_REGION: 'eu-west-1' }],
    ['no region anywhere: nothing added', {}, undefined, {}],
  ])('%s', (_what, parent, region, expected) => {
    expect(childRegionVariables(parent, region)).toEqual(expected);
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
    STS_REFRESH_PROFILE: 'outer',
    STS_REFRESH_ROLE_ARN: 'arn:aws:iam::123456789012:role/Outer',
  };
  const settings: ChildSettings = { roleArn: ROLE };

  test('the endpoint and the settings, nothing that would win over the endpoint', () => {
    expect(endpointChildEnv(parent, { url: 'http://127.0.0.1:9/credentials', token: 'tok', settings })).toEqual({
      PATH: '/opt/tools',
      AWS_REGION: 'eu-west-1',
      AWS_CONTAINER_CREDENTIALS_FULL_URI: 'http://127.0.0.1:9/credentials',
      AWS_CONTAINER_AUTHORIZATION_TOKEN: 'tok',
      STS_REFRESH_ROLE_ARN: ROLE,
    });
  });

  test('with an empty profile, AWS_PROFILE and the config copy that holds it', () => {
    const env = endpointChildEnv(parent, {
      url: 'u',
      token: 't',
      settings: { ...settings, profile: { name: CHILD_PROFILE, configFile: '/tmp/c' } },
    });
    expect([env.AWS_PROFILE, env.AWS_CONFIG_FILE]).toEqual([CHILD_PROFILE, '/tmp/c']);
  });

  test('with --profile: its name for a prompt, and the region variables', () => {
    const env = endpointChildEnv(
      { PATH: '/opt/tools' },
      { url: 'u', token: 't', settings: { ...settings, profileName: 'prod', region: 'ap-south-1' } },
    );
    expect(env).toMatchObject({
      STS_REFRESH_PROFILE: 'prod',
      STS_REFRESH_ROLE_ARN: ROLE,
      AWS_REGION: 'ap-south-1',
      AWS_DEFAULT_REGION: 'ap-south-1',
    });
  });

  test('the parent is left as it was', () => {
    const copy = { ...parent };
    endpointChildEnv(copy, { url: 'u', token: 't', settings });
    expect(copy).toEqual(parent);
  });
});

describe('keysChildEnv', () => {
  test('the keys, no profile', () => {
    expect(
      keysChildEnv({ AWS_PROFILE: 'p', STS_REFRESH_CHAIN: 'x', STS_REFRESH_PROFILE: 'outer', HOME: '/h' }, [['AWS_ACCESS_KEY_ID', 'A']], {
        roleArn: ROLE,
      }),
    ).toEqual({ HOME: '/h', AWS_ACCESS_KEY_ID: 'A', STS_REFRESH_ROLE_ARN: ROLE });
  });

  test("with --profile: the config copy whose [default] holds NAME's settings (no profile named), its name and region", () => {
    const env = keysChildEnv({ HOME: '/h' }, [['AWS_ACCESS_KEY_ID', 'A']], {
      roleArn: ROLE,
      profileName: 'prod',
      region: 'eu-west-1',
      profile: { configFile: '/tmp/c' },
    });
    expect(env).toEqual({
      HOME: '/h',
      AWS_ACCESS_KEY_ID: 'A',
      AWS_CONFIG_FILE: '/tmp/c',
      AWS_REGION: 'eu-west-1',
      AWS_DEFAULT_REGION: 'eu-west-1',
      STS_REFRESH_PROFILE: 'prod',
      STS_REFRESH_ROLE_ARN: ROLE,
    });
  });
});

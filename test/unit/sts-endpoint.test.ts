import { UsageError } from '../../src/core/errors';
import { configuredEndpoint, requestedRegion, stsRegion, stsUrl } from '../../src/core/sts/sts-endpoint';

/** What doctor's clock check, rotate's key check and credential-process each compute from these. */
const where = (env: NodeJS.ProcessEnv, flags: { region?: string; endpoint?: string } = {}, profileRegion?: string) =>
  stsUrl({ region: stsRegion(requestedRegion(flags.region, env), profileRegion), endpoint: configuredEndpoint(flags.endpoint, env) });

describe('the STS endpoint and region', () => {
  test.each([
    ['the fallback region', {}, {}, undefined, 'https://sts.us-east-1.amazonaws.com'],
    ["the profile's region", {}, {}, 'eu-west-1', 'https://sts.eu-west-1.amazonaws.com'],
    ['AWS_REGION over the profile', { AWS_REGION: 'ap-south-1' }, {}, 'eu-west-1', 'https://sts.ap-south-1.amazonaws.com'],
    ['AWS_DEFAULT_REGION after AWS_REGION', { AWS_DEFAULT_REGION: 'eu-north-1' }, {}, 'eu-west-1', 'https://sts.eu-north-1.amazonaws.com'],
    ['--region over AWS_REGION', { AWS_REGION: 'ap-south-1' }, { region: 'us-west-2' }, undefined, 'https://sts.us-west-2.amazonaws.com'],
    ['a blank AWS_REGION is unset', { AWS_REGION: ' ' }, {}, undefined, 'https://sts.us-east-1.amazonaws.com'],
    ['a China region', { AWS_REGION: 'cn-north-1' }, {}, undefined, 'https://sts.cn-north-1.amazonaws.com.cn'],
    [
      'AWS_ENDPOINT_URL_STS over the region',
      { AWS_ENDPOINT_URL_STS: 'http://127.0.0.1:1' },
      { region: 'us-west-2' },
      undefined,
      'http://127.0.0.1:1',
    ],
    [
      'AWS_ENDPOINT_URL_STS over AWS_ENDPOINT_URL',
      { AWS_ENDPOINT_URL_STS: 'http://a', AWS_ENDPOINT_URL: 'http://b' },
      {},
      undefined,
      'http://a',
    ],
    ['AWS_ENDPOINT_URL next', { AWS_ENDPOINT_URL: 'http://b' }, {}, undefined, 'http://b'],
    ['--endpoint-url over both', { AWS_ENDPOINT_URL_STS: 'http://a' }, { endpoint: 'http://h' }, undefined, 'http://h'],
    [
      'AWS_IGNORE_CONFIGURED_ENDPOINT_URLS leaves the region',
      { AWS_ENDPOINT_URL_STS: 'http://a', AWS_ENDPOINT_URL: 'http://b', AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: 'TRUE' },
      { region: 'eu-west-1' },
      undefined,
      'https://sts.eu-west-1.amazonaws.com',
    ],
    ['but not --endpoint-url', { AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: 'true' }, { endpoint: 'http://h' }, undefined, 'http://h'],
  ])('%s', (_what, env, flags, profileRegion, url) => {
    expect(where(env, flags, profileRegion)).toBe(url);
  });

  test('IAM has its own variable, then the general one, and the same switch turns both off', () => {
    expect(configuredEndpoint(undefined, { AWS_ENDPOINT_URL_STS: 'http://s', AWS_ENDPOINT_URL_IAM: 'http://i' }, 'IAM')).toBe('http://i');
    expect(configuredEndpoint(undefined, { AWS_ENDPOINT_URL_STS: 'http://s', AWS_ENDPOINT_URL: 'http://g' }, 'IAM')).toBe('http://g');
    expect(
      configuredEndpoint(undefined, { AWS_ENDPOINT_URL: 'http://g', AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: 'true' }, 'IAM'),
    ).toBeUndefined();
  });

  test('a blank endpoint variable or a control character is a usage error naming the variable', () => {
    expect(() => configuredEndpoint(undefined, { AWS_ENDPOINT_URL_STS: ' ' })).toThrow(UsageError);
    expect(() => configuredEndpoint(undefined, { AWS_ENDPOINT_URL_STS: ' ' })).toThrow(/AWS_ENDPOINT_URL_STS is set but blank/);
    expect(() => requestedRegion(undefined, { AWS_REGION: 'eu-west-1\n' })).toThrow(/AWS_REGION must not contain control characters/);
  });
});

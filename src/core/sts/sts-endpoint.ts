import { UsageError } from '../errors';
import { envOption } from '../request/env-option';
import { nonEmpty } from '../text/non-empty';

// The one place that decides where an STS (or IAM) call goes and in which region, with the
// precedence the AWS CLI and the SDKs document: the option, then the service's variable, then the
// general one; AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true leaves only the option. credential-process
// (for its cache key), doctor's clock check, keys rotate and the STS client all ask here.

// Each service's own variable, before the general AWS_ENDPOINT_URL.
const SERVICE_ENDPOINT = { STS: 'AWS_ENDPOINT_URL_STS', IAM: 'AWS_ENDPOINT_URL_IAM' } as const;

/** What STS is called in when nothing names a region: its global endpoint's region. */
export const FALLBACK_REGION = 'us-east-1';

/** --region, else AWS_REGION, else AWS_DEFAULT_REGION; undefined leaves it to the source profile's region. */
export function requestedRegion(flag: string | undefined, env: NodeJS.ProcessEnv): string | undefined {
  return nonEmpty(flag) ?? nonEmpty(envOption(env, 'AWS_REGION')) ?? nonEmpty(envOption(env, 'AWS_DEFAULT_REGION'));
}

/**
 * AWS_REGION and AWS_DEFAULT_REGION for the command of exec --profile, as aws-vault sets them:
 * tools that read no config file (or only one of the two variables: boto3 reads AWS_DEFAULT_REGION,
 * the JS SDK AWS_REGION) then agree with `aws --profile NAME`. A region the user exported wins
 * (AWS_REGION first, as above) and fills whichever variable is unset, so every tool takes it.
 */
export function childRegionVariables(env: NodeJS.ProcessEnv, profileRegion: string | undefined): Record<string, string> {
  const region = requestedRegion(undefined, env) ?? nonEmpty(profileRegion);
  if (region === undefined) return {};
  const unset = (['AWS_REGION', 'AWS_DEFAULT_REGION'] as const).filter((name) => nonEmpty(env[name]) === undefined);
  return Object.fromEntries(unset.map((name) => [name, region]));
}

/** The region the calls go to: the one requested, else the profile's, else FALLBACK_REGION. */
export function stsRegion(requested: string | undefined, profileRegion: string | undefined): string {
  return requested ?? nonEmpty(profileRegion) ?? FALLBACK_REGION;
}

/**
 * An endpoint named by the option (as given, for validation to judge), else by
 * AWS_ENDPOINT_URL_<SERVICE>, else by AWS_ENDPOINT_URL; undefined means the region's own endpoint.
 */
export function configuredEndpoint(
  flag: string | undefined,
  env: NodeJS.ProcessEnv,
  service: keyof typeof SERVICE_ENDPOINT = 'STS',
): string | undefined {
  if (flag !== undefined) return flag;
  if (env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS?.trim().toLowerCase() === 'true') return undefined;
  for (const name of [SERVICE_ENDPOINT[service], 'AWS_ENDPOINT_URL']) {
    const value = envOption(env, name);
    if (value === undefined || value === '') continue;
    // The SDK skips an empty value but takes a blank one as the URL and fails; skipping it here
    // would put a request without an endpoint in the cache key while the SDK's call failed.
    if (value.trim() === '') {
      throw new UsageError(
        `${name} is set but blank; the AWS SDK would take it as the ${service} endpoint`,
        `unset ${name}, or set it to the endpoint's URL`,
      );
    }
    return value.trim();
  }
  return undefined;
}

/** STS's own endpoint in a region (the SDK's default when no endpoint is configured). */
export function regionalStsUrl(region: string): string {
  return `https://sts.${region}.amazonaws.com${region.startsWith('cn-') ? '.cn' : ''}`;
}

/** Where STS calls go: the endpoint configured, else the region's. */
export function stsUrl(target: { region: string; endpoint?: string | undefined }): string {
  return target.endpoint ?? regionalStsUrl(target.region);
}

export interface EndpointInput {
  endpointUrl?: string;
  region?: string;
  env: NodeJS.ProcessEnv;
  profileRegion?: string;
}

/** The STS endpoint by the same precedence the core documents for --endpoint-url and --region. */
export function stsEndpoint({ endpointUrl, region, env, profileRegion }: EndpointInput): string {
  const set = (v: string | undefined) => (v && v.trim() ? v.trim() : undefined);
  const configured =
    env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS?.toLowerCase() === 'true'
      ? undefined
      : (set(env.AWS_ENDPOINT_URL_STS) ?? set(env.AWS_ENDPOINT_URL));
  const explicit = set(endpointUrl) ?? configured;
  if (explicit) return explicit;
  const r = set(region) ?? set(env.AWS_REGION) ?? set(env.AWS_DEFAULT_REGION) ?? set(profileRegion) ?? 'us-east-1';
  return `https://sts.${r}.amazonaws.com`;
}

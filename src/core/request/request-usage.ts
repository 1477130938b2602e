const roleLine = (when: string) => `  --role ARN               the IAM role to assume (${when})`;

const OTHER_OPTIONS = `  --source-profile NAME    profile whose credentials assume the role (default: default)
  --session-name NAME      role session name (default: sts-refresh-<login name>)
  --duration DUR           session length, 900..43200 s (default: 1h)
  --external-id ID         external id the role's trust policy asks for
  --region REGION          STS region (default: AWS_REGION, AWS_DEFAULT_REGION, the source
                           profile's region, then us-east-1)
  --endpoint-url URL       STS endpoint (default: AWS_ENDPOINT_URL_STS, AWS_ENDPOINT_URL, regional)
  --cache-dir DIR          cache directory (absolute; default: STS_REFRESH_CACHE_DIR, ~/.cache/sts-refresh)
  --no-cache               neither read nor write the cache
  --refresh-window DUR     renew when less than this remains (default: 20m, at most half of --duration)
  --timeout DUR            give up after this long, lock wait and retries included (default: 30s)
  --mfa-serial ARN         MFA device: assume the role from an MFA session of the source profile
                           (default: the source profile's mfa_serial)
  --mfa-command CMD        program whose stdout is the 6-digit code (default: ask on the terminal)
  --mfa-duration DUR       MFA session length, shared by every role, 900..129600 s (default: 8h)
DUR is seconds (3600) or 90s, 15m, 1h.`;

/** The --help text for REQUEST_OPTIONS, shared by every command that takes them. */
export const REQUEST_USAGE = `${roleLine('required')}
${OTHER_OPTIONS}`;

/** The --profile option's line, as the main --help shows it. */
export const PROFILE_LINE = `  --profile NAME           instead of --role: the request of NAME's credential_process = sts-refresh ...
                           line in ~/.aws/config; --role and the options given here override the line's`;

/** The same for the commands where --profile NAME stands in for --role (print, env, exec, console). */
export const PROFILE_REQUEST_USAGE = `${roleLine('required unless --profile is given')}
${PROFILE_LINE}
${OTHER_OPTIONS}`;

export interface StsErrorContext {
  roleArn: string;
  sourceProfile: string;
  /** Where the request went, for network errors. */
  endpoint: string;
  /** Set for the MFA session call, whose refusals are about the device rather than the role. */
  mfaSerial?: string;
}

export interface StsFailure {
  message: string;
  hint: string;
  outage: boolean;
  /** STS refused the MFA code itself: a new code may succeed, so the caller may ask once more. */
  mfaRejected?: boolean;
}

interface ErrorLike {
  name?: string;
  code?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number };
  /** Set by the SDK on errors STS itself answered with. */
  $fault?: 'client' | 'server';
}

const BAD_SOURCE_CREDENTIALS = new Set([
  'ExpiredToken',
  'ExpiredTokenException',
  'InvalidClientTokenId',
  'SignatureDoesNotMatch',
  'UnrecognizedClientException',
  'IncompleteSignature',
]);
const THROTTLING = new Set(['Throttling', 'ThrottlingException', 'RequestLimitExceeded', 'TooManyRequestsException', 'SlowDown']);
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ECONNABORTED',
]);

/** Turns what the SDK threw for an AssumeRole or GetSessionToken call into one plain sentence, a next step, and whether it is an outage. */
export function explainStsError(error: unknown, ctx: StsErrorContext): StsFailure {
  const e = (typeof error === 'object' && error !== null ? error : {}) as ErrorLike;
  const name = e.name ?? '';
  const status = e.$metadata?.httpStatusCode;
  const detail = firstLine(e.message ?? String(error));

  if (BAD_SOURCE_CREDENTIALS.has(name)) {
    return {
      message: `STS rejected the credentials of source profile '${ctx.sourceProfile}' (${name}): they are expired or not valid`,
      hint: `renew them, e.g. 'aws configure --profile ${ctx.sourceProfile}' for access keys or 'aws sso login --profile ${ctx.sourceProfile}' for SSO`,
      outage: false,
    };
  }
  if (name === 'AccessDenied' || name === 'AccessDeniedException') {
    const principal = /User: (\S+)/.exec(detail)?.[1] ?? `the identity of source profile '${ctx.sourceProfile}'`;
    if (/MultiFactorAuthentication/i.test(detail)) {
      return {
        message: `STS refused the MFA code for ${ctx.mfaSerial ?? ctx.roleArn}: ${detail}`,
        hint: `check that the code comes from the device ${ctx.mfaSerial ?? 'named by --mfa-serial'} and try again with a new code`,
        outage: false,
        mfaRejected: true,
      };
    }
    if (ctx.mfaSerial !== undefined) {
      return {
        message: `${principal} may not get an MFA session with ${ctx.mfaSerial} (AccessDenied)`,
        hint: `check that ${ctx.mfaSerial} is the MFA device of source profile '${ctx.sourceProfile}'`,
        outage: false,
      };
    }
    return {
      message: `${principal} may not assume ${ctx.roleArn} (AccessDenied)`,
      hint: `the role's trust policy must allow ${principal}, and its IAM policy must allow sts:AssumeRole on the role`,
      outage: false,
    };
  }
  if (THROTTLING.has(name) || status === 429) {
    return { message: `STS is throttling requests (${name || status})`, hint: 'wait a moment and try again', outage: true };
  }
  if (status !== undefined && status >= 500) {
    return {
      message: `STS failed with HTTP ${status} (${name || 'server error'})`,
      hint: 'AWS reports a server-side error; try again shortly',
      outage: true,
    };
  }
  if (name === 'TimeoutError' || name === 'AbortError' || NETWORK_CODES.has(e.code ?? '') || NETWORK_CODES.has(name)) {
    return {
      message: `could not reach STS at ${ctx.endpoint} (${e.code ?? name})`,
      hint: 'check the network, a proxy (HTTPS_PROXY) or --endpoint-url',
      outage: true,
    };
  }
  if (name === 'RegionDisabledException') {
    return {
      message: `STS is not activated in this region: ${detail}`,
      hint: 'activate the region in IAM account settings, or pass another --region',
      outage: false,
    };
  }
  // Only an error status (or the SDK's own mark of a service error) is STS saying no; everything
  // else went wrong on the way, and "check the role ARN" would send the user to the wrong place.
  if ((status !== undefined && status >= 400) || e.$fault !== undefined) {
    return {
      message: `STS refused ${action(ctx)} for ${ctx.mfaSerial ?? ctx.roleArn}${name ? ` (${name})` : ''}: ${detail}`,
      hint: 'check the role ARN and the options given; STS_REFRESH_DEBUG=1 shows the full error',
      outage: false,
    };
  }
  if (status !== undefined || /deserializ|parse error/i.test(e.message ?? '') || name === 'SyntaxError') {
    // No detail: a parser's message may quote the body, and the body holds the secrets.
    return {
      message: `STS at ${ctx.endpoint} sent a malformed answer to ${action(ctx)}: ${/timestamp|date/i.test(detail) ? 'its Expiration is not a timestamp' : 'it could not be read'}`,
      hint: 'check that --endpoint-url (or AWS_ENDPOINT_URL_STS) points at STS; STS_REFRESH_DEBUG=1 shows the full error',
      outage: false,
    };
  }
  if (/invalid url/i.test(detail)) {
    return {
      message: `the STS endpoint is not a valid URL (${detail})`,
      hint: 'check --endpoint-url, AWS_ENDPOINT_URL_STS, AWS_ENDPOINT_URL and endpoint_url in the profile',
      outage: false,
    };
  }
  return {
    message: `the call to STS at ${ctx.endpoint} failed before STS answered (${name || 'error'}: ${detail})`,
    hint: 'STS_REFRESH_DEBUG=1 shows the full error; if it persists, report it',
    outage: false,
  };
}

const action = (ctx: StsErrorContext) => (ctx.mfaSerial === undefined ? 'AssumeRole' : 'GetSessionToken');

function firstLine(text: string): string {
  return text.split('\n', 1)[0]?.trim() ?? '';
}

import { UsageError } from '../errors';
import type { ConsolePartition } from './console-partition';

/** What the federation endpoint is given: the role session, exactly as the cache holds it. */
export interface SessionKeys {
  AccessKeyId: string;
  SecretAccessKey: string;
  SessionToken: string;
}

/**
 * --federation-url, or the partition's endpoint. The role's secret key travels in the request, so
 * only https leaves the machine; plain http is for a stand-in on this machine's loopback.
 */
export function federationEndpoint(partition: ConsolePartition, override: string | undefined): URL {
  if (override === undefined) return new URL(partition.federationUrl);
  let url: URL;
  try {
    url = new URL(override);
  } catch {
    throw new UsageError(`--federation-url is not a URL: '${override}'`, `for example ${partition.federationUrl}`);
  }
  const secure = url.protocol === 'https:' || (url.protocol === 'http:' && isLoopbackHost(url.hostname));
  if (!secure || url.username !== '' || url.password !== '' || url.search !== '' || url.hash !== '') {
    throw new UsageError(
      `--federation-url must be an https URL without a query (http only to a loopback address such as 127.0.0.1), not '${override}'`,
      "it receives the role's secret key",
    );
  }
  return url;
}

/** 127.0.0.0/8, ::1 and localhost: addresses that never leave this machine. */
export function isLoopbackHost(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || /^127(\.\d{1,3}){3}$/.test(hostname);
}

/**
 * Step 2 of AWS's custom identity broker: getSigninToken as the documented GET, its query the
 * session's three values as JSON, plus SessionDuration when it may be sent.
 */
export function signinTokenRequest(endpoint: URL, session: SessionKeys, sessionDuration: number | undefined): URL {
  const url = new URL(endpoint);
  url.searchParams.set('Action', 'getSigninToken');
  if (sessionDuration !== undefined) url.searchParams.set('SessionDuration', String(sessionDuration));
  url.searchParams.set(
    'Session',
    JSON.stringify({ sessionId: session.AccessKeyId, sessionKey: session.SecretAccessKey, sessionToken: session.SessionToken }),
  );
  return url;
}

/**
 * Step 3: the sign-in URL, on the endpoint that issued the token. No Issuer: it is where AWS sends
 * the user when the session ends, and sts-refresh has no sign-in page to send them back to.
 */
export function loginUrl(endpoint: URL, signinToken: string, destination: string): string {
  const url = new URL(endpoint);
  url.searchParams.set('Action', 'login');
  url.searchParams.set('Destination', destination);
  url.searchParams.set('SigninToken', signinToken);
  return url.href;
}

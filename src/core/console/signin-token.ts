import { StsRefreshError } from '../errors';
import { signinTokenRequest, type SessionKeys } from './federation-urls';

export interface HttpAnswer {
  status: number;
  body: string;
}

/** One GET; rejects only when no answer came (a network error, the deadline), with the error's code. */
export type HttpGet = (url: URL) => Promise<HttpAnswer>;

export interface SigninTokenInit {
  get: HttpGet;
  endpoint: URL;
  session: SessionKeys;
  /** SessionDuration, when it may be sent (console-session.ts). */
  sessionDuration: number | undefined;
  /** For messages: whose session the endpoint was given. */
  roleArn: string;
}

export interface SigninToken {
  token: string;
  /** The SessionDuration the token was issued for. */
  sent: number | undefined;
  /** The endpoint answered 400 to the SessionDuration, and the token was taken without one. */
  refused: boolean;
}

// A sign-in token is one to two kilobytes; anything far longer is not one.
const MAX_TOKEN_LENGTH = 16_384;

/**
 * A sign-in token for the session. A 400 to a SessionDuration is asked once more without it: AWS
 * documents when it takes one only loosely (not for role chaining, not for GetFederationToken), and
 * a console as long as the role session is better than none.
 */
export async function fetchSigninToken(init: SigninTokenInit): Promise<SigninToken> {
  const first = await ask(init, init.sessionDuration);
  if (first.status === 400 && init.sessionDuration !== undefined) {
    return { token: readToken(init, await ask(init, undefined)), sent: undefined, refused: true };
  }
  return { token: readToken(init, first), sent: init.sessionDuration, refused: false };
}

async function ask(init: SigninTokenInit, sessionDuration: number | undefined): Promise<HttpAnswer> {
  try {
    return await init.get(signinTokenRequest(init.endpoint, init.session, sessionDuration));
  } catch (error) {
    // The request's URL holds the secret key: only the endpoint's origin is named, never the URL.
    const code = (error as { code?: unknown }).code;
    throw new StsRefreshError(
      `could not reach the federation endpoint ${init.endpoint.origin}${init.endpoint.pathname}: ${typeof code === 'string' ? code : 'no answer'}`,
      'check the network (a proxy, a firewall), then run console again',
    );
  }
}

function readToken(init: SigninTokenInit, answer: HttpAnswer): string {
  const where = `the federation endpoint ${init.endpoint.origin}${init.endpoint.pathname}`;
  if (answer.status >= 400 && answer.status < 500) {
    throw new StsRefreshError(
      `${where} refused the session of ${init.roleArn} (HTTP ${answer.status})`,
      `its credentials may have been revoked or be of a kind the console does not take; sts-refresh cache clear --role ${init.roleArn}, then run console again`,
    );
  }
  if (answer.status !== 200) {
    throw new StsRefreshError(`${where} answered HTTP ${answer.status}`, 'try again in a moment');
  }
  let token: unknown;
  try {
    token = (JSON.parse(answer.body) as { SigninToken?: unknown }).SigninToken;
  } catch {
    token = undefined;
  }
  if (typeof token !== 'string' || token.length === 0 || token.length > MAX_TOKEN_LENGTH || /\s/.test(token)) {
    throw new StsRefreshError(`${where} answered without a sign-in token`, 'check --federation-url, if given; else try again in a moment');
  }
  return token;
}

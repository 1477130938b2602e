// A loopback stand-in for AWS's federation endpoint (the "custom identity broker" API):
// GET /federation?Action=getSigninToken&[SessionDuration=N&]Session=<JSON> answers
// {"SigninToken": ...}. Only Node built-ins, like sts-server.ts.
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { listenLoopback } from './loopback-http';

export interface FederationCall {
  method: string;
  action: string;
  /** The Session parameter, parsed; undefined when it was not JSON. */
  session?: Record<string, unknown>;
  sessionDuration?: string;
  /** Every query parameter, for tests that check nothing else was sent. */
  params: Record<string, string>;
}

export interface FederationServer {
  /** The endpoint, as --federation-url takes it. */
  url: string;
  calls: FederationCall[];
  /** Every token handed out, in order. */
  tokens: string[];
  /**
   * 'all' answers 400 to every request, as AWS does to credentials it does not take;
   * 'session-duration' only to one with a SessionDuration, as AWS does for a chained role.
   */
  refuse?: 'all' | 'session-duration';
  /** Answer this status with an empty body instead (e.g. 503). */
  status?: number;
  reset(): void;
  close(): Promise<void>;
}

export async function startFederationServer(): Promise<FederationServer> {
  const handle = (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const params = Object.fromEntries(url.searchParams);
    let session: Record<string, unknown> | undefined;
    try {
      session = JSON.parse(params.Session ?? '') as Record<string, unknown>;
    } catch {
      session = undefined;
    }
    server.calls.push({
      method: req.method ?? '',
      action: params.Action ?? '',
      params,
      ...(session !== undefined && { session }),
      ...(params.SessionDuration !== undefined && { sessionDuration: params.SessionDuration }),
    });
    const duration = params.SessionDuration === undefined ? undefined : Number(params.SessionDuration);
    const refused =
      url.pathname !== '/federation' ||
      params.Action !== 'getSigninToken' ||
      session === undefined ||
      server.refuse === 'all' ||
      (server.refuse === 'session-duration' && duration !== undefined) ||
      (duration !== undefined && !(Number.isInteger(duration) && duration >= 900 && duration <= 43200));
    if (server.status !== undefined) return void res.writeHead(server.status).end();
    // AWS's answer to a request it refuses: HTML, not JSON.
    if (refused)
      return void res.writeHead(400, { 'content-type': 'text/html' }).end('<h1>HTTP Status 400 - Invalid credentials parameter</h1>');
    const token = randomBytes(600).toString('base64url');
    server.tokens.push(token);
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ SigninToken: token }));
  };
  const server: FederationServer = {
    url: '',
    calls: [],
    tokens: [],
    reset() {
      server.calls.length = 0;
      server.tokens.length = 0;
      delete server.refuse;
      delete server.status;
    },
    close: () => http.close(),
  };
  const http = await listenLoopback(handle);
  server.url = `${http.origin}/federation`;
  return server;
}

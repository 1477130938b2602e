// A loopback stand-in for AWS Sign-In's token endpoint, which refreshes an `aws login` session:
// POST /v1/token with a JSON body {clientId, grantType: "refresh_token", refreshToken} and a DPoP
// proof (RFC 9449) signed by the session's key. Only Node built-ins, like sts-server.ts.
import { createPublicKey, randomBytes, verify, type JsonWebKey } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { listenLoopback } from './loopback-http';

export interface TokenCall {
  method: string;
  path: string;
  body: Record<string, unknown>;
  /** The DPoP proof, checked: its signature, its key, and what it claims. */
  dpop?: { signatureValid: boolean; header: Record<string, unknown>; claims: Record<string, unknown> };
}

export interface IssuedLogin {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  refreshToken: string;
}

export interface SigninServer {
  /** For AWS_ENDPOINT_URL_SIGNIN. */
  url: string;
  calls: TokenCall[];
  issued: IssuedLogin[];
  /** Answer with AccessDeniedException and this `error` (TOKEN_EXPIRED and the like). */
  deny?: string;
  reset(): void;
  close(): Promise<void>;
}

const json = (part: string) => JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as Record<string, unknown>;

function checkDpop(proof: string): TokenCall['dpop'] {
  const [h = '', p = '', s = ''] = proof.split('.');
  const header = json(h);
  const claims = json(p);
  let signatureValid: boolean;
  try {
    const key = createPublicKey({ key: header.jwk as JsonWebKey, format: 'jwk' });
    signatureValid = verify('sha256', Buffer.from(`${h}.${p}`), { key, dsaEncoding: 'ieee-p1363' }, Buffer.from(s, 'base64url'));
  } catch {
    signatureValid = false;
  }
  return { signatureValid, header, claims };
}

export async function startSigninServer(): Promise<SigninServer> {
  const handle = (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      let body: Record<string, unknown>;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
      } catch {
        body = {};
      }
      const proof = req.headers.dpop;
      const call: TokenCall = {
        method: req.method ?? '',
        path: req.url ?? '',
        body,
        ...(typeof proof === 'string' && { dpop: checkDpop(proof) }),
      };
      server.calls.push(call);
      if (server.deny !== undefined) {
        res.writeHead(401, { 'content-type': 'application/json', 'x-amzn-errortype': 'AccessDeniedException' });
        return void res.end(JSON.stringify({ error: server.deny, message: 'denied by the stand-in' }));
      }
      if (call.method !== 'POST' || call.path !== '/v1/token' || !call.dpop?.signatureValid || body.grantType !== 'refresh_token') {
        res.writeHead(400, { 'content-type': 'application/json', 'x-amzn-errortype': 'ValidationException' });
        return void res.end(JSON.stringify({ error: 'INVALID_REQUEST', message: 'not a refresh the stand-in accepts' }));
      }
      const issued: IssuedLogin = {
        accessKeyId: `ASIALOGIN${randomBytes(6).toString('hex').toUpperCase()}`,
        secretAccessKey: randomBytes(30).toString('base64'),
        sessionToken: randomBytes(100).toString('base64'),
        refreshToken: `refresh-${randomBytes(8).toString('hex')}`,
      };
      server.issued.push(issued);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          accessToken: { accessKeyId: issued.accessKeyId, secretAccessKey: issued.secretAccessKey, sessionToken: issued.sessionToken },
          tokenType: 'aws_sigv4',
          expiresIn: 900,
          refreshToken: issued.refreshToken,
        }),
      );
    });
  };
  const server: SigninServer = {
    url: '',
    calls: [],
    issued: [],
    reset() {
      server.calls.length = 0;
      server.issued.length = 0;
      delete server.deny;
    },
    close: () => http.close(),
  };
  const http = await listenLoopback(handle);
  server.url = http.origin;
  return server;
}

import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { CacheEntry } from '../core/cache-entry/cache-entry';
import { credentialsAnswer, failureAnswer, refusalAnswer, type Answer } from './endpoint-answer';
import { routeRequest } from './route-request';

// The SDKs accept any loopback address over plain http, but the JS SDK's older
// fromContainerMetadata accepts only 127.0.0.1 and localhost; binding this one address also keeps
// the endpoint off every other interface.
const HOST = '127.0.0.1';
const PATH = '/credentials';

export interface EndpointInit {
  token: string;
  supply: () => Promise<CacheEntry>;
}

export interface RunningEndpoint {
  /** AWS_CONTAINER_CREDENTIALS_FULL_URI for the child. */
  url: string;
  close: () => Promise<void>;
}

/** The edge: node:http on a free loopback port, every decision left to the pure modules beside it. */
export function listenEndpoint(init: EndpointInit): Promise<RunningEndpoint> {
  const server = createServer((req, res) => {
    // A body is never needed; reading none would leave it in the socket, so let it drain.
    req.resume();
    const route = routeRequest({ method: req.method, url: req.url, authorization: req.headersDistinct.authorization }, init.token, PATH);
    if (route.kind === 'refuse') return send(res, refusalAnswer(route.status, route.message));
    init.supply().then(
      (entry) => send(res, credentialsAnswer(entry)),
      (error: unknown) => send(res, failureAnswer(error)),
    );
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, HOST, () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        url: `http://${HOST}:${port}${PATH}`,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            // SDKs keep connections alive; close() alone would wait for them.
            server.closeAllConnections();
          }),
      });
    });
  });
}

function send(res: ServerResponse, answer: Answer): void {
  if (res.destroyed) return;
  res.writeHead(answer.status, {
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(answer.body),
    'Cache-Control': 'no-store',
  });
  res.end(answer.body);
}

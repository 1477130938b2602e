import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { CacheEntry } from '../core/cache-entry/cache-entry';
import { credentialsAnswer, failureAnswer, refusalAnswer, type Answer } from './endpoint-answer';
import { routeRequest } from './route-request';

// The SDKs accept any loopback address over plain http, but the JS SDK's older
// fromContainerMetadata accepts only 127.0.0.1 and localhost; binding this one address also keeps
// the endpoint off every other interface.
const HOST = '127.0.0.1';
const PATH = '/credentials';

// Any local user can connect to a loopback port. A connection is the command's once it has sent a
// request with the token; until then it gets this long (an SDK sends its request as soon as it has
// connected)...
export const UNTRUSTED_CONNECTION_MS = 2000;
// ...and no more than this many are held at once: past it the oldest is closed. Without both,
// another user's idle connections (21,000 of them) used up exec's file descriptors, and the
// command's own connections were reset. The command's trusted connections are not counted.
export const MAX_UNTRUSTED_CONNECTIONS = 128;

export interface EndpointInit {
  token: string;
  supply: () => Promise<CacheEntry>;
  /** UNTRUSTED_CONNECTION_MS unless a test shortens it. */
  untrustedMs?: number;
  /** MAX_UNTRUSTED_CONNECTIONS unless a test lowers it. */
  maxUntrusted?: number;
}

export interface RunningEndpoint {
  /** AWS_CONTAINER_CREDENTIALS_FULL_URI for the child. */
  url: string;
  /**
   * The listening socket's descriptor, for the command to inherit (POSIX only): while the command
   * or anything it started holds it, the port stays bound, so should exec be killed (SIGKILL, the
   * OOM killer) no other process can take the port and answer the command's requests, which carry
   * its token. Connections then wait unanswered, and the SDK fails on its own timeout.
   */
  inheritableFd?: number;
  close: () => Promise<void>;
}

/** The edge: node:http on a free loopback port, every decision left to the pure modules beside it. */
export function listenEndpoint(init: EndpointInit): Promise<RunningEndpoint> {
  const untrusted = untrustedConnections(init.untrustedMs ?? UNTRUSTED_CONNECTION_MS, init.maxUntrusted ?? MAX_UNTRUSTED_CONNECTIONS);
  const server = createServer((req, res) => {
    // A body is never needed; reading none would leave it in the socket, so let it drain.
    req.resume();
    const route = routeRequest({ method: req.method, url: req.url, authorization: req.headersDistinct.authorization }, init.token, PATH);
    if (route.kind !== 'refuse' || route.status !== 403) untrusted.trust(req.socket);
    if (route.kind === 'refuse') return send(res, refusalAnswer(route.status, route.message));
    init.supply().then(
      (entry) => send(res, credentialsAnswer(entry)),
      (error: unknown) => send(res, failureAnswer(error)),
    );
  });
  server.on('connection', untrusted.add);
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, HOST, () => {
      const { port } = server.address() as AddressInfo;
      const fd = process.platform === 'win32' ? undefined : listeningFd(server);
      resolve({
        url: `http://${HOST}:${port}${PATH}`,
        ...(fd !== undefined && { inheritableFd: fd }),
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

/**
 * Connections that have not yet sent a request with the token, oldest first: each is closed when
 * its time runs out, and the oldest when there are too many.
 */
function untrustedConnections(ms: number, max: number) {
  const waiting = new Map<Socket, NodeJS.Timeout>();
  const trust = (socket: Socket) => {
    clearTimeout(waiting.get(socket));
    waiting.delete(socket);
  };
  const close = (socket: Socket) => {
    trust(socket);
    socket.destroy();
  };
  const add = (socket: Socket) => {
    waiting.set(
      socket,
      setTimeout(() => close(socket), ms),
    );
    socket.once('close', () => trust(socket));
    if (waiting.size > max) {
      const [oldest] = waiting.keys();
      if (oldest) close(oldest);
    }
  };
  return { add, trust };
}

/** The descriptor under node:net's listening handle: internal, but there since Node's first cluster module. */
function listeningFd(server: object): number | undefined {
  const fd = (server as { _handle?: { fd?: unknown } })._handle?.fd;
  return typeof fd === 'number' && fd >= 0 ? fd : undefined;
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

// A node:http server on a free loopback port that close() really closes: clients keep connections
// alive, and without destroying them close() would wait and jest would not exit. Built-ins only.
import { createServer, type RequestListener } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface LoopbackHttp {
  /** http://127.0.0.1:PORT */
  origin: string;
  close(): Promise<void>;
}

export function listenLoopback(handler: RequestListener): Promise<LoopbackHttp> {
  const sockets = new Set<Socket>();
  const http = createServer(handler);
  http.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  const close = () =>
    new Promise<void>((resolve, reject) => {
      http.close((err) => (err ? reject(err) : resolve()));
      for (const s of sockets) s.destroy();
    });
  return new Promise((resolve, reject) => {
    http.once('error', reject);
    http.listen(0, '127.0.0.1', () => resolve({ origin: `http://127.0.0.1:${(http.address() as AddressInfo).port}`, close }));
  });
}

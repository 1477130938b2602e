import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';

export interface StsDateInit {
  endpoint: string;
  timeoutMs: number;
  now: () => number;
}

/**
 * STS's clock minus ours, from the Date header of an unsigned request. Any answer carries the
 * header, an error included, so no credentials are needed; node:http rather than the SDK keeps
 * doctor's clock check off the lazily loaded miss path.
 */
export function stsClockOffset({ endpoint, timeoutMs, now }: StsDateInit): Promise<number> {
  return new Promise((resolve, reject) => {
    const url = new URL(endpoint);
    const send = url.protocol === 'http:' ? httpRequest : httpsRequest;
    const sentAt = now();
    const req = send(url, { method: 'GET', signal: AbortSignal.timeout(timeoutMs) }, (res) => {
      const receivedAt = now();
      res.resume();
      const date = Date.parse(res.headers.date ?? '');
      if (Number.isNaN(date)) return reject(new Error(`HTTP ${res.statusCode} without a Date header`));
      // The header is whole seconds, stamped somewhere between sending and receiving.
      resolve(date - (sentAt + receivedAt) / 2);
    });
    req.on('error', (error: NodeJS.ErrnoException) =>
      reject(new Error(error.name === 'AbortError' ? `no answer within ${timeoutMs / 1000} s` : (error.code ?? error.message))),
    );
    req.end();
  });
}

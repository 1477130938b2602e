import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { HttpAnswer } from '../core/console/signin-token';

export interface GetOptions {
  /** The call fails with code ETIMEDOUT after this long, connecting included. */
  timeoutMs: number;
  /** A longer body fails with code ETOOBIG: nothing it could say is worth reading further. */
  maxBytes: number;
}

/**
 * One GET over node:https (node:http only for the loopback stand-in, which federation-urls.ts
 * checks), answered with its status and body; no redirect is followed. It is the console's one
 * request outside the SDK, which has no client for the federation endpoint. Errors carry Node's
 * code only: their messages could not hold the URL, but nothing here should make that a question.
 */
export function httpsGet(url: URL, { timeoutMs, maxBytes }: GetOptions): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const fail = (code: string) => reject(Object.assign(new Error(code), { code }));
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    const req = send(url, { method: 'GET', headers: { accept: 'application/json' }, signal: AbortSignal.timeout(timeoutMs) }, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > maxBytes) return void (req.destroy(), fail('ETOOBIG'));
        chunks.push(chunk);
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', () => fail('ECONNRESET'));
    });
    req.on('error', (error: NodeJS.ErrnoException) => fail(error.name === 'AbortError' ? 'ETIMEDOUT' : (error.code ?? 'EIO')));
    req.end();
  });
}

import { createHash, createHmac } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { SignatureV4 } from '@smithy/signature-v4';
import type { SourceData } from '@smithy/types';
import { configuredEndpoint, requestedRegion, stsRegion, stsUrl } from '../core/sts/sts-endpoint';
import type { AccessKeys } from '../keys/access-keys';
import type { RotationCalls } from '../keys/rotate';

// Rotation needs three Query-API calls. @aws-sdk/client-iam would bring ~570 kB of IAM models into
// the one file every cache hit reads; this module instead lives in the miss layer, where the
// SDK's own SigV4 signer is already bundled for STS, and adds a few hundred lines at most.
const IAM_REGION = 'us-east-1';
const IAM_VERSION = '2010-05-08';
const STS_VERSION = '2011-06-15';
// A Query call answers in well under a second; these bound a dead network, not a slow one.
const REQUEST_TIMEOUT_MS = 15_000;
const MAX_BODY = 1024 * 1024;

/** A Query-API failure: `name` is the AWS error code (LimitExceeded, InvalidClientTokenId, ...), `status` the HTTP status. */
class QueryError extends Error {
  constructor(
    override readonly name: string,
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

// The request may have reached the service and been carried out: its answer, not the request, was lost.
const LOST_ANSWER = new Set(['ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ECONNABORTED']);

export function rotationCalls(env: NodeJS.ProcessEnv): RotationCalls {
  // IAM is global, signed for us-east-1; the key check goes to STS where credential-process would call it.
  const iam = { service: 'iam', region: IAM_REGION, endpoint: configuredEndpoint(undefined, env, 'IAM') ?? 'https://iam.amazonaws.com' };
  const region = stsRegion(requestedRegion(undefined, env), undefined);
  const sts = { service: 'sts', region, endpoint: stsUrl({ region, endpoint: configuredEndpoint(undefined, env) }) };
  return {
    async createAccessKey(using) {
      const xml = await query(iam, using, { Action: 'CreateAccessKey', Version: IAM_VERSION });
      const accessKeyId = field(xml, 'AccessKeyId');
      const secretAccessKey = field(xml, 'SecretAccessKey');
      if (!accessKeyId || !secretAccessKey) throw new Error('CreateAccessKey answered without a key');
      return { accessKeyId, secretAccessKey };
    },
    async listAccessKeys(using) {
      const xml = await query(iam, using, { Action: 'ListAccessKeys', Version: IAM_VERSION });
      return [...xml.matchAll(/<member>([\s\S]*?)<\/member>/g)].flatMap(([, member = '']) => {
        const accessKeyId = field(member, 'AccessKeyId');
        const created = Date.parse(field(member, 'CreateDate') ?? '');
        return accessKeyId ? [{ accessKeyId, createdMs: Number.isNaN(created) ? undefined : created }] : [];
      });
    },
    async deleteAccessKey(using, accessKeyId) {
      await query(iam, using, { Action: 'DeleteAccessKey', Version: IAM_VERSION, AccessKeyId: accessKeyId });
    },
    async checkKeys(keys) {
      await query(sts, keys, { Action: 'GetCallerIdentity', Version: STS_VERSION });
    },
  };
}

interface Target {
  service: string;
  region: string;
  endpoint: string;
}

/** One signed Query-API POST; resolves to the answer's XML, rejects with its error code and message. */
async function query(target: Target, keys: AccessKeys, params: Record<string, string>): Promise<string> {
  const url = new URL(target.endpoint);
  const body = new URLSearchParams(params).toString();
  const signer = new SignatureV4({
    service: target.service,
    region: target.region,
    credentials: { accessKeyId: keys.accessKeyId, secretAccessKey: keys.secretAccessKey },
    sha256: Sha256,
  });
  const signed = await signer.sign({
    method: 'POST',
    protocol: url.protocol,
    hostname: url.hostname,
    ...(url.port && { port: Number(url.port) }),
    path: url.pathname || '/',
    query: {},
    headers: { host: url.host, 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
    body,
  });
  const { status, text } = await post(url, signed.headers, body).catch((error: NodeJS.ErrnoException) => {
    // Told apart for the caller: a create whose answer was lost may still have made a key.
    throw Object.assign(error, { answerLost: LOST_ANSWER.has(error.code ?? '') || /did not answer/.test(error.message) });
  });
  if (status >= 200 && status < 300) return text;
  throw new QueryError(
    field(text, 'Code') ?? `HTTP${status}`,
    field(text, 'Message') ?? `${target.service} answered HTTP ${status}`,
    status,
  );
}

function post(url: URL, headers: Record<string, string>, body: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const send = url.protocol === 'http:' ? httpRequest : httpsRequest;
    const req = send(url, { method: 'POST', headers, timeout: REQUEST_TIMEOUT_MS }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        text += chunk;
        if (text.length > MAX_BODY) req.destroy(new Error(`${url.host} answered with more than ${MAX_BODY} bytes`));
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      res.on('error', reject);
    });
    req.on('timeout', () =>
      req.destroy(Object.assign(new Error(`${url.host} did not answer within ${REQUEST_TIMEOUT_MS / 1000} s`), { code: 'ETIMEDOUT' })),
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** The text of the first <name> element; the answers are flat enough for this, and XML-escaped. */
function field(xml: string, name: string): string | undefined {
  const raw = new RegExp(`<${name}>([^<]*)</${name}>`).exec(xml)?.[1];
  return raw?.replace(/&(lt|gt|quot|apos|amp);/g, (_, e: string) => ({ lt: '<', gt: '>', quot: '"', apos: "'", amp: '&' })[e] ?? '');
}

/** SHA-256 and its HMAC from node:crypto, in the shape the signer asks for. */
class Sha256 {
  private readonly hash;
  constructor(secret?: SourceData) {
    this.hash = secret === undefined ? createHash('sha256') : createHmac('sha256', bytes(secret));
  }
  update(data: SourceData): void {
    this.hash.update(bytes(data));
  }
  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.hash.digest());
  }
  reset(): void {
    // One hash per signature: the signer never reuses it.
  }
}

function bytes(data: SourceData): string | Uint8Array {
  if (typeof data === 'string') return data;
  return ArrayBuffer.isView(data) ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength) : new Uint8Array(data);
}

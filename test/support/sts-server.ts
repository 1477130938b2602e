// A loopback fake of the AWS STS Query API. It is shared by jest tests and a plain-node demo
// script, so it must only ever import Node built-ins.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { randomBytes, randomUUID } from 'node:crypto';

export type StsAction = 'AssumeRole' | 'AssumeRoleWithWebIdentity' | 'GetSessionToken' | 'GetCallerIdentity';

export interface RecordedCall {
  action: StsAction | string;
  params: Record<string, string>;
  /** parsed from the SigV4 Authorization header "Credential=AKID/DATE/REGION/sts/aws4_request" */
  accessKeyId?: string;
  /** the region the request was signed for, from the same header */
  region?: string;
  at: number;
}

export interface Fault {
  action?: StsAction;
  times?: number;
  latencyMs?: number;
  status?: number;
  code?: string;
  message?: string;
  drop?: boolean;
  malformed?: 'bad-xml' | 'no-credentials' | 'expired' | 'bad-expiration' | 'oversized';
  /** Puts a control character (default ESC) in the middle of one field of the answer, as a hostile or broken endpoint might. */
  controlChar?: { field: 'AccessKeyId' | 'SecretAccessKey' | 'SessionToken' | 'Expiration' | 'Arn'; char?: string };
}

/** How much filler an 'oversized' answer carries: well-formed XML, far more than any STS answer. */
export const OVERSIZED_ANSWER_BYTES = 2 * 1024 * 1024;

export interface StsServerOptions {
  durationOverrideSeconds?: number;
  accountId?: string;
}

export interface StsServer {
  url: string;
  port: number;
  calls: RecordedCall[];
  count(action?: StsAction): number;
  clockSkewMs: number;
  /** Settable: overrides every issued session's duration (starts as the option of the same name). */
  durationOverrideSeconds?: number;
  /** When set, an MFA TokenCode other than this one fails like a wrong one-time code does in STS. */
  expectedTokenCode?: string;
  inject(fault: Fault): void;
  clearFaults(): void;
  reset(): void;
  /** credentials issued so far, so tests can assert secrets never leak */
  issued: Array<{ AccessKeyId: string; SecretAccessKey: string; SessionToken: string; Expiration: string }>;
  close(): Promise<void>;
}

const NS = 'https://sts.amazonaws.com/doc/2011-06-15/';
const ROLE_ARN = /^arn:(aws[\w-]*):iam::(\d{12}):role\/(.+)$/;
const SESSION_NAME = /^[\w+=,.@-]{2,64}$/;
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

// Codes whose HTTP status differs from the generic 400, so a fault can name just the code.
const STATUS_BY_CODE: Record<string, number> = {
  AccessDenied: 403,
  ExpiredToken: 403,
  InvalidClientTokenId: 403,
  SignatureDoesNotMatch: 403,
  InternalFailure: 500,
  ServiceUnavailable: 503,
};
// ...and the reverse, so a fault can name just the status.
const CODE_BY_STATUS: Record<number, string> = { 403: 'AccessDenied', 500: 'InternalFailure', 503: 'ServiceUnavailable' };
const DEFAULT_MESSAGE: Record<string, string> = {
  Throttling: 'Rate exceeded',
  ExpiredToken: 'The security token included in the request is expired',
  InvalidClientTokenId: 'The security token included in the request is invalid.',
  SignatureDoesNotMatch: 'The request signature we calculated does not match the signature you provided.',
  InternalFailure: 'An internal error has occurred.',
  ServiceUnavailable: 'Service is temporarily unavailable.',
};

class StsError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const validation = (value: string | null, field: string, constraint: string) =>
  new StsError(
    400,
    'ValidationError',
    `1 validation error detected: Value ${value === null ? 'null' : `'${value}'`} at '${field}' failed to satisfy constraint: ${constraint}`,
  );

function randomAlnum(n: number): string {
  return Array.from(randomBytes(n), (b) => ALNUM[b % ALNUM.length]).join('');
}

/** `value` with `char` (ESC unless given) in its middle: the halves stay recognisable in a leak check. */
function withControlChar(value: string, char = '\u001b'): string {
  const middle = value.length >> 1;
  return value.slice(0, middle) + char + value.slice(middle);
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
// STS prints timestamps to the second; clients must not depend on milliseconds being present.
const stsTime = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

function parseDuration(raw: string | undefined, fallback: number, max: number): number {
  if (raw === undefined) return fallback;
  if (!/^\d+$/.test(raw)) throw validation(raw, 'durationSeconds', 'Member must be an integer');
  const n = Number(raw);
  if (n < 900) throw validation(raw, 'durationSeconds', 'Member must have value greater than or equal to 900');
  if (n > max) throw validation(raw, 'durationSeconds', `Member must have value less than or equal to ${max}`);
  return n;
}

export function startStsServer(options: StsServerOptions = {}): Promise<StsServer> {
  const account = options.accountId ?? '123456789012';
  const callerArn = `arn:aws:iam::${account}:user/alice`;
  let faults: Fault[] = [];
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  // Lets GetCallerIdentity answer as whoever the presented access key was issued to.
  const identities = new Map<string, { Arn: string; UserId: string; Account: string }>();

  function takeFault(action: string): Fault | undefined {
    const i = faults.findIndex((f) => f.action === undefined || f.action === action);
    const fault = faults[i];
    if (!fault) return undefined;
    if (fault.times !== undefined && --fault.times <= 0) faults.splice(i, 1);
    return fault;
  }

  function issue(duration: number, fault: Fault | undefined, identity: { Arn: string; UserId: string; Account: string }): string {
    if (fault?.malformed === 'no-credentials') return '';
    const now = Date.now() + server.clockSkewMs;
    // 'expired' is relative to the server's (skewed) clock, as a real STS with a correct clock would be.
    const expiresAt = fault?.malformed === 'expired' ? now - 3600_000 : now + (server.durationOverrideSeconds ?? duration) * 1000;
    const creds = {
      AccessKeyId: 'ASIA' + randomAlnum(16),
      SecretAccessKey: randomBytes(30).toString('base64'),
      SessionToken: 'IQoJb3JpZ2luX2VjE' + randomBytes(150).toString('base64'),
      Expiration: fault?.malformed === 'bad-expiration' ? 'next Tuesday' : stsTime(expiresAt),
    };
    const target = fault?.controlChar?.field;
    if (target !== undefined && target !== 'Arn') creds[target] = withControlChar(creds[target], fault?.controlChar?.char);
    server.issued.push(creds);
    identities.set(creds.AccessKeyId, identity);
    return `<Credentials><AccessKeyId>${creds.AccessKeyId}</AccessKeyId><SecretAccessKey>${creds.SecretAccessKey}</SecretAccessKey><SessionToken>${creds.SessionToken}</SessionToken><Expiration>${creds.Expiration}</Expiration></Credentials>`;
  }

  function checkMfa(params: Record<string, string>): void {
    if (params.SerialNumber === undefined) return;
    const code = params.TokenCode ?? null;
    if (code === null || !/^\d{6}$/.test(code))
      throw validation(code, 'tokenCode', 'Member must satisfy regular expression pattern: [\\d]{6}');
    if (server.expectedTokenCode !== undefined && code !== server.expectedTokenCode)
      throw new StsError(403, 'AccessDenied', 'MultiFactorAuthentication failed with invalid MFA one time pass code.');
  }

  function roleParams(params: Record<string, string>) {
    const roleArn = params.RoleArn ?? null;
    const match = roleArn === null ? null : ROLE_ARN.exec(roleArn);
    if (!match) throw validation(roleArn, 'roleArn', 'Member must satisfy regular expression pattern: arn:aws[\\w-]*:iam::\\d{12}:role/.+');
    const session = params.RoleSessionName ?? null;
    if (session === null || !SESSION_NAME.test(session))
      throw validation(session, 'roleSessionName', 'Member must satisfy regular expression pattern: [\\w+=,.@-]{2,64}');
    return { session, duration: parseDuration(params.DurationSeconds, 3600, 43200), match };
  }

  /** Returns the inner Result XML for a valid request, or throws an StsError just as STS would answer. */
  function handle(action: string, params: Record<string, string>, accessKeyId: string | undefined, fault: Fault | undefined): string {
    if (action === 'AssumeRole' || action === 'AssumeRoleWithWebIdentity') {
      const { session, duration, match } = roleParams(params);
      if (action === 'AssumeRoleWithWebIdentity') {
        // Unsigned: the token is the credential.
        const token = params.WebIdentityToken ?? null;
        if (token === null || token.length < 4)
          throw validation(token, 'webIdentityToken', 'Member must have length greater than or equal to 4');
      } else {
        // Signed with another role's session: role chaining, which AWS caps at one hour.
        const signer = accessKeyId === undefined ? undefined : identities.get(accessKeyId);
        if (signer?.Arn.includes(':assumed-role/') && duration > 3600) {
          throw new StsError(
            400,
            'ValidationError',
            'The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.',
          );
        }
        checkMfa(params);
      }
      const [, partition = 'aws', roleAccount = account, rolePath = ''] = match;
      // The assumed-role ARN carries only the role's name, never its IAM path.
      const roleName = rolePath.split('/').pop() ?? rolePath;
      const assumedRoleId = `AROA${randomAlnum(17)}:${session}`;
      const cleanArn = `arn:${partition}:sts::${roleAccount}:assumed-role/${roleName}/${session}`;
      const arn = fault?.controlChar?.field === 'Arn' ? withControlChar(cleanArn, fault.controlChar.char) : cleanArn;
      const creds = issue(duration, fault, { Arn: arn, UserId: assumedRoleId, Account: roleAccount });
      const user = `<AssumedRoleUser><AssumedRoleId>${esc(assumedRoleId)}</AssumedRoleId><Arn>${esc(arn)}</Arn></AssumedRoleUser>`;
      if (action === 'AssumeRole') return `${creds}${user}`;
      return `${creds}<SubjectFromWebIdentityToken>test-subject</SubjectFromWebIdentityToken>${user}<Provider>test-idp</Provider><Audience>sts.amazonaws.com</Audience>`;
    }
    if (action === 'GetSessionToken') {
      const duration = parseDuration(params.DurationSeconds, 43200, 129600);
      checkMfa(params);
      return issue(duration, fault, { Arn: callerArn, UserId: 'AIDACKCEVSQ6C2EXAMPLE', Account: account });
    }
    if (action === 'GetCallerIdentity') {
      const id = (accessKeyId && identities.get(accessKeyId)) || { Arn: callerArn, UserId: 'AIDACKCEVSQ6C2EXAMPLE', Account: account };
      return `<Arn>${esc(id.Arn)}</Arn><UserId>${esc(id.UserId)}</UserId><Account>${id.Account}</Account>`;
    }
    throw new StsError(400, 'InvalidAction', `Could not find operation ${action} for version 2011-06-15`);
  }

  function send(res: ServerResponse, status: number, body: string, requestId: string): void {
    if (res.destroyed) return;
    res.writeHead(status, {
      'Content-Type': 'text/xml',
      'Content-Length': Buffer.byteLength(body),
      'x-amzn-RequestId': requestId,
      Date: new Date(Date.now() + server.clockSkewMs).toUTCString(),
    });
    res.end(body);
  }

  function respond(req: IncomingMessage, res: ServerResponse, body: string): void {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const params: Record<string, string> = Object.fromEntries(url.searchParams);
    if (req.method === 'POST') Object.assign(params, Object.fromEntries(new URLSearchParams(body)));
    const action = params.Action ?? '';
    const [, accessKeyId, region] = /Credential=([^/,\s]+)\/\d+\/([^/,\s]+)\//.exec(req.headers.authorization ?? '') ?? [];
    server.calls.push({ action, params, ...(accessKeyId ? { accessKeyId } : {}), ...(region ? { region } : {}), at: Date.now() });
    const requestId = randomUUID();
    const fault = takeFault(action);

    const answer = () => {
      if (fault?.drop) return void req.socket.destroy();
      try {
        if (fault?.status !== undefined || fault?.code !== undefined) {
          const code = fault.code ?? CODE_BY_STATUS[fault.status ?? 400] ?? 'ValidationError';
          const defaultMessage =
            code === 'AccessDenied'
              ? `User: ${callerArn} is not authorized to perform: sts:${action}${params.RoleArn ? ` on resource: ${params.RoleArn}` : ''}`
              : (DEFAULT_MESSAGE[code] ?? 'Request could not be processed.');
          throw new StsError(fault.status ?? STATUS_BY_CODE[code] ?? 400, code, fault.message ?? defaultMessage);
        }
        const result = handle(action, params, accessKeyId, fault);
        let xml = `<${action}Response xmlns="${NS}"><${action}Result>${result}</${action}Result><ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></${action}Response>`;
        // Cut after the secrets so a client that echoes the raw body on a parse error is caught leaking them.
        if (fault?.malformed === 'oversized') {
          xml = xml.replace(`</${action}Result>`, `<Filler>${'x'.repeat(OVERSIZED_ANSWER_BYTES)}</Filler></${action}Result>`);
        }
        if (fault?.malformed === 'bad-xml') {
          const cut = xml.indexOf('</Credentials>');
          xml = (cut >= 0 ? xml.slice(0, cut) : xml.slice(0, xml.length >> 1)) + '<Unterminated';
        }
        send(res, 200, xml, requestId);
      } catch (e) {
        if (!(e instanceof StsError)) throw e;
        const type = e.status >= 500 ? 'Receiver' : 'Sender';
        const xml = `<ErrorResponse xmlns="${NS}"><Error><Type>${type}</Type><Code>${esc(e.code)}</Code><Message>${esc(e.message)}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`;
        send(res, e.status, xml, requestId);
      }
    };
    if (!fault?.latencyMs) return answer();
    const timer = setTimeout(() => (timers.delete(timer), answer()), fault.latencyMs);
    timers.add(timer);
  }

  const http = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => respond(req, res, Buffer.concat(chunks).toString('utf8')));
  });
  // Clients keep connections alive; without tracking them close() would hang and jest would not exit.
  http.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });

  const server: StsServer = {
    url: '',
    port: 0,
    calls: [],
    clockSkewMs: 0,
    durationOverrideSeconds: options.durationOverrideSeconds,
    expectedTokenCode: undefined,
    issued: [],
    count: (action) => (action === undefined ? server.calls.length : server.calls.filter((c) => c.action === action).length),
    inject: (fault) => void faults.push({ ...fault }),
    clearFaults: () => void (faults = []),
    reset() {
      // In place, so tests holding a reference to `calls` or `issued` see them emptied.
      server.calls.length = 0;
      server.issued.length = 0;
      server.durationOverrideSeconds = options.durationOverrideSeconds;
      faults = [];
      server.clockSkewMs = 0;
      server.expectedTokenCode = undefined;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        for (const t of timers) clearTimeout(t);
        timers.clear();
        http.close((err) => (err ? reject(err) : resolve()));
        for (const s of sockets) s.destroy();
      }),
  };

  return new Promise((resolve, reject) => {
    http.once('error', reject);
    http.listen(0, '127.0.0.1', () => {
      server.port = (http.address() as AddressInfo).port;
      server.url = `http://127.0.0.1:${server.port}`;
      resolve(server);
    });
  });
}

import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Moto {
  url: string;
  port: number;
  /** How many STS AssumeRole requests reached moto since the last resetRecording(). */
  assumeRoleCalls(): Promise<number>;
  /** Every AWS request recorded since the last resetRecording(), oldest first. */
  recordedCalls(): Promise<RecordedCall[]>;
  resetRecording(): Promise<void>;
  stop(): Promise<void>;
}

export interface RecordedCall {
  /** The query-protocol Action (AssumeRole, GetCallerIdentity, ...), if the request had one. */
  action: string | undefined;
  /** The access key id from the SigV4 Authorization header: shows which credentials signed it. */
  accessKeyId: string | undefined;
}

const START_DEADLINE_MS = 20_000;
const STOP_GRACE_MS = 3_000;
// The port comes from a probe socket that is closed before moto binds it, so another process can
// take it in between; a bind failure makes moto exit early, and we retry on a new port.
const START_ATTEMPTS = 3;

/**
 * Starts a private moto_server on a free loopback port with its request recorder on.
 *
 * AssumeRole calls are counted through moto's own recorder (/moto-api/recorder/*): it logs each
 * AWS request moto received, body included, so the count is what really reached the "STS" side,
 * not what the CLI claims to have done. moto 5.x offers reset-, start-, stop-, download-, upload-
 * and replay-recording (there is no clear-recording; reset-recording truncates the log).
 */
export async function startMoto(): Promise<Moto> {
  let lastError: unknown;
  for (let attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
    try {
      return await startOnce();
    } catch (error) {
      lastError = error;
      if (!(error instanceof EarlyExit)) break;
    }
  }
  throw lastError;
}

class EarlyExit extends Error {}

async function startOnce(): Promise<Moto> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  // The recorder writes to ./moto_recording by default, i.e. into whatever directory jest runs
  // in; a private file keeps the repo clean and keeps parallel moto instances apart.
  const recordDir = mkdtempSync(join(tmpdir(), 'sts-refresh-moto-'));
  const child = spawn('moto_server', ['-H', '127.0.0.1', '-p', String(port)], {
    // Its own process group: moto_server may be a pyenv shim (bash -> pyenv -> python), and
    // stop() must reach whatever is at the end of that chain.
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, MOTO_RECORDER_FILEPATH: join(recordDir, 'recording.jsonl') },
  });
  // moto logs every request; the pipes must be drained or a busy test would stall the server.
  // The tail is kept for error messages.
  let output = '';
  const keep = (d: Buffer) => (output = (output + d.toString('utf8')).slice(-4000));
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);

  let exited = false;
  const exitedPromise = new Promise<void>((resolve) => child.once('exit', () => ((exited = true), resolve())));
  let spawnError: Error | undefined;
  child.once('error', (e) => (spawnError = e));
  // If jest dies or forgets afterAll, don't leave a server listening behind it.
  const onExit = () => {
    killGroup(child, 'SIGKILL');
    rmSync(recordDir, { recursive: true, force: true });
  };
  process.once('exit', onExit);

  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    process.removeListener('exit', onExit);
    // A spawn that failed outright (ENOENT) has no pid and never emits exit.
    if (!exited && child.pid !== undefined) {
      killGroup(child, 'SIGTERM');
      const timer = setTimeout(() => killGroup(child, 'SIGKILL'), STOP_GRACE_MS);
      await exitedPromise;
      clearTimeout(timer);
    }
    rmSync(recordDir, { recursive: true, force: true });
  };

  try {
    const deadline = Date.now() + START_DEADLINE_MS;
    for (;;) {
      if (spawnError) throw new Error(`could not start moto_server: ${spawnError.message}`);
      if (exited) throw new EarlyExit(`moto_server exited during start-up:\n${output}`);
      // reset-recording doubles as the readiness probe: it answers only once the server is up,
      // and it creates the recording file that download-recording expects to exist.
      if ((await httpStatus(`${url}/moto-api/recorder/reset-recording`, 'POST')) === 200) break;
      if (Date.now() > deadline) throw new Error(`moto_server did not answer on ${url} within ${START_DEADLINE_MS / 1000} s:\n${output}`);
      await sleep(150);
    }
    await mustPost(`${url}/moto-api/recorder/start-recording`);
  } catch (error) {
    await stop();
    throw error;
  }

  const recordedCalls = async (): Promise<RecordedCall[]> => parseRecording(await httpGet(`${url}/moto-api/recorder/download-recording`));
  return {
    url,
    port,
    recordedCalls,
    async assumeRoleCalls() {
      return (await recordedCalls()).filter((c) => c.action === 'AssumeRole').length;
    },
    async resetRecording() {
      await mustPost(`${url}/moto-api/recorder/reset-recording`);
    },
    stop,
  };
}

/** The recorder's log is one JSON object per line: {headers, method, url, body, body_encoded}. */
function parseRecording(text: string): RecordedCall[] {
  const calls: RecordedCall[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    let entry: { headers?: Record<string, string>; url?: string; body?: string | null; body_encoded?: boolean };
    try {
      entry = JSON.parse(line) as typeof entry;
    } catch {
      // Skipping a line could hide an AssumeRole and make a "no extra call" assertion pass wrongly.
      throw new Error(`unreadable line in moto's recording: ${line.slice(0, 200)}`);
    }
    const body = entry.body ? (entry.body_encoded ? Buffer.from(entry.body, 'base64').toString('utf8') : entry.body) : '';
    // STS speaks the query protocol: Action is in the form body for POST, in the query for GET.
    const query = entry.url ? new URL(entry.url).searchParams : new URLSearchParams();
    const action = new URLSearchParams(body).get('Action') ?? query.get('Action') ?? undefined;
    const auth = Object.entries(entry.headers ?? {}).find(([k]) => k.toLowerCase() === 'authorization')?.[1];
    const accessKeyId = auth ? /Credential=([^/,\s]+)\//.exec(auth)?.[1] : undefined;
    calls.push({ action, accessKeyId });
  }
  return calls;
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // already gone
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => (port ? resolve(port) : reject(new Error('no free port'))));
    });
  });
}

interface HttpReply {
  status: number;
  body: string;
}

// node:http rather than fetch: no keep-alive sockets left open to hold jest after the suite.
function http(url: string, method: 'GET' | 'POST'): Promise<HttpReply> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, agent: false, headers: { 'content-length': '0' }, timeout: 5_000 }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (d: string) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`${method} ${url} timed out`)));
    req.on('error', reject);
    req.end();
  });
}

async function httpStatus(url: string, method: 'GET' | 'POST'): Promise<number> {
  try {
    return (await http(url, method)).status;
  } catch {
    return 0;
  }
}

async function mustPost(url: string): Promise<void> {
  const reply = await http(url, 'POST');
  if (reply.status !== 200) throw new Error(`POST ${url}: HTTP ${reply.status} ${reply.body.slice(0, 200)}`);
}

async function httpGet(url: string): Promise<string> {
  const reply = await http(url, 'GET');
  if (reply.status !== 200) throw new Error(`GET ${url}: HTTP ${reply.status} ${reply.body.slice(0, 200)}`);
  return reply.body;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

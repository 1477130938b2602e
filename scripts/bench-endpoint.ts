// The endpoint rows of `npm run bench`: `exec` serving a child that measures it from the inside.
// Latency of a cached answer at 1 and 64 concurrent requests, then the exec process's RSS after 10,
// 1,000 and 2,000 renewals (each request renews: 2-second sessions inside a 1-hour window). A bare
// node:http server measured by the same child gives the floor of each: what Node itself costs.
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { StsServer } from '../test/support/sts-server';
import type { TempHome } from '../test/support/temp-home';

// Runs as the child of exec: prints one JSON line. Latency is measured over raw keep-alive sockets
// with the request bytes built once: node:http's own client costs more per request than the
// endpoint does, and at 64 concurrent requests a median measured through it is mostly the client.
// The same child, against a bare node:http server (FLOOR_SERVER), gives the floor beside it.
const CHILD = `
const http = require('node:http');
const net = require('node:net');
const fs = require('node:fs');
const url = new URL(process.env.AWS_CONTAINER_CREDENTIALS_FULL_URI);
const token = process.env.AWS_CONTAINER_AUTHORIZATION_TOKEN;
const request = Buffer.from('GET ' + url.pathname + ' HTTP/1.1\\r\\nHost: ' + url.host + '\\r\\nAuthorization: ' + token + '\\r\\n\\r\\n');
function connection() {
  return new Promise((resolve, reject) => {
    let buffered = '';
    let waiting;
    const socket = net.connect(Number(url.port), url.hostname, () => resolve({ socket, get }));
    socket.setNoDelay(true);
    socket.setEncoding('latin1');
    socket.on('error', reject);
    socket.on('data', (data) => {
      buffered += data;
      const head = buffered.indexOf('\\r\\n\\r\\n');
      if (head < 0) return;
      const length = Number(/content-length: *(\\d+)/i.exec(buffered.slice(0, head))[1]);
      if (buffered.length < head + 4 + length) return;
      const ok = buffered.startsWith('HTTP/1.1 200');
      buffered = buffered.slice(head + 4 + length);
      const w = waiting;
      waiting = undefined;
      ok ? w.resolve(performance.now() - w.started) : w.reject(new Error('status ' + buffered.slice(9, 12)));
    });
    function get() {
      return new Promise((resolve, reject) => {
        waiting = { resolve, reject, started: performance.now() };
        socket.write(request);
      });
    }
  });
}
const agent = new http.Agent({ keepAlive: true });
function renew() {
  return new Promise((resolve, reject) => {
    http.get({ host: url.hostname, port: url.port, path: url.pathname, headers: { Authorization: token }, agent }, (res) => {
      res.resume();
      res.on('end', () => (res.statusCode === 200 ? resolve() : reject(new Error('status ' + res.statusCode))));
    }).on('error', reject);
  });
}
function rssMiB() {
  const kb = /VmRSS:\\s+(\\d+)/.exec(fs.readFileSync('/proc/' + process.ppid + '/status', 'utf8'))[1];
  return Number(kb) / 1024;
}
(async () => {
  const mode = process.argv[2];
  const out = {};
  if (mode === 'latency') {
    const connections = await Promise.all(Array.from({ length: 64 }, connection));
    for (let i = 0; i < 50; i++) await connections[0].get();
    out.one = [];
    for (let i = 0; i < 1000; i++) out.one.push(await connections[0].get());
    out.many = [];
    // 400 rounds: over the 40 it once took, the median was mostly warm-up (V8 had not yet optimized
    // node:http's code) and two runs of one build differed by a millisecond.
    for (let round = 0; round < 400; round++) out.many.push(...(await Promise.all(connections.map((c) => c.get()))));
    for (const c of connections) c.socket.destroy();
  } else {
    // Each reading a moment after the last request, when the endpoint is idle as it is between
    // renewals; the floor server answers the same requests without renewing anything.
    const counts = [10, 1000, 2000];
    out.rss = [];
    for (let done = 0; out.rss.length < counts.length; ) {
      for (; done < counts[out.rss.length]; done++) await renew();
      await new Promise((resolve) => setTimeout(resolve, 200));
      out.rss.push(rssMiB());
    }
    agent.destroy();
  }
  console.log(JSON.stringify(out));
})().catch((e) => { console.error(e.message); process.exitCode = 1; });
`;

// A bare node:http server that answers every request with a body like the endpoint's, and runs
// the child as exec does: the floor of every row.
const FLOOR_SERVER = `
const http = require('node:http');
const { spawn } = require('node:child_process');
const body = JSON.stringify({ AccessKeyId: 'ASIA' + 'X'.repeat(16), SecretAccessKey: 'x'.repeat(40), Token: 't'.repeat(600), Expiration: new Date(Date.now() + 3600e3).toISOString() });
const server = http.createServer((req, res) => {
  req.resume();
  res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body), 'Cache-Control': 'no-store' });
  res.end(body);
});
server.listen(0, '127.0.0.1', () => {
  const env = { ...process.env, AWS_CONTAINER_CREDENTIALS_FULL_URI: 'http://127.0.0.1:' + server.address().port + '/credentials', AWS_CONTAINER_AUTHORIZATION_TOKEN: 'floor' };
  const child = spawn(process.argv[1], process.argv.slice(2), { env, stdio: 'inherit' });
  child.on('exit', (code) => { server.close(); process.exitCode = code; });
});
`;

/** Runs `argv` under `node` (exec, or the floor server, with the child after it) and returns the child's JSON line. */
function childFigures(node: string, argv: string[], env: NodeJS.ProcessEnv): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const proc = spawn(node, argv, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    proc.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    proc.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    proc.on('error', reject);
    proc.on('close', (code) => (code === 0 ? resolve(JSON.parse(stdout)) : reject(new Error(`endpoint bench exited ${code}: ${stderr}`))));
  });
}

interface Latencies {
  one: number[];
  many: number[];
}

export interface Percentiles {
  p50: number;
  p99: number;
}

/** RSS in MiB after 10, 1,000 and 2,000 requests (each a renewal, for exec). */
export type RssReadings = [number, number, number];

export interface EndpointFigures {
  one: Percentiles;
  many: Percentiles;
  /** The same requests while the held keys are inside their window and their renewal hangs on STS. */
  hangingOne: Percentiles;
  hangingMany: Percentiles;
  /** AssumeRole calls made during those requests: one renewal, still hanging at the end. */
  hangingCalls: number;
  floorOne: Percentiles;
  floorMany: Percentiles;
  rss: RssReadings;
  floorRss: RssReadings;
  renewals: number;
}

/** The endpoint's figures with `node` running both exec and its child, and the bare server's beside them. */
export async function benchEndpoint(
  node: string,
  cli: string,
  role: string,
  server: StsServer,
  home: TempHome,
  percentile: (xs: number[], p: number) => number,
): Promise<EndpointFigures> {
  const child = join(home.home, 'endpoint-bench-child.js');
  writeFileSync(child, CHILD);
  const env = (cache: string) => home.env({ AWS_ENDPOINT_URL_STS: server.url, STS_REFRESH_CACHE_DIR: join(home.home, cache) });
  const underExec = (cache: string, args: string[], mode: string) =>
    childFigures(node, [cli, 'exec', '--role', role, ...args, '--', node, child, mode], env(cache));
  const underFloor = (mode: string) => childFigures(node, ['-e', FLOOR_SERVER, node, child, mode], env('floor'));
  const stats = (xs: number[]): Percentiles => ({ p50: percentile(xs, 50), p99: percentile(xs, 99) });
  const latency = (await underExec(`endpoint-latency-${Date.now()}`, [], 'latency')) as unknown as Latencies;
  const hanging = await whileRenewalHangs(server, () => underExec(`endpoint-hanging-${Date.now()}`, ['--timeout', '3600'], 'latency'));
  const floor = (await underFloor('latency')) as unknown as Latencies;
  const floorRss = (await underFloor('rss')) as unknown as { rss: RssReadings };
  server.durationOverrideSeconds = 2;
  const before = server.count('AssumeRole');
  try {
    const rss = (await underExec(`endpoint-renewals-${Date.now()}`, ['--refresh-window', '1h'], 'rss')) as unknown as { rss: RssReadings };
    return {
      one: stats(latency.one),
      many: stats(latency.many),
      hangingOne: stats(hanging.latency.one),
      hangingMany: stats(hanging.latency.many),
      hangingCalls: hanging.calls,
      floorOne: stats(floor.one),
      floorMany: stats(floor.many),
      rss: rss.rss,
      floorRss: floorRss.rss,
      // exec's own first pass, before the child starts, is not a renewal.
      renewals: server.count('AssumeRole') - before - 1,
    };
  } finally {
    server.durationOverrideSeconds = undefined;
  }
}

/**
 * Runs `measure` with exec holding keys inside their refresh window but above the floor, whose
 * renewal hangs: STS's clock 45 minutes behind ours makes its 1-hour session arrive with 15
 * minutes left (the window is 20, the floor 10), and every AssumeRole after exec's first is
 * answered only after 10 minutes. The endpoint must answer each request from the keys it holds.
 */
async function whileRenewalHangs(server: StsServer, measure: () => Promise<Record<string, unknown>>) {
  server.clockSkewMs = -45 * 60_000;
  server.inject({ action: 'AssumeRole', times: 1 });
  server.inject({ action: 'AssumeRole', latencyMs: 10 * 60_000 });
  const before = server.count('AssumeRole');
  const issued = server.issued.length;
  try {
    const latency = (await measure()) as unknown as Latencies;
    if (server.issued.length !== issued + 1) throw new Error('the renewal was answered: STS did not hang');
    return { latency, calls: server.count('AssumeRole') - before - 1 };
  } finally {
    server.clockSkewMs = 0;
    server.clearFaults();
  }
}

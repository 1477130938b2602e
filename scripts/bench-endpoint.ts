// The endpoint rows of `npm run bench`: `exec` serving a child that measures it from the inside.
// Latency of a cached answer at 1 and 64 concurrent requests, then the exec process's RSS after 10
// and after 1,000 renewals (each request renews: 2-second sessions inside a 1-hour window).
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { StsServer } from '../test/support/sts-server';
import type { TempHome } from '../test/support/temp-home';

// Runs as the child of exec: prints one JSON line.
const CHILD = `
const http = require('node:http');
const fs = require('node:fs');
const url = new URL(process.env.AWS_CONTAINER_CREDENTIALS_FULL_URI);
const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
const headers = { Authorization: process.env.AWS_CONTAINER_AUTHORIZATION_TOKEN };
function get() {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    http.get({ host: url.hostname, port: url.port, path: url.pathname, headers, agent }, (res) => {
      res.resume();
      res.on('end', () => (res.statusCode === 200 ? resolve(performance.now() - started) : reject(new Error('status ' + res.statusCode))));
    }).on('error', reject);
  });
}
function rssMiB() {
  try {
    const kb = /VmRSS:\\s+(\\d+)/.exec(fs.readFileSync('/proc/' + process.ppid + '/status', 'utf8'))[1];
    return Number(kb) / 1024;
  } catch { return NaN; }
}
(async () => {
  const mode = process.argv[2];
  const out = {};
  if (mode === 'latency') {
    for (let i = 0; i < 50; i++) await get();
    out.one = [];
    for (let i = 0; i < 1000; i++) out.one.push(await get());
    out.many = [];
    for (let round = 0; round < 40; round++) out.many.push(...(await Promise.all(Array.from({ length: 64 }, get))));
  } else {
    for (let i = 0; i < 10; i++) await get();
    out.after10 = rssMiB();
    for (let i = 10; i < 1000; i++) await get();
    out.after1000 = rssMiB();
  }
  console.log(JSON.stringify(out));
  agent.destroy();
})().catch((e) => { console.error(e.message); process.exitCode = 1; });
`;

function underExec(
  cli: string,
  role: string,
  env: NodeJS.ProcessEnv,
  child: string,
  args: string[],
  mode: string,
): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, [cli, 'exec', '--role', role, ...args, '--', process.execPath, child, mode], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    proc.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    proc.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    proc.on('error', reject);
    proc.on('close', (code) => (code === 0 ? resolve(JSON.parse(stdout)) : reject(new Error(`endpoint bench exited ${code}: ${stderr}`))));
  });
}

export interface EndpointFigures {
  one: { p50: number; p99: number };
  many: { p50: number; p99: number };
  rss10: number;
  rss1000: number;
  renewals: number;
}

export async function benchEndpoint(
  cli: string,
  role: string,
  server: StsServer,
  home: TempHome,
  percentile: (xs: number[], p: number) => number,
): Promise<EndpointFigures> {
  const child = join(home.home, 'endpoint-bench-child.js');
  writeFileSync(child, CHILD);
  const env = (cache: string) => home.env({ AWS_ENDPOINT_URL_STS: server.url, STS_REFRESH_CACHE_DIR: join(home.home, cache) });
  const latency = (await underExec(cli, role, env('endpoint-latency'), child, [], 'latency')) as { one: number[]; many: number[] };
  const stats = (xs: number[]) => ({ p50: percentile(xs, 50), p99: percentile(xs, 99) });
  server.durationOverrideSeconds = 2;
  const before = server.count('AssumeRole');
  try {
    const rss = (await underExec(cli, role, env('endpoint-renewals'), child, ['--refresh-window', '1h'], 'rss')) as {
      after10: number;
      after1000: number;
    };
    return {
      one: stats(latency.one),
      many: stats(latency.many),
      rss10: rss.after10,
      rss1000: rss.after1000,
      renewals: server.count('AssumeRole') - before - 1,
    };
  } finally {
    server.durationOverrideSeconds = undefined;
  }
}

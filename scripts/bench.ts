// `npm run bench`: whole-process timings on this machine, printed as a markdown table. It is a
// benchmark, not a test: nothing here fails on a slow figure, it reports the targets it checked.
//
// Floor and hit run without NODE_EXTRA_CA_CERTS (it costs Node 20 ~37 ms per start and would hide
// the helper's own cost); the hit is reported with it as well.
import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { startStsServer, type StsServer } from '../test/support/sts-server';
import { startMoto } from '../test/support/moto';
import { which } from '../test/support/tool-path';
import releases from './node-releases.json';
import { makeTempHome } from '../test/support/temp-home';
import { benchEndpoint } from './bench-endpoint';
import { hitPairs, runOnce } from './bench-hit';

const ROOT = resolve(__dirname, '..');
const CLI = join(ROOT, 'dist', 'sts-refresh.js');
const BINARY = join(ROOT, 'dist', `sts-refresh-${process.platform}-${process.arch}`);
const ROLE = 'arn:aws:iam::123456789012:role/bench';
const RUNS = Number(process.env.BENCH_RUNS ?? 60);
// The hit rows' floor/hit pairs on each Node.
const PAIRS = Number(process.env.BENCH_PAIRS ?? 30);
// The hit's target: at most this times `node -e 0` on Node 22 and 24.
const HIT_TARGET = 1.1;
const LATENCY_MS = 200;
const CONCURRENCY = [1, 8, 32, 64];
const PEER_CONCURRENCY = (process.env.BENCH_PEER_N ?? '1,8,32,64').split(',').map(Number);
const TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;
// The Node inside the single executable (scripts/node-release.mjs), for a like-for-like floor.
const NODE22 = join(
  ROOT,
  '.cache',
  `node-${(releases.tested as Record<string, string>)[releases.executable]}`,
  'node_modules',
  'node',
  'bin',
  'node',
);

const median = (xs: number[]) => percentile(xs, 50);
function percentile(xs: number[], p: number): number {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

interface Probe {
  file: string;
  args: string[];
  env: NodeJS.ProcessEnv;
}

/**
 * Median wall time of each probe over whole-process runs, taken in turns (floor, hit, floor, hit,
 * ...) so that a machine getting busier or quieter during the run shifts every figure alike
 * instead of skewing the ratios.
 */
async function walls(probes: Array<Probe | undefined>, runs = RUNS): Promise<number[]> {
  const samples: number[][] = probes.map(() => []);
  for (let i = -3; i < runs; i++) {
    for (const [j, probe] of probes.entries()) {
      if (!probe) continue;
      const r = await runOnce(probe.file, probe.args, probe.env);
      if (r.code !== 0) throw new Error(`${probe.file} ${probe.args.join(' ')} exited ${r.code}: ${r.stderr}`);
      // The first three rounds warm the page cache and are not counted.
      if (i >= 0) samples[j]?.push(r.ms);
    }
  }
  return samples.map((xs) => (xs.length ? median(xs) : NaN));
}

/**
 * Median peak RSS in MiB, read from /usr/bin/time. The executable is dropped from the page cache
 * first (dd iflag=nocache) and read back by a warm-up run: a file just written may sit in the page
 * cache as large folios, which the kernel maps whole, and then a freshly built 120 MB executable
 * shows ~20 MiB more RSS (an empty one too) without using more memory. Every executable, node
 * included, is measured in the same state.
 */
async function peakRss(probe: Probe | undefined, runs = 15): Promise<number> {
  if (!TIME || !probe) return NaN;
  // By its path: the probes' PATH is the temp home's, which holds no tools.
  const dd = which('dd');
  if (dd) await runOnce(dd, [`if=${probe.file}`, 'iflag=nocache', 'count=0', 'status=none'], probe.env);
  await runOnce(probe.file, probe.args, probe.env);
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const r = await runOnce(TIME, ['-f', '%M', probe.file, ...probe.args], probe.env);
    samples.push(Number(r.stderr.trim().split('\n').pop()) / 1024);
  }
  return median(samples);
}

async function concurrentCold(server: StsServer, n: number): Promise<{ calls: number; p50: number; p99: number; failures: number }> {
  const home = makeTempHome();
  try {
    const env = home.env({ AWS_ENDPOINT_URL_STS: server.url });
    server.reset();
    server.inject({ action: 'AssumeRole', latencyMs: LATENCY_MS });
    const samples = await Promise.all(
      Array.from({ length: n }, () => {
        const started = performance.now();
        return new Promise<{ ms: number; ok: boolean }>((done) => {
          const child = spawn(process.execPath, [CLI, '--role', ROLE], { env, stdio: 'ignore' });
          child.on('close', (code) => done({ ms: performance.now() - started, ok: code === 0 }));
        });
      }),
    );
    server.clearFaults();
    const ms = samples.map((s) => s.ms);
    return {
      calls: server.count('AssumeRole'),
      p50: percentile(ms, 50),
      p99: percentile(ms, 99),
      failures: samples.filter((s) => !s.ok).length,
    };
  } finally {
    home.cleanup();
  }
}

const run = promisify(execFile);

/** N concurrent `aws sts get-caller-identity` on a profile, cold; returns AssumeRole calls seen by moto. */
async function peerRound(profile: 'cli' | 'ours', n: number, motoUrl: string, count: () => Promise<number>, reset: () => Promise<void>) {
  const home = mkdtempSync(join(tmpdir(), 'sts-refresh-bench-peer-'));
  try {
    mkdirSync(join(home, '.aws'));
    writeFileSync(join(home, '.aws', 'credentials'), '[src]\naws_access_key_id = AKIABENCHPEER0000000\naws_secret_access_key = bench\n');
    writeFileSync(
      join(home, '.aws', 'config'),
      [
        '[profile src]',
        'region = us-east-1',
        '[profile cli]',
        'region = us-east-1',
        `role_arn = ${ROLE}`,
        'source_profile = src',
        '[profile ours]',
        'region = us-east-1',
        `credential_process = ${process.execPath} ${CLI} --role ${ROLE} --source-profile src --cache-dir ${join(home, 'cache')}`,
        '',
      ].join('\n'),
    );
    const env = { PATH: process.env.PATH, HOME: home, AWS_ENDPOINT_URL_STS: motoUrl, AWS_EC2_METADATA_DISABLED: 'true' };
    await reset();
    const started = performance.now();
    await Promise.all(Array.from({ length: n }, () => run('aws', ['sts', 'get-caller-identity', '--profile', profile], { env })));
    return { calls: await count(), ms: performance.now() - started };
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  if (!existsSync(CLI)) throw new Error('run npm run build first');
  const server = await startStsServer();
  const home = makeTempHome();
  const out = (line: string) => process.stdout.write(`${line}\n`);
  try {
    // BENCH_ONLY=endpoint: just the exec endpoint's rows; BENCH_ONLY=hit: just the hit on each Node.
    if (process.env.BENCH_ONLY === 'endpoint') return await endpointRows(server, home, out);
    if (process.env.BENCH_ONLY === 'hit') return await hitRows(server, home, out);
    const quiet = home.env({ AWS_ENDPOINT_URL_STS: server.url });
    const withCa = home.env({ AWS_ENDPOINT_URL_STS: server.url, NODE_EXTRA_CA_CERTS: process.env.NODE_EXTRA_CA_CERTS });
    const hitArgs = [CLI, '--role', ROLE];
    await runOnce(process.execPath, hitArgs, quiet);
    const hasBinary = existsSync(BINARY);
    const hasNode22 = existsSync(NODE22);
    // The same kind of executable around an empty script: what any SEA costs before our code runs.
    if (hasBinary) await run(process.execPath, [join(ROOT, 'scripts', 'build-binary.mjs'), '--empty']);
    const emptySea = join(ROOT, '.cache', 'sea-empty', 'empty');

    const probes = {
      floor: { file: process.execPath, args: ['-e', '0'], env: quiet },
      hit: { file: process.execPath, args: hitArgs, env: quiet },
      binHit: hasBinary ? { file: BINARY, args: ['--role', ROLE], env: quiet } : undefined,
      floor22: hasNode22 ? { file: NODE22, args: ['-e', '0'], env: quiet } : undefined,
      floorSea: hasBinary ? { file: emptySea, args: [], env: quiet } : undefined,
    };
    const [floor, hit, binHit, floor22, floorSea] = (await walls(Object.values(probes))) as [number, number, number, number, number];
    const floorRss = await peakRss(probes.floor);
    const hitRss = await peakRss(probes.hit);
    const binRss = await peakRss(probes.binHit);
    const floor22Rss = await peakRss(probes.floor22);
    const floorSeaRss = await peakRss(probes.floorSea);
    const withCaProbes = process.env.NODE_EXTRA_CA_CERTS
      ? [probes.floor, probes.hit, probes.binHit].map((p) => p && { ...p, env: withCa })
      : [];
    const [floorCa = NaN, hitCa = NaN, binHitCa = NaN] = await walls(withCaProbes, 15);

    // A miss: a fresh cache directory each run, STS answering after a fixed latency.
    server.inject({ action: 'AssumeRole', latencyMs: LATENCY_MS });
    const missSamples: number[] = [];
    for (let i = 0; i < 12; i++) {
      const env = home.env({ AWS_ENDPOINT_URL_STS: server.url, STS_REFRESH_CACHE_DIR: join(home.home, `miss-${i}`) });
      missSamples.push((await runOnce(process.execPath, hitArgs, env)).ms - LATENCY_MS);
    }
    server.clearFaults();
    const miss = median(missSamples);

    const f = (ms: number) => (Number.isNaN(ms) ? 'n/a' : `${ms.toFixed(1)} ms`);
    const mb = (m: number) => (Number.isNaN(m) ? 'n/a' : `${m.toFixed(1)} MiB`);
    const ratio = (a: number, b: number) => (Number.isNaN(a) || Number.isNaN(b) ? 'n/a' : (a / b).toFixed(2));
    const mark = (ok: boolean) => (ok ? 'met' : 'NOT met');

    out(
      `Machine: ${cpus().length} x ${cpus()[0]?.model.trim() ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, ${new Date().toISOString().slice(0, 10)}; medians of ${RUNS} runs`,
    );
    out('');
    out('| what | wall (median) | peak RSS | vs floor | target |');
    out('| --- | --- | --- | --- | --- |');
    out(`| floor: \`node -e 0\` | ${f(floor)} | ${mb(floorRss)} | 1.00 | |`);
    out(
      `| hit: dist/sts-refresh.js | ${f(hit)} | ${mb(hitRss)} | wall ${ratio(hit, floor)}, RSS ${ratio(hitRss, floorRss)} | wall <= ${HIT_TARGET.toFixed(2)} ${mark(hit / floor <= HIT_TARGET)}; RSS <= 1.25 ${mark(hitRss / floorRss <= 1.25)} |`,
    );
    out(
      `| floor: Node 22 \`node -e 0\` (the Node inside the executable) | ${f(floor22)} | ${mb(floor22Rss)} | ${ratio(floor22, floor)} | |`,
    );
    out(
      `| floor: an empty single executable (Node 22 SEA, empty script) | ${f(floorSea)} | ${mb(floorSeaRss)} | ${ratio(floorSea, floor)} | |`,
    );
    out(
      `| hit: single executable (Node 22 SEA) | ${f(binHit)} | ${mb(binRss)} | wall ${ratio(binHit, floor)}, RSS ${ratio(binRss, floorRss)}; vs Node 22: wall ${ratio(binHit, floor22)}, RSS ${ratio(binRss, floor22Rss)}; vs empty SEA: wall ${ratio(binHit, floorSea)}, RSS ${ratio(binRss, floorSeaRss)} | ${hasBinary ? `wall <= 1.15 ${mark(binHit / floor <= 1.15)}; RSS <= 1.25 ${mark(binRss / floorRss <= 1.25)}` : 'run npm run build:binary'} |`,
    );
    out(
      `| with NODE_EXTRA_CA_CERTS: floor / JS hit / SEA hit | ${f(floorCa)} / ${f(hitCa)} / ${f(binHitCa)} | | ${ratio(hitCa, floorCa)} / ${ratio(binHitCa, floorCa)} | |`,
    );
    out(`| miss minus ${LATENCY_MS} ms STS latency | ${f(miss)} | | | <= floor + 120 ms ${mark(miss <= floor + 120)} |`);
    out('');
    out(`| cold callers N | AssumeRole calls | p50 | p99 | failures | target |`);
    out('| --- | --- | --- | --- | --- | --- |');
    for (const n of CONCURRENCY) {
      const r = await concurrentCold(server, n);
      const ok = r.calls === 1 && (n !== 64 || r.p99 < 2000 + LATENCY_MS);
      out(
        `| ${n} | ${r.calls} | ${f(r.p50)} | ${f(r.p99)} | ${r.failures} | 1 call${n === 64 ? `, p99 < ${2000 + LATENCY_MS} ms` : ''}: ${mark(ok)} |`,
      );
    }

    await hitRows(server, home, out);
    await endpointRows(server, home, out);

    if (which('aws') && which('moto_server')) {
      const moto = await startMoto();
      try {
        out('');
        out(
          '| N concurrent `aws sts get-caller-identity` | AWS CLI role_arn + source_profile: AssumeRole calls | via credential_process = sts-refresh: AssumeRole calls | target |',
        );
        out('| --- | --- | --- | --- |');
        for (const n of PEER_CONCURRENCY) {
          const cli = await peerRound(
            'cli',
            n,
            moto.url,
            () => moto.assumeRoleCalls(),
            () => moto.resetRecording(),
          );
          const ours = await peerRound(
            'ours',
            n,
            moto.url,
            () => moto.assumeRoleCalls(),
            () => moto.resetRecording(),
          );
          out(
            `| ${n} | ${cli.calls} (${(cli.ms / 1000).toFixed(1)} s) | ${ours.calls} (${(ours.ms / 1000).toFixed(1)} s) | ${n > 1 ? `fewer: ${mark(ours.calls < cli.calls)}` : ''} |`,
          );
        }
      } finally {
        await moto.stop();
      }
    } else {
      out('\n(peer comparison skipped: aws or moto_server not on PATH)');
    }
  } finally {
    home.cleanup();
    await server.close();
  }
}

/** The runner's Node and each tested release (node-releases.json), installed into .cache/ on first use. */
async function runtimes(): Promise<string[]> {
  const found = [process.execPath];
  for (const major of Object.keys(releases.tested)) {
    found.push((await promisify(execFile)(process.execPath, [join(ROOT, 'scripts', 'node-release.mjs'), major])).stdout.trim());
  }
  return found;
}

/**
 * A hit against \`node -e 0\` on each Node, PAIRS pairs side by side (scripts/bench-hit.ts): in
 * the runner's environment without NODE_EXTRA_CA_CERTS, then with it where the runner sets it.
 */
async function hitRows(server: StsServer, home: ReturnType<typeof makeTempHome>, out: (line: string) => void): Promise<void> {
  const { NODE_EXTRA_CA_CERTS: ca, ...without } = process.env;
  const env = { ...without, ...home.env({ AWS_ENDPOINT_URL_STS: server.url }) };
  const args = ['--role', ROLE];
  // The entry every hit reads, made once: the cache key does not depend on the Node.
  await promisify(execFile)(process.execPath, [CLI, ...args], { env });
  const ms = (x: number) => `${x.toFixed(1)} ms`;
  const mark = (ok: boolean) => (ok ? 'met' : 'NOT met');
  const nodes = await runtimes();
  const tested = new Set(Object.values(releases.tested).map((v) => `v${v}`));
  const load = loadavg()[0]?.toFixed(1);
  out('');
  out(
    `| hit vs \`node -e 0\` on the same Node, ${PAIRS} pairs side by side | floor median | hit median | hit / floor | median of pair ratios | target |`,
  );
  out('| --- | --- | --- | --- | --- | --- |');
  for (const withCa of ca ? [false, true] : [false]) {
    for (const node of nodes) {
      const version = (await promisify(execFile)(node, ['--version'])).stdout.trim();
      const r = await hitPairs({ node, cli: CLI, args, env: withCa ? { ...env, NODE_EXTRA_CA_CERTS: ca } : env }, PAIRS);
      const target = tested.has(version) && !withCa ? `<= ${HIT_TARGET.toFixed(2)}: ${mark(r.ratio <= HIT_TARGET)}` : '';
      out(
        `| ${version}${withCa ? ' with NODE_EXTRA_CA_CERTS' : ''} | ${ms(r.floor)} | ${ms(r.hit)} | ${r.ratio.toFixed(2)} | ${r.pairRatio.toFixed(2)} | ${target} |`,
      );
    }
  }
  // On a machine busy with other work the ratios move by more than the target's margin.
  out(`(load average ${load} before these rows, ${loadavg()[0]?.toFixed(1)} after, on ${cpus().length} CPUs)`);
}

/** The endpoint's rows on the runner's Node and on each tested release (node-releases.json). */
async function endpointRows(server: StsServer, home: ReturnType<typeof makeTempHome>, out: (line: string) => void): Promise<void> {
  const ms = (x: number) => `${x.toFixed(2)} ms`;
  const mib = (x: number) => `${x.toFixed(1)} MiB`;
  const pct = (x: number) => `${x >= 0 ? '+' : ''}${(x * 100).toFixed(1)}%`;
  const mark = (ok: boolean) => (ok ? 'met' : 'NOT met');
  const latencyRows: string[] = [];
  const rssRows: string[] = [];
  for (const node of await runtimes()) {
    const version = (await promisify(execFile)(node, ['--version'])).stdout.trim();
    const e = await benchEndpoint(node, CLI, ROLE, server, home, percentile);
    latencyRows.push(
      `| ${version} | 1 at a time | ${ms(e.one.p50)} | ${ms(e.one.p99)} | ${ms(e.floorOne.p50)} | median < 2 ms: ${mark(e.one.p50 < 2)} |`,
      `| ${version} | 64 concurrent | ${ms(e.many.p50)} | ${ms(e.many.p99)} | ${ms(e.floorMany.p50)} | median < 2 ms: ${mark(e.many.p50 < 2)} |`,
      `| ${version} | 1 at a time, while the renewal hangs (${e.hangingCalls} in flight) | ${ms(e.hangingOne.p50)} | ${ms(e.hangingOne.p99)} | ${ms(e.floorOne.p50)} | median < 2 ms: ${mark(e.hangingOne.p50 < 2)} |`,
      `| ${version} | 64 concurrent, while the renewal hangs | ${ms(e.hangingMany.p50)} | ${ms(e.hangingMany.p99)} | ${ms(e.floorMany.p50)} | median < 2 ms: ${mark(e.hangingMany.p50 < 2)} |`,
    );
    const [r10, r1000, r2000] = e.rss;
    const [f10, f1000, f2000] = e.floorRss;
    rssRows.push(
      `| ${version} | exec, ${e.renewals} renewals | ${mib(r10)} | ${mib(r1000)} (${pct(r1000 / r10 - 1)}) | ${mib(r2000)} (${pct(r2000 / r1000 - 1)} on 1,000) | within 10% of 10: ${mark(Math.abs(r1000 / r10 - 1) <= 0.1)} |`,
      `| ${version} | floor: bare node:http server | ${mib(f10)} | ${mib(f1000)} (${pct(f1000 / f10 - 1)}) | ${mib(f2000)} (${pct(f2000 / f1000 - 1)} on 1,000) | |`,
    );
  }
  out('');
  out('| `exec` endpoint, answer from the keys it holds | requests | median | p99 | floor median (bare node:http) | target |');
  out('| --- | --- | --- | --- | --- | --- |');
  latencyRows.forEach((row) => out(row));
  out('');
  out('| `exec` process RSS | after requests | 10 | 1,000 | 2,000 | target |');
  out('| --- | --- | --- | --- | --- | --- |');
  rssRows.forEach((row) => out(row));
}

main().catch((error: unknown) => {
  process.stderr.write(`bench: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});

// The bench's hit rows: on each Node the project supports, a cache hit against `node -e 0` on the
// same Node, side by side (floor, hit, floor, hit, ...) so that a machine getting busier or quieter
// moves both alike. Without NODE_EXTRA_CA_CERTS, as `env -u NODE_EXTRA_CA_CERTS` runs them: Node
// 20 reads the whole bundle the variable names at every start, which would hide sts-refresh's own
// cost; then with it, as a machine that sets it runs them.
import { spawn } from 'node:child_process';

export interface HitPairs {
  floor: number;
  hit: number;
  /** hit / floor, of the medians. */
  ratio: number;
  /** The median of each pair's hit / floor. */
  pairRatio: number;
}

export interface HitProbe {
  node: string;
  cli: string;
  args: string[];
  env: NodeJS.ProcessEnv;
}

const median = (xs: number[]) => {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? (sorted[mid] ?? NaN) : ((sorted[mid - 1] ?? NaN) + (sorted[mid] ?? NaN)) / 2;
};

// Children are spawned asynchronously throughout: the loopback STS server lives in the bench's
// process, and a blocking spawnSync would stop it from answering the very child it waits for.
export function runOnce(
  file: string,
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<{ ms: number; code: number | null; stderr: string }> {
  return new Promise((done, fail) => {
    const started = performance.now();
    const child = spawn(file, args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', fail);
    child.on('close', (code) => done({ ms: performance.now() - started, code, stderr }));
  });
}

async function wall(file: string, args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  const r = await runOnce(file, args, env);
  if (r.code !== 0) throw new Error(`${file} ${args.join(' ')} exited ${r.code}: ${r.stderr}`);
  return r.ms;
}

/** `pairs` floor/hit pairs, after three unmeasured ones that warm the page cache. */
export async function hitPairs(probe: HitProbe, pairs: number): Promise<HitPairs> {
  const floors: number[] = [];
  const hits: number[] = [];
  for (let i = -3; i < pairs; i++) {
    const floor = await wall(probe.node, ['-e', '0'], probe.env);
    const hit = await wall(probe.node, [probe.cli, ...probe.args], probe.env);
    if (i < 0) continue;
    floors.push(floor);
    hits.push(hit);
  }
  const floor = median(floors);
  const hit = median(hits);
  return { floor, hit, ratio: hit / floor, pairRatio: median(hits.map((h, i) => h / (floors[i] ?? NaN))) };
}

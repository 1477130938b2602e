// Some behaviour belongs to a whole process, not to a test: which V8 compilers run, whether Node's
// async hooks are on. A jest worker has its own of both (and other tests change them), so such a
// test bundles a few lines that import the module under test and runs them in a fresh node.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { buildSync } from 'esbuild';

const ROOT = join(__dirname, '..', '..');

/** Bundles `source` (TypeScript, imports relative to the repository root) and runs it; returns its stdout. */
export function runBundled(source: string, nodeArgs: string[] = []): string {
  const bundle = buildSync({
    stdin: { contents: source, resolveDir: ROOT, loader: 'ts' },
    bundle: true,
    platform: 'node',
    format: 'cjs',
    write: false,
    logLevel: 'silent',
  });
  const code = bundle.outputFiles[0]?.text ?? '';
  const run = spawnSync(process.execPath, [...nodeArgs, '-e', code], { encoding: 'utf8', timeout: 60_000 });
  if (run.status !== 0) throw new Error(`bundled script exited ${run.status ?? run.signal}: ${run.stderr}`);
  return run.stdout;
}

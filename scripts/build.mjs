// Bundles the CLI into one CommonJS file. esbuild turns the ESM-only dependencies (env-paths)
// into CommonJS and keeps `await import()` lazy, so the AWS SDK is only evaluated on a cache miss.
import { build } from 'esbuild';
import { readFileSync, chmodSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));

await build({
  entryPoints: ['src/bin.ts'],
  outfile: 'dist/sts-refresh.js',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  minify: true,
  legalComments: 'none',
  banner: { js: '#!/usr/bin/env node' },
  define: { __STS_REFRESH_VERSION__: JSON.stringify(pkg.version) },
  logLevel: 'warning',
});
chmodSync('dist/sts-refresh.js', 0o755);

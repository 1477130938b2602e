// Bundles the CLI into one CommonJS file, dist/sts-refresh.js, the shape a Node single executable
// also needs. esbuild turns the ESM-only dependencies (env-paths, @noble/hashes) into CommonJS.
//
// The file is three layers, each compiled only when the one before it needs it:
//   1. src/bin.ts and the cache-hit path (src/cache-hit.ts): all that a hit parses and runs.
//   2. src/cli.ts, every command, zod: compiled when a call is not a plain fresh hit.
//   3. src/miss.ts, the AWS SDK and the MFA prompt (~500 kB): compiled when STS must be called.
// Layers 2 and 3 are embedded as brotli-compressed string literals. V8 skips a string literal
// almost for free, but it pre-parses every function it sees: left inline, the SDK alone cost a hit
// ~30 ms, and zod plus the commands another ~7 ms.
import { build } from 'esbuild';
import { chmodSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { brotliCompressSync, constants } from 'node:zlib';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  minify: true,
  legalComments: 'none',
  logLevel: 'warning',
  define: { __STS_REFRESH_VERSION__: JSON.stringify(pkg.version) },
};

/**
 * Replaces every import of `source` (src/miss.ts, say) with a module that decompresses and compiles
 * `code` on first use. The decompression (a few ms) is paid only by the calls that need the layer.
 */
function embed(source, code, filename) {
  const path = resolve(source);
  const literal = JSON.stringify(brotliCompressSync(code, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).toString('base64'));
  return {
    name: `embed-${filename}`,
    setup(b) {
      b.onResolve({ filter: /^\.\.?\// }, (args) =>
        resolve(args.resolveDir, `${args.path}.ts`) === path ? { path: filename, namespace: 'embedded' } : undefined,
      );
      b.onLoad({ filter: /.*/, namespace: 'embedded' }, (args) =>
        args.path === filename
          ? {
              loader: 'js',
              contents: `
                const { runInThisContext } = require('node:vm');
                const { brotliDecompressSync } = require('node:zlib');
                const code = brotliDecompressSync(Buffer.from(${literal}, 'base64')).toString('utf8');
                const wrapper = runInThisContext('(function (module, exports, require) {' + code + '\\n})', { filename: ${JSON.stringify(filename)} });
                wrapper(module, exports, require);
              `,
            }
          : undefined,
      );
    },
  };
}

const layer = async (entry, plugins = []) =>
  (await build({ ...common, entryPoints: [entry], write: false, plugins })).outputFiles[0].contents;
const miss = await layer('src/miss.ts');
const cli = await layer('src/cli.ts', [embed('src/miss.ts', miss, 'sts-refresh-miss.js')]);
await build({
  ...common,
  entryPoints: ['src/bin.ts'],
  outfile: 'dist/sts-refresh.js',
  banner: { js: '#!/usr/bin/env node' },
  plugins: [embed('src/cli.ts', cli, 'sts-refresh-cli.js')],
});
chmodSync('dist/sts-refresh.js', 0o755);

// The demo (`npm run demo`) and the benchmark (`npm run bench`) run the loopback STS server from
// test/support, so they are built here too; neither is part of the published package ("files").
await build({ ...common, entryPoints: ['scripts/demo.ts'], outfile: 'dist/demo.js' });
await build({ ...common, entryPoints: ['scripts/bench.ts'], outfile: 'dist/bench.js' });
// `npm run soak` likewise, from test/support/soak.ts.
await build({ ...common, entryPoints: ['scripts/soak.ts'], outfile: 'dist/soak.js' });

// Bundles the CLI into one CommonJS file, dist/sts-refresh.js, the shape a Node single executable
// also needs. esbuild turns the ESM-only dependencies (env-paths) into CommonJS.
//
// The file is three layers, each compiled only when the one before it needs it:
//   1. src/bin.ts and the cache-hit path (src/cache-hit.ts): all that a hit parses and runs.
//   2. src/cli.ts, every command, zod: compiled when a call is not a plain fresh hit.
//   3. src/miss.ts, the AWS SDK and the MFA prompt (~500 kB): compiled when STS must be called.
// Layers 2 and 3 are embedded brotli-compressed: layer 3 as a string literal inside layer 2, and
// layer 2 as a comment after all of the code (the trailer). V8 pre-parses every function it sees,
// so left inline the SDK alone cost a hit ~30 ms, and zod plus the commands another ~7 ms; a
// string literal of the same 230 kB still costs ~1 ms, a comment ~0.3 ms. A miss reads the trailer
// back from the file; the single executable has no file of its own and carries it as an asset
// (scripts/build-binary.mjs). A process started just before an upgrade may read the new file's
// trailer: that is harmless, because layer 2 shares nothing with layer 1 but argv (runMain).
import { build } from 'esbuild';
import { appendFileSync, chmodSync, readFileSync } from 'node:fs';
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

const pack = (code) => brotliCompressSync(code, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).toString('base64');
// scripts/build-binary.mjs looks for the same marker.
const TRAILER = '/*sts-refresh-layer:';

/**
 * Replaces every import of `source` (src/miss.ts, say) with a module that decompresses and compiles
 * the layer on first use. `packed` is JavaScript for an expression that yields the layer's base64.
 */
function embed(source, filename, packed) {
  const path = resolve(source);
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
                const code = brotliDecompressSync(Buffer.from(${packed}, 'base64')).toString('utf8');
                const wrapper = runInThisContext('(function (module, exports, require) {' + code + '\\n})', { filename: ${JSON.stringify(filename)} });
                wrapper(module, exports, require);
              `,
            }
          : undefined,
      );
    },
  };
}

/** The trailer of the file this code runs from, or the single executable's asset of the same name. */
const fromTrailer = (filename) => `(() => {
  let sea;
  try {
    sea = require('node:sea');
  } catch {
    // Node before 20.12 has no node:sea, and is not a single executable either.
  }
  if (sea?.isSea()) return sea.getAsset(${JSON.stringify(filename)}, 'utf8');
  const own = require('node:fs').readFileSync(__filename, 'latin1');
  const start = own.lastIndexOf(${JSON.stringify(TRAILER)}) + ${TRAILER.length};
  return own.slice(start, own.indexOf('*/', start));
})()`;

/**
 * env-paths (ESM) imports node:os, node:path and node:process by default import, which esbuild's
 * CommonJS output turns into a copy of every property of each module: ~0.3 ms of a cache hit, for
 * process alone over a hundred getters. Handing it the modules themselves as default exports skips
 * the copy.
 */
const builtinDefaults = {
  name: 'builtin-defaults',
  setup(b) {
    b.onResolve({ filter: /^node:(os|path|process)$/ }, (args) =>
      /[\\/]node_modules[\\/]env-paths[\\/]/.test(args.importer) ? { path: args.path, namespace: 'builtin-default' } : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'builtin-default' }, (args) => ({
      loader: 'js',
      contents: `export default require(${JSON.stringify(args.path)});`,
    }));
  },
};

const layer = async (entry, plugins = []) =>
  (await build({ ...common, entryPoints: [entry], write: false, plugins })).outputFiles[0].contents;
const miss = await layer('src/miss.ts');
const cli = await layer('src/cli.ts', [embed('src/miss.ts', 'sts-refresh-miss.js', JSON.stringify(pack(miss)))]);
await build({
  ...common,
  entryPoints: ['src/bin.ts'],
  outfile: 'dist/sts-refresh.js',
  banner: { js: '#!/usr/bin/env node' },
  plugins: [builtinDefaults, embed('src/cli.ts', 'sts-refresh-cli.js', fromTrailer('sts-refresh-cli.js'))],
});
appendFileSync('dist/sts-refresh.js', `${TRAILER}${pack(cli)}*/\n`);
chmodSync('dist/sts-refresh.js', 0o755);

// The demo (`npm run demo`) and the benchmark (`npm run bench`) run the loopback STS server from
// test/support, so they are built here too; neither is part of the published package ("files").
await build({ ...common, entryPoints: ['scripts/demo.ts'], outfile: 'dist/demo.js' });
await build({ ...common, entryPoints: ['scripts/bench.ts'], outfile: 'dist/bench.js' });
// `npm run soak` likewise, from test/support/soak.ts.
await build({ ...common, entryPoints: ['scripts/soak.ts'], outfile: 'dist/soak.js' });

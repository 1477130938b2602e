// Bundles the CLI into one CommonJS file, dist/sts-refresh.js, the shape a Node single executable
// also needs. esbuild turns the ESM-only dependencies (env-paths) into CommonJS.
//
// The miss path (src/miss.ts: the AWS SDK and the lock, ~500 kB) is bundled on its own and embedded
// as a string that is compiled only when a cache miss needs it. Left inline, V8 would still have to
// pre-parse all of it on every start, which costs a cache hit about 30 ms; a string literal costs
// almost nothing to skip.
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
};

const miss = await build({ ...common, entryPoints: ['src/miss.ts'], write: false });
// Compressed, the literal V8 has to scan at every start shrinks from ~520 kB to ~150 kB; the
// decompression (a few ms) is paid only on a miss, which waits for STS anyway.
const missCode = brotliCompressSync(miss.outputFiles[0].contents, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).toString('base64');
const missPath = resolve('src/miss.ts');

/** Replaces `import('./miss')` (and `'../miss'`) with a module that compiles the embedded miss bundle on first use. */
const embedMiss = {
  name: 'embed-miss',
  setup(b) {
    b.onResolve({ filter: /^\.\.?\/miss$/ }, (args) =>
      resolve(args.resolveDir, `${args.path}.ts`) === missPath ? { path: 'miss', namespace: 'embedded-miss' } : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'embedded-miss' }, () => ({
      loader: 'js',
      contents: `
        const { runInThisContext } = require('node:vm');
        const { brotliDecompressSync } = require('node:zlib');
        const code = brotliDecompressSync(Buffer.from(${JSON.stringify(missCode)}, 'base64')).toString('utf8');
        const wrapper = runInThisContext('(function (module, exports, require) {' + code + '\\n})', { filename: 'sts-refresh-miss.js' });
        wrapper(module, exports, require);
      `,
    }));
  },
};

await build({
  ...common,
  entryPoints: ['src/bin.ts'],
  outfile: 'dist/sts-refresh.js',
  banner: { js: '#!/usr/bin/env node' },
  define: { __STS_REFRESH_VERSION__: JSON.stringify(pkg.version) },
  plugins: [embedMiss],
});
chmodSync('dist/sts-refresh.js', 0o755);

// The demo (`npm run demo`) and the benchmark (`npm run bench`) run the loopback STS server from
// test/support, so they are built here too; neither is part of the published package ("files").
await build({ ...common, entryPoints: ['scripts/demo.ts'], outfile: 'dist/demo.js' });
await build({ ...common, entryPoints: ['scripts/bench.ts'], outfile: 'dist/bench.js' });
// `npm run soak` likewise, from test/support/soak.ts.
await build({ ...common, entryPoints: ['scripts/soak.ts'], outfile: 'dist/soak.js' });

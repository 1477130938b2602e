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
//
// Source maps of layers 2 and 3, cut to our own sources, follow in a second trailer. They are read
// only with STS_REFRESH_DEBUG=1, which then compiles a layer as a module with its map, so stack
// traces name src/*.ts lines. Layer 1 has none: Node maps only code compiled after maps are on.
import { build } from 'esbuild';
import { appendFileSync, chmodSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { brotliCompressSync, constants } from 'node:zlib';
import { ownSourceMap } from './own-source-map.mjs';

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
  // dbus-next's optional native socket addon and its X11 bus lookup: src/keys/backends/dbus-connection.ts
  // always hands it a socket= address, so neither is ever required.
  external: ['usocket', 'x11'],
};

const pack = (code) => brotliCompressSync(code, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).toString('base64');
// scripts/build-binary.mjs looks for the same markers.
const TRAILER = '/*sts-refresh-layer:';
const MAPS_TRAILER = '/*sts-refresh-maps:';
const MAPS_ASSET = 'sts-refresh-maps';

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
                const unpack = (packed) => brotliDecompressSync(Buffer.from(packed, 'base64')).toString('utf8');
                const code = unpack(${packed});
                if (process.env.STS_REFRESH_DEBUG === '1') {
                  module.exports = ${compileWithMap(filename)};
                } else {
                  const wrapper = runInThisContext('(function (module, exports, require) {' + code + '\\n})', { filename: ${JSON.stringify(filename)} });
                  wrapper(module, exports, require);
                }
              `,
            }
          : undefined,
      );
    },
  };
}

/**
 * A trailer of the main file (`file` is JavaScript naming it), or the single executable's asset of
 * the same content.
 */
const fromTrailer = (marker, asset, file = '__filename') => `(() => {
  let sea;
  try {
    sea = require('node:sea');
  } catch {
    // Node before 20.12 has no node:sea, and is not a single executable either.
  }
  if (sea?.isSea()) return sea.getAsset(${JSON.stringify(asset)}, 'utf8');
  const own = require('node:fs').readFileSync(${file}, 'latin1');
  const start = own.lastIndexOf(${JSON.stringify(marker)}) + ${marker.length};
  return own.slice(start, own.indexOf('*/', start));
})()`;

/**
 * Debug mode's way to compile a layer (in the embed stub, where \`code\` and \`unpack\` are):
 * as a module of its own beside the main file, with its map inline, since Node applies maps to
 * modules and not to vm scripts. The layer's sources resolve from there to src/*.ts. Without
 * its map (a damaged trailer) it still runs, with minified frames.
 */
const compileWithMap = (filename) => `(() => {
  const { dirname, join } = require('node:path');
  const Module = require('node:module');
  let map = '';
  try {
    const json = JSON.stringify(JSON.parse(unpack(${fromTrailer(MAPS_TRAILER, MAPS_ASSET, 'require.main.filename')}))[${JSON.stringify(filename)}]);
    map = '\\n//# sourceMappingURL=data:application/json;base64,' + Buffer.from(json).toString('base64');
  } catch {
    // no maps to be had: the stack traces stay minified, which is what they were before
  }
  process.setSourceMapsEnabled(true);
  const path = join(require.main ? dirname(require.main.filename) : dirname(process.execPath), ${JSON.stringify(filename)});
  const layer = new Module(path, module);
  layer._compile(code + map, path);
  return layer.exports;
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

/**
 * dbus-next builds and parses introspection XML (xml2js, xmlbuilder, sax: ~100 kB) only to export
 * objects or introspect others; the Secret Service backend does neither, it calls known methods.
 * The stand-in keeps the two classes dbus-next constructs and fails if anything ever used them.
 */
const noXml = {
  name: 'no-xml2js',
  setup(b) {
    b.onResolve({ filter: /^xml2js$/ }, () => ({ path: 'xml2js', namespace: 'no-xml2js' }));
    b.onLoad({ filter: /.*/, namespace: 'no-xml2js' }, () => ({
      loader: 'js',
      contents: `
        const unused = () => { throw new Error('D-Bus introspection is not part of this build'); };
        exports.Builder = class { buildObject() { unused(); } };
        exports.Parser = class { parseString(_xml, done) { done(new Error('D-Bus introspection is not part of this build')); } };
      `,
    }));
  },
};

/**
 * The SDK runs a source profile's credential_process with child_process.exec: our environment never
 * reaches it, and nothing bounds or kills it. Its package gets src/aws/source-process.ts in place of
 * node:child_process, which runs the command with the environment and deadline of the call.
 */
const sourceProcess = {
  name: 'source-process',
  setup(b) {
    b.onResolve({ filter: /^(node:)?child_process$/ }, (args) =>
      /[\\/]node_modules[\\/]@aws-sdk[\\/]credential-provider-process[\\/]/.test(args.importer)
        ? { path: resolve('src/aws/source-process.ts') }
        : undefined,
    );
  },
};

// The SDK's notice about its own future Node support would land on stderr of every miss; it is about
// upgrading Node, not about these credentials, and the README says so once. Set at build time, so no
// process environment is written for it and no child process inherits it.
const quietSdk = { 'process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED': '"true"' };

/** A layer's code, and its source map as if it sat beside dist/sts-refresh.js under `filename`. */
async function layer(entry, filename, plugins = [], define = {}) {
  const built = { sourcemap: 'external', sourcesContent: false, outfile: `dist/${filename}`, write: false };
  const { outputFiles } = await build({ ...common, ...built, define: { ...common.define, ...define }, entryPoints: [entry], plugins });
  const file = (ext) => outputFiles.find((f) => f.path.endsWith(ext)).text;
  return { code: file('.js'), map: ownSourceMap(file('.js.map')) };
}
const miss = await layer('src/miss.ts', 'sts-refresh-miss.js', [sourceProcess], quietSdk);
// `keys` is a layer of its own (the keyring backends and a D-Bus client): it weighs nothing on a
// miss, and `keys serve`, which the AWS CLI runs for every call of a profile whose keys are in the
// keyring, compiles no SDK. `keys rotate` takes its AWS calls from the miss layer.
const keys = await layer('src/keys/layer.ts', 'sts-refresh-keys.js', [noXml]);
const cli = await layer('src/cli.ts', 'sts-refresh-cli.js', [
  embed('src/miss.ts', 'sts-refresh-miss.js', JSON.stringify(pack(miss.code))),
  embed('src/keys/layer.ts', 'sts-refresh-keys.js', JSON.stringify(pack(keys.code))),
]);
await build({
  ...common,
  entryPoints: ['src/bin.ts'],
  outfile: 'dist/sts-refresh.js',
  banner: { js: '#!/usr/bin/env node' },
  plugins: [builtinDefaults, embed('src/cli.ts', 'sts-refresh-cli.js', fromTrailer(TRAILER, 'sts-refresh-cli.js'))],
});
appendFileSync('dist/sts-refresh.js', `${TRAILER}${pack(cli.code)}*/\n`);
const maps = { 'sts-refresh-cli.js': cli.map, 'sts-refresh-miss.js': miss.map, 'sts-refresh-keys.js': keys.map };
appendFileSync('dist/sts-refresh.js', `${MAPS_TRAILER}${pack(JSON.stringify(maps))}*/\n`);
chmodSync('dist/sts-refresh.js', 0o755);

// The demo (`npm run demo`) and the benchmark (`npm run bench`) run the loopback STS server from
// test/support, so they are built here too; neither is part of the published package ("files").
await build({ ...common, entryPoints: ['scripts/demo.ts'], outfile: 'dist/demo.js' });
await build({ ...common, entryPoints: ['scripts/bench.ts'], outfile: 'dist/bench.js' });
// `npm run soak` likewise, from test/support/soak.ts.
await build({ ...common, entryPoints: ['scripts/soak.ts'], outfile: 'dist/soak.js' });

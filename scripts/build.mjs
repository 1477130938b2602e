// Bundles the CLI into one CommonJS file, dist/sts-refresh.js, the shape a Node single executable
// also needs. esbuild turns the ESM-only dependencies (env-paths) into CommonJS.
//
// The file is a tree of layers (scripts/layers.mjs), each compiled only when the one above it needs it:
//   1. main: src/bin.ts and the cache-hit path (src/cache-hit.ts): all that a hit parses and runs.
//   2. cli: src/cli.ts, credential-process, print, the providers a miss runs, zod: compiled when a
//      call is not a plain fresh hit.
//   3. below cli, each compiled only when it is used:
//      sdk: src/aws/layer.ts, the AWS SDK adapters (~500 kB), when STS or IAM must be called;
//      commands: src/commands/cold.ts, doctor, setup, env, exec and cache;
//      keys: src/commands/keys.ts, the keyring backends and a D-Bus client.
// A module that two layers use is bundled once, in the layer above both, and handed down.
// Layers below the first are embedded brotli-compressed: the cli layer as a comment after all of the
// code (the trailer), the others as string literals inside it. V8 pre-parses every function it sees,
// so left inline the SDK alone cost a hit ~30 ms, and zod plus the commands another ~7 ms; a string
// literal of the same 230 kB still costs ~1 ms, a comment ~0.3 ms. A miss reads the trailer back
// from the file; the single executable has no file of its own and carries it as an asset
// (scripts/build-binary.mjs). A process started just before an upgrade may read the new file's
// trailer: the layers' shared modules are keyed by a hash of the sources, so that call fails with
// "run it again" rather than mixing two builds.
//
// Source maps of the layers below the first, cut to our own sources, follow in a second trailer.
// They are read only with STS_REFRESH_DEBUG=1, which then compiles a layer as a module with its
// map, so stack traces name src/*.ts lines. The first layer has none: Node maps only code compiled
// after maps are on.
import { build } from 'esbuild';
import { appendFileSync, chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { brotliCompressSync, constants } from 'node:zlib';
import { buildLayers } from './layers.mjs';
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
  // Module's require calls layer.require: the shared modules' keys must reach the parent's table.
  layer.require = layerRequire;
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
// upgrading Node, not about these credentials, and docs/development.md says so once. Set at build time, so no
// process environment is written for it and no child process inherits it.
const quietSdk = { 'process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED': '"true"' };

const LAYERS = [
  { name: 'main', entry: 'src/bin.ts' },
  {
    name: 'cli',
    entry: 'src/cli.ts',
    parent: 'main',
    asset: 'sts-refresh-cli.js',
    packedExpression: ({ asset }) => fromTrailer(TRAILER, asset),
  },
  { name: 'sdk', entry: 'src/aws/layer.ts', parent: 'cli', asset: 'sts-refresh-sdk.js' },
  { name: 'commands', entry: 'src/commands/cold.ts', parent: 'cli', asset: 'sts-refresh-commands.js' },
  { name: 'keys', entry: 'src/commands/keys.ts', parent: 'cli', asset: 'sts-refresh-keys.js' },
];
const built = await buildLayers(
  LAYERS,
  { ...common, define: { ...common.define, ...quietSdk }, plugins: [builtinDefaults, noXml, sourceProcess] },
  { debugCompile: compileWithMap },
);
mkdirSync('dist', { recursive: true });
const main = built.get('main');
writeFileSync('dist/sts-refresh.js', `#!/usr/bin/env node\n${main.code}`);
const below = LAYERS.slice(1);
appendFileSync('dist/sts-refresh.js', `${TRAILER}${pack(built.get('cli').code)}*/\n`);
const maps = Object.fromEntries(below.map((l) => [l.asset, ownSourceMap(built.get(l.name).map)]));
appendFileSync('dist/sts-refresh.js', `${MAPS_TRAILER}${pack(JSON.stringify(maps))}*/\n`);
chmodSync('dist/sts-refresh.js', 0o755);
// Which modules esbuild put into each layer, and their bytes: test/integration/layers.test.ts checks that none is in two.
writeFileSync(
  'dist/layers.json',
  `${JSON.stringify(Object.fromEntries(LAYERS.map((l) => [l.name, built.get(l.name).modules])), null, 1)}\n`,
);

// The demo (`npm run demo`) and the benchmark (`npm run bench`) run the loopback STS server from
// test/support, so they are built here too; neither is part of the published package ("files").
await build({ ...common, entryPoints: ['scripts/demo.ts'], outfile: 'dist/demo.js' });
await build({ ...common, entryPoints: ['scripts/bench.ts'], outfile: 'dist/bench.js' });
// `npm run soak` likewise, from test/support/soak.ts.
await build({ ...common, entryPoints: ['scripts/soak.ts'], outfile: 'dist/soak.js' });

// Bundles a tree of layers so that no module is in more than one of them. Each layer is one
// esbuild bundle; a child is embedded brotli-compressed in its parent (a string literal, or for the
// first layer a trailing comment) and compiled only when the parent first imports its entry.
//
// A module that several layers reach is bundled once, in the lowest layer above all of them (their
// common ancestor), and the layers below take it from there: their bundles `require` it by key,
// and the parent hands them a require function that answers those keys from its own modules. So
// an error class, a cache entry's schema or zod exists once per process, and `instanceof` holds
// across layers.
//
// Two passes: the first bundles each layer on its own, stopping at other layers' entries, to learn
// which layers reach which modules; the second bundles the layers children first, with every
// module that belongs to an ancestor left as such a keyed `require`.
import { build } from 'esbuild';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { brotliCompressSync, constants } from 'node:zlib';

const root = resolve(import.meta.dirname, '..');
const rel = (path) => relative(root, path).split('\\').join('/');
const pack = (code) => brotliCompressSync(code, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).toString('base64');

/**
 * @typedef {object} Layer
 * @property {string} name
 * @property {string} entry       the entry module, relative to the repository (src/cli.ts)
 * @property {string} [parent]    the layer that embeds this one; none for the first
 * @property {string} [asset]     the embedded layer's file name (its frames in stack traces, its SEA asset)
 * @property {(layer: {code: string, asset: string}) => string} [packedExpression]
 *           JavaScript yielding the layer's base64, in the parent; default: a string literal
 */

/**
 * Where esbuild would resolve an import to, when that is a file of the build: undefined for entry
 * points, externals, other namespaces and failures. Our own nested resolve is marked, so the
 * plugin that asks is not asked again.
 */
async function resolveFile(b, args) {
  if (args.pluginData?.inner || args.kind === 'entry-point') return undefined;
  const pluginData = { inner: true };
  const r = await b.resolve(args.path, { kind: args.kind, resolveDir: args.resolveDir, importer: args.importer, pluginData });
  return r.errors.length > 0 || r.external || r.namespace !== 'file' ? undefined : r;
}

/**
 * Builds `layers` (the first is the root) with the esbuild options `common`. Returns each layer's
 * code, source map and the modules esbuild put into it.
 */
export async function buildLayers(layers, common, { debugCompile }) {
  const byName = new Map(layers.map((l) => [l.name, l]));
  const byEntry = new Map(layers.map((l) => [l.entry, l]));
  const ancestors = (name) => {
    const out = [];
    for (let l = byName.get(name); l.parent; l = byName.get(l.parent)) out.push(l.parent);
    return out;
  };
  const isAncestor = (a, of) => ancestors(of).includes(a);
  const lca = (names) => {
    const [first, ...rest] = names;
    return [first, ...ancestors(first)].find((c) => rest.every((n) => n === c || isAncestor(c, n)));
  };

  // Pass 1: what each layer reaches on its own, and which module imports which.
  const reach = new Map();
  const imports = new Map();
  const formatOf = new Map();
  for (const layer of layers) {
    const stop = {
      name: 'stop-at-layers',
      setup(b) {
        b.onResolve({ filter: /.*/ }, async (args) => {
          const r = await resolveFile(b, args);
          if (r === undefined) return undefined;
          const other = byEntry.get(rel(r.path));
          if (other === undefined || other === layer) return undefined;
          return { path: r.path, external: true };
        });
      },
    };
    const { metafile } = await build({
      ...common,
      entryPoints: [layer.entry],
      write: false,
      metafile: true,
      minify: false,
      plugins: [stop, ...common.plugins],
    });
    reach.set(layer.name, new Set(Object.keys(metafile.inputs).filter((p) => !p.includes(':'))));
    for (const [path, input] of Object.entries(metafile.inputs)) {
      formatOf.set(path, input.format);
      const targets = input.imports
        .filter((i) => !i.path.includes(':') || /^[A-Za-z]:[\\/]/.test(i.path))
        .map((i) => (i.external ? rel(i.path) : i.path));
      imports.set(path, new Set([...(imports.get(path) ?? []), ...targets]));
    }
  }
  const owner = new Map();
  for (const path of new Set([...reach.values()].flatMap((s) => [...s]))) {
    owner.set(path, lca(layers.filter((l) => reach.get(l.name).has(path)).map((l) => l.name)));
  }
  // What each layer takes from above it: the modules its own modules import that it does not hold.
  const takes = new Map();
  for (const layer of layers) {
    // Its own modules include those it holds only for the layers below it.
    const own = [...owner].filter(([, o]) => o === layer.name).map(([p]) => p);
    const taken = new Set(
      own.flatMap((p) => [...(imports.get(p) ?? [])]).filter((p) => owner.get(p) !== layer.name && (owner.has(p) || byEntry.has(p))),
    );
    for (const path of taken) {
      const entryOf = byEntry.get(path);
      if (entryOf && entryOf.parent !== layer.name && entryOf.parent !== undefined && !isAncestor(entryOf.parent, layer.name)) {
        throw new Error(`${layer.entry} imports ${path}, the entry of a layer that is not below it`);
      }
    }
    takes.set(layer.name, taken);
  }
  const buildId = createHash('sha256')
    .update(
      [...owner.keys()]
        .sort()
        .map((p) => `${p}\0${readFileSync(resolve(root, p), 'latin1')}`)
        .join('\0'),
    )
    .digest('hex')
    .slice(0, 12);
  const HOST = `sts-refresh:${buildId}:`;

  // What a parent hands the layers below it: its own modules that one of them imports, and the
  // entries of its children that another layer below it imports.
  const shared = (parent) => {
    const below = layers.filter((l) => isAncestor(parent, l.name)).map((l) => l.name);
    const taken = (p) => below.some((n) => takes.get(n).has(p));
    const modules = [...owner].filter(([p, o]) => o === parent && taken(p)).map(([p]) => p);
    const entries = layers.filter((l) => l.parent === parent && taken(l.entry)).map((l) => l.entry);
    return { modules: modules.sort(), entries };
  };

  // The export names of every ES module a parent hands down, so that its table can name them
  // (hostTable) instead of asking esbuild for namespace objects, which it would build at load.
  const handedDown = [...new Set(layers.flatMap((l) => shared(l.name).modules))].filter((p) => formatOf.get(p) !== 'cjs');
  const exportsOf = new Map();
  if (handedDown.length > 0) {
    const { metafile } = await build({
      ...common,
      entryPoints: handedDown,
      format: 'esm',
      outdir: 'exports-of',
      write: false,
      metafile: true,
      minify: false,
    });
    for (const output of Object.values(metafile.outputs)) {
      if (output.entryPoint !== undefined) exportsOf.set(output.entryPoint, output.exports);
    }
  }

  // Pass 2, children before their parents.
  const built = new Map();
  const order = [...layers].sort((a, b) => ancestors(b.name).length - ancestors(a.name).length);
  for (const layer of order) {
    const children = layers.filter((l) => l.parent === layer.name);
    const table = children.length > 0 ? shared(layer.name) : undefined;
    const hosted = {
      name: 'hosted-modules',
      setup(b) {
        b.onResolve({ filter: /^host-(table|registry):/ }, (args) => {
          const [namespace, name] = args.path.split(':');
          return { path: name, namespace };
        });
        b.onResolve({ filter: /.*/ }, async (args) => {
          const r = await resolveFile(b, args);
          if (r === undefined) return undefined;
          const path = rel(r.path);
          const entryOf = byEntry.get(path);
          if (entryOf !== undefined && entryOf !== layer) {
            return entryOf.parent === layer.name ? { path: entryOf.asset, namespace: 'embedded' } : { path: HOST + path, external: true };
          }
          const o = owner.get(path);
          if (o !== undefined && o !== layer.name && isAncestor(o, layer.name)) return { path: HOST + path, external: true };
          return undefined;
        });
        b.onLoad({ filter: /.*/, namespace: 'host-registry' }, () => ({ loader: 'js', resolveDir: root, contents: hostRegistry(HOST) }));
        b.onLoad({ filter: /.*/, namespace: 'host-table' }, () => ({
          loader: 'js',
          resolveDir: root,
          contents: hostTable(layer.name, table, formatOf, exportsOf),
        }));
        b.onLoad({ filter: /.*/, namespace: 'embedded' }, (args) => {
          const child = children.find((c) => c.asset === args.path);
          const packed = child.packedExpression ? child.packedExpression(child) : JSON.stringify(pack(built.get(child.name).code));
          return { loader: 'js', resolveDir: root, contents: embedStub(child, packed, debugCompile) };
        });
      },
    };
    const { outputFiles, metafile } = await build({
      ...common,
      ...layer.options,
      // A parent's table of shared modules is filled in before its own entry runs, by top-level
      // code: reached only from the lazily compiled stubs, esbuild would make every module it
      // names lazily initialised too, the hit path's included.
      stdin: table && {
        contents: `import 'host-table:${layer.name}';\nexport * from './${layer.entry}';\n`,
        resolveDir: root,
        sourcefile: `${layer.name}-layer-entry.js`,
        loader: 'js',
      },
      entryPoints: table ? undefined : [layer.entry],
      outfile: `dist/${layer.asset ?? 'sts-refresh.js'}`,
      write: false,
      metafile: true,
      sourcemap: 'external',
      sourcesContent: false,
      // import() of a module from another layer must become that layer's require.
      supported: { 'dynamic-import': false },
      plugins: [hosted, ...common.plugins],
    });
    const file = (ext) => outputFiles.find((f) => f.path.endsWith(ext)).text;
    const output = Object.entries(metafile.outputs).find(([path]) => path.endsWith('.js'))[1];
    const modules = Object.fromEntries(
      Object.entries(output.inputs)
        .filter(([p, i]) => i.bytesInOutput > 0 && !p.includes(':'))
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([p, i]) => [p, i.bytesInOutput]),
    );
    built.set(layer.name, { code: file('.js'), map: file('.js.map'), modules });
  }
  // Every key a layer asks for must be in the table of a layer above it.
  for (const layer of layers) {
    for (const [, path] of built.get(layer.name).code.matchAll(new RegExp(`"${HOST}([^"]+)"`, 'g'))) {
      const from = ancestors(layer.name).find((a) => owner.get(path) === a || byEntry.get(path)?.parent === a);
      const table = from && shared(from);
      if (!table || !(table.modules.includes(path) || table.entries.includes(path))) {
        throw new Error(`the ${layer.name} layer takes ${path}, which no layer above it hands down`);
      }
    }
  }
  return built;
}

/** Where a parent's shared modules are kept, and the require function its children get. */
function hostRegistry(HOST) {
  return `
export const shared = new Map();
const made = new Map();
export function hostRequire(outer, id) {
  if (!id.startsWith(${JSON.stringify(HOST)})) {
    if (id.startsWith('sts-refresh:')) throw new Error('sts-refresh was replaced on disk while this call ran; run it again');
    return outer(id);
  }
  const key = id.slice(${HOST.length});
  const make = shared.get(key);
  if (make === undefined) return outer(id);
  if (!made.has(key)) made.set(key, make());
  return made.get(key);
}
`;
}

/**
 * Fills the registry with the parent's modules that the layers below it use: a CommonJS module as
 * its module.exports, any other as an object of getters over its exports, made when first asked
 * for. The getters read the module's own bindings, so they stay live as a namespace's would; unlike
 * `import * as`, for which esbuild builds every namespace object when the layer loads, a cache hit
 * pays only for the table's entries (on Node 24, 2.4 M instructions less a hit).
 */
function hostTable(name, table, formatOf, exportsOf) {
  const lines = [`import { shared } from 'host-registry:${name}';`];
  // An ES module's exports, marked as one, so that a default import below takes its default export.
  lines.push(
    `const esModule = (getters) => { const ns = { __proto__: null }; for (const key in getters) Object.defineProperty(ns, key, { get: getters[key], enumerable: true }); return Object.defineProperty(ns, '__esModule', { value: true }); };`,
  );
  table.modules.forEach((path, i) => {
    if (formatOf.get(path) === 'cjs') {
      lines.push(`shared.set(${JSON.stringify(path)}, () => require(${JSON.stringify(`./${path}`)}));`);
      return;
    }
    const names = exportsOf.get(path);
    if (names === undefined) throw new Error(`no export names for ${path}`);
    const local = (n) => `m${i}_${n.replace(/[^\w$]/g, '_')}`;
    if (names.length > 0) {
      lines.push(`import { ${names.map((n) => `${JSON.stringify(n)} as ${local(n)}`).join(', ')} } from ${JSON.stringify(`./${path}`)};`);
    }
    lines.push(
      `shared.set(${JSON.stringify(path)}, () => esModule({ ${names.map((n) => `${JSON.stringify(n)}: () => ${local(n)}`).join(', ')} }));`,
    );
  });
  for (const path of table.entries) lines.push(`shared.set(${JSON.stringify(path)}, () => require(${JSON.stringify(`./${path}`)}));`);
  return lines.join('\n');
}

/**
 * The module that stands for a child layer in its parent: on first use it decompresses the child,
 * compiles it and returns its exports. Its require answers the shared modules' keys.
 */
function embedStub(child, packed, debugCompile) {
  return `
    const { hostRequire } = require('host-registry:${child.parent}');
    const { runInThisContext } = require('node:vm');
    const { brotliDecompressSync } = require('node:zlib');
    const unpack = (packed) => brotliDecompressSync(Buffer.from(packed, 'base64')).toString('utf8');
    const code = unpack(${packed});
    const layerRequire = (id) => hostRequire(require, id);
    if (process.env.STS_REFRESH_DEBUG === '1') {
      module.exports = ${debugCompile(child.asset)};
    } else {
      const wrapper = runInThisContext('(function (module, exports, require) {' + code + '\\n})', { filename: ${JSON.stringify(child.asset)} });
      wrapper(module, exports, layerRequire);
    }
  `;
}

// Cuts an esbuild source map down to our own sources. The maps ride in dist/sts-refresh.js for
// STS_REFRESH_DEBUG=1 (scripts/build.mjs), and every byte of that file is scanned by each cache
// hit; the SDK's and zod's mappings would be four fifths of it and point into node_modules, which
// a user cannot act on anyway. Names and sources' contents go too: a stack trace needs file,
// line and column.
import { decode, encode } from '@jridgewell/sourcemap-codec';

/**
 * `map` (esbuild's JSON text) mapping only code from outside node_modules. Where a dependency's
 * code follows ours on a line, a bare column says "unmapped from here", so its frames are not
 * credited to our source before it; one is enough for a run of them.
 */
export function ownSourceMap(map) {
  const { sources, mappings } = JSON.parse(map);
  const kept = [];
  const index = new Map();
  const keep = (i) => {
    if (!index.has(i)) index.set(i, kept.push(sources[i]) - 1);
    return index.get(i);
  };
  const ours = (s) => s.length >= 4 && !/(^|\/)node_modules\//.test(sources[s[1]]);
  const lines = decode(mappings).map((segments) => {
    const out = [];
    for (const s of segments) {
      if (ours(s)) out.push([s[0], keep(s[1]), s[2], s[3]]);
      else if (out.length > 0 && out[out.length - 1].length > 1) out.push([s[0]]);
    }
    return out;
  });
  return { version: 3, sources: kept, names: [], mappings: encode(lines) };
}

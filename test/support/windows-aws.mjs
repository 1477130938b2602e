// `node test/support/windows-aws.mjs OUTPUT`: a stand-in aws.exe for doctor under Wine, a single
// executable made from node.exe that prints what AWS CLI v2 for Windows prints for --version. A
// .cmd file would not do: Node does not run .bat or .cmd files without a shell, and the AWS CLI
// for Windows is an .exe found through PATHEXT, which is what the suite checks.
import { rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { EXECUTABLE_NODE_MAJOR, nodeBinary } from '../../scripts/node-release.mjs';
import { makeSea } from '../../scripts/sea.mjs';

const output = resolve(process.argv[2] ?? 'aws.exe');
makeSea({
  base: nodeBinary(EXECUTABLE_NODE_MAJOR, 'win-x64'),
  blobNode: nodeBinary(EXECUTABLE_NODE_MAJOR),
  main: "process.stdout.write('aws-cli/2.27.50 Python/3.13.4 Windows/10 exe/AMD64\\n');",
  codeCache: false,
  output,
  work: `${output}.work`,
  platform: 'win32',
});
rmSync(`${output}.work`, { recursive: true, force: true });

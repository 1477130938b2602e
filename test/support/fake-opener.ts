import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface FakeOpener {
  /** A directory for the test's PATH holding `xdg-open` and `open`. */
  bin: string;
  /** The argv of every run, in order. */
  runs(): string[][];
}

/**
 * A browser opener that records its arguments and exits with `exitCode`: named xdg-open and open,
 * the commands console runs on Linux and macOS. Started by the absolute path of the Node running
 * the tests, so it needs nothing of the machine.
 */
export function fakeOpener(dir: string, exitCode = 0): FakeOpener {
  mkdirSync(dir, { recursive: true });
  const record = join(dir, 'opened.jsonl');
  const script = `#!${process.execPath}
require('node:fs').appendFileSync(${JSON.stringify(record)}, JSON.stringify(process.argv.slice(2)) + '\\n');
process.exitCode = ${exitCode};
`;
  for (const name of ['xdg-open', 'open']) {
    writeFileSync(join(dir, name), script);
    chmodSync(join(dir, name), 0o755);
  }
  return {
    bin: dir,
    runs: () =>
      existsSync(record)
        ? readFileSync(record, 'utf8')
            .trim()
            .split('\n')
            .map((line) => JSON.parse(line) as string[])
        : [],
  };
}

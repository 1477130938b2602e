import { execFileSync } from 'node:child_process';
import { accessSync, constants, readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { bin: Record<string, string>; engines: { node: string } };

describe('package', () => {
  test('the sts-refresh bin is the built, executable CLI with a node shebang', () => {
    const bin = join(ROOT, pkg.bin['sts-refresh'] ?? '');
    expect(pkg.bin['sts-refresh']).toBe('dist/sts-refresh.js');
    expect(readFileSync(bin, 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true);
    expect(() => accessSync(bin, constants.X_OK)).not.toThrow();
    expect(pkg.engines.node).toBe('^22.13.0 || >=24'); // the maintained LTS lines CI runs, from the first 22 that eslint and dependency-cruiser accept; docs/development.md "Node versions"
  });

  test('npm pack ships only what a user needs', () => {
    const [report] = JSON.parse(
      execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: ROOT, encoding: 'utf8' }),
    ) as Array<{
      files: Array<{ path: string }>;
    }>;
    expect(report?.files.map((f) => f.path).sort()).toEqual(['LICENSE', 'README.md', 'dist/sts-refresh.js', 'package.json']);
  });
});

import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { toolPath, which } from '../support/tool-path';

const DEMO = join(__dirname, '..', '..', 'dist', 'demo.js');

// Step 5 runs the aws CLI when the demo finds one: the runner's own (the e2e suite's), or none, never
// whatever else the machine has in /usr/bin. The demo makes its own throwaway HOME; this one only
// keeps it off the runner's.
let home: string;
let path: string;
beforeAll(() => {
  home = mkdtempSync(join(tmpdir(), 'sts-refresh-demo-test-'));
  path = toolPath(which('aws') ? ['aws'] : [], join(home, 'bin'));
});
afterAll(() => rmSync(home, { recursive: true, force: true }));

function runDemo(onStdout?: (text: string, child: ReturnType<typeof spawn>) => void) {
  return new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>((resolve, reject) => {
    const child = spawn(process.execPath, [DEMO], {
      env: { PATH: path, HOME: home },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      stdout += d;
      onStdout?.(stdout, child);
    });
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

const homeOf = (stdout: string) => /a throwaway HOME at (\S+)/.exec(stdout)?.[1];

describe('npm run demo', () => {
  // The demo's pace is the bench's business; the timeouts here only stop a hang on a loaded runner.
  test('every step reports ok and leaves nothing behind', async () => {
    const result = await runDemo();
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    for (const step of [1, 2, 3, 4, 5, 6, 7]) expect(result.stdout).toMatch(new RegExp(`^  ok ${step}: `, 'm'));
    expect(result.stdout).toMatch(/ok 3: 16 callers served, STS calls: 1,/);
    // exec's endpoint: one command, three sessions, one AssumeRole each (or one more at the end).
    expect(result.stdout).toMatch(/ok 7: the command made \d+ calls with 3 sessions' keys, none expired; STS AssumeRole calls: [34]\n/);
    expect(result.stdout).toMatch(/demo finished: every step ok/);
    const home = homeOf(result.stdout);
    expect(home).toBeDefined();
    expect(existsSync(home ?? '/')).toBe(false);
  }, 120_000);

  test('Ctrl-C part way through still removes the throwaway HOME', async () => {
    let sent = false;
    const result = await runDemo((stdout, child) => {
      if (!sent && stdout.includes('ok 2:')) {
        sent = true;
        child.kill('SIGINT');
      }
    });
    expect(sent).toBe(true);
    expect(result.stdout).not.toMatch(/demo finished/);
    const home = homeOf(result.stdout);
    expect(existsSync(home ?? '/')).toBe(false);
  }, 120_000);
});

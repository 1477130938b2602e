import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const DEMO = join(__dirname, '..', '..', 'dist', 'demo.js');

function runDemo(onStdout?: (text: string, child: ReturnType<typeof spawn>) => void) {
  return new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>((resolve, reject) => {
    const child = spawn(process.execPath, [DEMO], {
      env: { PATH: process.env.PATH, HOME: process.env.HOME },
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
  test('every step reports ok, within 20 s, and leaves nothing behind', async () => {
    const started = Date.now();
    const result = await runDemo();
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    for (const step of [1, 2, 3, 4, 5, 6]) expect(result.stdout).toMatch(new RegExp(`^  ok ${step}: `, 'm'));
    expect(result.stdout).toMatch(/ok 3: 16 callers served, STS calls: 1,/);
    expect(result.stdout).toMatch(/demo finished: every step ok/);
    expect(Date.now() - started).toBeLessThan(20_000);
    const home = homeOf(result.stdout);
    expect(home).toBeDefined();
    expect(existsSync(home ?? '/')).toBe(false);
  }, 30_000);

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
  }, 30_000);
});

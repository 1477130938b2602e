import { spawn } from 'node:child_process';

export interface ToolResult {
  exitCode: number | null;
  stdout: string;
  stderr: string;
}

// An OS keyring tool answers at once, or waits on a dialog a person must answer.
const TOOL_TIMEOUT_MS = 120_000;

/**
 * Runs an OS tool (security, powershell) with `input` on its stdin: that is where any secret goes,
 * never argv (visible in ps) or the environment (visible in /proc and to every grandchild).
 */
export function runTool(file: string, args: string[], input: string, env: NodeJS.ProcessEnv): Promise<ToolResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { env, stdio: ['pipe', 'pipe', 'pipe'], windowsHide: true });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), TOOL_TIMEOUT_MS);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (exitCode) => {
      clearTimeout(timer);
      resolve({ exitCode, stdout, stderr });
    });
    child.stdin.on('error', () => undefined);
    child.stdin.end(input);
  });
}

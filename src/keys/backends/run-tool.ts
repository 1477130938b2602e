import { execFile } from 'node:child_process';

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
    const child = execFile(
      file,
      args,
      { env, timeout: TOOL_TIMEOUT_MS, killSignal: 'SIGKILL', windowsHide: true },
      (error, stdout, stderr) => {
        // A code that is a string is a failure to start (ENOENT); a number, the tool's exit code; none, killed.
        if (typeof error?.code === 'string') return reject(error);
        resolve({ exitCode: error ? (error.code ?? null) : 0, stdout, stderr });
      },
    );
    child.stdin?.on('error', () => undefined);
    child.stdin?.end(input);
  });
}

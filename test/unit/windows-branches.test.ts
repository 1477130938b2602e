// The Windows branches that the Wine suite (test/e2e/windows.test.ts) cannot run: Wine has no
// console a test can type into, no Credential Manager and no Windows PowerShell, and no taskkill
// that walks a process tree as Windows does. Each is checked here for what it would run.
import { askOnTerminal, controllingTerminal } from '../../src/prompt/terminal-prompt';
import { openWindowsCredentials } from '../../src/keys/backends/wincred';
import type { ToolResult } from '../../src/keys/backends/run-tool';
import { taskkillCommand } from '../../src/core/process/taskkill';

describe('the terminal prompt on Windows', () => {
  test('asks on the console, CONIN$ and CONOUT$, not on stdin and stdout, which the AWS CLI captures', () => {
    expect(controllingTerminal('win32')).toEqual({ input: 'CONIN$', output: 'CONOUT$' });
    expect(controllingTerminal('linux')).toEqual({ input: '/dev/tty', output: '/dev/tty' });
  });

  test('without a console (a service, an IDE), it says there is no terminal rather than hang', async () => {
    // What opening CONIN$ does without a console is what opening a missing path does here: it fails.
    const nowhere = { input: '/nonexistent/CONIN$', output: '/nonexistent/CONOUT$' };
    await expect(askOnTerminal('MFA code: ', 1_000, { paths: nowhere })).rejects.toMatchObject({ name: 'NoTerminalError' });
  });
});

describe('Windows Credential Manager through PowerShell', () => {
  interface Run {
    file: string;
    args: string[];
    input: string;
    script: string;
  }
  /** A keyring whose PowerShell is a fake that records each run and answers `answers` in turn. */
  async function wincred(...answers: ToolResult[]) {
    const runs: Run[] = [];
    const keyring = await openWindowsCredentials({ SystemRoot: 'C:\\Windows' }, async (file, args, input) => {
      const script = Buffer.from(args[args.indexOf('-EncodedCommand') + 1] ?? '', 'base64').toString('utf16le');
      runs.push({ file, args, input, script });
      return answers.shift() ?? { exitCode: 0, stdout: '', stderr: '' };
    });
    return { keyring, runs };
  }
  const KEYS = { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' };

  test("runs the system's Windows PowerShell, without a profile or prompts, the script encoded", async () => {
    const { keyring, runs } = await wincred({
      exitCode: 0,
      stdout: JSON.stringify({ AccessKeyId: KEYS.accessKeyId, SecretAccessKey: KEYS.secretAccessKey }),
      stderr: '',
    });
    expect(await keyring.get('dev')).toEqual(KEYS);
    expect(runs[0]?.file).toBe('C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe');
    expect(runs[0]?.args.slice(0, 3)).toEqual(['-NoProfile', '-NonInteractive', '-EncodedCommand']);
    expect(runs[0]?.script).toContain("[StsRefreshCred]::Read('sts-refresh:dev')");
  });

  test('the secret travels on stdin, never in the command line', async () => {
    const { keyring, runs } = await wincred();
    await keyring.set('dev', KEYS);
    expect(runs[0]?.input).toContain(KEYS.secretAccessKey);
    expect(runs[0]?.args.join(' ')).not.toContain(KEYS.secretAccessKey);
    expect(runs[0]?.script).not.toContain(KEYS.secretAccessKey);
    expect(runs[0]?.script).toContain("[StsRefreshCred]::Write('sts-refresh:dev', 'dev', [Console]::In.ReadToEnd())");
  });

  test('"not found" is no item, and a failure is one line that says what failed', async () => {
    const { keyring } = await wincred(
      { exitCode: 3, stdout: '', stderr: '' },
      { exitCode: 3, stdout: '', stderr: '' },
      { exitCode: 1, stdout: '', stderr: 'Exception calling "Write": Access is denied\r\nat line:1\r\n' },
    );
    expect(await keyring.get('dev')).toBeUndefined();
    expect(await keyring.remove('dev')).toBe(false);
    await expect(keyring.set('dev', KEYS)).rejects.toThrow(
      /^Credential Manager: storing the credential failed \(exit 1: Exception calling "Write": Access is denied\)$/,
    );
  });

  test('lists only its own items, CRLF or not', async () => {
    const { keyring } = await wincred({ exitCode: 0, stdout: 'sts-refresh:b\r\nsts-refresh:a\r\nother:c\r\n', stderr: '' });
    expect(await keyring.list()).toEqual(['a', 'b']);
  });
});

describe('killing a process tree on Windows', () => {
  test("Windows has no process group a signal reaches: the system's taskkill ends the child and all it started", () => {
    expect(taskkillCommand(4242, { SystemRoot: 'C:\\Windows' })).toEqual({
      file: 'C:\\Windows\\System32\\taskkill.exe',
      args: ['/PID', '4242', '/T', '/F'],
    });
    expect(taskkillCommand(4242, {})).toMatchObject({ file: 'taskkill.exe' });
  });
});

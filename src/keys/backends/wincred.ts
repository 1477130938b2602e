import { win32 } from 'node:path';
import { StsRefreshError } from '../../core/errors';
import { decodeKeys, encodeKeys } from '../access-keys';
import type { Keyring } from './keyring';
import { runTool, type ToolResult } from './run-tool';

// Windows Credential Manager through advapi32's CredRead/CredWrite, reached from the PowerShell
// that every Windows has: no native addon to carry in the bundle or the single executable. The
// script travels as -EncodedCommand (no secret in it); the key pair travels on stdin.
const TARGET_PREFIX = 'sts-refresh:';
// The script's own exit status for "no such credential" (ERROR_NOT_FOUND, 1168, inside it).
const NOT_FOUND = 3;
const FIX = 'check that Credential Manager works for this Windows user, or choose --backend file';

const NATIVE = `
using System;
using System.ComponentModel;
using System.Runtime.InteropServices;
using System.Text;
public static class StsRefreshCred {
  [StructLayout(LayoutKind.Sequential, CharSet = CharSet.Unicode)]
  struct CREDENTIAL {
    public int Flags; public int Type; public string TargetName; public string Comment;
    public System.Runtime.InteropServices.ComTypes.FILETIME LastWritten;
    public int CredentialBlobSize; public IntPtr CredentialBlob; public int Persist;
    public int AttributeCount; public IntPtr Attributes; public string TargetAlias; public string UserName;
  }
  [DllImport("advapi32.dll", CharSet = CharSet.Unicode, SetLastError = true)] static extern bool CredWriteW(ref CREDENTIAL c, int flags);
  [DllImport("advapi32.dll", CharSet = CharSet.Unicode, SetLastError = true)] static extern bool CredReadW(string target, int type, int flags, out IntPtr c);
  [DllImport("advapi32.dll", CharSet = CharSet.Unicode, SetLastError = true)] static extern bool CredDeleteW(string target, int type, int flags);
  [DllImport("advapi32.dll", CharSet = CharSet.Unicode, SetLastError = true)] static extern bool CredEnumerateW(string filter, int flags, out int count, out IntPtr creds);
  [DllImport("advapi32.dll")] static extern void CredFree(IntPtr p);
  const int GENERIC = 1, LOCAL_MACHINE = 2, NOT_FOUND = 1168;
  public static void Write(string target, string user, string secret) {
    byte[] blob = Encoding.UTF8.GetBytes(secret);
    CREDENTIAL c = new CREDENTIAL();
    c.Type = GENERIC; c.TargetName = target; c.UserName = user; c.Persist = LOCAL_MACHINE;
    c.CredentialBlobSize = blob.Length; c.CredentialBlob = Marshal.AllocHGlobal(blob.Length);
    try {
      Marshal.Copy(blob, 0, c.CredentialBlob, blob.Length);
      if (!CredWriteW(ref c, 0)) throw new Win32Exception(Marshal.GetLastWin32Error());
    } finally { Marshal.FreeHGlobal(c.CredentialBlob); }
  }
  public static string Read(string target) {
    IntPtr p;
    if (!CredReadW(target, GENERIC, 0, out p)) {
      int e = Marshal.GetLastWin32Error();
      if (e == NOT_FOUND) return null;
      throw new Win32Exception(e);
    }
    try {
      CREDENTIAL c = (CREDENTIAL)Marshal.PtrToStructure(p, typeof(CREDENTIAL));
      byte[] b = new byte[c.CredentialBlobSize];
      Marshal.Copy(c.CredentialBlob, b, 0, b.Length);
      return Encoding.UTF8.GetString(b);
    } finally { CredFree(p); }
  }
  public static bool Delete(string target) {
    if (CredDeleteW(target, GENERIC, 0)) return true;
    int e = Marshal.GetLastWin32Error();
    if (e == NOT_FOUND) return false;
    throw new Win32Exception(e);
  }
  public static string[] List(string filter) {
    int n; IntPtr p;
    if (!CredEnumerateW(filter, 0, out n, out p)) {
      int e = Marshal.GetLastWin32Error();
      if (e == NOT_FOUND) return new string[0];
      throw new Win32Exception(e);
    }
    try {
      string[] names = new string[n];
      for (int i = 0; i < n; i++) {
        CREDENTIAL c = (CREDENTIAL)Marshal.PtrToStructure(Marshal.ReadIntPtr(p, i * IntPtr.Size), typeof(CREDENTIAL));
        names[i] = c.TargetName;
      }
      return names;
    } finally { CredFree(p); }
  }
}`;

/** A PowerShell script: the C# above, then one action; `$target` is a checked profile name, never a secret. */
function script(action: string): string {
  return `$ErrorActionPreference = 'Stop'
Add-Type -TypeDefinition @'
${NATIVE}
'@
${action}`;
}

/**
 * `tool` runs PowerShell: runTool, or in a unit test a fake that checks what would be run, since
 * neither Wine nor Linux has Credential Manager or Windows PowerShell to run it against.
 */
export async function openWindowsCredentials(env: NodeJS.ProcessEnv, tool: typeof runTool = runTool): Promise<Keyring> {
  const powershell = env.SystemRoot
    ? win32.join(env.SystemRoot, 'System32', 'WindowsPowerShell', 'v1.0', 'powershell.exe')
    : 'powershell.exe';
  const run = async (action: string, input = ''): Promise<ToolResult> => {
    const encoded = Buffer.from(script(action), 'utf16le').toString('base64');
    try {
      return await tool(powershell, ['-NoProfile', '-NonInteractive', '-EncodedCommand', encoded], input, env);
    } catch (error) {
      throw new StsRefreshError(`Credential Manager: cannot run PowerShell (${(error as NodeJS.ErrnoException).code ?? 'error'})`, FIX, {
        cause: error,
      });
    }
  };
  const failed = (what: string, result: ToolResult) =>
    new StsRefreshError(
      `Credential Manager: ${what} failed (exit ${result.exitCode}: ${result.stderr.trim().split(/\r?\n/)[0] ?? ''})`,
      FIX,
    );
  const target = (profile: string) => `'${TARGET_PREFIX}${profile}'`;
  return {
    backend: 'wincred',
    // Credential Manager is open while the user is logged in.
    async unlock() {},
    async get(profile) {
      const result = await run(
        `$v = [StsRefreshCred]::Read(${target(profile)}); if ($v -eq $null) { exit ${NOT_FOUND} }; [Console]::Out.Write($v)`,
      );
      if (result.exitCode === NOT_FOUND) return undefined;
      if (result.exitCode !== 0) throw failed('reading the credential', result);
      return decodeKeys(result.stdout, `the Credential Manager entry for '${profile}'`);
    },
    async set(profile, keys) {
      const result = await run(`[StsRefreshCred]::Write(${target(profile)}, '${profile}', [Console]::In.ReadToEnd())`, encodeKeys(keys));
      if (result.exitCode !== 0) throw failed('storing the credential', result);
    },
    async remove(profile) {
      const result = await run(`if (-not [StsRefreshCred]::Delete(${target(profile)})) { exit ${NOT_FOUND} }`);
      if (result.exitCode === NOT_FOUND) return false;
      if (result.exitCode !== 0) throw failed('deleting the credential', result);
      return true;
    },
    async list() {
      const result = await run(`[StsRefreshCred]::List('${TARGET_PREFIX}*') | ForEach-Object { [Console]::Out.WriteLine($_) }`);
      if (result.exitCode !== 0) throw failed('listing the credentials', result);
      return result.stdout
        .split(/\r?\n/)
        .filter((line) => line.startsWith(TARGET_PREFIX))
        .map((line) => line.slice(TARGET_PREFIX.length))
        .sort();
    },
    close() {},
  };
}

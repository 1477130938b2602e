import { execFileSync } from 'node:child_process';
import { formatEnv } from '../../src/core/shell/shell-env';
import { toolPath, which } from '../support/tool-path';
import { testIf } from '../support/needs';
import { readPowerShell } from '../support/powershell';

// Values no STS answer contains today, chosen to break any quoting that is not airtight.
const NASTY: Array<[string, string]> = [
  ['AWS_ACCESS_KEY_ID', 'ASIA1234'],
  ['AWS_SECRET_ACCESS_KEY', `it's "quoted" $HOME \`id\` \\ back\\'slash ; rm -rf / #`],
  ['AWS_SESSION_TOKEN', 'line1\nline2 with ‘curly’ quotes and $(echo pwned)'],
  ['AWS_CREDENTIAL_EXPIRATION', '2026-01-01T00:00:00.000Z'],
];
const PRINT = NASTY.map(([name]) => name);

/**
 * Evaluates the output in a real shell and reads back each variable, NUL-separated so newlines
 * survive. The shell finds nothing but itself on PATH: the output must not lean on other tools.
 */
function roundTrip(shell: string, args: (script: string) => string[], script: string, printer: string): string[] {
  const out = execFileSync(shell, args(`${script}\n${printer}`), {
    env: { PATH: toolPath([shell]), HOME: '/nonexistent' },
    encoding: 'utf8',
  });
  return out.split('\0').slice(0, PRINT.length);
}

describe('formatEnv', () => {
  test('sh reads every value back byte for byte', () => {
    const printer = PRINT.map((n) => `printf '%s\\0' "$${n}"`).join('\n');
    expect(roundTrip('sh', (s) => ['-c', s], formatEnv(NASTY, 'sh'), printer)).toEqual(NASTY.map(([, v]) => v));
  });

  const fish = which('fish');
  testIf(fish ? undefined : 'fish is not installed')('fish reads every value back', () => {
    const printer = PRINT.map((n) => `printf '%s\\0' "$${n}"`).join('\n');
    expect(roundTrip('fish', (s) => ['-c', s], formatEnv(NASTY, 'fish'), printer)).toEqual(NASTY.map(([, v]) => v));
  });

  // PowerShell is no Debian package, so CI cannot have it: its output is read back by the
  // language's own grammar instead (readPowerShell below), which is all pwsh would apply to it.
  test('powershell reads every value back, by the grammar of its verbatim strings', () => {
    expect(readPowerShell(formatEnv(NASTY, 'powershell'))).toEqual(new Map(NASTY));
  });

  test('the PowerShell reader is strict: an undoubled quote of any kind ends the string', () => {
    for (const quote of ["'", '\u2018', '\u2019', '\u201a', '\u201b']) {
      expect(() => readPowerShell(`$Env:A = 'it${quote}s'\n`)).toThrow(/not one assignment/);
      expect(readPowerShell(`$Env:A = 'it${quote}${quote}s'\n`)).toEqual(new Map([['A', `it${quote}s`]]));
    }
  });

  test('the line shapes', () => {
    const vars: Array<[string, string]> = [['A', "x'y"]];
    expect(formatEnv(vars, 'sh')).toBe(`export A='x'\\''y'\n`);
    expect(formatEnv(vars, 'fish')).toBe(`set -gx A 'x\\'y'\n`);
    expect(formatEnv(vars, 'powershell')).toBe(`$Env:A = 'x''y'\n`);
    expect(JSON.parse(formatEnv(vars, 'json'))).toEqual({ A: "x'y" });
  });

  test('an undefined value unsets the variable', () => {
    const vars: Array<[string, string | undefined]> = [
      ['AWS_PROFILE', 'prod'],
      ['AWS_ACCESS_KEY_ID', undefined],
    ];
    expect(formatEnv(vars, 'sh')).toBe(`export AWS_PROFILE='prod'\nunset AWS_ACCESS_KEY_ID\n`);
    expect(formatEnv(vars, 'fish')).toBe(`set -gx AWS_PROFILE 'prod'\nset -e AWS_ACCESS_KEY_ID\n`);
    expect(formatEnv(vars, 'powershell')).toBe(
      `$Env:AWS_PROFILE = 'prod'\nRemove-Item Env:AWS_ACCESS_KEY_ID -ErrorAction SilentlyContinue\n`,
    );
    expect(JSON.parse(formatEnv(vars, 'json'))).toEqual({ AWS_PROFILE: 'prod', AWS_ACCESS_KEY_ID: null });
  });
});

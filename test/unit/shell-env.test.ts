import { execFileSync } from 'node:child_process';
import { formatEnv } from '../../src/core/shell/shell-env';
import { toolPath, which } from '../support/tool-path';

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
  (fish ? test : test.skip)(`fish reads every value back${fish ? '' : ' (skipped: fish is not installed)'}`, () => {
    const printer = PRINT.map((n) => `printf '%s\\0' "$${n}"`).join('\n');
    expect(roundTrip('fish', (s) => ['-c', s], formatEnv(NASTY, 'fish'), printer)).toEqual(NASTY.map(([, v]) => v));
  });

  const pwsh = which('pwsh');
  (pwsh ? test : test.skip)(`powershell reads every value back${pwsh ? '' : ' (skipped: pwsh is not installed)'}`, () => {
    const printer = PRINT.map((n) => `[Console]::Out.Write($Env:${n} + [char]0)`).join('\n');
    expect(roundTrip('pwsh', (s) => ['-NoProfile', '-Command', s], formatEnv(NASTY, 'powershell'), printer)).toEqual(
      NASTY.map(([, v]) => v),
    );
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

import { requestFromLine } from '../../src/core/request/request-from-line';

describe('requestFromLine', () => {
  test.each<[string, Record<string, unknown>]>([
    ['sts-refresh --role arn:aws:iam::1:role/R', { role: 'arn:aws:iam::1:role/R' }],
    ['/usr/local/bin/sts-refresh credential-process --role r --source-profile u', { role: 'r', 'source-profile': 'u' }],
    ['node "/opt/my tools/sts-refresh.js" --role r --no-cache', { role: 'r', 'no-cache': true }],
    [`sts-refresh.exe --role r --mfa-command 'pass otp aws'`, { role: 'r', 'mfa-command': 'pass otp aws' }],
  ])('%s', (line, expected) => {
    expect(requestFromLine('prod', line, 'linux')).toEqual(expected);
  });

  test.each<[string | undefined, RegExp]>([
    [undefined, /^profile 'prod' has no credential_process line$/],
    ['  ', /^profile 'prod' has no credential_process line$/],
    ['aws-vault exec prod --json', /^profile 'prod' runs 'aws-vault' in credential_process, not sts-refresh$/],
    ['/usr/bin/curl sts-refresh --role r', /^profile 'prod' runs '\/usr\/bin\/curl' in credential_process, not sts-refresh$/],
    [`sts-refresh --role 'r`, /^profile 'prod': its credential_process line has an unterminated quote$/],
    ['sts-refresh --role r --bogus', /^profile 'prod': its credential_process line is not one sts-refresh reads/],
    ['sts-refresh --role r extra', /^profile 'prod': its credential_process line is not one sts-refresh reads/],
  ])('%p is a usage error naming the profile', (line, message) => {
    expect(() => requestFromLine('prod', line, 'linux')).toThrow(message);
    try {
      requestFromLine('prod', line, 'linux');
    } catch (error) {
      expect((error as { exitCode: number; hint: string }).exitCode).toBe(2);
      expect((error as { hint: string }).hint).toMatch(/sts-refresh setup --profile prod/);
    }
  });
});

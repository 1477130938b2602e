import { resolveOptions, type RequestArgs } from '../../src/core/request/resolve-options';
import type { ProfileSettings } from '../../src/core/request/role-request';
import { settleRequest } from '../../src/core/request/settle-request';
import { UsageError } from '../../src/core/errors';

const ROLE = 'arn:aws:iam::123456789012:role/Prod';
const SERIAL = 'arn:aws:iam::123456789012:mfa/alice';
const HOP = 'arn:aws:iam::123456789012:role/Hop';

const settle = (args: RequestArgs, profile: ProfileSettings = {}, env: NodeJS.ProcessEnv = {}) =>
  settleRequest(resolveOptions({ role: ROLE, ...args }, { env, userName: 'alice', defaultCacheDir: () => '/c' }), profile);

describe('settleRequest: region', () => {
  test.each<[string, RequestArgs, NodeJS.ProcessEnv, ProfileSettings, string]>([
    ['--region wins over the profile', { region: 'eu-west-1' }, {}, { region: 'ap-south-1' }, 'eu-west-1'],
    ['AWS_REGION wins over the profile', {}, { AWS_REGION: 'us-west-2' }, { region: 'ap-south-1' }, 'us-west-2'],
    ["then the source profile's region", {}, {}, { region: 'ap-south-1' }, 'ap-south-1'],
    ['then us-east-1', {}, {}, {}, 'us-east-1'],
    ['a blank profile region is ignored', {}, {}, { region: ' ' }, 'us-east-1'],
  ])('%s', (_name, args, env, profile, expected) => {
    expect(settle(args, profile, env).region).toBe(expected);
  });
});

describe('settleRequest: MFA', () => {
  test('no device, no MFA session', () => {
    expect(settle({}).mfaSession).toBeUndefined();
  });

  test('--mfa-serial gives an 8 h MFA session by default, in the settled region', () => {
    expect(settle({ 'mfa-serial': SERIAL, 'endpoint-url': 'http://127.0.0.1:1' }, { region: 'eu-west-1' }).mfaSession).toEqual({
      sourceProfile: 'default',
      serialNumber: SERIAL,
      durationSeconds: 28800,
      region: 'eu-west-1',
      endpoint: 'http://127.0.0.1:1',
    });
  });

  test("the source profile's mfa_serial is used without the flag, and the flag wins over it", () => {
    expect(settle({}, { mfaSerial: SERIAL }).mfaSession?.serialNumber).toBe(SERIAL);
    expect(settle({ 'mfa-serial': 'GAHT12345678' }, { mfaSerial: SERIAL }).mfaSession?.serialNumber).toBe('GAHT12345678');
  });

  test('--mfa-command and --mfa-duration are carried', () => {
    const settled = settle({ 'mfa-command': 'ykman oath accounts code -s aws', 'mfa-duration': '36h' }, { mfaSerial: SERIAL });
    expect(settled.mfaCommand).toBe('ykman oath accounts code -s aws');
    expect(settled.mfaSession?.durationSeconds).toBe(129600);
  });

  test.each<[string, RequestArgs]>([
    ['--mfa-command', { 'mfa-command': 'echo 123456' }],
    ['--mfa-duration', { 'mfa-duration': '12h' }],
  ])('%s without a device is a usage error', (option, args) => {
    expect(() => settle(args)).toThrow(new RegExp(`^${option} needs an MFA device`));
  });

  test('a malformed mfa_serial in the profile is a usage error that names the profile', () => {
    expect(() => settle({}, { mfaSerial: 'abc' })).toThrow(/profile 'default' in the AWS config file has mfa_serial "abc"/);
  });
});

describe('settleRequest: role chains', () => {
  test('a chained source profile (role_arn) keeps a duration of 1h or less', () => {
    expect(() => settle({}, { roleArn: HOP })).not.toThrow();
    expect(() => settle({ duration: '30m' }, { roleArn: HOP })).not.toThrow();
  });

  test('a chained source profile with --duration over 1h is a usage error', () => {
    expect(() => settle({ duration: '2h' }, { roleArn: HOP })).toThrow(UsageError);
    expect(() => settle({ duration: '2h' }, { roleArn: HOP })).toThrow(/role chaining\) at 1 hour/);
  });

  test("a role profile's own mfa_serial is left to the SDK, and --mfa-serial on it is a usage error", () => {
    expect(settle({}, { roleArn: HOP, mfaSerial: SERIAL }).mfaSession).toBeUndefined();
    expect(() => settle({ 'mfa-serial': SERIAL }, { roleArn: HOP, mfaSerial: SERIAL })).toThrow(/GetSessionToken/);
  });
});

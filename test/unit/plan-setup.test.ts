import { planSetup } from '../../src/config/plan-setup';

const CMD = '/usr/local/bin/sts-refresh --role arn:aws:iam::123456789012:role/Prod';
const LINE = `credential_process = ${CMD}`;
const plan = (configText: string, extra: { credentialsText?: string; replace?: boolean; profile?: string } = {}) =>
  planSetup({
    profile: extra.profile ?? 'prod',
    command: CMD,
    configText,
    credentialsText: extra.credentialsText ?? '',
    replace: extra.replace ?? false,
  });

/** The new text must be the old one with exactly `line` inserted before `beforeText` (or appended). */
function inserted(old: string, at: number, text: string): string {
  return old.slice(0, at) + text + old.slice(at);
}

describe('setup keeps every other byte', () => {
  test('adds the line after the last setting of an existing profile, comments and blank lines stay below it', () => {
    const config =
      '# my config\n[default]\nregion = us-east-1\n\n[profile prod]\nregion=eu-west-1   ; odd spacing\noutput   =json\n# about the next one\n\n[profile dev]\nregion = us-west-2\n';
    const at = config.indexOf('# about');
    expect(plan(config).configText).toBe(inserted(config, at, `${LINE}\n`));
  });

  test('odd header spacing and CRLF line endings', () => {
    const config = '[default]\r\nregion = us-east-1\r\n[ profile   prod ]\r\n\tregion = eu-west-1\r\n';
    expect(plan(config).configText).toBe(`${config}${LINE}\r\n`);
  });

  test('lone CR line endings (botocore reads them): every profile kept, the new lines end the same way', () => {
    const config = '[default]\rregion = us-east-1\r\r[profile prod]\rregion = eu-west-1\r\r[profile dev]\rregion = us-west-2\r';
    const at = config.indexOf('\r[profile dev]');
    expect(plan(config).configText).toBe(inserted(config, at, `${LINE}\r`));
    expect(plan(config, { profile: 'new' }).configText).toBe(`${config}\r[profile new]\r${LINE}\r`);
  });

  test('a stray CR in a comment keeps the text before it', () => {
    const config = '[default]\n# old\r note\nregion = us-east-1\n';
    expect(plan(config).configText).toBe(`${config}\n[profile prod]\n${LINE}\n`);
  });

  test('no trailing newline stays without one', () => {
    const config = '[profile prod]\nregion = eu-west-1';
    expect(plan(config).configText).toBe(`${config}\n${LINE}`);
    const other = '[default]\nregion = eu-west-1';
    expect(plan(other).configText).toBe(`${other}\n\n[profile prod]\n${LINE}\n`);
  });

  test('creates the profile at the end, and [default] for the default profile', () => {
    expect(plan('').configText).toBe(`[profile prod]\n${LINE}\n`);
    expect(plan('[profile x]\nregion = a\n', { profile: 'default' }).configText).toBe(`[profile x]\nregion = a\n\n[default]\n${LINE}\n`);
    expect(plan('[profile default]\nregion = a\n', { profile: 'default' }).configText).toBe(`[profile default]\nregion = a\n${LINE}\n`);
  });

  test('replaces an existing credential_process in place and reports the old one', () => {
    const config = '[profile prod]\ncredential_process = old-helper --x\nregion = a\n';
    const result = plan(config);
    expect(result.configText).toBe(`[profile prod]\n${LINE}\nregion = a\n`);
    expect(result.previous).toBe('old-helper --x');
  });

  test('nested settings (s3 =) keep their indented lines', () => {
    const config = '[profile prod]\ns3 =\n  max_concurrent_requests = 20\n[profile b]\n';
    expect(plan(config).configText).toBe(`[profile prod]\ns3 =\n  max_concurrent_requests = 20\n${LINE}\n[profile b]\n`);
  });

  test('an indented line right after a setting continues it, as configparser reads it, so it is not a role_arn', () => {
    const config = '[profile prod]\nregion = eu-west-1\n  role_arn = arn:aws:iam::1:role/x\n';
    expect(plan(config).configText).toBe(`${config}${LINE}\n`);
  });

  test('a profile named like another as a prefix is not confused with it', () => {
    const config = '[profile prod-eu]\nregion = a\n';
    expect(plan(config).configText).toBe(`${config}\n[profile prod]\n${LINE}\n`);
  });
});

describe('setup refuses what the AWS CLI would use instead', () => {
  test.each([
    ['[profile prod]\nrole_arn = arn:aws:iam::1:role/x\nsource_profile = default\n', '', /role_arn in the config file/],
    ['[profile prod]\nsso_session = corp\nsso_account_id = 1\n', '', /SSO settings/],
    ['[profile prod]\naws_access_key_id = AKIA\n', '', /static keys in the config file/],
    ['', '[prod]\naws_access_key_id = AKIA1234\naws_secret_access_key = s\n', /static keys in the credentials file/],
  ])('%j / %j', (config, credentials, message) => {
    expect(() => plan(config, { credentialsText: credentials })).toThrow(message);
  });

  test('--replace removes them, reports them with secrets hidden, and leaves the rest', () => {
    const config =
      '[profile prod]\n  role_arn = arn:aws:iam::1:role/x\nregion = a\nsource_profile = default\nmfa_serial = arn:mfa\n[profile b]\nrole_arn = keep\n';
    const credentials = '[prod]\naws_access_key_id = AKIAXXXX1234\naws_secret_access_key = sEcReT\n[other]\naws_access_key_id = AKIAKEEP\n';
    const result = plan(config, { credentialsText: credentials, replace: true });
    expect(result.configText).toBe(`[profile prod]\nregion = a\n${LINE}\n[profile b]\nrole_arn = keep\n`);
    expect(result.credentialsText).toBe('[prod]\n[other]\naws_access_key_id = AKIAKEEP\n');
    expect(result.removed).toEqual([
      'config:   role_arn = arn:aws:iam::1:role/x',
      'config: source_profile = default',
      'config: mfa_serial = arn:mfa',
      'credentials: aws_access_key_id = ****1234',
      'credentials: aws_secret_access_key = (hidden)',
    ]);
    expect(JSON.stringify(result.removed)).not.toContain('sEcReT');
  });
});

import { planImport, planRemoveServeLine, planServeLine, plaintextKeysOf } from '../../src/config/keys-profile-edits';

const PATHS = { configFile: '/h/.aws/config', credentialsFile: '/h/.aws/credentials' };
const SERVE = '/bin/sts-refresh keys serve dev --backend file';

describe('planImport', () => {
  test('takes the pair out of the credentials file and nothing else', () => {
    const credentialsText =
      '[dev]\naws_access_key_id = AKIADEV0000000000001\naws_secret_access_key = s3cret\nregion = x\n[other]\naws_access_key_id = AKIAOTHER\n';
    expect(planImport('dev', { configText: '', credentialsText }, PATHS)).toEqual({
      keys: { accessKeyId: 'AKIADEV0000000000001', secretAccessKey: 's3cret' },
      credentialsText: '[dev]\nregion = x\n[other]\naws_access_key_id = AKIAOTHER\n',
    });
  });

  test('keys kept in the config file are taken from there, under [profile NAME] or [default]', () => {
    const configText = '[profile dev]\naws_access_key_id = AKIADEV0000000000001\naws_secret_access_key = s3cret\n';
    expect(planImport('dev', { configText, credentialsText: '' }, PATHS)).toEqual({
      keys: { accessKeyId: 'AKIADEV0000000000001', secretAccessKey: 's3cret' },
      configText: '[profile dev]\n',
    });
    expect(
      planImport('default', { configText: '[default]\naws_access_key_id = A\naws_secret_access_key = B', credentialsText: '' }, PATHS)
        .configText,
    ).toBe('[default]');
  });

  test.each([
    ['nothing there', '', /has no aws_access_key_id and aws_secret_access_key in \/h\/.aws\/credentials or \/h\/.aws\/config/],
    ['half a pair', '[dev]\naws_secret_access_key = s\n', /has only half a key pair/],
    ['temporary keys', '[dev]\naws_access_key_id = ASIA\naws_secret_access_key = s\naws_session_token = t\n', /holds temporary keys/],
  ])('refuses %s', (_, credentialsText, message) => {
    expect(() => planImport('dev', { configText: '', credentialsText }, PATHS)).toThrow(message);
  });
});

describe('planServeLine', () => {
  test('adds the line to a new or existing profile, and replaces its own earlier line', () => {
    expect(planServeLine('dev', '[default]\nregion = x\n', SERVE, PATHS.configFile)).toBe(
      `[default]\nregion = x\n\n[profile dev]\ncredential_process = ${SERVE}\n`,
    );
    expect(planServeLine('dev', '[profile dev]\nregion = x\n', SERVE, PATHS.configFile)).toBe(
      `[profile dev]\nregion = x\ncredential_process = ${SERVE}\n`,
    );
    expect(planServeLine('dev', '[profile dev]\ncredential_process = /old/sts-refresh keys serve dev\n', SERVE, PATHS.configFile)).toBe(
      `[profile dev]\ncredential_process = ${SERVE}\n`,
    );
  });

  test.each([
    ['role_arn', 'role_arn = arn:aws:iam::1:role/x'],
    ['sso_session', 'sso_session = corp'],
    ['a credential_process of its own', 'credential_process = /bin/vault-helper'],
  ])('refuses a profile with %s', (_, line) => {
    expect(() => planServeLine('dev', `[profile dev]\n${line}\n`, SERVE, PATHS.configFile)).toThrow(/profile dev/);
  });
});

describe('planRemoveServeLine', () => {
  test('removes only a keys serve line', () => {
    expect(planRemoveServeLine('dev', `[profile dev]\nregion = x\ncredential_process = ${SERVE}\n[profile b]\n`)).toBe(
      '[profile dev]\nregion = x\n[profile b]\n',
    );
    expect(planRemoveServeLine('dev', '[profile dev]\ncredential_process = /bin/other\n')).toBeUndefined();
    expect(planRemoveServeLine('dev', '')).toBeUndefined();
  });
});

test('plaintextKeysOf sees a secret or a key id in either file', () => {
  expect(plaintextKeysOf('dev', { configText: '', credentialsText: '[dev]\naws_secret_access_key = s\n' })).toBe(true);
  expect(plaintextKeysOf('dev', { configText: '[profile dev]\naws_access_key_id = A\n', credentialsText: '' })).toBe(true);
  expect(plaintextKeysOf('dev', { configText: '[profile dev]\nregion = x\n', credentialsText: '[other]\naws_access_key_id = A\n' })).toBe(
    false,
  );
});

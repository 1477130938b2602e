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
      moved: ['aws_access_key_id at /h/.aws/credentials:2', 'aws_secret_access_key at /h/.aws/credentials:3'],
    });
  });

  test('keys kept in the config file are taken from there, under [profile NAME] or [default]', () => {
    const configText = '[profile dev]\naws_access_key_id = AKIADEV0000000000001\naws_secret_access_key = s3cret\n';
    expect(planImport('dev', { configText, credentialsText: '' }, PATHS)).toEqual({
      keys: { accessKeyId: 'AKIADEV0000000000001', secretAccessKey: 's3cret' },
      configText: '[profile dev]\n',
      moved: ['aws_access_key_id at /h/.aws/config:2', 'aws_secret_access_key at /h/.aws/config:3'],
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

  const PAIR = 'aws_access_key_id = AKIADEV0000000000001\naws_secret_access_key = s3cret\n';
  test('the same pair in both files, in a repeated section and on repeated lines: every line goes, each named', () => {
    const credentialsText = `[dev]\n${PAIR}[other]\nregion = y\n[dev]\n${PAIR}aws_secret_access_key = s3cret\n`;
    const configText = `[profile dev]\nregion = x\n${PAIR}`;
    const plan = planImport('dev', { configText, credentialsText }, PATHS);
    expect(plan.keys).toEqual({ accessKeyId: 'AKIADEV0000000000001', secretAccessKey: 's3cret' });
    expect(plan.credentialsText).toBe('[dev]\n[other]\nregion = y\n[dev]\n');
    expect(plan.configText).toBe('[profile dev]\nregion = x\n');
    expect(plan.moved).toEqual([
      'aws_access_key_id at /h/.aws/credentials:2',
      'aws_secret_access_key at /h/.aws/credentials:3',
      'aws_access_key_id at /h/.aws/credentials:7',
      'aws_secret_access_key at /h/.aws/credentials:8',
      'aws_secret_access_key at /h/.aws/credentials:9',
      'aws_access_key_id at /h/.aws/config:3',
      'aws_secret_access_key at /h/.aws/config:4',
    ]);
  });

  test.each([
    [
      'different pairs in the two files',
      `[dev]\n${PAIR}`,
      '[profile dev]\naws_access_key_id = AKIAOTHER00000000002\naws_secret_access_key = other\n',
      /more than one key pair \(\*\*\*\*0001 at \/h\/.aws\/credentials:2 and \*\*\*\*0002 at \/h\/.aws\/config:2\)/,
    ],
    [
      'a repeated secret line with another value (the JS SDK reads the last, and the first would stay behind)',
      `[dev]\n${PAIR}aws_secret_access_key = newer\n`,
      '',
      /more than one key pair \(two secrets, at \/h\/.aws\/credentials:3 and at \/h\/.aws\/credentials:4\)/,
    ],
    [
      'a repeated section with another key id',
      `[dev]\n${PAIR}[dev]\naws_access_key_id = AKIAOTHER00000000002\n`,
      '',
      /more than one key pair/,
    ],
  ])('refuses %s, and says nothing was changed', (_, credentialsText, configText, message) => {
    expect(() => planImport('dev', { configText, credentialsText }, PATHS)).toThrow(message);
    expect(() => planImport('dev', { configText, credentialsText }, PATHS)).toThrow(/nothing was changed/);
  });

  test('[profile "dev"] is the profile too, as both SDKs read it', () => {
    expect(planImport('dev', { configText: `[profile "dev"]\n${PAIR}`, credentialsText: '' }, PATHS).configText).toBe('[profile "dev"]\n');
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

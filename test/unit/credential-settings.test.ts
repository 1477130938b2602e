import { CREDENTIAL_SOURCES } from '../../src/core/profile/credential-settings';
import { credentialSource } from '../../src/doctor/checks/credential-source';
import { planSetup } from '../../src/config/plan-setup';
import { childSettings, holdsCredentials, profileSection } from '../../src/server/child-profile-section';

// One table, three readers: each source, alone in a profile, is what doctor names, what exec keeps
// out of its child's profile, and what setup refuses (and removes under --replace) or keeps.
describe.each(CREDENTIAL_SOURCES.map((row) => [row.name, row] as const))('%s', (_name, row) => {
  const section = Object.fromEntries(row.keys.map((key) => [key, 'v']));
  const [config, credentials] = row.file === 'config' ? [section, undefined] : [undefined, section];
  const text = (names: string) => `[${names}]\n${row.keys.map((key) => `${key} = v`).join('\n')}\n`;
  const setup = (replace: boolean) =>
    planSetup({
      profile: 'p',
      command: '/bin/sts-refresh --role r',
      configText: row.file === 'config' ? text('profile p') : '',
      credentialsText: row.file === 'credentials' ? text('p') : '',
      replace,
    });

  test('doctor names it', () => {
    expect(credentialSource(config, credentials, {}).kind).toBe(row.name);
  });

  test('exec keeps every key of it out of the empty profile', () => {
    expect(holdsCredentials(config, credentials)).toBe(true);
    expect(profileSection('sts-refresh-exec', childSettings({ ...section, region: 'eu-west-1' }), '.')).toBe(
      '[profile sts-refresh-exec]\nregion = eu-west-1\n',
    );
  });

  test(`setup: ${row.setup}`, () => {
    if (row.setup === 'remove') {
      expect(() => setup(false)).toThrow(`${row.what} in the ${row.file} file`);
      expect(setup(true).removed).toHaveLength(row.keys.length);
    } else {
      expect(setup(false).removed).toEqual([]);
    }
  });
});

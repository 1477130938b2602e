import { checkAccessKeys, credentialProcessJson, decodeKeys, encodeKeys } from '../../src/keys/access-keys';
import { choiceWords, resolveChoice } from '../../src/keys/backends/choose-keyring';
import { sessionBusAddress } from '../../src/keys/backends/dbus-connection';

describe('sessionBusAddress', () => {
  test.each([
    ['unix:path=/run/user/1000/bus', 'unix:socket=/run/user/1000/bus'],
    ['unix:path=/tmp/dbus-x,guid=abc', 'unix:socket=/tmp/dbus-x'],
    ['unix:abstract=/tmp/dbus-y,guid=abc', 'unix:socket=\0/tmp/dbus-y'],
    ['unix:path=/tmp/with%20space', 'unix:socket=/tmp/with space'],
    ['tcp:host=127.0.0.1,port=5', 'tcp:host=127.0.0.1,port=5'],
    ['unix:path=/a;unix:path=/b', 'unix:socket=/a;unix:socket=/b'],
  ])('%s', (given, expected) => {
    expect(sessionBusAddress({ DBUS_SESSION_BUS_ADDRESS: given })).toBe(expected);
  });

  test('unset and no runtime directory socket: none', () => {
    expect(sessionBusAddress({})).toBeUndefined();
    expect(sessionBusAddress({ XDG_RUNTIME_DIR: '/nonexistent-runtime-dir' })).toBeUndefined();
  });
});

describe('resolveChoice', () => {
  test.each([
    ['linux', 'secret-service'],
    ['darwin', 'keychain'],
    ['win32', 'wincred'],
    ['freebsd', 'secret-service'],
  ] as const)('the default on %s is %s', (platform, backend) => {
    expect(resolveChoice({}, platform).backend).toBe(backend);
  });

  test('the words of a choice pick the same backend again in the serve line', () => {
    const choice = resolveChoice({ backend: 'file', keysFile: '/k/keys.enc', passphraseEnv: 'PASS' }, 'linux');
    expect(choiceWords(choice)).toEqual(['--backend', 'file', '--keys-file', '/k/keys.enc', '--passphrase-env', 'PASS']);
  });
});

describe('access keys', () => {
  test('round trip through the stored form; the serve JSON has no token and no Expiration', () => {
    const keys = { accessKeyId: 'AKIAEXAMPLE000000001', secretAccessKey: 'abc/def+ghi0000000000' };
    expect(decodeKeys(encodeKeys(keys), 'x')).toEqual(keys);
    expect(JSON.parse(credentialProcessJson(keys))).toEqual({
      Version: 1,
      AccessKeyId: keys.accessKeyId,
      SecretAccessKey: keys.secretAccessKey,
    });
  });

  test('a bad pair is refused without repeating the secret', () => {
    expect(() => checkAccessKeys({ accessKeyId: 'AKIAEXAMPLE000000001', secretAccessKey: 'has space inside it 000' }, 'x')).toThrow(
      expect.objectContaining({ message: expect.not.stringContaining('has space') }),
    );
    expect(() => decodeKeys('{"AccessKeyId":1}', 'the item')).toThrow(/the item holds something that is not an sts-refresh key pair/);
  });
});

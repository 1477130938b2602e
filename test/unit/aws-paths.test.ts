import { userInfo } from 'node:os';
import { awsPaths } from '../../src/config/aws-paths';
import { UsageError } from '../../src/core/errors';

describe('awsPaths: which config file, which credentials file', () => {
  const me = userInfo().username;
  test.each([
    ['the home defaults', { HOME: '/home/a' }, '/home/a/.aws/config', '/home/a/.aws/credentials'],
    ['the variables as given', { HOME: '/home/a', AWS_CONFIG_FILE: '/etc/c', AWS_SHARED_CREDENTIALS_FILE: '/etc/k' }, '/etc/c', '/etc/k'],
    [
      '~/ expanded, as the AWS CLI does',
      { HOME: '/home/a', AWS_CONFIG_FILE: '~/.aws/cfg' },
      '/home/a/.aws/cfg',
      '/home/a/.aws/credentials',
    ],
    ['~ alone is the home', { HOME: '/home/a', AWS_SHARED_CREDENTIALS_FILE: '~' }, '/home/a/.aws/config', '/home/a'],
    ["~me/ is this user's home", { HOME: '/home/a', AWS_CONFIG_FILE: `~${me}/cfg` }, '/home/a/cfg', '/home/a/.aws/credentials'],
    ['an empty variable is unset', { HOME: '/home/a', AWS_CONFIG_FILE: '' }, '/home/a/.aws/config', '/home/a/.aws/credentials'],
    ['a ~ inside the path is a name', { HOME: '/home/a', AWS_CONFIG_FILE: '/x/~/c' }, '/x/~/c', '/home/a/.aws/credentials'],
  ])('%s', (_what, env, configFile, credentialsFile) => {
    expect(awsPaths(env, 'linux')).toMatchObject({ configFile, credentialsFile });
  });

  test("another user's ~name is refused, not made into a directory named ~name", () => {
    expect(() => awsPaths({ HOME: '/home/a', AWS_CONFIG_FILE: '~nobody-such-user/cfg' }, 'linux')).toThrow(UsageError);
    expect(() => awsPaths({ HOME: '/home/a', AWS_CONFIG_FILE: '~nobody-such-user/cfg' }, 'linux')).toThrow(
      /AWS_CONFIG_FILE starts with ~nobody-such-user, another user's home/,
    );
  });

  test('on Windows ~ is USERPROFILE (as Python expands it), even when Git Bash sets HOME, and \\ separates', () => {
    const env = { HOME: '/c/Users/a', USERPROFILE: 'C:\\Users\\a', AWS_CONFIG_FILE: '~\\.aws\\cfg' };
    expect(awsPaths(env, 'win32').configFile.replace(/\\/g, '/')).toBe('C:/Users/a/.aws/cfg');
    expect(awsPaths({ HOMEDRIVE: 'D:', HOMEPATH: '\\Users\\b' }, 'win32').credentialsFile.replace(/\\/g, '/')).toBe(
      'D:/Users/b/.aws/credentials',
    );
  });
});

import { userInfo } from 'node:os';
import { loginName } from '../../src/request/request-defaults';

describe('loginName, in the order of Python getpass.getuser()', () => {
  test.each<[NodeJS.ProcessEnv, string]>([
    [{ LOGNAME: 'a', USER: 'b', LNAME: 'c', USERNAME: 'd' }, 'a'],
    [{ LOGNAME: '', USER: 'b', LNAME: 'c', USERNAME: 'd' }, 'b'],
    [{ LNAME: 'c', USERNAME: 'd' }, 'c'],
    [{ USERNAME: 'd' }, 'd'],
  ])('%j -> %s', (env, expected) => {
    expect(loginName(env)).toBe(expected);
  });

  test('none set: the password database', () => {
    expect(loginName({})).toBe(userInfo().username);
  });
});

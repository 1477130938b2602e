import { homedir } from 'node:os';
import { homeDir } from '../../src/files/home-dir';

describe('homeDir, as os.homedir() finds it', () => {
  test.each<[NodeJS.Platform, NodeJS.ProcessEnv, string]>([
    ['linux', { HOME: '/home/a', USERPROFILE: 'C:\\Users\\b' }, '/home/a'],
    ['darwin', { HOME: '/Users/a' }, '/Users/a'],
    ['win32', { HOME: '/home/a', USERPROFILE: 'C:\\Users\\b' }, 'C:\\Users\\b'],
  ])('%s with %j: %s', (platform, env, expected) => {
    expect(homeDir(env, platform)).toBe(expected);
  });

  test('without the variable (or with it empty): node:os', () => {
    expect(homeDir({}, 'linux')).toBe(homedir());
    expect(homeDir({ HOME: '' }, 'linux')).toBe(homedir());
  });
});

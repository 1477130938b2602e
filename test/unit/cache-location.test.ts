import { homedir } from 'node:os';
import { join } from 'node:path';
import envPaths from 'env-paths';
import fc from 'fast-check';
import { platformCacheDir } from '../../src/cache/cache-location';

describe('platformCacheDir', () => {
  // env-paths reads process.env and this platform; the hit path's copy must name the same directory.
  test('agrees with env-paths on this platform, whatever XDG_CACHE_HOME and LOCALAPPDATA say', () => {
    const saved = { XDG_CACHE_HOME: process.env.XDG_CACHE_HOME, LOCALAPPDATA: process.env.LOCALAPPDATA };
    const value = fc.option(
      fc.oneof(
        fc.constant(''),
        fc.string(),
        fc.string().map((s) => `/${s}`),
      ),
      { nil: undefined },
    );
    try {
      fc.assert(
        fc.property(value, value, (xdg, local) => {
          for (const [name, v] of [
            ['XDG_CACHE_HOME', xdg],
            ['LOCALAPPDATA', local],
          ] as const) {
            if (v === undefined) delete process.env[name];
            else process.env[name] = v;
          }
          const theirs = envPaths('sts-refresh', { suffix: '' }).cache;
          const ours = platformCacheDir({ ...process.env });
          // Where env-paths takes a relative XDG_CACHE_HOME as it is, we ignore it, as the XDG spec says.
          expect(ours).toBe(theirs.startsWith('/') || process.platform === 'win32' ? theirs : join(homedir(), '.cache', 'sts-refresh'));
        }),
      );
    } finally {
      for (const [name, v] of Object.entries(saved)) {
        if (v === undefined) delete process.env[name];
        else process.env[name] = v;
      }
    }
  });

  test.each<[NodeJS.Platform, NodeJS.ProcessEnv, string]>([
    ['linux', {}, '/home/a/.cache/sts-refresh'],
    ['linux', { XDG_CACHE_HOME: '/xdg' }, '/xdg/sts-refresh'],
    ['linux', { XDG_CACHE_HOME: 'relative' }, '/home/a/.cache/sts-refresh'],
    ['darwin', { XDG_CACHE_HOME: '/xdg' }, '/home/a/Library/Caches/sts-refresh'],
    ['win32', {}, '/home/a/AppData/Local/sts-refresh/Cache'],
    ['win32', { LOCALAPPDATA: '/local' }, '/local/sts-refresh/Cache'],
  ])('%s with %j: %s (env-paths names the same on each platform)', (platform, env, expected) => {
    expect(platformCacheDir(env, platform, '/home/a')).toBe(expected);
  });
});

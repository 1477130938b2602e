import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { useLoopbackSts, expectCredentials, expectOneLineError, ROLE } from '../support/cli-env';

const sts = useLoopbackSts();
const cli = sts.cli;

describe('a relative cache directory is refused (exit 2), on the hit path too', () => {
  // runCli starts the CLI in HOME, so the relative 'cache' names the very directory of the fixture.
  test('--cache-dir cache: nothing written, no STS call', async () => {
    expectOneLineError(
      await cli.run(['--role', ROLE, '--cache-dir', 'cache']),
      2,
      /--cache-dir must be an absolute path \(got 'cache'\), or credentials would be written wherever the AWS CLI runs/,
    );
    expect(existsSync(cli.home.cacheDir)).toBe(false);
    expect(sts.server.count()).toBe(0);
  });

  test('a fresh entry at the relative path is not served', async () => {
    expectCredentials(await cli.run(['--role', ROLE]));
    expectOneLineError(await cli.run(['--role', ROLE, '--cache-dir', 'cache']), 2, /--cache-dir must be an absolute path/);
    expectOneLineError(
      await cli.run(['--role', ROLE], { STS_REFRESH_CACHE_DIR: 'cache' }),
      2,
      /STS_REFRESH_CACHE_DIR must be an absolute path \(got 'cache'\)/,
    );
    expect(sts.server.count('AssumeRole')).toBe(1);
  });

  test('~ is named as not expanded', async () => {
    expectOneLineError(await cli.run(['--role', ROLE, '--cache-dir', '~/.cache/x']), 2, /absolute path.*~ is not expanded/);
  });

  test.each([[['cache', 'list']], [['cache', 'clear', '--all']], [['doctor']], [['print', '--role', ROLE]]])(
    '%j refuses it as well',
    async (args) => {
      expectOneLineError(await cli.run([...args, '--cache-dir', 'cache']), 2, /--cache-dir must be an absolute path/);
    },
  );

  test('a relative XDG_CACHE_HOME is ignored, as the XDG spec says: ~/.cache/sts-refresh is used', async () => {
    expectCredentials(await cli.run(['--role', ROLE], { STS_REFRESH_CACHE_DIR: undefined, XDG_CACHE_HOME: 'xdg' }));
    expect(existsSync(join(cli.home.home, 'xdg'))).toBe(false);
    expect(readdirSync(join(cli.home.home, '.cache', 'sts-refresh')).filter((f) => f.endsWith('.json'))).toHaveLength(1);
  });
});

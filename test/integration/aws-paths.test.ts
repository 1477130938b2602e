// AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE with a leading ~, as the AWS CLI expands it: every
// command reads and writes the same files in the home, never a directory named ~ where it runs.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expectCredentials, expectOneLineError, ROLE, useLoopbackSts } from '../support/cli-env';
import { SOURCE_KEY_ID, SOURCE_SECRET } from '../support/temp-home';

const sts = useLoopbackSts();
const { cli } = sts;

describe('~ in AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE', () => {
  const tilde = { AWS_CONFIG_FILE: '~/.aws/cfg', AWS_SHARED_CREDENTIALS_FILE: '~/.aws/keys' };
  let workDir: string;
  beforeEach(() => {
    workDir = join(cli.home.home, 'work');
    mkdirSync(workDir);
    writeFileSync(join(cli.home.home, '.aws', 'cfg'), '[default]\nregion = eu-west-1\n');
    writeFileSync(
      join(cli.home.home, '.aws', 'keys'),
      `[default]\naws_access_key_id = ${SOURCE_KEY_ID}\naws_secret_access_key = ${SOURCE_SECRET}\n`,
    );
  });
  const run = (args: string[]) => cli.run(args, tilde, { cwd: workDir });

  test('setup writes the file in the home, and print --profile and the source profile read it there', async () => {
    const setup = await run(['setup', '--profile', 'prod', '--role', ROLE]);
    expect(setup.exitCode).toBe(0);
    expect(setup.stdout).toContain(`[profile prod] in ${join(cli.home.home, '.aws', 'cfg')}: credential_process = `);
    expect(existsSync(join(workDir, '~'))).toBe(false);
    expect(readFileSync(join(cli.home.home, '.aws', 'cfg'), 'utf8')).toMatch(
      /^\[default\]\nregion = eu-west-1\n\n\[profile prod\]\ncredential_process = /,
    );

    const print = await run(['print', '--profile', 'prod']);
    expect(print.exitCode).toBe(0);
    // The source profile's keys came from ~/.aws/keys and its region from ~/.aws/cfg.
    expect(sts.server.calls.map((c) => [c.accessKeyId, c.region])).toEqual([[SOURCE_KEY_ID, 'eu-west-1']]);
    expectCredentials(await run(['--role', ROLE, '--no-cache']));
  });

  test("another user's ~name is refused in one line, and nothing is written", async () => {
    const result = await cli.run(
      ['setup', '--profile', 'prod', '--role', ROLE],
      { AWS_CONFIG_FILE: '~nobody-such-user/cfg' },
      { cwd: workDir },
    );
    expectOneLineError(
      result,
      2,
      /AWS_CONFIG_FILE starts with ~nobody-such-user, another user's home.*; write the full path in AWS_CONFIG_FILE$/,
    );
    expect(existsSync(join(workDir, '~nobody-such-user'))).toBe(false);
  });
});

import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { useLoopbackSts, expectOneLineError, ROLE } from '../support/cli-env';
import { CLI_PATH } from '../support/run-cli';

const sts = useLoopbackSts();
const cli = sts.cli;
const run = promisify(execFile);
const OTHER_ROLE = 'arn:aws:iam::123456789012:role/Other';

/** A config whose [profile prod] runs sts-refresh as setup writes it: node and the built file. */
function writeProdProfile(extra = ''): void {
  cli.home.writeConfig(
    `[default]\nregion = us-east-1\n\n[profile prod]\ncredential_process = "${process.execPath}" "${CLI_PATH}" --role ${ROLE} --session-name from-profile${extra}\n\n[profile keys]\ncredential_process = aws-vault export --format=json keys\n\n[profile curl]\ncredential_process = /usr/bin/curl ${CLI_PATH} --role ${ROLE}\n\n[profile bare]\nregion = eu-west-1\n`,
  );
}

describe('--profile NAME takes the request from the profile', () => {
  beforeEach(() => writeProdProfile());

  test('print, env and exec assume the role the profile names', async () => {
    const json = JSON.parse((await cli.run(['print', '--profile', 'prod', '--json'])).stdout);
    expect(json.AccessKeyId).toBe(sts.server.issued[0]?.AccessKeyId);
    const call = sts.server.calls.find((c) => c.action === 'AssumeRole');
    expect([call?.params.RoleArn, call?.params.RoleSessionName]).toEqual([ROLE, 'from-profile']);
    // The same request: the cache answers env and exec.
    const env = JSON.parse((await cli.run(['env', '--profile', 'prod', '--format', 'json'])).stdout);
    expect(env.AWS_ACCESS_KEY_ID).toBe(json.AccessKeyId);
    const exec = await cli.run([
      'exec',
      '--profile',
      'prod',
      '--no-server',
      '--',
      process.execPath,
      '-e',
      'console.log(process.env.AWS_ACCESS_KEY_ID)',
    ]);
    expect(exec.stdout.trim()).toBe(json.AccessKeyId);
    expect(sts.server.count('AssumeRole')).toBe(1);
  });

  test("options on the command line override the profile's line", async () => {
    await cli.run(['print', '--profile', 'prod', '--role', OTHER_ROLE, '--json']);
    expect(sts.server.calls.find((c) => c.action === 'AssumeRole')?.params).toMatchObject({
      RoleArn: OTHER_ROLE,
      RoleSessionName: 'from-profile',
    });
  });

  test.each([
    ['nosuch', /profile 'nosuch' is not in the AWS config file/],
    ['bare', /profile 'bare' has no credential_process line; write it with: sts-refresh setup --profile bare/],
    ['keys', /profile 'keys' runs 'aws-vault' in credential_process, not sts-refresh/],
    // The AWS CLI runs curl there, however much its arguments look like sts-refresh's.
    ['curl', /profile 'curl' runs '\/usr\/bin\/curl' in credential_process, not sts-refresh/],
  ])('profile %s is a usage error naming it, for every command', async (profile, message) => {
    for (const command of [['print'], ['env'], ['exec', '--profile', profile, '--', 'true']]) {
      const args = command.length > 1 ? command : [...command, '--profile', profile];
      expectOneLineError(await cli.run(args), 2, message);
    }
    expect(sts.server.count()).toBe(0);
  });

  test('a line with an option sts-refresh does not know is a usage error naming the profile', async () => {
    writeProdProfile(' --bogus');
    expectOneLineError(
      await cli.run(['print', '--profile', 'prod']),
      2,
      /profile 'prod': its credential_process line is not one sts-refresh reads/,
    );
  });
});

describe('env --profile NAME --profile-only', () => {
  beforeEach(() => writeProdProfile());

  test('sh gets AWS_PROFILE and loses the key variables, with no STS call', async () => {
    const script = `eval "$("${process.execPath}" "${CLI_PATH}" env --profile prod --profile-only)" && printf '%s|%s|%s\\n' "$AWS_PROFILE" "\${AWS_ACCESS_KEY_ID-unset}" "\${AWS_SESSION_TOKEN-unset}"`;
    const out = (
      await run('sh', ['-c', script], {
        env: cli.env({ PATH: cli.home.toolPath(['sh']), AWS_ACCESS_KEY_ID: 'AKIAOLD', AWS_SESSION_TOKEN: 'old' }),
      })
    ).stdout;
    expect(out).toBe('prod|unset|unset\n');
    expect(sts.server.count()).toBe(0);
  });

  test('needs --profile, and checks the profile all the same', async () => {
    expectOneLineError(await cli.run(['env', '--profile-only']), 2, /--profile-only needs --profile NAME/);
    expectOneLineError(await cli.run(['env', '--profile', 'keys', '--profile-only']), 2, /not sts-refresh/);
  });
});

describe('--help', () => {
  test('lists --profile wherever it stands in for --role, and nowhere else as such', async () => {
    const main = (await cli.run(['--help'])).stdout;
    expect(main).toMatch(/sts-refresh print\|env\|exec\|console \(--role ARN \| --profile NAME\)/);
    expect(main).toMatch(/print, env, exec and console also take, in place of --role:\n {2}--profile NAME {11}instead of --role/);
    for (const command of ['print', 'env', 'exec', 'console']) {
      const usage = (await cli.run([command, '--help'])).stdout;
      expect(usage).toMatch(/--role ARN {15}the IAM role to assume \(required unless --profile is given\)\n {2}--profile NAME/);
    }
    for (const command of ['credential-process', 'setup']) {
      expect((await cli.run([command, '--help'])).stdout).toMatch(/--role ARN {15}the IAM role to assume \(required\)/);
    }
    expect(sts.server.count()).toBe(0);
  });

  test('describes exec as a renewing endpoint, not keys in the environment', async () => {
    expect((await cli.run(['--help'])).stdout).toMatch(/^ {2}exec {16}run a command with credentials that renew themselves/m);
    const exec = (await cli.run(['exec', '--help'])).stdout;
    expect(exec).toMatch(/loopback credential endpoint/);
    expect(exec).toMatch(/AWS_CONTAINER_CREDENTIALS_FULL_URI/);
  });
});

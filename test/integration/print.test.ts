import { useLoopbackSts, expectCredentials, ROLE } from '../support/cli-env';

const sts = useLoopbackSts();
const cli = sts.cli;

describe('print', () => {
  test('shows the summary and hides the secret and the token', async () => {
    const result = await cli.run(['print', '--role', ROLE]);
    expect(result.exitCode).toBe(0);
    expect(result.stderr).toBe('');
    const issued = sts.server.issued[0];
    expect(result.stdout).toContain(`role:`);
    expect(result.stdout).toMatch(/source profile:\s+default/);
    expect(result.stdout).toMatch(new RegExp(`session name:\\s+sts-refresh-tester`));
    expect(result.stdout).toMatch(new RegExp(`cache file:\\s+${cli.home.cacheDir}/[0-9a-f]{32}\\.json`));
    expect(result.stdout).toMatch(/cache status:\s+fetched/);
    expect(result.stdout).toMatch(/expires:\s+\d{4}-\d\d-\d\dT[\d:.]+Z UTC, .* local, (59|60) min left/);
    expect(result.stdout).toMatch(/clock offset:\s+[+-]\d+\.\d s/);
    expect(result.stdout).toContain(`access key id:  ${issued?.AccessKeyId}`);
    expect(result.stdout).not.toContain(issued?.SecretAccessKey);
    expect(result.stdout).not.toContain(issued?.SessionToken);
  });

  test('reports hit and refreshed', async () => {
    await cli.run(['print', '--role', ROLE]);
    expect((await cli.run(['print', '--role', ROLE])).stdout).toMatch(/cache status:\s+hit/);
    cli.setMinutesLeft(10);
    expect((await cli.run(['print', '--role', ROLE])).stdout).toMatch(/cache status:\s+refreshed/);
  });

  test('the region comes from the source profile when nothing else names one', async () => {
    cli.home.writeConfig('[default]\nregion = eu-central-1\n');
    expect((await cli.run(['print', '--role', ROLE])).stdout).toMatch(/region:\s+eu-central-1/);
    expect((await cli.run(['print', '--role', ROLE], { AWS_REGION: 'ap-south-1' })).stdout).toMatch(/region:\s+ap-south-1/);
    expect((await cli.run(['print', '--role', ROLE, '--region', 'us-west-2'])).stdout).toMatch(/region:\s+us-west-2/);
  });

  test('--json prints exactly what credential-process prints', async () => {
    const json = await cli.run(['print', '--role', ROLE, '--json']);
    const plain = await cli.run(['--role', ROLE]);
    expectCredentials(json);
    expect(json.stdout).toBe(plain.stdout);
  });

  test('--help and --version', async () => {
    const help = await cli.run(['--help']);
    expect(help.exitCode).toBe(0);
    expect(help.stdout).toMatch(/Usage:/);
    expect(help.stdout).toMatch(/--source-profile/);
    const printHelp = await cli.run(['print', '--help']);
    expect(printHelp.stdout).toMatch(/sts-refresh print --role arn:aws:iam::123456789012:role\/Prod/);
    const processHelp = await cli.run(['credential-process', '--help']);
    expect(processHelp.stdout).toMatch(
      /credential_process = sts-refresh --role arn:aws:iam::123456789012:role\/Prod --source-profile user1/,
    );
    const version = await cli.run(['--version']);
    expect(version.stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
    expect(sts.server.count()).toBe(0);
  });
});

// A profile may set the same key in ~/.aws/config and ~/.aws/credentials. The SDK lets the
// credentials file win (parseKnownFiles, and its region loader), so sts-refresh must too: otherwise
// print and the request name one region while every SDK and aws call for that profile uses another.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { useLoopbackSts, ROLE } from '../support/cli-env';
import { SOURCE_KEY_ID, SOURCE_SECRET } from '../support/temp-home';

const sts = useLoopbackSts();
const cli = sts.cli;
const run = promisify(execFile);
const KEYS = `aws_access_key_id = ${SOURCE_KEY_ID}\naws_secret_access_key = ${SOURCE_SECRET}\n`;

/** The region a real STS client of the SDK resolves for `profile`, in a process with the CLI's environment. */
async function sdkRegion(profile: string): Promise<string> {
  const sdk = JSON.stringify(require.resolve('@aws-sdk/client-sts'));
  const script = `new (require(${sdk}).STSClient)({ profile: ${JSON.stringify(profile)} }).config.region().then((r) => process.stdout.write(r))`;
  return (await run(process.execPath, ['-e', script], { env: cli.env() })).stdout;
}

describe('a key set in both the config and the credentials file', () => {
  test("region: print and the request use the credentials file's, the one the SDK resolves", async () => {
    cli.home.writeConfig('[profile src]\nregion = eu-west-1\n');
    cli.home.writeCredentials(`[src]\n${KEYS}region = ap-south-1\n`);
    const sdk = await sdkRegion('src');
    expect(sdk).toBe('ap-south-1');
    const printed = await cli.run(['print', '--role', ROLE, '--source-profile', 'src']);
    expect(printed.stderr).toBe('');
    expect(printed.stdout).toMatch(new RegExp(`^region:\\s+${sdk} `, 'm'));
    expect(sts.server.calls.map((c) => [c.action, c.region])).toEqual([['AssumeRole', sdk]]);
  });

  test("mfa_serial: the MFA session is made for the credentials file's device", async () => {
    cli.home.writeConfig('[profile src]\nmfa_serial = arn:aws:iam::123456789012:mfa/from-config\n');
    cli.home.writeCredentials(`[src]\n${KEYS}mfa_serial = arn:aws:iam::123456789012:mfa/from-credentials\n`);
    sts.server.expectedTokenCode = '123456';
    const result = await cli.run(['--role', ROLE, '--source-profile', 'src', '--mfa-command', 'echo 123456']);
    expect(result.stderr).toBe('');
    expect(result.exitCode).toBe(0);
    const session = sts.server.calls.find((c) => c.action === 'GetSessionToken');
    expect(session?.params.SerialNumber).toBe('arn:aws:iam::123456789012:mfa/from-credentials');
  });
});

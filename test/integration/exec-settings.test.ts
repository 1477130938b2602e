import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { useLoopbackSts, expectOneLineError, ROLE } from '../support/cli-env';
import { CLI_PATH, type CliResult } from '../support/run-cli';
import { awsCli, boto3Python, JS_SDK_STS } from '../support/sdk-tools';
import { testIf } from '../support/needs';
import { which } from '../support/tool-path';

// What exec's command runs with besides credentials: the profile's settings (exec --profile), an
// exec inside an exec, and the variables a shell prompt reads. Real SDKs are the children: what
// counts is what boto3, the JS SDK and the AWS CLI make of the environment and the config copy.
const sts = useLoopbackSts();
const cli = sts.cli;
const INNER_ROLE = 'arn:aws:iam::123456789012:role/Inner';
const python = boto3Python();
const aws = awsCli();
const noBoto3 = python ? undefined : 'python3 with boto3 is not installed';
const noAws = aws ? undefined : 'the aws CLI is not installed';

const PROD = (extra = '') =>
  `[default]\nregion = us-east-1\noutput = json\n\n[profile prod]\nregion = eu-west-1\noutput = text\nretry_mode = adaptive\ns3 =\n  addressing_style = path\ncredential_process = "${process.execPath}" "${CLI_PATH}" --role ${ROLE}\n${extra}`;

const VARIABLES = ['AWS_PROFILE', 'AWS_REGION', 'AWS_DEFAULT_REGION', 'STS_REFRESH_PROFILE', 'STS_REFRESH_ROLE_ARN'];

/** What a child saw: its identity, its region and the config-only settings, and the variables. */
interface Seen {
  arn: string;
  region: string;
  retryMode?: string;
  s3?: Record<string, string>;
  env: Record<string, string | null>;
}

interface Consumer {
  name: string;
  missing: string | undefined;
  /** The command exec runs, and the tools its PATH needs. */
  command: () => { argv: string[]; tools: string[] };
}

function file(name: string, text: string): string {
  const path = join(cli.home.home, name);
  writeFileSync(path, text);
  return path;
}

const consumers: Consumer[] = [
  {
    name: 'boto3',
    missing: noBoto3,
    command: () => ({
      argv: [
        python as string,
        file(
          'seen.py',
          `import json, os, boto3
session = boto3.session.Session()
arn = session.client('sts').get_caller_identity()['Arn']
core = session._session
print(json.dumps({'arn': arn, 'region': session.region_name, 'retryMode': core.get_config_variable('retry_mode'),
  's3': core.get_scoped_config().get('s3'), 'env': {k: os.environ.get(k) for k in ${JSON.stringify(VARIABLES)}}}))
`,
        ),
      ],
      tools: [],
    }),
  },
  {
    name: 'the JS SDK',
    missing: undefined,
    command: () => ({
      argv: [
        process.execPath,
        file(
          'seen.js',
          `const { STSClient, GetCallerIdentityCommand } = require(${JSON.stringify(JS_SDK_STS)});
(async () => {
  const client = new STSClient({});
  const { Arn } = await client.send(new GetCallerIdentityCommand({}));
  const env = Object.fromEntries(${JSON.stringify(VARIABLES)}.map((k) => [k, process.env[k] ?? null]));
  console.log(JSON.stringify({ arn: Arn, region: await client.config.region(), retryMode: await client.config.retryMode(), env }));
})().catch((e) => { console.error(e.message); process.exitCode = 1; });
`,
        ),
      ],
      tools: [],
    }),
  },
  {
    // The AWS CLI prints its identity in the profile's output format; its region is where it signed.
    name: 'the AWS CLI',
    missing: noAws,
    command: () => ({ argv: ['sh', file('seen.sh', 'aws sts get-caller-identity --query Arn\n')], tools: ['aws', 'sh'] }),
  },
];

async function execSeen(
  consumer: Consumer,
  execArgs: string[],
  env: NodeJS.ProcessEnv = {},
): Promise<{ result: CliResult; regions: string[] }> {
  const { argv, tools } = consumer.command();
  const result = await cli.run(['exec', ...execArgs, '--', ...argv], { PATH: cli.home.toolPath(tools), ...env });
  if (result.exitCode !== 0) throw new Error(`exit ${result.exitCode}: ${result.stderr}`);
  const regions = sts.server.calls.filter((c) => c.action === 'GetCallerIdentity').map((c) => c.region ?? '');
  return { result, regions };
}

describe.each(consumers)('$name under exec --profile', (consumer) => {
  const it = testIf(consumer.missing);

  for (const [mode, flags] of [
    ['the endpoint', []],
    ['--no-server', ['--no-server']],
  ] as const) {
    it(`runs with the profile's settings, as aws --profile prod would (${mode})`, async () => {
      cli.home.writeConfig(PROD());
      const { result, regions } = await execSeen(consumer, ['--profile', 'prod', ...flags]);
      expect(regions).toEqual(['eu-west-1']);
      if (consumer.name === 'the AWS CLI') {
        // output = text: the bare ARN, where [default]'s json would quote it.
        expect(result.stdout.trim()).toMatch(/^arn:aws:sts::123456789012:assumed-role\/Prod\/sts-refresh-\S+$/);
        return;
      }
      const seen = JSON.parse(result.stdout) as Seen;
      expect(seen).toMatchObject({ region: 'eu-west-1', retryMode: 'adaptive' });
      if (consumer.name === 'boto3') expect(seen.s3).toEqual({ addressing_style: 'path' });
      expect(seen.env).toMatchObject({
        AWS_REGION: 'eu-west-1',
        AWS_DEFAULT_REGION: 'eu-west-1',
        STS_REFRESH_PROFILE: 'prod',
        STS_REFRESH_ROLE_ARN: ROLE,
      });
    }, 60_000);
  }

  it('a region the user exported still wins', async () => {
    cli.home.writeConfig(PROD());
    const { result, regions } = await execSeen(consumer, ['--profile', 'prod'], { AWS_REGION: 'ap-south-1' });
    expect(regions).toEqual(['ap-south-1']);
    if (consumer.name !== 'the AWS CLI') {
      expect((JSON.parse(result.stdout) as Seen).env).toMatchObject({ AWS_REGION: 'ap-south-1', AWS_DEFAULT_REGION: 'ap-south-1' });
    }
  }, 60_000);

  it("exec --role without a profile keeps [default]'s settings and sets no region variable", async () => {
    cli.home.writeConfig(PROD());
    const { result, regions } = await execSeen(consumer, ['--role', ROLE]);
    expect(regions).toEqual(['us-east-1']);
    if (consumer.name === 'the AWS CLI') {
      expect(result.stdout.trim()).toMatch(/^"arn:aws:sts::123456789012:assumed-role\/Prod\/sts-refresh-\S+"$/);
      return;
    }
    const seen = JSON.parse(result.stdout) as Seen;
    expect(seen.env).toMatchObject({ AWS_REGION: null, AWS_DEFAULT_REGION: null, STS_REFRESH_PROFILE: null, STS_REFRESH_ROLE_ARN: ROLE });
  }, 60_000);

  for (const [what, outer, inner] of [
    ['the same role', ['--role', ROLE], ['--role', ROLE]],
    ['another role', ['--role', ROLE], ['--role', INNER_ROLE]],
    ['a profile in both', ['--profile', 'prod'], ['--profile', 'prod']],
  ] as const) {
    it(`an exec inside an exec works, with [default] static keys (${what})`, async () => {
      cli.home.writeConfig(PROD());
      const { argv, tools } = consumer.command();
      const result = await cli.run(['exec', ...outer, '--', process.execPath, CLI_PATH, 'exec', ...inner, '--', ...argv], {
        PATH: cli.home.toolPath(tools),
      });
      if (result.exitCode !== 0) throw new Error(`exit ${result.exitCode}: ${result.stderr}`);
      // The inner command is served by the inner exec, as the inner role.
      const role = inner[0] === '--role' ? (inner[1] ?? '') : ROLE;
      expect(result.stdout).toContain(`assumed-role/${role.split('/').pop() ?? ''}/`);
      if (consumer.name !== 'the AWS CLI') {
        // Its own profile in its own copy of the outer copy: a second [profile sts-refresh-exec] is what botocore refused.
        expect((JSON.parse(result.stdout) as Seen).env.AWS_PROFILE).toBe('sts-refresh-exec-2');
      }
      // Nothing from sts-refresh, and no SDK refusing its config (botocore's ConfigParseError).
      expect(result.stderr).not.toMatch(/sts-refresh|ConfigParse|Error/);
    }, 60_000);
  }
});

describe('STS_REFRESH_PROFILE and STS_REFRESH_ROLE_ARN', () => {
  const promptOf = (shell: string, script: string, args: string[]) =>
    cli.run(['exec', ...args, '--', shell, '-c', script], { PATH: cli.home.toolPath([]) });

  // The README's one-line prompts, as printed there, run by the shells they are for.
  const readme = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8').split('\n');
  const readmeLine = (start: string) => {
    const line = readme.find((l) => l.trimStart().startsWith(start))?.trim();
    if (line === undefined) throw new Error(`the README has no line starting ${start}`);
    return line;
  };

  test.each([
    ['--profile prod', ['--profile', 'prod'], '(prod) > '],
    ['--role', ['--role', ROLE], '(Prod) > '],
  ])("the README's bash prompt shows what the shell runs as (%s)", async (_what, args, prompt) => {
    cli.home.writeConfig(PROD());
    const script = `PS1='> '\n${readmeLine("PS1='${STS_REFRESH_ROLE_ARN")}\nprintf '%s' "\${PS1@P}"`;
    expect(await promptOf(which('bash') as string, script, args)).toMatchObject({ exitCode: 0, stdout: prompt });
  });

  const fish = which('fish');
  testIf(fish ? undefined : 'fish is not installed')("the README's fish prompt shows what the shell runs as", async () => {
    cli.home.writeConfig(PROD());
    const script = `${readmeLine('function fish_right_prompt')}; fish_right_prompt`;
    expect(await promptOf(fish as string, script, ['--profile', 'prod'])).toMatchObject({ exitCode: 0, stdout: 'prod\n' });
    expect(await promptOf(fish as string, script, ['--role', ROLE])).toMatchObject({ exitCode: 0, stdout: 'Prod\n' });
  });

  test('are never read as a request: sts-refresh inside exec still needs --role or --profile', async () => {
    const result = await cli.run(['print'], { STS_REFRESH_ROLE_ARN: ROLE, STS_REFRESH_PROFILE: 'prod' });
    expectOneLineError(result, 2, /--role/);
  });
});

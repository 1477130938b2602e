import { execFileSync } from 'node:child_process';
import { chmodSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { useLoopbackSts, expectCredentials, expectOneLineError, ROLE } from '../support/cli-env';
import { CLI_PATH, runCli } from '../support/run-cli';
import { splitCommandLine } from '../../src/core/shell/shell-words';

const sts = useLoopbackSts();
const cli = sts.cli;

const LINE = `credential_process = ${CLI_PATH} --role ${ROLE}`;
const setup = (...args: string[]) => cli.run(['setup', '--profile', 'prod', '--role', ROLE, ...args]);
const config = () => readFileSync(cli.home.configFile, 'utf8');
const backups = () => readdirSync(join(cli.home.home, '.aws')).filter((n) => n.includes('.sts-refresh-backup-'));

describe('setup', () => {
  test.each([
    [
      'comments, odd spacing and several profiles',
      '# managed by hand\n[default]\nregion = us-east-1\n\n;; prod below\n[ profile   prod ]\nregion=eu-west-1   # inline\n  output =   json\n\n# dev\n[profile dev]\nregion = us-west-2\n',
      (old: string) => old.replace('  output =   json\n', `  output =   json\n${LINE}\n`),
    ],
    ['no trailing newline', '[default]\nregion = us-east-1', (old: string) => `${old}\n\n[profile prod]\n${LINE}\n`],
    [
      'the profile last, without a trailing newline',
      '[default]\nregion = us-east-1\n[profile prod]\nregion = eu-west-1',
      (old: string) => `${old}\n${LINE}`,
    ],
  ])('round trip: %s', async (_name, before, expected) => {
    cli.home.writeConfig(before);
    chmodSync(cli.home.configFile, 0o640);
    const result = await setup();
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toMatch(/^\[profile prod\] in .*config: credential_process = /);
    expect(config()).toBe(expected(before));
    expect(statSync(cli.home.configFile).mode & 0o777).toBe(0o640);
    const [backup] = backups();
    expect(readFileSync(join(cli.home.home, '.aws', backup ?? ''), 'utf8')).toBe(before);
    expect(result.stdout).toContain(`backup: ${join(cli.home.home, '.aws', backup ?? '')}`);
  });

  test('the line it writes works: credential_process run as botocore splits it returns credentials', async () => {
    await setup('--session-name', 'ops@team', '--duration', '30m');
    const line = /credential_process = (.*)/.exec(config())?.[1] ?? '';
    const [cmd, ...args] = splitCommandLine(line, 'linux') ?? [];
    expect(cmd).toBe(CLI_PATH);
    expect(args).toEqual(['--role', ROLE, '--session-name', 'ops@team', '--duration', '30m']);
    expectCredentials(await runCli(args, { env: cli.env() }));
  });

  test('creates the config file, private, when there is none', async () => {
    const result = await cli.run(['setup', '--profile', 'prod', '--role', ROLE], { AWS_CONFIG_FILE: join(cli.home.home, 'new', 'config') });
    expect(result.exitCode).toBe(0);
    const path = join(cli.home.home, 'new', 'config');
    expect(readFileSync(path, 'utf8')).toBe(`[profile prod]\n${LINE}\n`);
    expect(statSync(path).mode & 0o777).toBe(0o600);
  });

  test('refuses a profile with role_arn or static keys; --replace removes them and says what it removed', async () => {
    const before = `[profile prod]\nrole_arn = arn:aws:iam::123456789012:role/Old\nsource_profile = default\nregion = eu-west-1\n`;
    cli.home.writeConfig(before);
    cli.home.writeCredentials(
      '[default]\naws_access_key_id = AKIAKEEP\naws_secret_access_key = keep\n[prod]\naws_access_key_id = AKIAPROD00001234\naws_secret_access_key = prod-secret-value\n',
    );
    const refused = await setup();
    expectOneLineError(refused, 1, /profile 'prod' has role_arn in the config file and static keys in the credentials file.*--replace/);
    expect(config()).toBe(before);

    const dry = await setup('--replace', '--dry-run');
    expect(dry.exitCode).toBe(0);
    expect(dry.stdout).toContain('-role_arn = arn:aws:iam::123456789012:role/Old');
    expect(dry.stdout).toContain(`+${LINE}`);
    expect(dry.stdout).toContain('-aws_secret_access_key = (hidden)');
    expect(dry.stdout).not.toContain('prod-secret-value');
    expect(config()).toBe(before);
    expect(backups()).toEqual([]);

    const replaced = await setup('--replace');
    expect(replaced.exitCode).toBe(0);
    expect(replaced.stdout).toContain('removed: config: role_arn = arn:aws:iam::123456789012:role/Old');
    expect(replaced.stdout).toContain('removed: credentials: aws_access_key_id = ****1234');
    expect(replaced.stdout).not.toContain('prod-secret-value');
    expect(config()).toBe(`[profile prod]\nregion = eu-west-1\n${LINE}\n`);
    expect(readFileSync(cli.home.credentialsFile, 'utf8')).toBe(
      '[default]\naws_access_key_id = AKIAKEEP\naws_secret_access_key = keep\n[prod]\n',
    );
  });

  test('usage errors: no --profile, a bad ARN, and a profile that would be its own source', async () => {
    expectOneLineError(await cli.run(['setup', '--role', ROLE]), 2, /--profile is required/);
    expectOneLineError(await cli.run(['setup', '--profile', 'prod', '--role', 'nope']), 2, /--role must be an IAM role ARN/);
    expectOneLineError(await cli.run(['setup', '--profile', 'default', '--role', ROLE]), 2, /cannot be its own --source-profile/);
  });
});

describe('setup --dry-run', () => {
  test('prints a unified diff that patch applies: a 20,000-line config with CRLF, a Latin-1 byte and no final newline', async () => {
    const profiles = Array.from({ length: 5_000 }, (_, i) => `[profile p${i}]\r\nregion = eu-west-1\r\noutput = json\r\n`).join('\r\n');
    const before = Buffer.from(`# caf\xe9\r\n${profiles}\r\n[profile prod]\r\nregion = eu-west-1`, 'latin1');
    writeFileSync(cli.home.configFile, before);
    const dry = await runCli(['setup', '--profile', 'prod', '--role', ROLE, '--dry-run'], { env: cli.env(), detached: true });
    expect(dry.exitCode).toBe(0);
    expect(readFileSync(cli.home.configFile)).toEqual(before);
    const printed = dry.stdoutBytes ?? Buffer.alloc(0);
    const diff = join(cli.home.home, 'dry.diff');
    writeFileSync(diff, printed);
    expect(printed.toString('latin1')).toMatch(/^--- .*config\n\+\+\+ .*config\n@@ -20000,4 \+20000,5 @@\n/);

    const copy = join(cli.home.home, 'patched');
    writeFileSync(copy, before);
    execFileSync('patch', ['--quiet', copy, diff], { env: { PATH: cli.home.toolPath(['patch']) } });
    expect((await setup()).exitCode).toBe(0);
    expect(readFileSync(copy)).toEqual(readFileSync(cli.home.configFile));
  });
});

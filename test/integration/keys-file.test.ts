// `sts-refresh keys` with the encrypted-file backend, which works on every machine, and the checks
// every backend shares: what import changes in the files, what it refuses, usage errors.
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expectCredentials, expectOneLineError, ROLE, useLoopbackSts } from '../support/cli-env';
import { filesHolding } from '../support/keys';
import { SOURCE_KEY_ID, SOURCE_SECRET } from '../support/temp-home';

const PASS = { KEYS_PASS: 'correct horse battery staple' };
const FILE = ['--backend', 'file', '--passphrase-env', 'KEYS_PASS'];

describe('keys with the encrypted file', () => {
  const sts = useLoopbackSts();
  const { cli } = sts;
  // Only node, for the #!/usr/bin/env node of the credential_process line; one directory per test.
  let path: string | undefined;
  beforeEach(() => {
    path = undefined;
  });
  const env = (extra: NodeJS.ProcessEnv = {}) => ({ PATH: (path ??= cli.home.toolPath(['node'])), ...PASS, ...extra });
  const keys = (args: string[], extra: NodeJS.ProcessEnv = {}, input?: string) =>
    cli.run(['keys', ...args], env(extra), input === undefined ? {} : { input });
  const keysFile = () => join(cli.home.home, '.local', 'share', 'sts-refresh', 'keys.enc');

  test('import takes out exactly the two lines, writes the serve line, keeps no backup, and the file is 0600 ciphertext', async () => {
    const credentials = `# my keys\r\n[default]\r\naws_access_key_id = ${SOURCE_KEY_ID}\r\n  ; a comment\r\naws_secret_access_key = ${SOURCE_SECRET}\r\nregion = eu-west-1\r\n\r\n[other]\r\naws_access_key_id = AKIAOTHER00000000000\r\naws_secret_access_key = other-secret-stays-here-000000\r\n`;
    cli.home.writeCredentials(credentials);
    const result = await keys(['import', 'default', ...FILE]);
    expect(result.exitCode).toBe(0);
    expect(readFileSync(cli.home.credentialsFile, 'utf8')).toBe(
      '# my keys\r\n[default]\r\n  ; a comment\r\nregion = eu-west-1\r\n\r\n[other]\r\naws_access_key_id = AKIAOTHER00000000000\r\naws_secret_access_key = other-secret-stays-here-000000\r\n',
    );
    expect(readFileSync(cli.home.configFile, 'utf8')).toMatch(
      /^\[default\]\nregion = us-east-1\ncredential_process = \S+sts-refresh\.js keys serve default --backend file --passphrase-env KEYS_PASS\n$/,
    );
    expect(readdirSync(join(cli.home.home, '.aws')).sort()).toEqual(['config', 'credentials']);
    expect(statSync(keysFile()).mode & 0o777).toBe(0o600);
    expect(filesHolding(cli.home.home, SOURCE_SECRET)).toEqual([]);
    expect(result.stdout + result.stderr).not.toContain(SOURCE_SECRET);

    expect((await keys(['list', ...FILE])).stdout).toBe(`${'default'.padEnd(24)} ****0001  file\n`);
    // The profile now serves its keys to sts-refresh as a source profile.
    expectCredentials(await cli.run(['--role', ROLE], env()));
    expect(sts.server.calls.map((c) => c.accessKeyId)).toEqual([SOURCE_KEY_ID]);
  });

  test('a wrong passphrase, an unset variable or no terminal: one line, exit 1, and the plaintext stays', async () => {
    expect((await keys(['add', 'user1', '--stdin', ...FILE], {}, 'AKIAUSER100000000002\nuser1-secret-0000000000000000\n')).exitCode).toBe(
      0,
    );
    const before = readFileSync(cli.home.credentialsFile, 'utf8');
    expectOneLineError(
      await keys(['import', 'default', ...FILE], { KEYS_PASS: 'wrong' }),
      1,
      /the passphrase does not open .*keys\.enc \(or the file was changed\); nothing was changed; give the passphrase it was made with$/,
    );
    expectOneLineError(await keys(['import', 'default', ...FILE], { KEYS_PASS: undefined }), 1, /KEYS_PASS is not set/);
    expectOneLineError(
      await keys(['import', 'default', '--backend', 'file']),
      1,
      /no terminal to ask for the passphrase .*; name an environment variable that holds it with --passphrase-env NAME$/,
    );
    expect(readFileSync(cli.home.credentialsFile, 'utf8')).toBe(before);
  });

  test('import refuses temporary keys, half a pair, a missing profile, and a profile whose role_arn would win', async () => {
    cli.home.writeCredentials(
      '[tmp]\naws_access_key_id = ASIATEMP000000000000\naws_secret_access_key = s\naws_session_token = t\n[half]\naws_access_key_id = AKIAHALF000000000000\n',
    );
    expectOneLineError(await keys(['import', 'tmp', ...FILE]), 1, /holds temporary keys \(aws_session_token at .*credentials:4\)/);
    expectOneLineError(await keys(['import', 'half', ...FILE]), 1, /has only half a key pair/);
    expectOneLineError(
      await keys(['import', 'nobody', ...FILE]),
      1,
      /has no aws_access_key_id and aws_secret_access_key in .*; add its keys straight to the keyring with sts-refresh keys add nobody$/,
    );
    cli.home.writeCredentials(`[dev]\naws_access_key_id = ${SOURCE_KEY_ID}\naws_secret_access_key = ${SOURCE_SECRET}\n`);
    cli.home.writeConfig('[profile dev]\nrole_arn = arn:aws:iam::123456789012:role/Dev\nsource_profile = default\n');
    expectOneLineError(await keys(['import', 'dev', ...FILE]), 1, /has role_arn, which the AWS CLI uses instead of credential_process/);
    expect(readFileSync(cli.home.credentialsFile, 'utf8')).toContain(SOURCE_SECRET);
  });

  test('add refuses a profile with plaintext keys before asking for anything, and checks the pair it reads', async () => {
    expectOneLineError(
      await keys(['add', 'default', '--stdin', ...FILE], {}, 'x\ny\n'),
      1,
      /already has keys in plaintext.*; move them into the keyring with sts-refresh keys import default$/,
    );
    expectOneLineError(
      await keys(['add', 'user1', '--stdin', ...FILE], {}, 'not-a-key-id\nsecret-secret-secret-secret\n'),
      1,
      /the access key id is not an IAM key id/,
    );
    const secretLeak = await keys(['add', 'user1', '--stdin', ...FILE], {}, 'AKIAUSER100000000002\nshort\n');
    expectOneLineError(secretLeak, 1, /the secret access key is not one/);
    expect(secretLeak.stderr).not.toContain('short');
    expectOneLineError(await keys(['add', 'user1', '--stdin', ...FILE], {}, 'AKIAUSER100000000002\n'), 1, /stdin needs two lines/);
    expectOneLineError(await keys(['add', 'user1', ...FILE]), 1, /no terminal to ask for the keys on; pipe them in with --stdin/);
  });

  test('remove deletes only its own line; a profile with a credential_process of its own is refused', async () => {
    cli.home.writeConfig('[profile mine]\ncredential_process = /bin/echo {}\n');
    expectOneLineError(
      await keys(['add', 'mine', '--stdin', ...FILE], {}, 'AKIAUSER100000000002\nuser1-secret-0000000000000000\n'),
      1,
      /already has a credential_process of its own/,
    );
    expectOneLineError(await keys(['remove', 'mine', ...FILE]), 1, /no keys for 'mine' in file/);
    expect(readFileSync(cli.home.configFile, 'utf8')).toBe('[profile mine]\ncredential_process = /bin/echo {}\n');
  });

  test('a keys file that is not ours is refused, not overwritten', async () => {
    expect((await keys(['add', 'user1', '--stdin', ...FILE], {}, 'AKIAUSER100000000002\nuser1-secret-0000000000000000\n')).exitCode).toBe(
      0,
    );
    writeFileSync(keysFile(), 'hello');
    expectOneLineError(await keys(['list', ...FILE]), 1, /keys\.enc is not an sts-refresh keys file/);
    expect(readFileSync(keysFile(), 'utf8')).toBe('hello');
  });

  test.each([
    [['keys'], /keys needs one of add, import, list, remove, rotate/],
    [['keys', 'steal'], /unknown keys action 'steal'/],
    [['keys', 'add'], /keys add needs a profile name/],
    [['keys', 'add', 'a b'], /'a b' cannot name a profile for keys/],
    [['keys', 'import', 'x', '--stdin'], /--stdin belongs to keys add/],
    [['keys', 'list', '--backend', 'vault'], /unknown --backend 'vault'/],
    [['keys', 'list', '--passphrase-env', 'X'], /--keys-file and --passphrase-env belong to --backend file/],
    [
      ['keys', 'list', '--backend', 'file', '--passphrase-env', 'hunter2 is my passphrase'],
      /--passphrase-env takes the NAME of an environment variable/,
    ],
    [['keys', 'list', '--backend', 'file', '--keys-file', 'rel/keys.enc'], /--keys-file must be an absolute path/],
  ])('usage error: %j', async (args, message) => {
    expectOneLineError(await cli.run(args, env()), 2, message);
  });
});

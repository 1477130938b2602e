// What keys must never do: lose a key or a profile. A new keys file's passphrase is typed twice;
// the keys file and the AWS files are each changed under a lock, so commands run at once in two
// terminals all land; import moves exactly the key lines and keeps every other byte.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { expectOneLineError, ROLE, useLoopbackSts } from '../support/cli-env';
import { inTerminal } from '../support/in-terminal';
import { filesHolding, writeOlderKeysFile } from '../support/keys';
import { SOURCE_KEY_ID, SOURCE_SECRET } from '../support/temp-home';

const PASS = 'correct horse battery staple';
const FILE = ['--backend', 'file', '--passphrase-env', 'KEYS_PASS'];

const sts = useLoopbackSts();
const { cli } = sts;
const keysFile = () => join(cli.home.home, '.local', 'share', 'sts-refresh', 'keys.enc');
const keys = (args: string[], extra: NodeJS.ProcessEnv = {}, input?: string) =>
  cli.run(['keys', ...args], { KEYS_PASS: PASS, ...extra }, input === undefined ? {} : { input });
const pair = (n: number) => ({ id: `AKIAUSER${String(n).padStart(12, '0')}`, secret: `user${n}-secret-${'0'.repeat(20)}` });
const add = (profile: string, n: number, extra: NodeJS.ProcessEnv = {}) =>
  keys(['add', profile, '--stdin', ...FILE], extra, `${pair(n).id}\n${pair(n).secret}\n`);
const listed = async () => (await keys(['list', ...FILE])).stdout.trim().split('\n');

describe('the keys file', () => {
  test('8 keys add at once into one file: all 8 land, in the file and in the config', async () => {
    const results = await Promise.all(Array.from({ length: 8 }, (_, i) => add(`user${i}`, i)));
    for (const result of results) expect(result).toMatchObject({ exitCode: 0, stderr: '' });
    expect(await listed()).toEqual(Array.from({ length: 8 }, (_, i) => `${`user${i}`.padEnd(24)} ****${pair(i).id.slice(-4)}  file`));
    const config = readFileSync(cli.home.configFile, 'utf8');
    for (let i = 0; i < 8; i++)
      expect(config).toMatch(new RegExp(`\\[profile user${i}\\]\\ncredential_process = \\S+ keys serve user${i} `));
  });

  test('a file made with scrypt N = 2^14 still opens after a set, which reseals it at the current N', async () => {
    mkdirSync(dirname(keysFile()), { recursive: true });
    writeOlderKeysFile(keysFile(), PASS, 2 ** 14, { old: { AccessKeyId: pair(9).id, SecretAccessKey: pair(9).secret } });
    expect((await add('user1', 1)).exitCode).toBe(0);
    expect(JSON.parse(readFileSync(keysFile(), 'utf8')).kdf.N).toBe(2 ** 15);
    expect(await listed()).toEqual([`${'old'.padEnd(24)} ****0009  file`, `${'user1'.padEnd(24)} ****0001  file`]);
  });

  test('a wrong passphrase on an existing file: one line, the file unchanged, no serve line, no backup', async () => {
    expect((await add('user1', 1)).exitCode).toBe(0);
    const before = { keys: readFileSync(keysFile()), config: readFileSync(cli.home.configFile) };
    expectOneLineError(
      await add('user2', 2, { KEYS_PASS: 'wrong' }),
      1,
      /^sts-refresh: the passphrase does not open .*keys\.enc \(or the file was changed\); nothing was changed; give the passphrase it was made with$/,
    );
    expect(readFileSync(keysFile())).toEqual(before.keys);
    expect(readFileSync(cli.home.configFile)).toEqual(before.config);
  });
});

describe('a new keys file on a terminal', () => {
  const run = () => inTerminal(cli, ['keys', 'import', 'default', '--backend', 'file']);

  test('asks for the passphrase twice; two different ones store nothing and keep the plaintext', async () => {
    const typed = run();
    await typed.answer(/New passphrase for .*keys\.enc: /, PASS);
    await typed.answer(/The same passphrase again: /, `${PASS}x`);
    const result = await typed.done;
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toMatch(
      /^sts-refresh: the two passphrases typed for .*keys\.enc differ; nothing was stored; run the command again/,
    );
    expect(result.terminal).not.toContain(PASS);
    expect(existsSync(keysFile())).toBe(false);
    expect(readFileSync(cli.home.credentialsFile, 'utf8')).toContain(SOURCE_SECRET);
  });

  test('the same passphrase twice makes the file, and it opens with that passphrase afterwards', async () => {
    const typed = run();
    await typed.answer(/New passphrase for .*keys\.enc: /, PASS);
    await typed.answer(/The same passphrase again: /, PASS);
    expect((await typed.done).exitCode).toBe(0);
    expect(await listed()).toEqual([`${'default'.padEnd(24)} ****0001  file`]);
    expect(filesHolding(cli.home.home, SOURCE_SECRET)).toEqual([]);
  });
});

describe('keys and setup edit the AWS files under one lock', () => {
  test('6 keys add and 6 setup at once: all 12 profiles are in the config', async () => {
    const runs = Array.from({ length: 6 }, (_, i) => [
      add(`key${i}`, i),
      cli.run(['setup', '--profile', `role${i}`, '--role', ROLE, '--source-profile', `key${i}`]),
    ]).flat();
    for (const result of await Promise.all(runs)) expect(result).toMatchObject({ exitCode: 0, stderr: '' });
    const config = readFileSync(cli.home.configFile, 'utf8');
    for (let i = 0; i < 6; i++) {
      expect(config).toMatch(new RegExp(`\\[profile key${i}\\]\\ncredential_process = \\S+ keys serve key${i} `));
      expect(config).toMatch(new RegExp(`\\[profile role${i}\\]\\ncredential_process = \\S+ --role ${ROLE} --source-profile key${i}\\n`));
    }
  });
});

describe('keys import keeps every other byte', () => {
  test('comments, CRLF, a Latin-1 byte and other profiles: byte for byte but the two key lines', async () => {
    const latin1 = (text: string) => Buffer.from(text, 'latin1');
    const credentials = (keyLines: string) =>
      latin1(
        `# caf\xe9 keys\r\n[default]\r\n${keyLines}region = eu-west-1\r\n; r\xe9gion\r\n\r\n[other]\r\naws_access_key_id = AKIAOTHER00000000000\r\naws_secret_access_key = other-secret-stays-here-000000\r\n`,
      );
    const config = latin1('[default]\noutput = json # caf\xe9\n[profile other]\nregion = us-west-2');
    writeFileSync(
      cli.home.credentialsFile,
      credentials(`aws_access_key_id = ${SOURCE_KEY_ID}\r\naws_secret_access_key = ${SOURCE_SECRET}\r\n`),
    );
    writeFileSync(cli.home.configFile, config);
    const result = await keys(['import', 'default', ...FILE]);
    expect(result.exitCode).toBe(0);
    expect(readFileSync(cli.home.credentialsFile)).toEqual(credentials(''));
    const serve = /credential_process = \S+ keys serve default --backend file --passphrase-env KEYS_PASS\n/;
    const newConfig = readFileSync(cli.home.configFile);
    expect(newConfig.subarray(0, 31)).toEqual(config.subarray(0, 31));
    expect(newConfig.toString('latin1')).toMatch(
      new RegExp(`^\\[default\\]\\noutput = json # caf\\xe9\\n${serve.source}\\[profile other\\]\\nregion = us-west-2$`),
    );
    expect(result.stdout).toContain(`removed aws_access_key_id at ${cli.home.credentialsFile}:3`);
    expect(result.stdout).toContain(`removed aws_secret_access_key at ${cli.home.credentialsFile}:4`);
  });

  test('the same pair in both files and on a repeated line: every line goes, each named', async () => {
    const lines = `aws_access_key_id = ${SOURCE_KEY_ID}\naws_secret_access_key = ${SOURCE_SECRET}\n`;
    cli.home.writeCredentials(`[default]\n${lines}aws_secret_access_key = ${SOURCE_SECRET}\n`);
    cli.home.writeConfig(`[default]\nregion = us-east-1\n${lines}`);
    const result = await keys(['import', 'default', ...FILE]);
    expect(result.exitCode).toBe(0);
    expect(result.stdout.match(/^removed /gm)).toHaveLength(5);
    expect(filesHolding(cli.home.home, SOURCE_SECRET)).toEqual([]);
  });

  test('two different pairs (config and credentials): refused in one line, nothing changed', async () => {
    cli.home.writeConfig(`[default]\naws_access_key_id = ${pair(2).id}\naws_secret_access_key = ${pair(2).secret}\n`);
    const before = [readFileSync(cli.home.configFile), readFileSync(cli.home.credentialsFile)];
    expectOneLineError(
      await keys(['import', 'default', ...FILE]),
      1,
      /profile 'default' holds more than one key pair \(\*\*\*\*0001 at .*credentials:2 and \*\*\*\*0002 at .*config:2\), and a keyring item holds one; nothing was changed/,
    );
    expect([readFileSync(cli.home.configFile), readFileSync(cli.home.credentialsFile)]).toEqual(before);
    expect(existsSync(keysFile())).toBe(false);
  });
});

describe("import leaves no plaintext copy, setup's backups included", () => {
  const plaintextCheck = async () => {
    const { checks } = JSON.parse((await cli.run(['doctor', '--json'])).stdout) as {
      checks: Array<{ id: string; status: string; saw: string; fix?: string }>;
    };
    return checks.find((c) => c.id === 'plaintext-keys');
  };

  test('a backup setup kept of a config holding the keys: doctor names it; import scrubs it and says so', async () => {
    const keyLines = `aws_access_key_id = ${SOURCE_KEY_ID}\naws_secret_access_key = ${SOURCE_SECRET}\n`;
    cli.home.writeConfig(`[default]\nregion = us-east-1\n${keyLines}`);
    cli.home.writeCredentials(`[old]\n${keyLines}`);
    expect((await cli.run(['setup', '--profile', 'prod', '--role', ROLE])).exitCode).toBe(0);
    // A credentials backup holding the secret under another profile too: it is removed whole.
    expect((await cli.run(['setup', '--profile', 'old', '--role', ROLE, '--replace'])).exitCode).toBe(0);
    cli.home.writeCredentials(`[default]\n${keyLines}`);
    const held = filesHolding(cli.home.home, SOURCE_SECRET);
    expect(held.filter((f) => f.includes('.sts-refresh-backup-'))).toHaveLength(3);

    const plaintext = await plaintextCheck();
    expect(plaintext?.saw).toMatch(/\[default\] in .*config\.sts-refresh-backup-\d+T\d+Z/);
    expect(plaintext?.fix).toMatch(
      /delete the backups sts-refresh kept: rm .*config\.sts-refresh-backup-\S+ .*credentials\.sts-refresh-backup-\S+$/,
    );

    const result = await keys(['import', 'default', ...FILE]);
    expect(result.exitCode).toBe(0);
    expect(result.stdout.match(/^removed the keys of 'default' from the backup .*config\.sts-refresh-backup-\S+$/gm)).toHaveLength(2);
    expect(result.stdout).toMatch(/^removed the backup .*credentials\.sts-refresh-backup-\S+, which held the secret$/m);
    expect(filesHolding(cli.home.home, SOURCE_SECRET)).toEqual([]);
    expect((await plaintextCheck())?.status).toBe('ok');
  });
});

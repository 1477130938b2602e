import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { useLoopbackSts, expectCredentials, expectOneLineError, ROLE } from '../support/cli-env';
import { CLI_PATH } from '../support/run-cli';

const sts = useLoopbackSts();
const cli = sts.cli;
const FS_FAULTS = join(__dirname, '..', 'support', 'fs-faults.cjs');

const awsDir = () => join(cli.home.home, '.aws');
const config = () => readFileSync(cli.home.configFile, 'utf8');
const leftovers = (dir: string) => readdirSync(dir).filter((n) => n.endsWith('.tmp') || n.includes('.sts-refresh-backup-'));
const LINE = `credential_process = ${CLI_PATH} --role ${ROLE}`;

/** Runs the CLI with test/support/fs-faults.cjs preloaded, failing the filesystem under `dir`. */
const withFault = (fault: string, dir: string, args: string[]) =>
  cli.run(args, { NODE_OPTIONS: `--require ${FS_FAULTS}`, STS_REFRESH_FAULT: fault, STS_REFRESH_FAULT_DIR: dir });
const setupWithFault = (fault: string) => withFault(fault, awsDir(), ['setup', '--profile', 'prod', '--role', ROLE]);

// A config of some 20 kB, as in the report: more than one write(2) on a nearly full disk takes.
const BIG = Array.from({ length: 400 }, (_, i) => `[profile p${i}]\nregion = eu-west-1 # profile number ${i}\n`).join('\n');

describe('setup on a failing disk: everything or nothing, and one line naming the file and the error code', () => {
  test('a nearly full disk (write takes 4 kB, then ENOSPC): exit 1, the old file untouched, no temp file or backup left', async () => {
    cli.home.writeConfig(BIG);
    const result = await setupWithFault('nearly-full');
    expectOneLineError(result, 1, new RegExp(`could not write ${cli.home.configFile} \\(ENOSPC\\); it is unchanged; the disk is full`));
    expect(config()).toBe(BIG);
    expect(leftovers(awsDir())).toEqual([]);
  });

  test('short writes that do go through in the end: the whole file is written', async () => {
    cli.home.writeConfig(BIG);
    const result = await setupWithFault('short-writes');
    expect(result.exitCode).toBe(0);
    expect(config()).toBe(`${BIG}\n[profile prod]\n${LINE}\n`);
  });

  test('an immutable config file (rename fails with EPERM): names the file and the code, and what to do', async () => {
    const result = await setupWithFault('immutable');
    expectOneLineError(result, 1, new RegExp(`could not write ${cli.home.configFile} \\(EPERM\\); it is unchanged; .*chattr -i`));
    expect(config()).toBe('[default]\nregion = us-east-1\n');
    expect(leftovers(awsDir())).toEqual([]);
  });

  test('a read-only file system: EROFS, and where else to write', async () => {
    const result = await setupWithFault('erofs');
    expectOneLineError(result, 1, /could not write .*config \(EROFS\); it is unchanged; the file system is read-only/);
    expect(config()).toBe('[default]\nregion = us-east-1\n');
  });
});

describe('the cache store writes through the same writer', () => {
  const tempFiles = () => readdirSync(cli.home.cacheDir).filter((f) => f.endsWith('.tmp'));

  test('short writes: the entry is written whole, and the next call is a hit', async () => {
    expectCredentials(await withFault('short-writes', cli.home.cacheDir, ['--role', ROLE]));
    const [entry] = cli.cacheFiles();
    expect(() => JSON.parse(readFileSync(join(cli.home.cacheDir, entry ?? ''), 'utf8'))).not.toThrow();
    expectCredentials(await cli.run(['--role', ROLE]));
    expect(sts.server.count('AssumeRole')).toBe(1);
  });

  test('a nearly full disk: credentials uncached with an ENOSPC warning, no torn entry, no temp file', async () => {
    // An entry is ~1.5 kB, so leave it less room than that.
    const result = await cli.run(['--role', ROLE], {
      NODE_OPTIONS: `--require ${FS_FAULTS}`,
      STS_REFRESH_FAULT: 'nearly-full',
      STS_REFRESH_FAULT_ROOM: '100',
      STS_REFRESH_FAULT_DIR: cli.home.cacheDir,
    });
    expectCredentials(result);
    expect(result.stderr).toMatch(/^sts-refresh: warning: .*ENOSPC.*not cached/);
    expect(cli.cacheFiles()).toEqual([]);
    expect(tempFiles()).toEqual([]);
  });
});

describe('concurrent setups', () => {
  test('ten setups of ten profiles at once: every profile is there, and the first backup holds the original', async () => {
    const before = '# my config\n[default]\nregion = us-east-1\n';
    cli.home.writeConfig(before);
    const names = Array.from({ length: 10 }, (_, i) => `p${i}`);
    const results = await Promise.all(names.map((name) => cli.run(['setup', '--profile', name, '--role', ROLE])));
    for (const result of results) expect({ exitCode: result.exitCode, stderr: result.stderr }).toEqual({ exitCode: 0, stderr: '' });
    const after = config();
    expect(after.startsWith(before)).toBe(true);
    for (const name of names) expect(after).toContain(`[profile ${name}]\n${LINE}\n`);
    // One backup per setup, none overwritten: their contents are the ten states the file went through.
    const backups = readdirSync(awsDir()).filter((n) => n.includes('.sts-refresh-backup-'));
    expect(backups).toHaveLength(10);
    const contents = backups.map((b) => readFileSync(join(awsDir(), b), 'utf8'));
    expect(contents).toContain(before);
    expect(new Set(contents).size).toBe(10);
    expect(readdirSync(awsDir()).filter((n) => n.endsWith('.lock') || n.endsWith('.tmp'))).toEqual([]);
  });
});

import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startStsServer, type StsServer } from '../support/sts-server';
import { cliFixture, expectCredentials, ROLE } from '../support/cli-env';

let server: StsServer;
let other: StsServer;
const cli = cliFixture(() => server);

beforeAll(async () => {
  server = await startStsServer();
  other = await startStsServer();
});
afterAll(async () => {
  await server.close();
  await other.close();
});
beforeEach(() => {
  server.reset();
  other.reset();
  cli.setup();
});
afterEach(() => cli.cleanup());

// Each differs from the base request in exactly one field of the cache key. MFA serial is added
// to the key on its own branch, with its own case.
const VARIANTS: Array<[string, () => string[]]> = [
  ['role', () => ['--role', 'arn:aws:iam::123456789012:role/Dev']],
  ['source profile', () => ['--source-profile', 'user1']],
  ['session name', () => ['--session-name', 'other-session']],
  ['external id', () => ['--external-id', 'ext-42']],
  ['duration', () => ['--duration', '2h']],
  ['region', () => ['--region', 'eu-west-1']],
  ['endpoint', () => ['--endpoint-url', other.url]],
];

test('requests differing in any one key field never share an entry, and each keeps its own credentials', async () => {
  cli.home.writeCredentials(
    `[default]\naws_access_key_id = AKIADEFAULT000000000\naws_secret_access_key = x\n[user1]\naws_access_key_id = AKIAUSER1AAAAAAAAAAA\naws_secret_access_key = y\n`,
  );
  const runs: Array<[string, string[]]> = [['base', []], ...VARIANTS.map(([name, extra]): [string, string[]] => [name, extra()])];
  const keys = new Map<string, string>();
  for (const [name, extra] of runs) {
    const args = extra[0] === '--role' ? extra : ['--role', ROLE, ...extra];
    keys.set(name, expectCredentials(await cli.run(args)).AccessKeyId);
  }
  expect(new Set(keys.values()).size).toBe(runs.length);
  expect(cli.cacheFiles()).toHaveLength(runs.length);
  expect(server.count('AssumeRole') + other.count('AssumeRole')).toBe(runs.length);
  // Second round: each request gets its own entry back, never a neighbour's.
  for (const [name, extra] of runs) {
    const args = extra[0] === '--role' ? extra : ['--role', ROLE, ...extra];
    expect(expectCredentials(await cli.run(args)).AccessKeyId).toBe(keys.get(name));
  }
  expect(server.count('AssumeRole') + other.count('AssumeRole')).toBe(runs.length);
});

test("an entry copied under another request's file name is not served for it", async () => {
  const prod = expectCredentials(await cli.run(['--role', ROLE]));
  const devArgs = ['--role', 'arn:aws:iam::123456789012:role/Dev'];
  expectCredentials(await cli.run(devArgs));
  const [a, b] = cli.cacheFiles();
  const prodText = readFileSync(join(cli.home.cacheDir, a ?? ''), 'utf8');
  const devFile = JSON.parse(prodText).request.roleArn === ROLE ? b : a;
  const prodFile = devFile === a ? b : a;
  writeFileSync(join(cli.home.cacheDir, devFile ?? ''), readFileSync(join(cli.home.cacheDir, prodFile ?? ''), 'utf8'));
  const dev = expectCredentials(await cli.run(devArgs));
  expect(dev.AccessKeyId).not.toBe(prod.AccessKeyId);
  expect(server.count('AssumeRole')).toBe(3);
});

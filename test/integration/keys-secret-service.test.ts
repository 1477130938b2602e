// `sts-refresh keys` against a real Secret Service: GNOME Keyring on a private D-Bus session bus.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expectCredentials, expectOneLineError, ROLE, useLoopbackSts } from '../support/cli-env';
import { filesHolding } from '../support/keys';
import { secretServiceMissing, startSessionBus, type SessionBus } from '../support/secret-service';
import { SOURCE_KEY_ID, SOURCE_SECRET } from '../support/temp-home';
import { describeIf } from '../support/needs';

describeIf(secretServiceMissing())('keys with the Secret Service (GNOME Keyring over D-Bus)', () => {
  const sts = useLoopbackSts();
  const { cli } = sts;
  let keyringHome: string;
  let bus: SessionBus | undefined;
  const b = (): SessionBus => {
    if (!bus) throw new Error('beforeAll did not start the bus');
    return bus;
  };
  // Only node, for the #!/usr/bin/env node of the credential_process line; one directory per test.
  let path: string | undefined;
  beforeEach(() => {
    path = undefined;
  });
  const env = (extra: NodeJS.ProcessEnv = {}) => ({
    PATH: (path ??= cli.home.toolPath(['node'])),
    DBUS_SESSION_BUS_ADDRESS: b().address,
    ...extra,
  });
  const keys = (args: string[], extra: NodeJS.ProcessEnv = {}, input?: string) =>
    cli.run(['keys', ...args], env(extra), input === undefined ? {} : { input });

  beforeAll(async () => {
    keyringHome = mkdtempSync(join(tmpdir(), 'sts-refresh-keyring-'));
    bus = await startSessionBus(keyringHome);
    await bus.startKeyring();
  });
  afterAll(async () => {
    await bus?.stop();
    rmSync(keyringHome, { recursive: true, force: true });
  });
  beforeEach(async () => {
    // Each test starts from a running, empty keyring, whatever the last one left.
    await b().startKeyring();
    for (const name of ['default', 'user1']) await keys(['remove', name]);
  });

  test('import moves the keys into the keyring; sts-refresh uses them as a source, and a cache hit never asks the keyring', async () => {
    const imported = await keys(['import', 'default']);
    expect(imported.exitCode).toBe(0);
    expect(imported.stdout).toMatch(/moved the keys of 'default' \(\*\*\*\*0001\) into secret-service/);
    expect(filesHolding(cli.home.home, SOURCE_SECRET)).toEqual([]);

    const listed = await keys(['list']);
    expect(listed.stdout).toBe(`${'default'.padEnd(24)} ****0001  secret-service\n`);

    const first = expectCredentials(await cli.run(['--role', ROLE], env()));
    expect(sts.server.calls.map((c) => [c.action, c.accessKeyId])).toEqual([['AssumeRole', SOURCE_KEY_ID]]);
    // With the keyring gone, the cached session still answers: a hit reads no keys.
    await b().stopKeyring();
    const second = expectCredentials(await cli.run(['--role', ROLE], env()));
    expect(second.AccessKeyId).toBe(first.AccessKeyId);
    expect(sts.server.count('AssumeRole')).toBe(1);
    for (const r of [imported, listed]) expect(r.stdout + r.stderr).not.toContain(SOURCE_SECRET);
  });

  test('add --stdin stores the pair, serve prints it as credential_process JSON, remove deletes item and line', async () => {
    const added = await keys(['add', 'user1', '--stdin'], {}, `AKIAUSER100000000002\nuser1/secret/0000000000000000000000000\n`);
    expect(added.exitCode).toBe(0);
    expect(filesHolding(cli.home.home, 'user1/secret/0000000000000000000000000')).toEqual([]);
    const served = await keys(['serve', 'user1', '--backend', 'secret-service']);
    expect(JSON.parse(served.stdout)).toEqual({
      Version: 1,
      AccessKeyId: 'AKIAUSER100000000002',
      SecretAccessKey: 'user1/secret/0000000000000000000000000',
    });
    const removed = await keys(['remove', 'user1']);
    expect(removed.stdout).toMatch(/deleted the keys of 'user1' from secret-service\nremoved credential_process from \[profile user1\]/);
    expectOneLineError(
      await keys(['serve', 'user1', '--backend', 'secret-service']),
      1,
      /no keys for 'user1' in secret-service; store them with sts-refresh keys add user1$/,
    );
  });

  test('no Secret Service on the bus: one line naming what to start, exit 1, and the plaintext stays', async () => {
    await b().stopKeyring();
    expectOneLineError(
      await keys(['import', 'default']),
      1,
      /nothing on the D-Bus session bus provides org\.freedesktop\.secrets; start GNOME Keyring or KWallet .* or choose --backend file$/,
    );
    expect(filesHolding(cli.home.home, SOURCE_SECRET)).toEqual([cli.home.credentialsFile]);
  });

  test('a locked keyring whose unlock prompt cannot be shown: one line saying to unlock it, exit 1', async () => {
    expect((await keys(['add', 'user1', '--stdin'], {}, `AKIAUSER100000000002\nuser1/secret/0000000000000000000000000\n`)).exitCode).toBe(
      0,
    );
    await b().lockKeyring();
    const result = await keys(['serve', 'user1', '--backend', 'secret-service']);
    expectOneLineError(result, 1, /keyring is locked.*; unlock the login keyring .* or choose --backend file$/);
  });

  test('a stopped dbus-daemon: keys serve says so in one line after its 10 s, and exits rather than hang the AWS CLI', async () => {
    const resume = b().freezeBus();
    try {
      const result = await keys(['serve', 'user1', '--backend', 'secret-service']);
      expect(result.signal).toBeNull();
      expectOneLineError(result, 1, /^sts-refresh: Secret Service: the D-Bus session bus did not answer within 10 s; /);
    } finally {
      resume();
    }
  }, 60_000);

  test('D-Bus gone (no socket) or not set: one line, exit 1', async () => {
    expectOneLineError(
      await keys(['list'], { DBUS_SESSION_BUS_ADDRESS: `unix:path=${join(cli.home.home, 'no-bus')}` }),
      1,
      /^sts-refresh: Secret Service: cannot reach the D-Bus session bus \(ENOENT\); run inside a desktop session .* or choose --backend file$/,
    );
    expectOneLineError(
      await keys(['list'], { DBUS_SESSION_BUS_ADDRESS: undefined }),
      1,
      /Secret Service: no D-Bus session bus \(DBUS_SESSION_BUS_ADDRESS is not set\)/,
    );
  });
});

// A private D-Bus session bus with GNOME Keyring on it, for the Secret Service tests: Debian's
// dbus-daemon and gnome-keyring-daemon, started here rather than through dbus-run-session so that
// one test file can stop the keyring, lock it, or take the whole bus away.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Message, sessionBus, Variant, type MessageBus } from 'dbus-next';
import { toolPath, which } from './tool-path';

export const SECRET_SERVICE_TOOLS = ['dbus-daemon', 'gnome-keyring-daemon'];

/** Why the Secret Service tests cannot run here, or undefined when they can. */
export function secretServiceMissing(): string | undefined {
  const missing = SECRET_SERVICE_TOOLS.filter((t) => which(t) === undefined);
  return missing.length ? `${missing.join(' and ')} not found (Debian packages dbus and gnome-keyring)` : undefined;
}

export interface SessionBus {
  /** DBUS_SESSION_BUS_ADDRESS for the CLI under test. */
  address: string;
  /** The keyring's files live under this HOME's XDG_DATA_HOME, encrypted by the daemon. */
  env: NodeJS.ProcessEnv;
  /** Starts gnome-keyring-daemon, unlocked with a password, and waits until it owns org.freedesktop.secrets. */
  startKeyring(): Promise<void>;
  stopKeyring(): Promise<void>;
  /** Locks every collection, as a screen lock or `secret-tool lock` would. */
  lockKeyring(): Promise<void>;
  /** Stops dbus-daemon (SIGSTOP) until the returned function resumes it: a bus that accepts connections and never answers. */
  freezeBus(): () => void;
  stop(): Promise<void>;
}

// No <servicedir>: nothing is activated on demand, so a test decides what is on the bus.
const CONFIG = (socket: string) => `<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:path=${socket}</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
`;

const START_DEADLINE_MS = 20_000;

/** A session bus in `home` (XDG dirs under it); stop() ends every process it started. */
export async function startSessionBus(home: string): Promise<SessionBus> {
  const dir = mkdtempSync(join(tmpdir(), 'sts-refresh-dbus-'));
  const socket = join(dir, 'bus');
  const runtime = join(dir, 'runtime');
  mkdirSync(runtime, { mode: 0o700 });
  writeFileSync(join(dir, 'session.conf'), CONFIG(socket));
  const address = `unix:path=${socket}`;
  const env: NodeJS.ProcessEnv = {
    PATH: toolPath(SECRET_SERVICE_TOOLS, join(dir, 'bin')),
    HOME: home,
    XDG_DATA_HOME: join(home, '.local', 'share'),
    XDG_RUNTIME_DIR: runtime,
    DBUS_SESSION_BUS_ADDRESS: address,
  };
  const daemon = spawn('dbus-daemon', ['--config-file', join(dir, 'session.conf'), '--nofork', '--nopidfile'], {
    env,
    stdio: ['ignore', 'ignore', 'ignore'],
  });
  let keyring: ChildProcess | undefined;
  const client = await until(async () => connect(address), 'dbus-daemon did not open its socket');

  const owned = async (): Promise<boolean> => {
    const reply = await client.call(
      new Message({
        destination: 'org.freedesktop.DBus',
        path: '/org/freedesktop/DBus',
        interface: 'org.freedesktop.DBus',
        member: 'NameHasOwner',
        signature: 's',
        body: ['org.freedesktop.secrets'],
      }),
    );
    return reply?.body[0] === true;
  };

  return {
    address,
    env,
    async startKeyring() {
      if (keyring && keyring.exitCode === null && keyring.signalCode === null) return;
      keyring = spawn('gnome-keyring-daemon', ['--foreground', '--unlock', '--components=secrets'], {
        env,
        stdio: ['pipe', 'ignore', 'ignore'],
      });
      // --unlock reads the login keyring's password from stdin; the keyring is made on first use.
      keyring.stdin?.end('test-keyring-password');
      await until(async () => ((await owned()) ? true : undefined), 'gnome-keyring-daemon did not take org.freedesktop.secrets');
    },
    async stopKeyring() {
      await stopChild(keyring);
      keyring = undefined;
    },
    async lockKeyring() {
      const secrets = { destination: 'org.freedesktop.secrets', path: '/org/freedesktop/secrets' };
      const collections = await client.call(
        new Message({
          ...secrets,
          interface: 'org.freedesktop.DBus.Properties',
          member: 'Get',
          signature: 'ss',
          body: ['org.freedesktop.Secret.Service', 'Collections'],
        }),
      );
      const paths = (collections?.body[0] as Variant<string[]>).value;
      await client.call(
        new Message({ ...secrets, interface: 'org.freedesktop.Secret.Service', member: 'Lock', signature: 'ao', body: [paths] }),
      );
    },
    freezeBus() {
      daemon.kill('SIGSTOP');
      return () => daemon.kill('SIGCONT');
    },
    async stop() {
      client.disconnect();
      await stopChild(keyring);
      await stopChild(daemon);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function connect(address: string): Promise<MessageBus | undefined> {
  return new Promise((resolve) => {
    const bus = sessionBus({ busAddress: address.replace('unix:path=', 'unix:socket='), authMethods: ['EXTERNAL'] });
    bus.on('error', () => resolve(undefined));
    bus.on('connect', () => resolve(bus));
  });
}

async function until<T>(probe: () => Promise<T | undefined>, failure: string): Promise<T> {
  const deadline = Date.now() + START_DEADLINE_MS;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(failure);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function stopChild(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

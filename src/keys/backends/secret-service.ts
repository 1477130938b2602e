import { Variant } from 'dbus-next';
import { StsRefreshError } from '../../core/errors';
import { decodeKeys, encodeKeys, type AccessKeys } from '../access-keys';
import { connectSessionBus, NoSessionBusError, type DbusConnection } from './dbus-connection';
import type { Keyring } from './keyring';

// The freedesktop.org Secret Service API, which GNOME Keyring and KWallet (5.97+) both serve on the
// session bus. Spoken with dbus-next, pure JavaScript inside the bundle: it needs no native addon
// and no libsecret-tools, and the secret travels over the user's own bus socket, never in argv.
const SERVICE = 'org.freedesktop.secrets';
const SERVICE_PATH = '/org/freedesktop/secrets';
const IFACE = 'org.freedesktop.Secret';
const NO_OBJECT = '/';
// Unlocking may put up the desktop's password dialog; give a person time to type.
const PROMPT_TIMEOUT_MS = 120_000;
const FIX = 'unlock the login keyring (log in to the desktop session, or run gnome-keyring-daemon --unlock), or choose --backend file';

type SecretStruct = [string, Buffer, Buffer, string];

export async function openSecretService(env: NodeJS.ProcessEnv): Promise<Keyring> {
  let bus: DbusConnection;
  try {
    bus = await connectSessionBus(env);
  } catch (error) {
    if (error instanceof NoSessionBusError) throw new StsRefreshError(`Secret Service: ${error.message}`, FIX_NO_BUS, { cause: error });
    throw error;
  }
  try {
    const [, session] = (await service(bus, 'OpenSession', 'sv', ['plain', new Variant('s', '')])) as [unknown, string];
    return new SecretServiceKeyring(bus, session);
  } catch (error) {
    bus.close();
    throw explain(error);
  }
}

const FIX_NO_BUS = 'run inside a desktop session (GNOME Keyring or KWallet on the session bus), or choose --backend file';

class SecretServiceKeyring implements Keyring {
  readonly backend = 'secret-service' as const;
  // A locked collection is unlocked on use, by the keyring's own dialog.
  async unlock(): Promise<void> {}
  constructor(
    private readonly bus: DbusConnection,
    private readonly session: string,
  ) {}

  async get(profile: string): Promise<AccessKeys | undefined> {
    return this.guard(async () => {
      const item = await this.find(profile);
      if (!item) return undefined;
      const [secret] = (await call(this.bus, item, 'Item', 'GetSecret', 'o', [this.session])) as [SecretStruct];
      return decodeKeys(Buffer.from(secret[2]).toString('utf8'), `the Secret Service item for '${profile}'`);
    });
  }

  async set(profile: string, keys: AccessKeys): Promise<void> {
    return this.guard(async () => {
      const collection = await this.defaultCollection();
      await this.unlockObjects([collection]);
      const properties = {
        [`${IFACE}.Item.Label`]: new Variant('s', `sts-refresh: AWS keys of profile ${profile}`),
        [`${IFACE}.Item.Attributes`]: new Variant('a{ss}', attributes(profile)),
      };
      const secret: SecretStruct = [this.session, Buffer.alloc(0), Buffer.from(encodeKeys(keys), 'utf8'), 'application/json'];
      const [, prompt] = (await call(this.bus, collection, 'Collection', 'CreateItem', 'a{sv}(oayays)b', [properties, secret, true])) as [
        string,
        string,
      ];
      await this.prompt(prompt);
    });
  }

  async remove(profile: string): Promise<boolean> {
    return this.guard(async () => {
      const item = await this.find(profile);
      if (!item) return false;
      const [prompt] = (await call(this.bus, item, 'Item', 'Delete')) as [string];
      await this.prompt(prompt);
      return true;
    });
  }

  async list(): Promise<string[]> {
    return this.guard(async () => {
      const items = await this.search({ application: 'sts-refresh' });
      const names: string[] = [];
      for (const item of items) {
        const [value] = (await this.bus.call({
          destination: SERVICE,
          path: item,
          interface: 'org.freedesktop.DBus.Properties',
          member: 'Get',
          signature: 'ss',
          body: [`${IFACE}.Item`, 'Attributes'],
        })) as [Variant<Record<string, string>>];
        const profile = value.value.profile;
        if (profile) names.push(profile);
      }
      return names.sort();
    });
  }

  close(): void {
    this.bus.close();
  }

  private async find(profile: string): Promise<string | undefined> {
    return (await this.search(attributes(profile)))[0];
  }

  /** Matching items, unlocked first: a locked item's secret cannot be read or replaced. */
  private async search(attrs: Record<string, string>): Promise<string[]> {
    const [unlocked, locked] = (await service(this.bus, 'SearchItems', 'a{ss}', [attrs])) as [string[], string[]];
    if (locked.length) await this.unlockObjects(locked);
    return [...unlocked, ...locked];
  }

  private async defaultCollection(): Promise<string> {
    const [path] = (await service(this.bus, 'ReadAlias', 's', ['default'])) as [string];
    if (path === NO_OBJECT) {
      throw new StsRefreshError(
        'Secret Service: there is no default keyring to store the keys in',
        'create one (GNOME: Passwords and Keys, "New keyring", then "Set as default"), or choose --backend file',
      );
    }
    return path;
  }

  private async unlockObjects(objects: string[]): Promise<void> {
    const [, prompt] = (await service(this.bus, 'Unlock', 'ao', [objects])) as [string[], string];
    await this.prompt(prompt);
  }

  /** Shows the keyring's own prompt (a password dialog) and waits for the person to answer it. */
  private async prompt(path: string): Promise<void> {
    if (path === NO_OBJECT) return;
    const [dismissed] = (await this.bus.signal(
      path,
      `${IFACE}.Prompt`,
      'Completed',
      async () => void (await call(this.bus, path, 'Prompt', 'Prompt', 's', [''])),
      PROMPT_TIMEOUT_MS,
    )) as [boolean];
    if (dismissed) throw new StsRefreshError('Secret Service: the keyring is locked and its unlock prompt was dismissed', FIX);
  }

  private async guard<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      throw explain(error);
    }
  }
}

function attributes(profile: string): Record<string, string> {
  return { application: 'sts-refresh', profile };
}

function service(bus: DbusConnection, member: string, signature?: string, body?: unknown[]): Promise<unknown[]> {
  return bus.call({
    destination: SERVICE,
    path: SERVICE_PATH,
    interface: `${IFACE}.Service`,
    member,
    ...(signature && { signature }),
    ...(body && { body }),
  });
}

function call(bus: DbusConnection, path: string, iface: string, member: string, signature?: string, body?: unknown[]): Promise<unknown[]> {
  return bus.call({
    destination: SERVICE,
    path,
    interface: `${IFACE}.${iface}`,
    member,
    ...(signature && { signature }),
    ...(body && { body }),
  });
}

/** D-Bus error names in words, each with what to do; never the item's contents. */
function explain(error: unknown): unknown {
  if (error instanceof StsRefreshError) return error;
  if (error instanceof NoSessionBusError) return new StsRefreshError(`Secret Service: ${error.message}`, FIX_NO_BUS, { cause: error });
  const type = (error as { type?: unknown }).type;
  if (type === 'org.freedesktop.DBus.Error.ServiceUnknown' || type === 'org.freedesktop.DBus.Error.NameHasNoOwner') {
    return new StsRefreshError(
      'Secret Service: nothing on the D-Bus session bus provides org.freedesktop.secrets',
      'start GNOME Keyring or KWallet (gnome-keyring-daemon --start --components=secrets), or choose --backend file',
      { cause: error },
    );
  }
  if (type === `${IFACE}.Error.IsLocked`) return new StsRefreshError('Secret Service: the keyring is locked', FIX, { cause: error });
  const text = error instanceof Error ? error.message : String(error);
  return new StsRefreshError(`Secret Service: ${typeof type === 'string' ? `${type}: ` : ''}${text}`, FIX, { cause: error });
}

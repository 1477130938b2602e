import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Message, sessionBus, type MessageBus } from 'dbus-next';

/** One method call: who, where, what, and the D-Bus signature of the arguments. */
export interface DbusCall {
  destination: string;
  path: string;
  interface: string;
  member: string;
  signature?: string;
  body?: unknown[];
}

export interface DbusConnection {
  /** The reply's body; rejects with dbus-next's DBusError (its `type` is the D-Bus error name). */
  call(call: DbusCall, timeoutMs?: number): Promise<unknown[]>;
  /** The body of the first signal `member` from `path`; the match rule is added before `start` runs. */
  signal(path: string, iface: string, member: string, start: () => Promise<void>, timeoutMs: number): Promise<unknown[]>;
  close(): void;
}

/** Thrown when there is no session bus to talk to; the message says which address was tried. */
export class NoSessionBusError extends Error {
  override readonly name = 'NoSessionBusError';
}

// A local bus answers in milliseconds; a keyring that takes longer than this is hung, not busy.
const CALL_TIMEOUT_MS = 10_000;

/**
 * The session bus address from `env`, with systemd's per-user socket as the fallback. Paths are
 * turned into dbus-next's `socket=` form, which it opens with Node's own net module: its `path=`
 * and `abstract=` forms first try an optional native addon that the bundle does not carry.
 */
export function sessionBusAddress(env: NodeJS.ProcessEnv): string | undefined {
  const given = env.DBUS_SESSION_BUS_ADDRESS?.trim();
  if (!given) {
    const runtime = env.XDG_RUNTIME_DIR;
    return runtime && existsSync(join(runtime, 'bus')) ? `unix:socket=${join(runtime, 'bus')}` : undefined;
  }
  return given
    .split(';')
    .map((address) => {
      const [family, params = ''] = address.split(/:(.*)/s);
      if (family !== 'unix') return address;
      const fields = new Map(params.split(',').map((p) => p.split(/=(.*)/s) as [string, string]));
      const path = fields.get('path');
      const abstract = fields.get('abstract');
      if (path !== undefined) return `unix:socket=${unescapeValue(path)}`;
      if (abstract !== undefined) return `unix:socket=\0${unescapeValue(abstract)}`;
      return address;
    })
    .join(';');
}

/** D-Bus addresses escape bytes as %XX (the spec's "optionally escaped" set). */
function unescapeValue(value: string): string {
  return value.replace(/%([0-9a-fA-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

/** Connects and says hello; fails within the call timeout rather than waiting on a dead socket. */
export async function connectSessionBus(env: NodeJS.ProcessEnv): Promise<DbusConnection> {
  const busAddress = sessionBusAddress(env);
  if (!busAddress) throw new NoSessionBusError('no D-Bus session bus (DBUS_SESSION_BUS_ADDRESS is not set)');
  let bus: MessageBus;
  try {
    bus = sessionBus({ busAddress, authMethods: ['EXTERNAL'] });
  } catch (error) {
    throw new NoSessionBusError(`cannot reach the D-Bus session bus (${reason(error)})`, { cause: error });
  }
  // dbus-next reports a dead socket only as an 'error' event; without a listener it would be thrown.
  let failure: unknown;
  const failed = new Set<(error: unknown) => void>();
  bus.on('error', (error) => {
    failure = error;
    for (const f of failed) f(error);
  });
  await within(
    new Promise<void>((resolve, reject) => {
      bus.on('connect', () => resolve());
      failed.add((error) => reject(new NoSessionBusError(`cannot reach the D-Bus session bus (${reason(error)})`, { cause: error })));
    }),
    CALL_TIMEOUT_MS,
    () => new NoSessionBusError(`the D-Bus session bus did not answer within ${CALL_TIMEOUT_MS / 1000} s`),
  ).catch((error: unknown) => {
    hangUp(bus);
    throw error;
  });
  const call = async (c: DbusCall, timeoutMs = CALL_TIMEOUT_MS): Promise<unknown[]> => {
    if (failure) throw new NoSessionBusError(`the D-Bus session bus went away (${reason(failure)})`);
    const pending = new Promise<unknown[]>((resolve, reject) => {
      failed.add((error) => reject(new NoSessionBusError(`the D-Bus session bus went away (${reason(error)})`)));
      bus.call(new Message(c)).then((reply) => resolve(reply?.body ?? []), reject);
    });
    return within(pending, timeoutMs, () => new Error(`${c.destination} did not answer ${c.member} within ${timeoutMs / 1000} s`));
  };
  return {
    call,
    async signal(path, iface, member, start, timeoutMs) {
      const rule = `type='signal',interface='${iface}',member='${member}',path='${path}'`;
      const dbus = { destination: 'org.freedesktop.DBus', path: '/org/freedesktop/DBus', interface: 'org.freedesktop.DBus' };
      await call({ ...dbus, member: 'AddMatch', signature: 's', body: [rule] });
      let listener: ((msg: Message) => void) | undefined;
      const received = new Promise<unknown[]>((resolve) => {
        listener = (msg) => {
          if (msg.path === path && msg.interface === iface && msg.member === member) resolve(msg.body);
        };
        bus.on('message', listener);
      });
      try {
        await start();
        return await within(received, timeoutMs, () => new Error(`no ${member} signal within ${timeoutMs / 1000} s`));
      } finally {
        if (listener) bus.removeListener('message', listener);
      }
    },
    close() {
      hangUp(bus);
    },
  };
}

/**
 * Closes the connection for good. dbus-next's disconnect only ends its side of the socket and
 * waits for the bus to end the other; a bus that never answers (a stopped dbus-daemon) never does,
 * and the open socket would keep `keys serve`, and the AWS CLI waiting on it, running after its
 * error. So the socket is destroyed as well; dbus-next keeps it on a field of its own.
 */
function hangUp(bus: MessageBus): void {
  bus.disconnect();
  (bus as unknown as { _connection?: { stream?: { destroy?: () => void } } })._connection?.stream?.destroy?.();
}

function within<T>(promise: Promise<T>, ms: number, timeoutError: () => Error): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(timeoutError()), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function reason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return code ?? (error instanceof Error ? error.message : String(error));
}

import { connect, type Socket } from 'node:net';
import { listenEndpoint, type RunningEndpoint } from '../../src/server/listen-endpoint';
import { entryExpiringIn } from '../support/entries';

const TOKEN = 'token-of-the-command';

let endpoint: RunningEndpoint;
const sockets: Socket[] = [];

async function start(init: { untrustedMs: number; maxUntrusted?: number }) {
  endpoint = await listenEndpoint({ token: TOKEN, supply: async () => entryExpiringIn(60, Date.now()), ...init });
}

afterEach(async () => {
  for (const s of sockets.splice(0)) s.destroy();
  await endpoint.close();
});

interface Connection {
  socket: Socket;
  received: () => string;
  /** Resolves once what has been received satisfies `done`: on the data itself, not a poll. */
  until: (done: (received: string) => boolean) => Promise<void>;
  closed: Promise<void>;
}

/** A raw connection to the endpoint, with what it has received and whether the endpoint closed it. */
function open(): Promise<Connection> {
  const url = new URL(endpoint.url);
  return new Promise((resolve, reject) => {
    let received = '';
    const until = (done: (text: string) => boolean) =>
      new Promise<void>((met) => {
        const check = () => {
          if (!done(received)) return;
          socket.off('data', check);
          met();
        };
        socket.on('data', check);
        check();
      });
    const socket = connect(Number(url.port), url.hostname, () => resolve({ socket, received: () => received, until, closed }));
    sockets.push(socket);
    const closed = new Promise<void>((done) => socket.on('close', () => done()));
    socket.setEncoding('latin1').on('data', (d: string) => (received += d));
    socket.on('error', reject);
  });
}

const request = (token?: string) =>
  `GET /credentials HTTP/1.1\r\nHost: x\r\n${token === undefined ? '' : `Authorization: ${token}\r\n`}\r\n`;

describe('listenEndpoint against connections without the token', () => {
  test('a connection that sends nothing, or half a request, or a wrong token, is closed when its time runs out', async () => {
    await start({ untrustedMs: 50 });
    const idle = await open();
    const half = await open();
    half.socket.write('GET /credentials HTTP/1.1\r\nAuthori');
    const wrong = await open();
    wrong.socket.write(request('not-the-token'));
    await Promise.all([idle.closed, half.closed, wrong.closed]);
    expect(wrong.received()).toMatch(/^HTTP\/1.1 403/);
  });

  test("the command's connection is kept once it has sent the token, and asks again on it", async () => {
    await start({ untrustedMs: 50 });
    const command = await open();
    command.socket.write(request(TOKEN));
    await command.until((r) => r.includes('"AccessKeyId"'));
    // Opened after the command's: once it is closed, the command's time would have run out too.
    const later = await open();
    await later.closed;
    command.socket.write(request(TOKEN));
    await command.until((r) => r.split('HTTP/1.1 200').length === 3);
  });

  test('past the cap the oldest waiting connection is closed, and the newest is served', async () => {
    await start({ untrustedMs: 60_000, maxUntrusted: 4 });
    const idle = await Promise.all(Array.from({ length: 4 }, () => open()));
    const command = await open();
    await idle[0]?.closed;
    command.socket.write(request(TOKEN));
    await command.until((r) => r.includes('"AccessKeyId"'));
    // The command's connection no longer counts: two more make five waiting, and the oldest goes.
    await open();
    const newest = await open();
    await idle[1]?.closed;
    newest.socket.write(request(TOKEN));
    await newest.until((r) => r.includes('"AccessKeyId"'));
    expect(idle[2]?.socket.destroyed).toBe(false);
  });
});

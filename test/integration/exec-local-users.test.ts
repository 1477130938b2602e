import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { useLoopbackSts, ROLE } from '../support/cli-env';
import { CLI_PATH } from '../support/run-cli';
import { spawnCollected } from '../support/collected';

// The endpoint listens on a loopback port that every local user can connect to: what another
// user's process can do to it, and to the command, short of knowing the token.
const sts = useLoopbackSts();
const cli = sts.cli;

const running: ChildProcessWithoutNullStreams[] = [];
afterEach(() => {
  for (const proc of running.splice(0)) {
    proc.stdin.destroy();
    proc.kill('SIGKILL');
  }
});

/** Spawns `file args`, collecting its output, and registers it to be killed after the test. */
function start(file: string, args: string[], env: NodeJS.ProcessEnv) {
  const started = spawnCollected(file, args, { env });
  running.push(started.proc);
  return started;
}

async function until(done: () => boolean, what: string, ms = 30_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`waited ${ms / 1000} s for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

function script(name: string, body: string): string {
  const file = join(cli.home.home, name);
  writeFileSync(file, body);
  return file;
}

describe("another local user against exec's endpoint", () => {
  test("many idle connections from another process: the command's requests are all answered, and the idle ones are closed", async () => {
    // Prints the endpoint's URL, then on a line from stdin makes 30 requests, each on a new connection.
    const command = script(
      'command.js',
      `const http = require('node:http');
      const url = process.env.AWS_CONTAINER_CREDENTIALS_FULL_URI;
      console.log(url);
      const get = () => new Promise((resolve) => {
        http.get(url, { agent: false, headers: { Authorization: process.env.AWS_CONTAINER_AUTHORIZATION_TOKEN } }, (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode));
        }).on('error', (e) => resolve(e.code));
      });
      process.stdin.once('data', async () => {
        const statuses = [];
        for (let i = 0; i < 30; i++) statuses.push(await get());
        console.log(JSON.stringify(statuses));
        process.exit(0);
      });`,
    );
    // Opens 600 connections and sends nothing; says when all are open, and when all were closed.
    const idler = script(
      'idler.js',
      `const net = require('node:net');
      const url = new URL(process.argv[2]);
      let settled = 0, closed = 0;
      for (let i = 0; i < 600; i++) {
        const s = net.connect(Number(url.port), url.hostname);
        s.on('connect', () => ++settled === 600 && console.log('open'));
        s.on('error', () => {});
        s.on('close', () => ++closed === 600 && console.log('all closed'));
      }`,
    );
    // exec may hold 200 descriptors: without a cap, 600 idle connections would leave none for the command's.
    const sh = join(cli.home.toolPath(['sh']), 'sh');
    const exec = start(
      sh,
      ['-c', 'ulimit -n 200 && exec "$@"', 'sh', process.execPath, CLI_PATH, 'exec', '--role', ROLE, '--', process.execPath, command],
      cli.env(),
    );
    await until(() => exec.stdout().includes('\n'), 'the command to start');
    const url = exec.stdout().trim();
    const idle = start(process.execPath, [idler, url], cli.env());
    await until(() => idle.stdout().includes('open'), 'the idle connections to open');
    exec.proc.stdin.write('go\n');
    expect(await exec.exited).toBe(0);
    expect(JSON.parse(exec.stdout().split('\n')[1] ?? '')).toEqual(Array(30).fill(200));
    await until(() => idle.stdout().includes('all closed'), 'the idle connections to be closed');
  }, 60_000);

  test('exec killed with SIGKILL: the command keeps the port, so no other process can answer it there', async () => {
    const command = script(
      'command.js',
      `console.log(new URL(process.env.AWS_CONTAINER_CREDENTIALS_FULL_URI).port, process.pid);
      setInterval(() => {}, 1000);`,
    );
    const exec = start(process.execPath, [CLI_PATH, 'exec', '--role', ROLE, '--', process.execPath, command], cli.env());
    await until(() => exec.stdout().includes('\n'), 'the command to start');
    const [port, pid] = exec.stdout().trim().split(' ').map(Number) as [number, number];
    exec.proc.kill('SIGKILL');
    // 'close' comes once the command, which shares exec's stdout, has gone too: wait for the exit.
    await new Promise((resolve) => exec.proc.once('exit', resolve));
    // Another process tries to take the port the command's SDK would ask.
    const taken = await new Promise<string>((resolve) => {
      const other = createServer();
      other.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'error'));
      other.listen(port, '127.0.0.1', () => other.close(() => resolve('bound')));
    });
    process.kill(pid, 'SIGKILL');
    expect(taken).toBe('EADDRINUSE');
  });
});

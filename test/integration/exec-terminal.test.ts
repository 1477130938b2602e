import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { useLoopbackSts, ROLE } from '../support/cli-env';
import { testIf } from '../support/needs';
import { ptyMissing, spawnInPty, type PtyProcess } from '../support/pty';
import { CLI_PATH } from '../support/run-cli';

// exec in a pseudo-terminal, as a person runs it from a shell's prompt.
const sts = useLoopbackSts();
const cli = sts.cli;

let terminal: PtyProcess | undefined;
afterEach(() => terminal?.kill());

describe('exec in a terminal', () => {
  testIf(ptyMissing())('one Ctrl-C reaches the command once, and exec exits 130; a SIGTERM sent to exec alone is passed on', async () => {
    // Counts SIGINTs; on SIGTERM says how many it had, then ends as Ctrl-C would have ended it.
    const command = join(cli.home.home, 'command.js');
    writeFileSync(
      command,
      `let ints = 0;
      process.on('SIGINT', () => console.log('SIGINT ' + ++ints));
      process.on('SIGTERM', () => {
        console.log('SIGTERM after ' + ints + ' SIGINT');
        process.removeAllListeners('SIGINT');
        process.kill(process.pid, 'SIGINT');
      });
      console.log('ready, exec is ' + process.ppid);
      setInterval(() => {}, 1000);`,
    );
    terminal = spawnInPty(process.execPath, [CLI_PATH, 'exec', '--role', ROLE, '--', process.execPath, command], cli.env());
    await terminal.shows(/ready, exec is \d+\r\n/);
    const exec = Number(/exec is (\d+)/.exec(terminal.screen())?.[1]);
    terminal.type('\x03');
    await terminal.shows('SIGINT 1');
    // By now the terminal's SIGINT has reached exec too: had exec passed it on, that second SIGINT
    // would reach the command before the SIGTERM exec passes on after it.
    process.kill(exec, 'SIGTERM');
    expect(await terminal.exited).toBe(130);
    expect(terminal.screen()).toMatch(/SIGINT 1\r\nSIGTERM after 1 SIGINT\r\n/);
  });
});

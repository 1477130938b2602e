import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { useLoopbackSts, expectNoSecretsOnStderr, ROLE } from '../support/cli-env';
import { testIf } from '../support/needs';
import { ptyMissing, spawnInPty, type PtyProcess } from '../support/pty';
import { CLI_PATH } from '../support/run-cli';
import { spawnCollected } from '../support/collected';
import { boto3Python, JS_SDK_STS } from '../support/sdk-tools';
import { sdkConsumerScript } from '../support/sdk-consumer';
import { SOURCE_KEY_ID } from '../support/temp-home';

// exec with a role assumed through an MFA session: codes asked before the command starts, and
// while it runs, without its requests going unanswered.
const sts = useLoopbackSts();
const cli = sts.cli;
const SERIAL = 'arn:aws:iam::123456789012:mfa/alice';
const CODE = '123456';

let terminal: PtyProcess | undefined;
let leftover: (() => void) | undefined;
beforeEach(() => {
  sts.server.expectedTokenCode = CODE;
});
afterEach(() => {
  terminal?.kill();
  leftover?.();
  terminal = leftover = undefined;
});

function script(name: string, body: string): string {
  const file = join(cli.home.home, name);
  writeFileSync(file, body);
  return file;
}

// Asks the endpoint every 200 ms; prints 'started', then each new key as it comes ('key 2: ...'),
// and 'refused STATUS' for any answer but 200; exits once it has seen `keys` keys.
const pollingCommand = (keys: number) => `const http = require('node:http');
const url = process.env.AWS_CONTAINER_CREDENTIALS_FULL_URI;
const seen = [];
console.log('started');
const ask = () => http.get(url, { headers: { Authorization: process.env.AWS_CONTAINER_AUTHORIZATION_TOKEN } }, (res) => {
  let body = '';
  res.setEncoding('utf8').on('data', (d) => (body += d));
  res.on('end', () => {
    if (res.statusCode !== 200) console.log('refused ' + res.statusCode);
    const key = JSON.parse(body).AccessKeyId;
    if (key && !seen.includes(key)) console.log('key ' + seen.push(key) + ': ' + key);
    if (seen.length >= ${keys}) process.exit(0);
    setTimeout(ask, 200);
  });
});
ask();
`;

const mfaSessionFiles = () =>
  cli.cacheFiles().filter((f) => JSON.parse(readFileSync(join(cli.home.cacheDir, f), 'utf8')).kind === 'mfa-session');

describe('exec and MFA', () => {
  testIf(ptyMissing())(
    'a renewal while the command runs asks on the terminal in one line naming the role and the command, and the command is answered meanwhile',
    async () => {
      // 40 s sessions renewed once 20 s remain; the held keys are handed out while over 10 s remain,
      // which leaves a loaded machine 10 s between the prompt and the typed code.
      sts.server.durationOverrideSeconds = 40;
      const command = script('command.js', pollingCommand(2));
      terminal = spawnInPty(
        process.execPath,
        [CLI_PATH, 'exec', '--role', ROLE, '--mfa-serial', SERIAL, '--refresh-window', '20s', '--', process.execPath, command],
        cli.env(),
      );
      await terminal.shows(`MFA code for ${SERIAL}: `);
      terminal.type(`${CODE}\r`);
      await terminal.shows('key 1: ');
      const started = terminal.screen().length;
      // The renewal comes once the keys enter their window, and needs a new session: its code. The
      // prompt is one line, naming the command's program as typed (its path is not shown, and the
      // rest may be cut); what the command prints after it does not matter here.
      const prompt = new RegExp(
        `\\r\\nsts-refresh: MFA code for ${SERIAL}, to renew ${ROLE} for the command exec runs \\(node(\\.exe)? [^\\r\\n]*\\): `,
      );
      await terminal.shows(prompt, started);
      terminal.type(`${CODE}\r`);
      expect(await terminal.exited).toBe(0);
      expect(terminal.screen()).toMatch(/key 2: /);
      expect(terminal.screen()).not.toMatch(/refused/);
      expect(sts.server.count('GetSessionToken')).toBe(2);
      expect(sts.server.count('AssumeRole')).toBe(2);
    },
    120_000,
  );

  testIf(ptyMissing())(
    "asks for the code before the command starts when the role's entry is cached but its MFA session is not",
    async () => {
      const filled = await cli.run(['--role', ROLE, '--mfa-serial', SERIAL, '--mfa-command', `echo ${CODE}`]);
      expect(filled.exitCode).toBe(0);
      for (const file of mfaSessionFiles()) rmSync(join(cli.home.cacheDir, file));
      const command = script('command.js', `console.log('started');`);
      terminal = spawnInPty(
        process.execPath,
        [CLI_PATH, 'exec', '--role', ROLE, '--mfa-serial', SERIAL, '--', process.execPath, command],
        cli.env(),
      );
      await terminal.shows(`MFA code for ${SERIAL}: `);
      expect(terminal.screen()).not.toMatch(/started/);
      terminal.type(`${CODE}\r`);
      expect(await terminal.exited).toBe(0);
      expect(terminal.screen()).toMatch(/started/);
      // The role's entry came from the cache; only the session was made.
      expect(sts.server.calls.map((c) => c.action)).toEqual(['GetSessionToken', 'AssumeRole', 'GetSessionToken']);
    },
  );

  const python = boto3Python();
  testIf(python ? undefined : 'python3 with boto3 is not installed')(
    'a slow --mfa-command during a renewal: every call of a boto3 and a JS SDK command succeeds',
    async () => {
      // 56 s sessions renewed once 28 s remain, the held keys handed out while over 14 s remain; each
      // code after the first takes 10 s, longer than either SDK waits for an endpoint.
      sts.server.durationOverrideSeconds = 56;
      const asked = join(cli.home.home, 'asked');
      const mfaCommand = `if [ -e '${asked}' ]; then sleep 10; else touch '${asked}'; fi; echo ${CODE}`;
      const stop = join(cli.home.home, 'stop');
      const boto3 = script(
        'consumer.py',
        `import os, sys, time
import boto3
client = boto3.client('sts')
n = 0
while not os.path.exists(sys.argv[1]):
    client.get_caller_identity()
    n += 1
    time.sleep(0.1)
print('boto3', n)
`,
      );
      const js = script('consumer.js', sdkConsumerScript(JS_SDK_STS, 100_000));
      // Both at once; the first to fail stops the other (the stop file), and the command fails.
      const both = script(
        'both.sh',
        `{ "$1" '${boto3}' "$3" || { touch "$3"; exit 1; }; } & a=$!
{ "$2" '${js}' "$3" || { touch "$3"; exit 1; }; } & b=$!
wait $a; ra=$?; wait $b; [ $ra = 0 ] && [ $? = 0 ]`,
      );
      const path = cli.home.toolPath(['sh', 'sleep', 'touch']);
      const exec = spawnCollected(
        process.execPath,
        [
          CLI_PATH,
          'exec',
          '--role',
          ROLE,
          '--mfa-serial',
          SERIAL,
          '--mfa-command',
          mfaCommand,
          '--refresh-window',
          '28s',
          '--',
          'sh',
          both,
          python as string,
          process.execPath,
          stop,
        ],
        { env: cli.env({ PATH: path }) },
      );
      leftover = () => exec.proc.kill('SIGKILL');
      // Until the SDKs have made calls with the renewed keys (issued after the first session and role keys).
      const renewedCalls = () => {
        const renewed = sts.server.issued.slice(2).map((c) => c.AccessKeyId);
        return sts.server.calls.filter((c) => c.action === 'GetCallerIdentity' && renewed.includes(c.accessKeyId ?? '')).length;
      };
      while (!exec.ended() && renewedCalls() < 20) await new Promise((r) => setTimeout(r, 100));
      writeFileSync(stop, '');
      const code = await exec.exited;
      const [stdout, stderr] = [exec.stdout(), exec.stderr()];
      if (code !== 0) throw new Error(`exit ${code}: ${stderr}`);
      const calls = sts.server.calls.filter((c) => c.action === 'GetCallerIdentity');
      const counts = stdout.trim().split('\n');
      const boto3Calls = Number(counts.find((l) => l.startsWith('boto3 '))?.slice(6));
      const jsCalls = Number(counts.find((l) => !l.startsWith('boto3 ')));
      expect(boto3Calls).toBeGreaterThan(0);
      expect(jsCalls).toBeGreaterThan(0);
      // Every call each command made succeeded (they stop at their first failure), and each was
      // signed with role keys that had not expired.
      expect(boto3Calls + jsCalls).toBe(calls.length);
      const issued = new Map(sts.server.issued.map((c) => [c.AccessKeyId, c]));
      for (const call of calls) {
        expect(call.accessKeyId).not.toBe(SOURCE_KEY_ID);
        expect(Date.parse(issued.get(call.accessKeyId ?? '')?.Expiration ?? '')).toBeGreaterThan(call.at);
      }
      expect(sts.server.count('GetSessionToken')).toBe(2);
      expectNoSecretsOnStderr({ exitCode: code, signal: null, stdout, stderr }, sts.server);
    },
    120_000,
  );
});

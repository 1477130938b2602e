// `npm run demo`: the whole job of sts-refresh on this machine, against the loopback STS server the
// integration tests use, in a throwaway HOME. It never touches the real ~/.aws or cache.
import { execFile, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { startStsServer, type StsServer } from '../test/support/sts-server';
import { sdkConsumerScript } from '../test/support/sdk-consumer';

const execFileAsync = promisify(execFile);
// Every child the demo starts, so Ctrl-C can stop them before their cache writes recreate the
// throwaway HOME we are removing.
const children = new Set<ChildProcess>();

function run(file: string, args: string[], options: { env: NodeJS.ProcessEnv }): Promise<{ stdout: string }> {
  const pending = execFileAsync(file, args, options);
  children.add(pending.child);
  return pending.finally(() => children.delete(pending.child));
}
const CLI = resolve(__dirname, 'sts-refresh.js');
const ACCOUNT = '123456789012';
const ROLE = `arn:aws:iam::${ACCOUNT}:role/demo`;
const SECOND_ROLE = `arn:aws:iam::${ACCOUNT}:role/demo-fleet`;
const SHORT_ROLE = `arn:aws:iam::${ACCOUNT}:role/demo-short`;
const EXEC_ROLE = `arn:aws:iam::${ACCOUNT}:role/demo-exec`;

interface Workspace {
  home: string;
  env: NodeJS.ProcessEnv;
  args(role: string): string[];
}

function makeWorkspace(server: StsServer): Workspace {
  const home = mkdtempSync(join(tmpdir(), 'sts-refresh-demo-'));
  const cacheDir = join(home, 'cache');
  mkdirSync(join(home, '.aws'));
  const args = (role: string) => ['--role', role, '--source-profile', 'source', '--endpoint-url', server.url, '--cache-dir', cacheDir];
  writeFileSync(
    join(home, '.aws', 'credentials'),
    '[source]\naws_access_key_id = AKIADEMOSOURCE000001\naws_secret_access_key = demo-source-secret\n',
  );
  writeFileSync(
    join(home, '.aws', 'config'),
    `[profile source]\nregion = us-east-1\n\n[profile demo]\nregion = us-east-1\ncredential_process = ${[process.execPath, CLI, ...args(ROLE)].map(quote).join(' ')}\n`,
  );
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: home,
    AWS_CONFIG_FILE: join(home, '.aws', 'config'),
    AWS_SHARED_CREDENTIALS_FILE: join(home, '.aws', 'credentials'),
    AWS_ENDPOINT_URL_STS: server.url,
    AWS_EC2_METADATA_DISABLED: 'true',
  };
  return { home, env, args };
}

function quote(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `"${word.replace(/(["\\$`])/g, '\\$1')}"`;
}

async function sts(ws: Workspace, args: string[]): Promise<{ json: Record<string, string>; ms: number }> {
  const started = performance.now();
  const { stdout } = await run(process.execPath, [CLI, ...args], { env: ws.env });
  return { json: JSON.parse(stdout) as Record<string, string>, ms: performance.now() - started };
}

const say = (text: string) => process.stdout.write(`${text}\n`);
const ok = (step: number, text: string) => say(`  ok ${step}: ${text}`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function main(): Promise<void> {
  const server = await startStsServer();
  const ws = makeWorkspace(server);
  let cleaned = false;
  const cleanup = async () => {
    if (cleaned) return;
    cleaned = true;
    for (const child of children) child.kill('SIGKILL');
    rmSync(ws.home, { recursive: true, force: true, maxRetries: 5, retryDelay: 50 });
    await server.close();
  };
  const onSignal = (signal: NodeJS.Signals) => {
    void cleanup().finally(() => process.kill(process.pid, signal));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    say(`sts-refresh demo: a loopback STS at ${server.url}, a throwaway HOME at ${ws.home}\n`);

    say('1. A cold call: nothing cached, so sts-refresh assumes the role.');
    const cold = await sts(ws, ws.args(ROLE));
    check(server.count('AssumeRole') === 1, 'expected one AssumeRole call');
    ok(1, `AssumeRole calls: ${server.count('AssumeRole')}, ${cold.ms.toFixed(0)} ms, expires ${cold.json.Expiration}`);

    say('2. A warm call: the same request again is a cache hit.');
    const warm = await sts(ws, ws.args(ROLE));
    check(server.count('AssumeRole') === 1 && warm.json.AccessKeyId === cold.json.AccessKeyId, 'expected a cache hit');
    ok(2, `AssumeRole calls still ${server.count('AssumeRole')}, ${warm.ms.toFixed(0)} ms`);

    say('3. 16 processes ask at once for a role nobody has cached yet.');
    server.inject({ action: 'AssumeRole', latencyMs: 300, times: 1 });
    const before = server.count('AssumeRole');
    const fleet = await Promise.all(Array.from({ length: 16 }, () => sts(ws, ws.args(SECOND_ROLE))));
    const distinct = new Set(fleet.map((r) => r.json.AccessKeyId)).size;
    const calls = server.count('AssumeRole') - before;
    check(calls === 1 && distinct === 1, `expected 1 STS call and 1 credential, saw ${calls} and ${distinct}`);
    ok(3, `16 callers served, STS calls: ${calls}, slowest ${Math.max(...fleet.map((r) => r.ms)).toFixed(0)} ms`);

    say('4. A session close to expiry: STS hands out sessions with 20 min 3 s left.');
    server.durationOverrideSeconds = 20 * 60 + 3;
    const first = await sts(ws, ws.args(SHORT_ROLE));
    const again = await sts(ws, ws.args(SHORT_ROLE));
    check(again.json.AccessKeyId === first.json.AccessKeyId, 'expected a hit while more than 20 minutes remain');
    say('   ...waiting 4 s, until less than 20 minutes remain...');
    await sleep(4000);
    const renewed = await sts(ws, ws.args(SHORT_ROLE));
    server.durationOverrideSeconds = undefined;
    check(renewed.json.AccessKeyId !== first.json.AccessKeyId, 'expected a renewal inside the refresh window');
    const left = Math.round((Date.parse(first.json.Expiration ?? '') - Date.now()) / 1000);
    ok(4, `renewed with ${Math.floor(left / 60)} min ${left % 60} s left, well before the AWS CLI's 15-minute mark`);

    say('5. The AWS CLI through credential_process = sts-refresh ...');
    if (spawnSync('aws', ['--version'], { stdio: 'ignore' }).status === 0) {
      const { stdout } = await run('aws', ['sts', 'get-caller-identity', '--profile', 'demo', '--output', 'json'], { env: ws.env });
      const identity = JSON.parse(stdout) as { Arn?: string };
      check(Boolean(identity.Arn?.includes(':assumed-role/demo/')), `unexpected identity ${identity.Arn}`);
      ok(5, `aws sts get-caller-identity --profile demo -> ${identity.Arn}`);
    } else {
      ok(5, 'skipped: no aws CLI on PATH');
    }

    say('6. sts-refresh print: what the AWS CLI gets, secrets hidden.');
    const { stdout: summary } = await run(process.execPath, [CLI, 'print', ...ws.args(ROLE)], { env: ws.env });
    check(!summary.includes(cold.json.SecretAccessKey ?? '\0'), 'print showed the secret');
    say(summary.replace(/^/gm, '     ').trimEnd());
    ok(6, 'print shows the cache status and expiry, and hides the secret and token');

    await execStep(server, ws);

    say('\ndemo finished: every step ok; the throwaway HOME and the STS server are gone.');
  } finally {
    await cleanup();
  }
}

async function execStep(server: StsServer, ws: Workspace): Promise<void> {
  say('7. exec: a command that keeps calling AWS while its credentials renew underneath it.');
  say('   (STS hands out 6 s sessions here, renewed once 3 s remain: a 1 h session, sped up)');
  server.durationOverrideSeconds = 6;
  const consumer = join(ws.home, 'consumer.js');
  const stop = join(ws.home, 'stop');
  // The JS SDK's default chain, calling STS every 100 ms until told to stop. exec hands it a loopback
  // credential endpoint, which the SDK asks again before its credentials expire.
  writeFileSync(consumer, sdkConsumerScript(createRequire(__filename).resolve('@aws-sdk/client-sts'), 300));
  const assumedBefore = server.count('AssumeRole');
  const firstCall = server.calls.length;
  const calls = () => server.calls.slice(firstCall).filter((c) => c.action === 'GetCallerIdentity');
  const signers = () => new Set(calls().map((c) => c.accessKeyId));
  const exec = run(
    process.execPath,
    [CLI, 'exec', ...ws.args(EXEC_ROLE), '--refresh-window', '3s', '--', process.execPath, consumer, stop],
    {
      env: ws.env,
    },
  );
  let ended = false;
  void exec.finally(() => (ended = true)).catch(() => undefined);
  // Until the command has signed with the keys of three sessions: two renewals.
  while (!ended && signers().size < 3) await sleep(50);
  writeFileSync(stop, '');
  const { stdout } = await exec;
  server.durationOverrideSeconds = undefined;
  const made = calls();
  const issued = new Map(server.issued.map((c) => [c.AccessKeyId, Date.parse(c.Expiration)]));
  const assumed = server.count('AssumeRole') - assumedBefore;
  check(Number(stdout.trim()) === made.length, `the command counted ${stdout.trim()} calls, STS saw ${made.length}`);
  check(signers().size >= 3, `expected the command to sign with 3 sessions' keys, saw ${signers().size}`);
  check(
    made.every((c) => (issued.get(c.accessKeyId ?? '') ?? 0) > c.at),
    'a call was signed with an expired key',
  );
  // One AssumeRole a session, shared by every call the command made with it (the last renewal may
  // come just before the command stops).
  check(assumed >= signers().size && assumed <= signers().size + 1, `expected one AssumeRole a session, saw ${assumed}`);
  ok(7, `the command made ${made.length} calls with ${signers().size} sessions' keys, none expired; STS AssumeRole calls: ${assumed}`);
}

function check(condition: boolean, message: string): asserts condition {
  if (!condition) throw new Error(message);
}

main().catch((error: unknown) => {
  process.stderr.write(`sts-refresh demo: failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { useLoopbackSts, expectNoSecretsOnStderr, ROLE } from '../support/cli-env';
import { CLI_PATH } from '../support/run-cli';
import { spawnCollected } from '../support/collected';
import { awsCli as findAwsCli, boto3Python, JS_SDK_STS } from '../support/sdk-tools';
import { SOURCE_KEY_ID } from '../support/temp-home';
import { testIf } from '../support/needs';
import { sdkConsumerScript } from '../support/sdk-consumer';

// Real SDKs as long-lived children of exec, each making calls until it has gone through two
// renewals of 6-second sessions (renewed once 3 s remain), with [default]'s static keys as the
// source profile: the setup in which the shared files would win over the endpoint.
const sts = useLoopbackSts();
const cli = sts.cli;
const SESSION_SECONDS = 6;
const RENEWALS = 2;

const python = boto3Python();
const awsCli = findAwsCli();

/**
 * Runs `command` under exec until the loopback STS has seen it sign with RENEWALS + 1 different
 * keys, then tells it to stop (a file whose path is its last argument), and checks every call.
 */
async function runConsumer(command: string[], tools: readonly string[]) {
  sts.server.durationOverrideSeconds = SESSION_SECONDS;
  const path = cli.home.toolPath([...tools, 'sh']);
  const stop = join(cli.home.home, 'stop');
  const signers = () => new Set(sts.server.calls.filter((c) => c.action === 'GetCallerIdentity').map((c) => c.accessKeyId));
  const exec = spawnCollected(process.execPath, [CLI_PATH, 'exec', '--role', ROLE, '--refresh-window', '3s', '--', ...command, stop], {
    env: cli.env({ PATH: path }),
  });
  while (!exec.ended() && signers().size < RENEWALS + 1) await new Promise((r) => setTimeout(r, 50));
  writeFileSync(stop, '');
  const code = await exec.exited;
  const [stdout, stderr] = [exec.stdout(), exec.stderr()];
  if (code !== 0) throw new Error(`exit ${code}: ${stderr}`);
  const calls = sts.server.calls.filter((c) => c.action === 'GetCallerIdentity');
  // Every call the consumer made succeeded, and it counted them.
  expect(Number(stdout.trim())).toBe(calls.length);
  const issued = new Map(sts.server.issued.map((c) => [c.AccessKeyId, c]));
  for (const call of calls) {
    // Signed with role credentials (never [default]'s keys), which had not expired.
    expect(call.accessKeyId).not.toBe(SOURCE_KEY_ID);
    const creds = issued.get(call.accessKeyId ?? '');
    expect(creds).toBeDefined();
    expect(Date.parse(creds?.Expiration ?? '')).toBeGreaterThan(call.at);
  }
  expect(signers().size).toBeGreaterThanOrEqual(RENEWALS + 1);
  // STS calls equal renewals: each AssumeRole after the first came once the credentials before
  // it were inside their refresh window (3 s, less up to 1.5 s for the seconds STS rounds to and
  // the clock offset measured from its Date header), never while they were still fresh. (A
  // consumer slow enough between fetching credentials and using them may fetch again and sign
  // with the newer ones only, so not every key issued need be seen signing.)
  const renewals = sts.server.calls.filter((c) => c.action === 'AssumeRole');
  renewals.slice(1).forEach((call, i) => {
    expect(call.at).toBeGreaterThanOrEqual(Date.parse(sts.server.issued[i]?.Expiration ?? '') - 4500);
  });
  expect(renewals.length).toBe(sts.server.issued.length);
  expectNoSecretsOnStderr({ exitCode: code, signal: null, stdout, stderr }, sts.server);
}

describe('long-lived consumers under exec renew through the endpoint', () => {
  testIf(python ? undefined : 'python3 with boto3 is not installed')(
    "boto3's default chain",
    async () => {
      const consumer = join(cli.home.home, 'consumer.py');
      writeFileSync(
        consumer,
        `import os, sys, time
import boto3
stop = sys.argv[1]
client = boto3.client('sts')
n = 0
while not os.path.exists(stop) and n < 200:
    client.get_caller_identity()
    n += 1
    time.sleep(0.1)
print(n)
`,
      );
      await runConsumer([python as string, consumer], ['python3']);
    },
    90_000,
  );

  test("the JS SDK's default chain", async () => {
    const consumer = join(cli.home.home, 'consumer.js');
    writeFileSync(consumer, sdkConsumerScript(JS_SDK_STS));
    await runConsumer([process.execPath, consumer], ['node']);
  }, 90_000);

  testIf(awsCli ? undefined : 'the aws CLI is not installed')(
    'the AWS CLI',
    async () => {
      const consumer = join(cli.home.home, 'consumer.sh');
      writeFileSync(
        consumer,
        `n=0
while [ ! -e "$1" ] && [ $n -lt 200 ]; do
  aws sts get-caller-identity >/dev/null || exit 1
  n=$((n + 1))
done
echo $n
`,
      );
      await runConsumer(['sh', consumer], ['aws']);
    },
    120_000,
  );
});

import { useLoopbackSts, ROLE } from '../support/cli-env';

const sts = useLoopbackSts();
const cli = sts.cli;

/** What exec's child sees: its environment, as JSON on stdout. */
async function childEnv(): Promise<Record<string, string>> {
  const result = await cli.run(['exec', '--role', ROLE, '--', process.execPath, '-e', 'process.stdout.write(JSON.stringify(process.env))']);
  if (result.exitCode !== 0) throw new Error(`exit ${result.exitCode}: ${result.stderr}`);
  return JSON.parse(result.stdout) as Record<string, string>;
}

// Values exec makes anew for every run by design (an endpoint's address and token), compared by name only.
const PER_RUN = /^AWS_CONTAINER_/;
const comparable = (env: Record<string, string>) =>
  Object.fromEntries(Object.entries(env).map(([k, v]) => [k, PER_RUN.test(k) ? '(per run)' : v]));

test("exec's child gets the same environment on a miss as on a hit, and nothing the miss path used itself", async () => {
  const cold = await childEnv();
  expect(sts.server.count('AssumeRole')).toBe(1);
  const warm = await childEnv();
  expect(sts.server.count('AssumeRole')).toBe(1);
  expect(comparable(cold)).toEqual(comparable(warm));
  for (const env of [cold, warm]) {
    expect(env).not.toHaveProperty('AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED');
    expect(env).not.toHaveProperty('STS_REFRESH_CHAIN');
  }
});

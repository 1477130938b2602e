import { useLoopbackSts, ROLE } from '../support/cli-env';

const sts = useLoopbackSts();
const cli = sts.cli;

/** What exec's child sees: its environment, as JSON on stdout. */
async function childEnv(flags: string[]): Promise<Record<string, string>> {
  const dump = [process.execPath, '-e', 'process.stdout.write(JSON.stringify(process.env))'];
  const result = await cli.run(['exec', '--role', ROLE, ...flags, '--', ...dump]);
  if (result.exitCode !== 0) throw new Error(`exit ${result.exitCode}: ${result.stderr}`);
  return JSON.parse(result.stdout) as Record<string, string>;
}

// Values the endpoint makes anew for every run by design (its address, its token, the config file
// it points the child at), compared by name only.
const PER_RUN = /^(AWS_CONTAINER_.*|AWS_CONFIG_FILE)$/;
const comparable = (env: Record<string, string>) =>
  Object.fromEntries(Object.entries(env).map(([k, v]) => [k, PER_RUN.test(k) ? '(per run)' : v]));

test.each<[string, string[], (env: Record<string, string>) => Record<string, string>]>([
  ['through the endpoint', [], comparable],
  ['with --no-server', ['--no-server'], (env) => env],
])(
  "exec's child gets the same environment on a miss as on a hit (%s), and nothing the miss path used itself",
  async (_name, flags, compared) => {
    const cold = await childEnv(flags);
    expect(sts.server.count('AssumeRole')).toBe(1);
    const warm = await childEnv(flags);
    expect(sts.server.count('AssumeRole')).toBe(1);
    expect(compared(cold)).toEqual(compared(warm));
    for (const env of [cold, warm]) {
      expect(env).not.toHaveProperty('AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED');
      expect(env).not.toHaveProperty('STS_REFRESH_CHAIN');
    }
  },
);

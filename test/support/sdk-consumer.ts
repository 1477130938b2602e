/**
 * A long-running command for exec: the JS SDK's default chain (from `sdkPath`, the resolved
 * @aws-sdk/client-sts), calling STS GetCallerIdentity every 100 ms until the file named by its
 * first argument exists (or after `maxCalls`), then printing how many calls it made. Run by
 * test/integration/exec-consumers.test.ts and by the demo.
 */
export function sdkConsumerScript(sdkPath: string, maxCalls = 200): string {
  return `const fs = require('node:fs');
const { STSClient, GetCallerIdentityCommand } = require(${JSON.stringify(sdkPath)});
(async () => {
  const client = new STSClient({ region: process.env.AWS_REGION || 'us-east-1' });
  const stop = process.argv[2];
  let n = 0;
  while (!fs.existsSync(stop) && n < ${maxCalls}) {
    await client.send(new GetCallerIdentityCommand({}));
    n++;
    await new Promise((r) => setTimeout(r, 100));
  }
  console.log(n);
})().catch((e) => { console.error(e.message); process.exitCode = 1; });
`;
}

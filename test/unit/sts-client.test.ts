import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { stsClient, type StsTarget } from '../../src/aws/sts-client';

// sts-endpoint.ts alone decides where STS calls go; the SDK must not add a config file's
// endpoint_url behind its back, which would also leave the cache key naming another endpoint.
describe('stsClient', () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
  });

  /** The host a call would have been sent to; it is stopped before it leaves the process. */
  async function hostOf(target: StsTarget): Promise<string> {
    const client = stsClient(target, { accessKeyId: 'AKIAEXAMPLE', secretAccessKey: 'secret' });
    let host = '';
    client.middlewareStack.add(
      () => (args) => {
        const request = args.request as { hostname: string; port?: number };
        host = `${request.hostname}${request.port ? `:${request.port}` : ''}`;
        return Promise.reject(new Error('stopped before sending'));
      },
      { step: 'finalizeRequest', priority: 'low', name: 'captureHost' },
    );
    await expect(client.send(new GetCallerIdentityCommand({}))).rejects.toThrow('stopped before sending');
    return host;
  }

  test("a config file's endpoint_url (profile or services section) is not used: the region's STS is", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sts-client-'));
    const config = join(dir, 'config');
    writeFileSync(
      config,
      '[default]\nendpoint_url = http://127.0.0.1:9\nservices = local\n[services local]\nsts =\n  endpoint_url = http://127.0.0.1:8\n',
    );
    for (const name of Object.keys(process.env)) if (name.startsWith('AWS_')) delete process.env[name];
    process.env.AWS_CONFIG_FILE = config;
    process.env.AWS_SHARED_CREDENTIALS_FILE = join(dir, 'credentials');
    expect(await hostOf({ region: 'eu-west-1' })).toBe('sts.eu-west-1.amazonaws.com');
  });

  test('the endpoint sts-endpoint.ts resolved is used', async () => {
    expect(await hostOf({ region: 'eu-west-1', endpoint: 'http://127.0.0.1:4566' })).toBe('127.0.0.1:4566');
  });
});

// Keys in the keyring, end to end: an IAM user's key made in moto, imported from the credentials
// file, then used by the real aws CLI, by boto3 and by sts-refresh as a source profile; rotated
// through moto's IAM; removed. Afterwards no file under HOME holds a secret.
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { filesHolding } from '../support/keys';
import { startMoto, type Moto } from '../support/moto';
import { runCli, type CliResult } from '../support/run-cli';
import { secretServiceMissing, startSessionBus, type SessionBus } from '../support/secret-service';
import { which } from '../support/tool-path';
import { makeTempHome, type TempHome } from '../support/temp-home';
import { describeIf } from '../support/needs';

const ROLE = 'arn:aws:iam::123456789012:role/e2e-keys';
const missing = ['aws', 'moto_server', 'python3'].filter((cmd) => which(cmd) === undefined);
const reason = missing.length > 0 ? `${missing.join(' and ')} not found on PATH` : undefined;

// The encrypted file, and the Secret Service, which needs its Debian packages too.
const BACKENDS: Array<[string, string | undefined]> = [
  ['file', reason],
  ['secret-service', reason ?? secretServiceMissing()],
];

interface Run {
  exitCode: number | null;
  stdout: string;
  stderr: string;
}

function run(file: string, args: string[], env: NodeJS.ProcessEnv, cwd: string): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { env, cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (s: string) => (stdout += s));
    child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('error', reject);
    child.on('close', (exitCode) => {
      clearTimeout(timer);
      resolve({ exitCode, stdout, stderr });
    });
  });
}

const BOTO3 = `
import json, os, boto3
session = boto3.Session(profile_name="user1")
print(session.client("sts", endpoint_url=os.environ["MOTO_URL"], region_name="us-east-1").get_caller_identity()["Arn"])
`;

for (const [backend, missing] of BACKENDS) {
  describeIf(missing)(`keys in the keyring (${backend}) with moto as IAM and STS`, () => {
    let moto: Moto | undefined;
    let home: TempHome;
    let bus: SessionBus | undefined;
    let keyringHome: string | undefined;
    let env: NodeJS.ProcessEnv;
    const m = (): Moto => {
      if (!moto) throw new Error('beforeAll did not start moto');
      return moto;
    };
    const backendArgs = backend === 'file' ? ['--backend', 'file', '--passphrase-env', 'KEYS_PASS'] : ['--backend', backend];
    const sts = (args: string[]): Promise<CliResult> => runCli(args, { env, detached: true });
    const aws = (args: string[]) => run('aws', [...args, '--endpoint-url', m().url, '--output', 'json'], env, home.home);
    const awsOk = async (args: string[]) => {
      const result = await aws(args);
      if (result.exitCode !== 0) throw new Error(`aws ${args.join(' ')} exited ${result.exitCode}: ${result.stderr}`);
      return JSON.parse(result.stdout || '{}') as Record<string, unknown>;
    };
    const keyIds = async () =>
      (
        (await awsOk(['iam', 'list-access-keys', '--user-name', 'alice', '--profile', 'admin'])).AccessKeyMetadata as Array<{
          AccessKeyId: string;
        }>
      ).map((k) => k.AccessKeyId);

    beforeAll(async () => {
      moto = await startMoto();
      home = makeTempHome();
      if (backend === 'secret-service') {
        keyringHome = mkdtempSync(join(tmpdir(), 'sts-refresh-keyring-'));
        bus = await startSessionBus(keyringHome);
        await bus.startKeyring();
      }
      env = home.env({
        PATH: home.toolPath(['node', 'aws', 'python3']),
        KEYS_PASS: 'e2e passphrase',
        MOTO_URL: moto.url,
        // The SDKs' own endpoint variable: rotate's IAM and STS calls go to moto through it.
        AWS_ENDPOINT_URL: moto.url,
        AWS_DEFAULT_REGION: 'us-east-1',
        ...(bus && { DBUS_SESSION_BUS_ADDRESS: bus.address }),
      });
      // moto does not check signatures: any keys will do to make the user and its first key.
      home.writeConfig('[profile admin]\nregion = us-east-1\n');
      home.writeCredentials('[admin]\naws_access_key_id = AKIAADMIN00000000000\naws_secret_access_key = admin-secret-not-imported\n');
    }, 60_000);

    afterAll(async () => {
      await moto?.stop();
      await bus?.stop();
      home?.cleanup();
      if (keyringHome) rmSync(keyringHome, { recursive: true, force: true });
    });

    test('import, then the aws CLI, boto3 and sts-refresh as a source all use the key; rotate and remove', async () => {
      await awsOk(['iam', 'create-user', '--user-name', 'alice', '--profile', 'admin']);
      const created = (await awsOk(['iam', 'create-access-key', '--user-name', 'alice', '--profile', 'admin'])).AccessKey as {
        AccessKeyId: string;
        SecretAccessKey: string;
      };
      const oldSecret = created.SecretAccessKey;
      home.writeCredentials(
        `${readFileSync(home.credentialsFile, 'utf8')}\n[user1]\naws_access_key_id = ${created.AccessKeyId}\naws_secret_access_key = ${oldSecret}\n`,
      );

      const imported = await sts(['keys', 'import', 'user1', ...backendArgs]);
      expect(imported).toMatchObject({ exitCode: 0, stderr: '' });
      expect(filesHolding(home.home, oldSecret)).toEqual([]);

      // The AWS CLI and boto3 read the keys through the credential_process line.
      const identity = await awsOk(['sts', 'get-caller-identity', '--profile', 'user1']);
      expect(identity.Arn).toBe('arn:aws:iam::123456789012:user/alice');
      const boto3 = await run('python3', ['-c', BOTO3], env, home.home);
      expect({ exitCode: boto3.exitCode, stdout: boto3.stdout }).toEqual({ exitCode: 0, stdout: 'arn:aws:iam::123456789012:user/alice\n' });

      // sts-refresh's own --source-profile: AssumeRole is signed with the imported key.
      await m().resetRecording();
      const role = await sts(['--role', ROLE, '--source-profile', 'user1', '--endpoint-url', m().url]);
      expect(role.exitCode).toBe(0);
      expect((await m().recordedCalls()).filter((c) => c.action === 'AssumeRole')).toEqual([
        { action: 'AssumeRole', accessKeyId: created.AccessKeyId },
      ]);
      expect(readdirSync(home.cacheDir).filter((f) => f.endsWith('.json'))).toHaveLength(1);

      // rotate: a new key in IAM and the keyring, the old one deleted, its cached session gone.
      const rotated = await sts(['keys', 'rotate', 'user1', ...backendArgs]);
      expect(rotated.stderr).toBe('');
      expect(rotated.stdout).toMatch(
        /created \*\*\*\*\w{4}, stored it in .* and checked it with STS\ndeleted the old key \*\*\*\*\w{4} from IAM\nremoved 1 cached session made from the old key\n$/,
      );
      const served = JSON.parse((await sts(['keys', 'serve', 'user1', ...backendArgs])).stdout) as {
        AccessKeyId: string;
        SecretAccessKey: string;
      };
      expect(served.AccessKeyId).not.toBe(created.AccessKeyId);
      expect(await keyIds()).toEqual([served.AccessKeyId]);
      expect(readdirSync(home.cacheDir).filter((f) => f.endsWith('.json'))).toEqual([]);
      expect((await awsOk(['sts', 'get-caller-identity', '--profile', 'user1'])).Arn).toBe('arn:aws:iam::123456789012:user/alice');

      const listed = await sts(['keys', 'list', ...backendArgs]);
      expect(listed.stdout).toContain(`user1                    ****${served.AccessKeyId.slice(-4)}  ${backend}\n`);

      // remove: the item and the line; the profile has no credentials any more.
      expect((await sts(['keys', 'remove', 'user1', ...backendArgs])).exitCode).toBe(0);
      expect((await aws(['sts', 'get-caller-identity', '--profile', 'user1'])).exitCode).not.toBe(0);

      for (const secret of [oldSecret, served.SecretAccessKey]) {
        expect(filesHolding(home.home, secret)).toEqual([]);
        for (const r of [imported, role, rotated, listed]) expect(r.stdout + r.stderr).not.toContain(secret);
      }
    }, 180_000);
  });
}

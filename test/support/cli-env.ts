import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli, type CliResult, type RunOptions } from './run-cli';
import { makeTempHome, SOURCE_SECRET, type TempHome } from './temp-home';
import { startStsServer, type StsServer } from './sts-server';

export const ROLE = 'arn:aws:iam::123456789012:role/Prod';

export interface CredentialJson {
  Version: number;
  AccessKeyId: string;
  SecretAccessKey: string;
  SessionToken: string;
  Expiration: string;
  AccountId: string;
}

export type CliFixture = ReturnType<typeof cliFixture>;

/** A temp home wired to a loopback STS server, with shorthands for the calls most tests make. */
export function cliFixture(server: () => StsServer) {
  let home: TempHome;
  const fixture = {
    get home() {
      return home;
    },
    setup() {
      home = makeTempHome();
    },
    cleanup() {
      home.cleanup();
    },
    env(extra: NodeJS.ProcessEnv = {}) {
      return home.env({ AWS_ENDPOINT_URL_STS: server().url, ...extra });
    },
    run(args: string[], extraEnv: NodeJS.ProcessEnv = {}, options: Omit<RunOptions, 'env'> = {}): Promise<CliResult> {
      return runCli(args, { env: fixture.env(extraEnv), detached: true, ...options });
    },
    /** Rewrites the single cache entry so that it expires `minutes` from now. */
    setMinutesLeft(minutes: number): void {
      const file = join(home.cacheDir, fixture.cacheFiles()[0] ?? '');
      const entry = JSON.parse(readFileSync(file, 'utf8'));
      entry.credentials.Expiration = new Date(Date.now() + minutes * 60_000).toISOString();
      writeFileSync(file, JSON.stringify(entry));
    },
    cacheFiles(): string[] {
      try {
        return readdirSync(home.cacheDir).filter((f) => f.endsWith('.json'));
      } catch {
        return [];
      }
    },
  };
  return fixture;
}

/** Asserts the credential_process contract: exit 0, exactly one JSON object on stdout, and returns it. */
export function expectCredentials(result: CliResult): CredentialJson {
  if (result.exitCode !== 0) throw new Error(`exit ${result.exitCode}: ${result.stderr}`);
  expect(result.stdout.endsWith('\n')).toBe(true);
  expect(result.stdout.trim().split('\n')).toHaveLength(1);
  const json = JSON.parse(result.stdout) as CredentialJson;
  expect(Object.keys(json)).toEqual(['Version', 'AccessKeyId', 'SecretAccessKey', 'SessionToken', 'Expiration', 'AccountId']);
  expect(json.Version).toBe(1);
  expect(json.Expiration).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{3})?Z$/);
  return json;
}

/** Asserts the error contract: one stderr line starting `sts-refresh:`, no stack trace, nothing on stdout. */
export function expectOneLineError(result: CliResult, exitCode: 1 | 2, message: RegExp): void {
  expect({ exitCode: result.exitCode, stdout: result.stdout }).toEqual({ exitCode, stdout: '' });
  const lines = result.stderr.trimEnd().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^sts-refresh: /);
  expect(lines[0]).toMatch(message);
  expect(result.stderr).not.toMatch(/\n\s+at /);
}

/** No secret the test world knows (the source secret, every issued secret and token) is on stderr. */
export function expectNoSecretsOnStderr(result: CliResult, server: StsServer): void {
  const secrets = [SOURCE_SECRET, ...server.issued.flatMap((c) => [c.SecretAccessKey, c.SessionToken])];
  for (const secret of secrets) expect(result.stderr).not.toContain(secret);
}

/**
 * The hooks most integration files need: one loopback STS server per file, reset before each test,
 * and a fresh temporary HOME per test, removed after it.
 */
export function useLoopbackSts(): { readonly server: StsServer; cli: CliFixture } {
  let server: StsServer | undefined;
  const current = (): StsServer => {
    if (!server) throw new Error('the loopback STS server is not started yet');
    return server;
  };
  const sts = {
    get server(): StsServer {
      return current();
    },
    cli: cliFixture(current),
  };
  beforeAll(async () => {
    server = await startStsServer();
  });
  afterAll(() => server?.close());
  beforeEach(() => {
    sts.server.reset();
    sts.cli.setup();
  });
  afterEach(() => sts.cli.cleanup());
  return sts;
}

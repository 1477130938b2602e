import type { CheckResult } from './check';
import { checkAwsCli } from './checks/aws-cli';
import { checkClock } from './checks/clock';
import { checkCredentialSource, credentialSource } from './checks/credential-source';
import { isOwnLine } from '../core/profile/own-line';
import { checkEnvironment } from './checks/environment';
import { checkFileModes } from './checks/file-modes';
import { checkPlaintextKeys } from './checks/plaintext-keys';
import { checkSessionTokens, type ProfileFile } from './checks/session-tokens';
import { checkStaleCaches } from './checks/stale-caches';
import { awsPaths } from '../config/aws-paths';
import { awsCliFacts, fileModes, loginFacts, readBackups, readProfiles, runCredentialProcess, staleCacheFacts } from './gather';
import { stsClockOffset } from './sts-date';

export interface DoctorInit {
  env: NodeJS.ProcessEnv;
  now: () => number;
  profile?: string;
  /** The STS endpoint for the clock check, resolved like the core's --endpoint-url/--region. */
  endpoint: string;
  ownCacheDir: string;
}

// Every check runs at once under its own limit, so the whole run stays below 15 s even with the
// network down; the credential_process run gets the most because it may call STS.
const LIMIT_MS = 5_000;
const PROCESS_LIMIT_MS = 10_000;

interface PendingCheck {
  id: string;
  title: string;
  limitMs: number;
  run: () => Promise<CheckResult>;
}

export async function runDoctor(init: DoctorInit): Promise<CheckResult[]> {
  const { env, now } = init;
  const paths = awsPaths(env);
  const bothFiles = (check: (files: ProfileFile[]) => CheckResult) => async () => {
    const { config, credentials } = await readProfiles(paths);
    return check([config, credentials]);
  };
  const checks: PendingCheck[] = [
    { id: 'aws-cli', title: 'AWS CLI', limitMs: LIMIT_MS, run: async () => checkAwsCli(await awsCliFacts(env, LIMIT_MS - 500)) },
    {
      id: 'clock',
      title: 'clock',
      limitMs: LIMIT_MS,
      run: async () => {
        try {
          return checkClock({
            endpoint: init.endpoint,
            offsetMs: await stsClockOffset({ endpoint: init.endpoint, timeoutMs: LIMIT_MS - 500, now }),
          });
        } catch (error) {
          return checkClock({ endpoint: init.endpoint, error: error instanceof Error ? error.message : String(error) });
        }
      },
    },
    { id: 'environment', title: 'environment', limitMs: LIMIT_MS, run: async () => checkEnvironment(env, now()) },
    {
      id: 'session-tokens',
      title: 'static temporary credentials',
      limitMs: LIMIT_MS,
      run: bothFiles((files) => checkSessionTokens(files, now())),
    },
    {
      id: 'plaintext-keys',
      title: 'long-term keys in plain text',
      limitMs: LIMIT_MS,
      run: async () => {
        const { config, credentials } = await readProfiles(paths);
        return checkPlaintextKeys([config, credentials, ...(await readBackups(paths))]);
      },
    },
    {
      id: 'stale-caches',
      title: 'stale caches',
      limitMs: LIMIT_MS,
      run: async () => checkStaleCaches(staleCacheFacts(paths, init.ownCacheDir), now()),
    },
    { id: 'file-modes', title: 'file permissions', limitMs: LIMIT_MS, run: async () => checkFileModes(fileModes(paths, init.ownCacheDir)) },
  ];
  const profile = init.profile;
  if (profile !== undefined) {
    checks.push({
      id: 'credential-source',
      title: `profile ${profile}`,
      limitMs: PROCESS_LIMIT_MS + 1_000,
      run: async () => {
        const { config, credentials } = await readProfiles(paths);
        const configKeys = config.profiles[profile];
        const credentialKeys = credentials.profiles[profile];
        const source = credentialSource(configKeys, credentialKeys, env);
        const line = configKeys?.credential_process;
        const run =
          source.kind === 'credential_process' && line && isOwnLine(line, process.platform)
            ? await runCredentialProcess(line, env, PROCESS_LIMIT_MS)
            : undefined;
        const session = configKeys?.login_session;
        const login = source.kind === 'login session' && session ? loginFacts(paths, session) : undefined;
        return checkCredentialSource(
          {
            profile,
            exists: Boolean(configKeys || credentialKeys),
            source,
            ...(line && { credentialProcess: line }),
            ...(run && { run }),
            ...(login && { login }),
          },
          now(),
        );
      },
    });
  }
  return Promise.all(checks.map(limited));
}

/** A check that overruns or throws becomes a finding of its own instead of hanging or sinking the run. */
async function limited(check: PendingCheck): Promise<CheckResult> {
  let timer: NodeJS.Timeout | undefined;
  const overrun = new Promise<CheckResult>((resolve) => {
    timer = setTimeout(
      () => resolve({ id: check.id, title: check.title, status: 'warn', saw: `did not finish within ${check.limitMs / 1000} s` }),
      check.limitMs,
    );
  });
  try {
    return await Promise.race([
      check.run().catch((error: unknown): CheckResult => ({
        id: check.id,
        title: check.title,
        status: 'warn',
        saw: `could not run: ${error instanceof Error ? error.message : String(error)}`,
      })),
      overrun,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

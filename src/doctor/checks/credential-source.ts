import { maskKeyId, type CheckResult } from '../check';
import { sourcesOf, type SourceName } from '../../core/profile/credential-settings';
import { shellQuote } from '../../core/shell/shell-words';

type Keys = Record<string, string | undefined>;

export type SourceKind = 'environment' | SourceName | 'none';

export interface CredentialSource {
  kind: SourceKind;
  /** The sources the profile also names that lose to `kind`, in precedence order. */
  shadowed: SourceKind[];
}

/**
 * The AWS CLI's (botocore's) order for one profile: environment keys, then the profile's own
 * sources (core/profile/credential-settings.ts). Environment keys lose only to an explicit
 * `aws --profile`; with AWS_PROFILE they still win.
 */
export function credentialSource(config: Keys | undefined, credentials: Keys | undefined, env: NodeJS.ProcessEnv): CredentialSource {
  const found: SourceKind[] = [
    ...(env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY ? ['environment' as const] : []),
    ...sourcesOf(config, credentials).map((row) => row.name),
  ];
  return { kind: found[0] ?? 'none', shadowed: found.slice(1) };
}

export interface ProcessRun {
  command: string;
  /** Whether the line is sts-refresh's `keys serve`, split as the platform's AWS CLI splits it. */
  servesKeys?: boolean;
  /** Where the first word resolved; undefined when it is not on PATH. */
  resolvedPath?: string;
  exitCode?: number | null;
  stdout?: string;
  stderr?: string;
  error?: string;
}

/** An `aws login` profile's session on this machine: its login_session and the cache file that holds it. */
export interface LoginFacts {
  session: string;
  cacheFile: string;
  /** 'unreadable' with why: a link, a FIFO, a file another user may write. */
  state: 'present' | 'missing' | 'unreadable';
  why?: string;
}

export interface CredentialSourceFacts {
  profile: string;
  exists: boolean;
  source: CredentialSource;
  credentialProcess?: string;
  run?: ProcessRun;
  login?: LoginFacts;
}

export function checkCredentialSource(facts: CredentialSourceFacts, nowMs: number): CheckResult {
  const base = { id: 'credential-source', title: `profile ${facts.profile}` };
  const { kind, shadowed } = facts.source;
  const setupFix = `sts-refresh setup --profile ${shellQuote(facts.profile)} --role arn:aws:iam::ACCOUNT:role/NAME --source-profile LONG_TERM_PROFILE`;
  if (!facts.exists && kind !== 'environment') {
    return { ...base, status: 'fail', saw: `no profile '${facts.profile}' in the config or credentials file`, fix: setupFix };
  }
  if (kind === 'none') return { ...base, status: 'fail', saw: `profile '${facts.profile}' has no credentials`, fix: setupFix };
  const lost = shadowed.length ? `; it also names ${shadowed.join(', ')}, which the AWS CLI ignores` : '';
  if (kind === 'environment') {
    return {
      ...base,
      status: 'warn',
      saw: `the AWS CLI uses AWS_ACCESS_KEY_ID from the environment (unless run with --profile ${shellQuote(facts.profile)})${lost}`,
      fix: 'unset AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY AWS_SESSION_TOKEN',
    };
  }
  if (kind === 'credential_process' && facts.run) return checkProcessRun(base, facts.run, nowMs);
  if (kind === 'login session' && facts.login) return checkLogin(base, facts.profile, facts.login);
  if (shadowed.includes('credential_process')) {
    return {
      ...base,
      status: 'warn',
      saw: `the AWS CLI uses ${kind}, so its credential_process is never run${lost}`,
      fix: `sts-refresh setup --profile ${shellQuote(facts.profile)} --role ARN --replace (removes ${kind})`,
    };
  }
  const note = kind === 'credential_process' ? `: ${facts.credentialProcess ?? ''} (not sts-refresh, not run)` : '';
  return { ...base, status: 'ok', saw: `the AWS CLI uses ${kind}${note}${lost}` };
}

/**
 * `aws login` (AWS CLI 2.32+): 15-minute keys that the AWS CLI and the SDKs (sts-refresh's too)
 * renew through AWS Sign-In with the session's refresh token, for up to 12 hours after the sign-in.
 */
function checkLogin(base: { id: string; title: string }, profile: string, login: LoginFacts): CheckResult {
  const signIn = `aws login${profile === 'default' ? '' : ` --profile ${shellQuote(profile)}`}`;
  const uses = `the AWS CLI uses an aws login session (login_session = ${login.session})`;
  if (login.state === 'missing') {
    return {
      ...base,
      status: 'fail',
      saw: `${uses}, but ${login.cacheFile} is missing: not signed in on this machine, or signed out`,
      fix: signIn,
    };
  }
  if (login.state === 'unreadable') {
    return { ...base, status: 'warn', saw: `${uses}, but ${login.cacheFile} cannot be read: ${login.why ?? 'unreadable'}`, fix: signIn };
  }
  return {
    ...base,
    status: 'ok',
    saw: `${uses}: 15-minute keys, renewed through AWS Sign-In for up to 12 hours after the sign-in, then ${signIn} again; as a --source-profile of sts-refresh its roles last at most 1 h (role chaining)`,
  };
}

function checkProcessRun(base: { id: string; title: string }, run: ProcessRun, nowMs: number): CheckResult {
  const fail = (saw: string, fix: string): CheckResult => ({ ...base, status: 'fail', saw, fix });
  if (!run.resolvedPath) {
    return fail(`credential_process '${run.command}' does not resolve on PATH`, 'run sts-refresh setup again: it writes the absolute path');
  }
  if (run.error) return fail(`credential_process ${run.resolvedPath} did not finish: ${run.error}`, `run it by hand: ${run.command}`);
  if (run.exitCode !== 0) {
    const said = (run.stderr ?? '').trim().split('\n').pop() ?? '';
    return fail(`credential_process exited ${run.exitCode}: ${said || '(no message)'}`, 'follow the message above, then run doctor again');
  }
  let json: Record<string, unknown>;
  try {
    json = JSON.parse(run.stdout ?? '') as Record<string, unknown>;
  } catch {
    return fail('credential_process printed something other than one JSON object', `run it by hand: ${run.command}`);
  }
  if (run.servesKeys && json.Version === 1 && typeof json.AccessKeyId === 'string' && json.Expiration === undefined) {
    // keys serve hands out the long-term keys themselves: no token, nothing to expire.
    return {
      ...base,
      status: 'ok',
      saw: `the AWS CLI runs sts-refresh keys serve (${run.resolvedPath}); it returned the long-term key ${maskKeyId(json.AccessKeyId)} from the keyring`,
    };
  }
  const missing = ['AccessKeyId', 'SecretAccessKey', 'SessionToken', 'Expiration'].filter((k) => typeof json[k] !== 'string');
  if (json.Version !== 1 || missing.length) {
    return fail(`credential_process JSON lacks ${json.Version !== 1 ? 'Version 1' : missing.join(', ')}`, `run it by hand: ${run.command}`);
  }
  const minutesLeft = Math.floor((Date.parse(String(json.Expiration)) - nowMs) / 60_000);
  const saw = `the AWS CLI runs sts-refresh (${run.resolvedPath}); it returned ${maskKeyId(String(json.AccessKeyId))}, ${minutesLeft} min left`;
  if (!(minutesLeft > 0)) return fail(saw, 'sts-refresh cache clear --all, then run doctor again');
  return { ...base, status: 'ok', saw };
}

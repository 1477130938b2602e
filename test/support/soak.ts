// The soak: many concurrent credential_process calls while short sessions keep crossing their
// refresh window. Shared by `npm run soak` (scripts/soak.ts, the full run) and a short run in jest;
// it imports only Node built-ins and other test/support modules so that esbuild can bundle it.
import { spawn } from 'node:child_process';
import { startStsServer } from './sts-server';
import { makeTempHome } from './temp-home';

const WAIT_NOTICE = /^sts-refresh: warning: waiting for another sts-refresh[^\n]*\n/gm;

export interface SoakOptions {
  /** The built CLI, dist/sts-refresh.js. */
  cliPath: string;
  invocations: number;
  /**
   * Keep calling until at least this long has passed, too: how many windows a run crosses must
   * not depend on how fast the machine (or sts-refresh) happens to be.
   */
  minSeconds?: number;
  concurrency: number;
  /** Every session STS issues lasts this long... */
  sessionSeconds: number;
  /** ...and is renewed once less than this remains (--refresh-window). */
  windowSeconds: number;
}

export interface SoakFigures {
  invocations: number;
  concurrency: number;
  sessionSeconds: number;
  windowSeconds: number;
  seconds: number;
  /**
   * Non-zero exit, anything on stderr but the one-line notice of a long wait, or stdout that is not
   * the credential_process JSON.
   */
  failures: number;
  /** Calls that said they waited long for another process's renewal: contention, not a fault. */
  waitNotices: number;
  /** Credentials with no more than the window left when the call began. */
  staleServed: number;
  assumeRoleCalls: number;
  /** 1 for the cold start, plus each renewal that came after its predecessor entered the window. */
  windowsCrossed: number;
  /** The least time left on any credentials handed out, measured when the call began. */
  minSecondsLeft: number;
  firstFailure?: string;
}

const ROLE = 'arn:aws:iam::123456789012:role/Soak';

interface Call {
  startedAt: number;
  exitCode: number | null;
  stdout: string;
  stderr: string;
}

function runOnce(cliPath: string, args: string[], env: NodeJS.ProcessEnv): Promise<Call> {
  return new Promise((resolve, reject) => {
    const startedAt = Date.now();
    const child = spawn(process.execPath, [cliPath, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (exitCode) => resolve({ startedAt, exitCode, stdout, stderr }));
  });
}

export async function runSoak(options: SoakOptions): Promise<SoakFigures> {
  const server = await startStsServer({ durationOverrideSeconds: options.sessionSeconds });
  const home = makeTempHome();
  const env = home.env({ AWS_ENDPOINT_URL_STS: server.url });
  const args = ['--role', ROLE, '--refresh-window', `${options.windowSeconds}s`];
  const windowMs = options.windowSeconds * 1000;
  const calls: Call[] = [];
  const began = Date.now();
  try {
    let next = 0;
    const worker = async () => {
      const until = began + (options.minSeconds ?? 0) * 1000;
      while (next < options.invocations || Date.now() < until) {
        next++;
        calls.push(await runOnce(options.cliPath, args, env));
      }
    };
    await Promise.all(Array.from({ length: Math.min(options.concurrency, options.invocations) }, worker));
  } finally {
    home.cleanup();
    await server.close();
  }

  let failures = 0;
  let waitNotices = 0;
  let staleServed = 0;
  let minLeftMs = Infinity;
  let firstFailure: string | undefined;
  for (const call of calls) {
    let expiration: number | undefined;
    try {
      expiration = Date.parse((JSON.parse(call.stdout) as { Expiration: string }).Expiration);
    } catch {
      // counted below
    }
    // A caller that waits long for a holder says so once (cache/cached-provider.ts); on a loaded
    // machine 64 callers at once may, and that is what it is for.
    const stderr = call.stderr.replace(WAIT_NOTICE, () => {
      waitNotices++;
      return '';
    });
    if (call.exitCode !== 0 || stderr !== '' || expiration === undefined || Number.isNaN(expiration)) {
      failures++;
      firstFailure ??= `exit ${call.exitCode}: ${call.stderr.trim() || call.stdout.trim()}`;
      continue;
    }
    // At the start of the call, not its end: on a saturated machine a process may sit for a second
    // between deciding and exiting, and that is the scheduler's doing, not a stale entry.
    const left = expiration - call.startedAt;
    minLeftMs = Math.min(minLeftMs, left);
    if (left <= windowMs) staleServed++;
  }

  const renewals = server.calls.filter((c) => c.action === 'AssumeRole');
  let windowsCrossed = renewals.length > 0 ? 1 : 0;
  for (let i = 1; i < renewals.length; i++) {
    const previous = server.issued[i - 1];
    if (previous && (renewals[i]?.at ?? 0) >= Date.parse(previous.Expiration) - windowMs) windowsCrossed++;
  }
  return {
    invocations: calls.length,
    concurrency: options.concurrency,
    sessionSeconds: options.sessionSeconds,
    windowSeconds: options.windowSeconds,
    seconds: Math.round((Date.now() - began) / 100) / 10,
    failures,
    waitNotices,
    staleServed,
    assumeRoleCalls: renewals.length,
    windowsCrossed,
    minSecondsLeft: Math.round(minLeftMs / 100) / 10,
    ...(firstFailure !== undefined && { firstFailure }),
  };
}

export function formatFigures(f: SoakFigures): string {
  return [
    `invocations:            ${f.invocations} (${f.concurrency} at a time, ${f.seconds} s)`,
    `sessions:               ${f.sessionSeconds} s, renewed with ${f.windowSeconds} s left`,
    `failures:               ${f.failures}${f.firstFailure ? ` (first: ${f.firstFailure})` : ''}`,
    `long-wait notices:      ${f.waitNotices}`,
    `stale served:           ${f.staleServed} (least left at the start of a call: ${f.minSecondsLeft} s)`,
    `AssumeRole calls:       ${f.assumeRoleCalls}`,
    `windows crossed:        ${f.windowsCrossed}`,
  ].join('\n');
}

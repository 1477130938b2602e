import type { CheckResult } from '../check';

export interface ClockFacts {
  endpoint: string;
  /** STS's Date header minus the local time at the response, in ms; undefined when STS could not be reached. */
  offsetMs?: number;
  error?: string;
}

// AWS rejects a request signed more than 5 minutes away from its own time; a minute of drift is
// already a sign that time sync is off and will grow.
const WARN_MS = 60_000;
const FAIL_MS = 5 * 60_000;
const SYNC = 'turn on time sync: sudo timedatectl set-ntp true (Linux), sudo sntp -sS time.apple.com (macOS), w32tm /resync (Windows)';

export function checkClock(facts: ClockFacts): CheckResult {
  const base = { id: 'clock', title: 'clock' };
  if (facts.offsetMs === undefined) {
    return {
      ...base,
      status: 'warn',
      saw: `could not read the time from ${facts.endpoint} (${facts.error ?? 'no Date header'})`,
      fix: 'check the network or pass --endpoint-url / --region, then run doctor again',
    };
  }
  const seconds = Math.round(facts.offsetMs / 1000);
  const direction = seconds >= 0 ? 'behind' : 'ahead of';
  const saw = `this machine is ${Math.abs(seconds)} s ${direction} ${facts.endpoint}`;
  const size = Math.abs(facts.offsetMs);
  if (size > FAIL_MS) return { ...base, status: 'fail', saw: `${saw}; more than 5 minutes off, so AWS rejects its requests`, fix: SYNC };
  if (size > WARN_MS) {
    return { ...base, status: 'warn', saw: `${saw}; more than a minute off, and AWS rejects requests once it is 5 minutes off`, fix: SYNC };
  }
  return { ...base, status: 'ok', saw };
}

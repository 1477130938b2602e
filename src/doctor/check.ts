export type CheckStatus = 'ok' | 'warn' | 'fail';

/** One doctor finding: what was seen and the one command or edit that fixes it. */
export interface CheckResult {
  id: string;
  title: string;
  status: CheckStatus;
  saw: string;
  fix?: string;
}

const RANK: Record<CheckStatus, number> = { ok: 0, warn: 1, fail: 2 };

export function worst(statuses: readonly CheckStatus[]): CheckStatus {
  return statuses.reduce<CheckStatus>((a, b) => (RANK[b] > RANK[a] ? b : a), 'ok');
}

export function maskKeyId(value: string): string {
  return value.length <= 4 ? '****' : `****${value.slice(-4)}`;
}

import { worst, type CheckResult } from './check';

/** The human report: one block per check, status first so a glance down the left edge is enough. */
export function formatReport(results: readonly CheckResult[]): string {
  const width = Math.max(...results.map((r) => r.title.length));
  const lines = results.flatMap((r) => [
    `${r.status.padEnd(4)}  ${r.title.padEnd(width)}  ${r.saw}`,
    ...(r.fix && r.status !== 'ok' ? [`${' '.repeat(6 + width + 2)}fix: ${r.fix}`] : []),
  ]);
  const overall = worst(results.map((r) => r.status));
  const counts = (['fail', 'warn', 'ok'] as const).map((s) => `${results.filter((r) => r.status === s).length} ${s}`).join(', ');
  return `${lines.join('\n')}\n\n${overall === 'fail' ? 'problems found' : overall === 'warn' ? 'warnings' : 'all checks passed'}: ${counts}\n`;
}

export function formatJson(results: readonly CheckResult[]): string {
  return `${JSON.stringify({ status: worst(results.map((r) => r.status)), checks: results }, null, 2)}\n`;
}

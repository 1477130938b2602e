/**
 * A unified diff of two small texts (config files: hundreds of lines at most, so the plain LCS
 * table is fine). `show` lets the caller hide secrets in every printed line.
 */
export function unifiedDiff(a: string, b: string, label: string, show: (line: string) => string = (l) => l, context = 3): string {
  // Every line ending the AWS CLI reads, a lone CR included.
  const x = a.split(/\r\n|\n|\r/);
  const y = b.split(/\r\n|\n|\r/);
  if (a === b) return '';
  const n = x.length;
  const m = y.length;
  const lcs: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      const row = lcs[i] as number[];
      row[j] = x[i] === y[j] ? (lcs[i + 1]?.[j + 1] ?? 0) + 1 : Math.max(lcs[i + 1]?.[j] ?? 0, row[j + 1] ?? 0);
    }
  }
  const ops: Array<{ op: ' ' | '-' | '+'; text: string; ai: number; bi: number }> = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && x[i] === y[j]) ops.push({ op: ' ', text: x[i++] as string, ai: i, bi: ++j });
    else if (i < n && (j >= m || (lcs[i + 1]?.[j] ?? 0) >= (lcs[i]?.[j + 1] ?? 0)))
      ops.push({ op: '-', text: x[i++] as string, ai: i, bi: j });
    else ops.push({ op: '+', text: y[j++] as string, ai: i, bi: j });
  }
  const out = [`--- ${label}`, `+++ ${label} (new)`];
  for (let k = 0; k < ops.length;) {
    if (ops[k]?.op === ' ') {
      k++;
      continue;
    }
    const start = Math.max(0, k - context);
    let last = k;
    let end = k + 1;
    // One hunk while the next change is within 2 * context unchanged lines of the previous one.
    for (; end < ops.length; end++) {
      if (ops[end]?.op !== ' ') last = end;
      else if (end - last > 2 * context) break;
    }
    end = Math.min(ops.length, last + context + 1);
    const hunk = ops.slice(start, end);
    const aStart = hunk.find((h) => h.op !== '+')?.ai ?? 0;
    const bStart = hunk.find((h) => h.op !== '-')?.bi ?? 0;
    out.push(`@@ -${aStart},${hunk.filter((h) => h.op !== '+').length} +${bStart},${hunk.filter((h) => h.op !== '-').length} @@`);
    out.push(...hunk.map((h) => `${h.op}${show(h.text)}`));
    k = end;
  }
  return `${out.join('\n')}\n`;
}

// A jest reporter: after the run, one line that counts the skipped tests by their reason, as
// test/support/needs.ts writes it into their titles. A skip without a reason is counted as such,
// so none goes unseen.
class SkipSummaryReporter {
  onRunComplete(_contexts, results) {
    const reasons = new Map();
    for (const file of results.testResults) {
      for (const test of file.testResults) {
        if (test.status !== 'pending' && test.status !== 'skipped') continue;
        const reason = reasonIn(test.fullName) ?? 'no reason given';
        reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
      }
    }
    if (reasons.size === 0) return;
    const total = [...reasons.values()].reduce((a, b) => a + b, 0);
    const parts = [...reasons].map(([reason, n]) => `${reason} (${n})`);
    process.stderr.write(`skipped ${total} test${total === 1 ? '' : 's'}: ${parts.join('; ')}\n`);
  }
}

/** The reason in a `(skipped: ...)` marker, which may hold parentheses of its own. */
function reasonIn(title) {
  const start = title.indexOf('(skipped: ');
  if (start < 0) return undefined;
  let depth = 0;
  for (let i = start; i < title.length; i++) {
    if (title[i] === '(') depth++;
    if (title[i] === ')' && --depth === 0) return title.slice(start + '(skipped: '.length, i);
  }
  return undefined;
}

module.exports = SkipSummaryReporter;

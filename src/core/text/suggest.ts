/** The candidate closest to what was typed, if it is close enough to be what the user meant. */
export function closest(typed: string, candidates: readonly string[]): string | undefined {
  const bare = (text: string) => text.replace(/^-+/, '').toLowerCase();
  const word = bare(typed);
  // `--profile` most likely means `--source-profile`: a whole trailing word counts as a match.
  const byWord = word.length >= 4 ? candidates.find((c) => bare(c).endsWith(`-${word}`)) : undefined;
  if (byWord) return byWord;
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const d = editDistance(word, bare(candidate));
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  // A third of the length, at least 2: catches typos and dropped dashes, not unrelated words.
  const limit = Math.max(2, Math.floor(word.length / 3));
  const isPrefix = best !== undefined && word.length >= 3 && bare(best).startsWith(word);
  return best !== undefined && (bestDistance <= limit || isPrefix) ? best : undefined;
}

/** Levenshtein distance, with adjacent transpositions counted as one edit. */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[][] = Array.from({ length: rows }, (_, i) => Array.from({ length: cols }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  const at = (i: number, j: number): number => d[i]?.[j] ?? Infinity;
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) value = Math.min(value, at(i - 2, j - 2) + 1);
      (d[i] as number[])[j] = value;
    }
  }
  return at(a.length, b.length);
}

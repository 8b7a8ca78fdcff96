/**
 * Edit distance where swapping two neighbouring letters counts as one edit
 * (optimal string alignment), since that is the commonest typo: "csta" → "csat".
 *
 * With `max`, only the diagonal band |i − j| ≤ max is computed, in
 * O(min(|a|, |b|) × max) time and two rows of memory, and any distance above
 * `max` is reported as `max + 1`: a did-you-mean never needs more, and a
 * 30,000-character word then costs a few hundred thousand steps, not 30,000².
 *
 * @example editDistance("csta", "csat") // 1
 * @example editDistance("x".repeat(30_000), "csat", 4) // 5 (at once: the lengths alone differ by more than 4)
 */
export function editDistance(a: string, b: string, max = Infinity): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const cols = b.length + 1;
  const band = max;
  const big = Number.MAX_SAFE_INTEGER;
  // Three rows: two back (for transpositions), one back, and this one.
  let twoBack: number[] = new Array<number>(cols).fill(big);
  let oneBack: number[] = Array.from({ length: cols }, (_, j) => (j <= band ? j : big));
  let row: number[] = new Array<number>(cols).fill(big);
  let previousMin = 0;
  for (let i = 1; i <= a.length; i++) {
    const from = Math.max(1, i - band);
    const to = Math.min(b.length, i + band);
    row.fill(big, Math.max(0, from - 1), Math.min(cols, to + 2));
    row[0] = i <= band ? i : big;
    let rowMin = row[0]!;
    for (let j = from; j <= to; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(oneBack[j]! + 1, row[j - 1]! + 1, oneBack[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, twoBack[j - 2]! + 1);
      row[j] = best;
      if (best < rowMin) rowMin = best;
    }
    // Every path to the last cell passes through this row or the one before (a swap skips one row):
    // once both are over `max`, so is the answer.
    if (rowMin > max && previousMin > max) return max + 1;
    previousMin = rowMin;
    [twoBack, oneBack, row] = [oneBack, row, twoBack];
  }
  const d = oneBack[b.length]!;
  return d > max ? max + 1 : d;
}

/**
 * The candidate closest to what was typed, when it is close enough to be a
 * plausible typo; otherwise undefined. Case-insensitive. Linear in the
 * length of what was typed (each candidate costs at most its length × 4).
 *
 * @example suggest("lst-week", ["last-week", "this-week"]) // "last-week"
 */
export function suggest(input: string, candidates: readonly string[]): string | undefined {
  const typed = input.toLowerCase();
  if (typed.length === 0) return undefined;
  // Allow about one edit in three characters, at least one, at most four.
  const allowed = Math.min(4, Math.max(1, Math.floor(typed.length / 3)));
  let best: string | undefined;
  let bestDistance = allowed + 1;
  for (const candidate of candidates) {
    const d = editDistance(typed, candidate.toLowerCase(), Math.min(allowed, bestDistance - 1));
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  if (best !== undefined && bestDistance <= allowed) return best;
  // A prefix of exactly one candidate ("satisf" → "satisfaction") is also a good guess.
  const prefixed = candidates.filter((c) => typed.length >= 3 && c.length >= typed.length && c.toLowerCase().startsWith(typed));
  return prefixed.length === 1 ? prefixed[0] : undefined;
}

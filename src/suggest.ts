/**
 * Edit distance where swapping two neighbouring letters counts as one edit
 * (optimal string alignment), since that is the commonest typo: "csta" → "csat".
 */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[] = new Array(rows * cols).fill(0);
  for (let i = 0; i < rows; i++) d[i * cols] = i;
  for (let j = 0; j < cols; j++) d[j] = j;
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(d[(i - 1) * cols + j]! + 1, d[i * cols + j - 1]! + 1, d[(i - 1) * cols + j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, d[(i - 2) * cols + j - 2]! + 1);
      d[i * cols + j] = best;
    }
  }
  return d[rows * cols - 1]!;
}

/**
 * The candidate closest to what was typed, when it is close enough to be a
 * plausible typo; otherwise undefined. Case-insensitive.
 *
 * @example suggest("lst-week", ["last-week", "this-week"]) // "last-week"
 */
export function suggest(input: string, candidates: readonly string[]): string | undefined {
  const typed = input.toLowerCase();
  if (typed.length === 0) return undefined;
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const d = editDistance(typed, candidate.toLowerCase());
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  // Allow about one edit in three characters, at least one, at most four.
  const allowed = Math.min(4, Math.max(1, Math.floor(typed.length / 3)));
  if (best !== undefined && bestDistance <= allowed) return best;
  // A prefix of exactly one candidate ("satisf" → "satisfaction") is also a good guess.
  const prefixed = candidates.filter((c) => typed.length >= 3 && c.toLowerCase().startsWith(typed));
  return prefixed.length === 1 ? prefixed[0] : undefined;
}

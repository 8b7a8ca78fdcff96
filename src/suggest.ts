import { distance } from "fastest-levenshtein";

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
    const d = distance(typed, candidate.toLowerCase());
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

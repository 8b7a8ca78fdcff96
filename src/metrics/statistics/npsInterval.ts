import { criticalZ } from "./criticalZ.ts";
import { npsStandardError } from "./npsStandardError.ts";
import type { Interval } from "./types.ts";

/**
 * Normal-approximation confidence interval for a Net Promoter Score in NPS
 * points: NPS ± z·SE, clamped to −100..100. Null when the counts are invalid
 * (see npsStandardError) or the confidence is not in (0, 1).
 *
 * @example
 * npsInterval(70, 10, 100); // { lo: 46.999…, hi: 73.000… } (60 ± 1.96 × 6.633)
 */
export function npsInterval(
  promoters: number,
  detractors: number,
  n: number,
  confidence = 0.95,
): Interval | null {
  const z = criticalZ(confidence);
  const se = npsStandardError(promoters, detractors, n);
  if (z === null || se === null) return null;
  const nps = 100 * (promoters / n - detractors / n);
  const lo = Math.max(nps - z * se, -100);
  const hi = Math.min(nps + z * se, 100);
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) return null;
  return { lo, hi };
}

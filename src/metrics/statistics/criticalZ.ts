import normalQuantile from "@stdlib/stats-base-dists-normal-quantile";

/**
 * Two-sided standard-normal critical value for a confidence level: z with
 * P(−z ≤ Z ≤ z) = confidence. Null unless 0 < confidence < 1.
 *
 * @example
 * criticalZ(0.95); // 1.959963984540054
 */
export function criticalZ(confidence: number): number | null {
  if (!Number.isFinite(confidence) || confidence <= 0 || confidence >= 1) return null;
  const z = normalQuantile(1 - (1 - confidence) / 2, 0, 1);
  return Number.isFinite(z) && z > 0 ? z : null;
}

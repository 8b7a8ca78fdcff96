import { createRequire } from "node:module";

// Required, not imported: as an ES module import Node would first parse each of stdlib's small CommonJS files for named exports.
const normalQuantile = createRequire(import.meta.url)("@stdlib/stats-base-dists-normal-quantile") as (p: number, mu: number, sigma: number) => number;

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

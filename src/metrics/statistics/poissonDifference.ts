import { criticalZ } from "./criticalZ.ts";
import type { Interval } from "./types.ts";

/**
 * Normal-approximation confidence interval for the difference a − b of two
 * Poisson counts over equal exposure: (a − b) ± z·√(a + b). Null when a count
 * is negative or not finite, or the confidence is not in (0, 1).
 *
 * @example
 * poissonDifference(130, 100); // { lo: 0.2756…, hi: 59.7243… } (30 ± 1.96·√230)
 */
export function poissonDifference(a: number, b: number, confidence = 0.95): Interval | null {
  const z = criticalZ(confidence);
  if (z === null) return null;
  if (!Number.isFinite(a) || !Number.isFinite(b) || a < 0 || b < 0) return null;
  const half = z * Math.sqrt(a + b);
  const lo = a - b - half;
  const hi = a - b + half;
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) return null;
  return { lo, hi };
}

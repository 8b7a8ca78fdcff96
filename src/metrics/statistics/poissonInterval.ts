import { criticalZ } from "./criticalZ.ts";
import { gammaQuantile } from "./gammaQuantile.ts";
import type { Interval } from "./types.ts";

/**
 * Exact (Garwood 1936) confidence interval for the mean of a Poisson count:
 * lo = χ²(α/2; 2x)/2, hi = χ²(1 − α/2; 2x + 2)/2, expressed through Gamma
 * quantiles (χ²ₖ/2 ~ Gamma(k/2)); lo = 0 when the count is 0. Null when the
 * count is negative or not finite, or the confidence is not in (0, 1).
 *
 * @example
 * poissonInterval(10); // { lo: 4.7954…, hi: 18.3904… }
 */
export function poissonInterval(count: number, confidence = 0.95): Interval | null {
  if (criticalZ(confidence) === null) return null;
  if (!Number.isFinite(count) || count < 0) return null;
  const alpha = 1 - confidence;
  const lo = count === 0 ? 0 : gammaQuantile(alpha / 2, count);
  const hi = gammaQuantile(1 - alpha / 2, count + 1);
  if (lo === null || hi === null || !Number.isFinite(hi)) return null;
  // Bounds straddle the count; guard against rounding in the approximations.
  return { lo: Math.min(lo, count), hi: Math.max(hi, count) };
}

import type { MeanSummary } from "./types.ts";

/**
 * Mean and sample standard deviation (divisor n − 1) from the raw moments
 * n, Σx and Σx². sd is 0 when n = 1. The sum of squared deviations
 * Σx² − (Σx)²/n suffers cancellation, so a result that is negative or within
 * rounding error of Σx² (a few ulps) is taken as 0; a clearly negative one
 * means inconsistent moments and gives null. Null also when n is not a
 * positive integer or an input or result is not finite.
 *
 * @example
 * meanFromMoments({ n: 4, sum: 20, sumSq: 120 }); // { mean: 5, sd: 2.5819…, n: 4 }
 */
export function meanFromMoments(m: { n: number; sum: number; sumSq: number }): MeanSummary | null {
  const { n, sum, sumSq } = m;
  if (!Number.isInteger(n) || n < 1 || !Number.isFinite(sum) || !Number.isFinite(sumSq) || sumSq < 0) {
    return null;
  }
  const mean = sum / n;
  if (!Number.isFinite(mean)) return null;
  if (n === 1) return { mean, sd: 0, n };

  const ss = sumSq - sum * mean;
  if (!Number.isFinite(ss)) return null;
  // Rounding in Σx² and Σx·mean is of order n·ε·Σx².
  const tolerance = 4 * n * Number.EPSILON * sumSq;
  if (ss < -tolerance) return null;
  const variance = ss <= tolerance ? 0 : ss / (n - 1);
  const sd = Math.sqrt(variance);
  return Number.isFinite(sd) ? { mean, sd, n } : null;
}

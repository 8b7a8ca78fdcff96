import { criticalT } from "./criticalT.ts";
import { criticalZ } from "./criticalZ.ts";
import type { Interval, MeanSummary } from "./types.ts";

/**
 * Confidence interval for meanA − meanB of two independent samples with
 * unequal variances (Welch), using the Welch–Satterthwaite degrees of freedom
 * ν = (vA + vB)² / (vA²/(nA − 1) + vB²/(nB − 1)), v = sd²/n. When both sd are
 * 0 the interval is the single point [diff, diff]. Null when either n < 2 or
 * is not an integer, an sd is negative, an input is not finite, or the
 * confidence is not in (0, 1).
 *
 * @example
 * welchDifference({ mean: 10, sd: 2, n: 16 }, { mean: 8, sd: 2, n: 16 });
 * // { lo: 0.5558…, hi: 3.4441… } (ν = 30, t = 2.0423, SE = √0.5)
 */
export function welchDifference(a: MeanSummary, b: MeanSummary, confidence = 0.95): Interval | null {
  for (const s of [a, b]) {
    if (!Number.isFinite(s.mean) || !Number.isFinite(s.sd) || s.sd < 0) return null;
    if (!Number.isInteger(s.n) || s.n < 2) return null;
  }
  const diff = a.mean - b.mean;
  if (!Number.isFinite(diff)) return null;
  const va = (a.sd * a.sd) / a.n;
  const vb = (b.sd * b.sd) / b.n;
  const v = va + vb;
  if (!Number.isFinite(v)) return null;
  if (v === 0) {
    // Still reject an invalid confidence level.
    return criticalZ(confidence) === null ? null : { lo: diff, hi: diff };
  }
  // Scale-free form of Welch–Satterthwaite: with weights w = v_i / v,
  // ν = 1 / (wA²/(nA − 1) + wB²/(nB − 1)); avoids under/overflow of v².
  const wa = va / v;
  const wb = vb / v;
  const df = 1 / ((wa * wa) / (a.n - 1) + (wb * wb) / (b.n - 1));
  const t = criticalT(confidence, df);
  if (t === null) return null;
  const half = t * Math.sqrt(v);
  const lo = diff - half;
  const hi = diff + half;
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) return null;
  return { lo, hi };
}

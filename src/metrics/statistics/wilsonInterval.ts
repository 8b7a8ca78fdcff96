import { criticalZ } from "./criticalZ.ts";
import type { Interval } from "./types.ts";

/**
 * Wilson score interval (no continuity correction) for a binomial proportion,
 * as proportions in 0..1. Null when n ≤ 0, successes is outside 0..n, an input
 * is not finite, or the confidence is not in (0, 1).
 *
 * Computed as the roots of (p̂ − p)² = z²·p(1 − p)/n, written with p̂ = x/n,
 * q̂ = 1 − p̂ and k = z²/n as (2p̂ + k ∓ √k·√(k + 4p̂q̂)) / (2(1 + k)) so that
 * no intermediate overflows for any finite n; x = 0 gives exactly lo = 0 and
 * x = n exactly hi = 1.
 *
 * @example
 * wilsonInterval(30, 50); // { lo: 0.46181…, hi: 0.72391… }
 */
export function wilsonInterval(successes: number, n: number, confidence = 0.95): Interval | null {
  const z = criticalZ(confidence);
  if (z === null) return null;
  if (!Number.isFinite(successes) || !Number.isFinite(n)) return null;
  if (n <= 0 || successes < 0 || successes > n) return null;

  const p = successes / n;
  const q = (n - successes) / n;
  const k = (z * z) / n;
  const root = Math.sqrt(k) * Math.sqrt(k + 4 * p * q);
  const denom = 2 * (1 + k);
  let lo = successes === 0 ? 0 : (2 * p + k - root) / denom;
  let hi = successes === n ? 1 : (2 * p + k + root) / denom;
  lo = Math.min(Math.max(lo, 0), 1);
  hi = Math.min(Math.max(hi, 0), 1);
  // Rounding must never move a bound past the point estimate.
  if (lo > p) lo = p;
  if (hi < p) hi = p;
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) return null;
  return { lo, hi };
}

import { criticalT } from "./criticalT.ts";
import type { Interval } from "./types.ts";

/**
 * Student-t confidence interval for a mean: mean ± t(n − 1)·sd/√n. Null when
 * n < 2 (one observation gives no interval), n is not an integer, sd is
 * negative, an input is not finite, or the confidence is not in (0, 1).
 *
 * @example
 * tInterval(10, 2, 16); // { lo: 8.9343…, hi: 11.0657… } (t₀.₉₇₅,₁₅ = 2.1314)
 */
export function tInterval(mean: number, sd: number, n: number, confidence = 0.95): Interval | null {
  if (!Number.isFinite(mean) || !Number.isFinite(sd) || sd < 0) return null;
  if (!Number.isInteger(n) || n < 2) return null;
  const t = criticalT(confidence, n - 1);
  if (t === null) return null;
  const half = (t * sd) / Math.sqrt(n);
  const lo = mean - half;
  const hi = mean + half;
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) return null;
  return { lo, hi };
}

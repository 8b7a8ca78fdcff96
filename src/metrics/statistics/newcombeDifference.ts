import type { Interval } from "./types.ts";
import { wilsonInterval } from "./wilsonInterval.ts";

/**
 * Confidence interval for the difference of two independent proportions
 * p1 − p2 (x1/n1 − x2/n2), in −1..1, by Newcombe's hybrid score method
 * (Newcombe 1998, method 10), built from the two Wilson intervals:
 * lo = d − √((p1 − l1)² + (u2 − p2)²), hi = d + √((u1 − p1)² + (p2 − l2)²).
 * Null when either Wilson interval is null.
 *
 * @example
 * newcombeDifference(56, 70, 48, 80); // { lo: 0.0524…, hi: 0.3338… } (Newcombe 1998, Table II)
 */
export function newcombeDifference(
  x1: number,
  n1: number,
  x2: number,
  n2: number,
  confidence = 0.95,
): Interval | null {
  const w1 = wilsonInterval(x1, n1, confidence);
  const w2 = wilsonInterval(x2, n2, confidence);
  if (w1 === null || w2 === null) return null;
  const p1 = x1 / n1;
  const p2 = x2 / n2;
  const d = p1 - p2;
  const lo = d - Math.hypot(p1 - w1.lo, w2.hi - p2);
  const hi = d + Math.hypot(w1.hi - p1, p2 - w2.lo);
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) return null;
  return { lo: Math.max(lo, -1), hi: Math.min(hi, 1) };
}

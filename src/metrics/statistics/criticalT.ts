import { createRequire } from "node:module";
import { criticalZ } from "./criticalZ.ts";

// stdlib's t quantile is a few hundred small modules (a third of a second to load): loaded on first use,
// so a start, or an answer that needs no t interval, does not wait for it.
const load = createRequire(import.meta.url);
let tQuantile: ((p: number, df: number) => number) | undefined;

/**
 * Two-sided Student-t critical value with `df` degrees of freedom (df may be
 * fractional, as with Welch–Satterthwaite). Null unless 0 < confidence < 1 and
 * df > 0; an infinite df gives the normal value.
 *
 * @example
 * criticalT(0.95, 10); // 2.2281388519862744
 */
export function criticalT(confidence: number, df: number): number | null {
  const z = criticalZ(confidence);
  if (z === null || Number.isNaN(df) || df <= 0) return null;
  if (df === Infinity) return z;
  tQuantile ??= load("@stdlib/stats-base-dists-t-quantile") as (p: number, df: number) => number;
  const t = tQuantile(1 - (1 - confidence) / 2, df);
  return Number.isFinite(t) && t > 0 ? t : null;
}

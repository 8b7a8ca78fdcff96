import { createRequire } from "node:module";

// Required, not imported: as an ES module import Node would first parse each of stdlib's small CommonJS files for named exports.
const normalQuantile = createRequire(import.meta.url)("@stdlib/stats-base-dists-normal-quantile") as (p: number, mu: number, sigma: number) => number;
import { regularizedGammaP } from "./regularizedGammaP.ts";

/** Above this shape the Wilson–Hilferty approximation is used (error far below display precision). */
const LARGE_SHAPE = 1e5;

/**
 * Quantile of the Gamma(shape, scale 1) distribution: the x with
 * P(shape, x) = p. A chi-square quantile with k df is 2·gammaQuantile(p, k/2).
 * Found by bisection on the regularized incomplete gamma function; for shape
 * above 1e5 by the Wilson–Hilferty cube-root approximation
 * x ≈ a(1 − 1/(9a) + z/√(9a))³. Null unless 0 < p < 1 and shape > 0 is finite.
 *
 * @example
 * gammaQuantile(0.975, 1); // 3.6888… (= −ln 0.025)
 */
export function gammaQuantile(p: number, shape: number): number | null {
  if (!Number.isFinite(p) || p <= 0 || p >= 1) return null;
  if (!Number.isFinite(shape) || shape <= 0) return null;

  const z = normalQuantile(p, 0, 1);
  const c = 1 / (9 * shape);
  const wilsonHilferty = shape * Math.max(1 - c + z * Math.sqrt(c), 0) ** 3;
  if (shape > LARGE_SHAPE) return Number.isFinite(wilsonHilferty) ? wilsonHilferty : null;

  let lo = 0;
  let hi = Math.max(2 * wilsonHilferty, 1);
  for (let i = 0; i < 2000; i++) {
    const ph = regularizedGammaP(shape, hi);
    if (ph === null) return null;
    if (ph >= p) break;
    lo = hi;
    hi *= 2;
  }
  for (let i = 0; i < 400 && hi - lo > 1e-15 * hi; i++) {
    const mid = lo + (hi - lo) / 2;
    if (mid <= lo || mid >= hi) break;
    const pm = regularizedGammaP(shape, mid);
    if (pm === null) return null;
    if (pm < p) lo = mid;
    else hi = mid;
  }
  const x = lo + (hi - lo) / 2;
  return Number.isFinite(x) ? x : null;
}

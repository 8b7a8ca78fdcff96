const LANCZOS_G = 7;
const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
  -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
  1.5056327351493116e-7,
] as const;

/** ln Γ(a) for a > 0 (Lanczos, g = 7, n = 9; relative error ≈ 1e-15). */
function lnGamma(a: number): number {
  if (a < 0.5) return lnGamma(a + 1) - Math.log(a);
  const x = a - 1;
  let s = LANCZOS[0];
  for (let i = 1; i < LANCZOS.length; i++) s += (LANCZOS[i] ?? 0) / (x + i);
  const t = x + LANCZOS_G + 0.5;
  return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(s);
}

const EPS = 1e-16;
/** Largest supported shape: the series and continued fraction need O(√a) terms. */
const MAX_SHAPE = 1e7;
const TINY = 1e-300;

/**
 * Regularized lower incomplete gamma function P(a, x) = γ(a, x)/Γ(a), the CDF
 * of a Gamma(shape a, scale 1) variable at x (so a chi-square CDF with k df is
 * P(k/2, x/2)). Series for x < a + 1, Lentz continued fraction for Q = 1 − P
 * otherwise (Numerical Recipes §6.2); both need O(√a) terms, so shapes above
 * 1e7 are not supported and give null. Null also unless 0 < a and x is a
 * number; x ≤ 0 gives 0, x = ∞ gives 1.
 *
 * @example
 * regularizedGammaP(1, 1); // 0.6321… (1 − e⁻¹)
 */
export function regularizedGammaP(a: number, x: number): number | null {
  if (!Number.isFinite(a) || a <= 0 || a > MAX_SHAPE || Number.isNaN(x)) return null;
  if (x <= 0) return 0;
  if (x === Infinity) return 1;
  const logPrefix = -x + a * Math.log(x) - lnGamma(a);
  const maxIter = 1000 + Math.ceil(20 * Math.sqrt(a));

  if (x < a + 1) {
    let ap = a;
    let del = 1 / a;
    let sum = del;
    for (let i = 0; i < maxIter; i++) {
      ap += 1;
      del *= x / ap;
      sum += del;
      if (Math.abs(del) < Math.abs(sum) * EPS) break;
    }
    const p = sum * Math.exp(logPrefix);
    return Number.isFinite(p) ? Math.min(Math.max(p, 0), 1) : null;
  }

  let b = x + 1 - a;
  let c = 1 / TINY;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i <= maxIter; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < TINY) d = TINY;
    c = b + an / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < EPS) break;
  }
  const q = Math.exp(logPrefix) * h;
  return Number.isFinite(q) ? Math.min(Math.max(1 - q, 0), 1) : null;
}

/**
 * Standard error of a Net Promoter Score, in NPS points (−100..100 scale):
 * 100 × √((pP + pD − (pP − pD)²) / n), the multinomial variance of the
 * promoter share minus the detractor share. Null when n ≤ 0, a count is
 * negative or not finite, or promoters + detractors > n.
 *
 * @example
 * npsStandardError(70, 10, 100); // 6.6332… (NPS 60)
 */
export function npsStandardError(promoters: number, detractors: number, n: number): number | null {
  if (!Number.isFinite(promoters) || !Number.isFinite(detractors) || !Number.isFinite(n)) return null;
  if (n <= 0 || promoters < 0 || detractors < 0 || promoters > n || detractors > n - promoters) return null;
  const pP = promoters / n;
  const pD = detractors / n;
  const variance = Math.max(pP + pD - (pP - pD) ** 2, 0);
  const se = 100 * Math.sqrt(variance / n);
  return Number.isFinite(se) ? se : null;
}

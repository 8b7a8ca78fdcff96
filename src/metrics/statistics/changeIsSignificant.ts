import type { Sampling } from "../types.ts";
import { criticalZ } from "./criticalZ.ts";
import { newcombeDifference } from "./newcombeDifference.ts";
import { npsStandardError } from "./npsStandardError.ts";
import { poissonDifference } from "./poissonDifference.ts";
import type { Interval } from "./types.ts";
import { welchDifference } from "./welchDifference.ts";

const excludesZero = (i: Interval | null): boolean | null => (i === null ? null : i.lo > 0 || i.hi < 0);

/**
 * Whether the change current − previous is larger than sampling noise at the
 * given confidence: proportions — the Newcombe (method 10) interval of the
 * difference excludes 0; nps — |ΔNPS| > z·√(SE₁² + SE₂²); means — the Welch
 * interval excludes 0; counts — the normal-approximation Poisson difference
 * interval excludes 0. Null when either side is `none`, the kinds differ, or
 * an interval cannot be computed (n = 0, a mean with n < 2, invalid input).
 *
 * @example
 * changeIsSignificant(
 *   { kind: "proportion", successes: 600, n: 1000 },
 *   { kind: "proportion", successes: 400, n: 1000 },
 * ); // true
 */
export function changeIsSignificant(
  current: Sampling,
  previous: Sampling,
  confidence = 0.95,
): boolean | null {
  switch (current.kind) {
    case "proportion":
      if (previous.kind !== "proportion") return null;
      return excludesZero(
        newcombeDifference(current.successes, current.n, previous.successes, previous.n, confidence),
      );
    case "nps": {
      if (previous.kind !== "nps") return null;
      const z = criticalZ(confidence);
      const se1 = npsStandardError(current.promoters, current.detractors, current.n);
      const se2 = npsStandardError(previous.promoters, previous.detractors, previous.n);
      if (z === null || se1 === null || se2 === null) return null;
      const diff =
        100 * (current.promoters / current.n - current.detractors / current.n) -
        100 * (previous.promoters / previous.n - previous.detractors / previous.n);
      return Math.abs(diff) > z * Math.hypot(se1, se2);
    }
    case "mean":
      if (previous.kind !== "mean") return null;
      return excludesZero(welchDifference(current, previous, confidence));
    case "count":
      if (previous.kind !== "count") return null;
      return excludesZero(poissonDifference(current.count, previous.count, confidence));
    case "none":
      return null;
  }
}

import type { Sampling } from "../types.ts";
import { npsInterval } from "./npsInterval.ts";
import { poissonInterval } from "./poissonInterval.ts";
import { tInterval } from "./tInterval.ts";
import type { Interval } from "./types.ts";
import { wilsonInterval } from "./wilsonInterval.ts";

/**
 * Confidence interval of a metric value from its sampling statistics, in the
 * metric's display scale: proportion → Wilson interval in percent (0..100);
 * nps → NPS points (−100..100); mean → Student-t interval in the mean's unit;
 * count → exact Poisson (Garwood) interval; none → null. Null too when the
 * interval cannot be computed (n = 0, n = 1 for a mean, invalid input).
 *
 * @example
 * intervalOf({ kind: "proportion", successes: 30, n: 50 }); // { lo: 46.18…, hi: 72.39… }
 */
export function intervalOf(s: Sampling, confidence = 0.95): Interval | null {
  switch (s.kind) {
    case "proportion": {
      const w = wilsonInterval(s.successes, s.n, confidence);
      return w === null ? null : { lo: w.lo * 100, hi: w.hi * 100 };
    }
    case "nps":
      return npsInterval(s.promoters, s.detractors, s.n, confidence);
    case "mean":
      return tInterval(s.mean, s.sd, s.n, confidence);
    case "count":
      return poissonInterval(s.count, confidence);
    case "none":
      return null;
  }
}

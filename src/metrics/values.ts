/**
 * Small builders shared by catalog formulas: read measures, and turn counts
 * and moments into metric values with their sampling statistics. A builder
 * returns null whenever there is nothing to report ("no data").
 */
import { isMoments, type MeasureValues, type Moments } from "../measures/measures.ts";
import { intervalOf, meanFromMoments } from "./statistics/index.ts";
import type { MetricValue, Sampling } from "./types.ts";

/** A count measure; a missing or null count reads as 0 rows. */
export function countOf(m: MeasureValues, key: string): number {
  const v = m[key];
  if (typeof v === "number") return v;
  if (v === null || v === undefined) return 0;
  throw new Error(`measure ${key} is not a count`);
}

/** A moments measure; missing reads as no values. */
export function momentsOf(m: MeasureValues, key: string): Moments {
  const v = m[key];
  if (isMoments(v)) return v;
  if (v === null || v === undefined) return { n: 0, sum: 0, sumSq: 0 };
  throw new Error(`measure ${key} is not moments`);
}

/** A quantile measure, or null when there were no values. */
export function quantileOf(m: MeasureValues, key: string): number | null {
  const v = m[key];
  return typeof v === "number" ? v : null;
}

function withInterval(value: number, n: number, sampling: Sampling): MetricValue {
  const interval = intervalOf(sampling);
  return interval ? { value, n, sampling, interval } : { value, n, sampling };
}

/**
 * successes / n × 100 with a Wilson interval.
 * @example proportionValue(30, 50) // value 60
 */
export function proportionValue(successes: number, n: number): MetricValue | null {
  if (!(n > 0)) return null;
  return withInterval((successes / n) * 100, n, { kind: "proportion", successes, n });
}

/**
 * The mean of moments, times `scale` (e.g. to turn seconds into another unit), with a t interval.
 * @example meanValue({ n: 3, sum: 9, sumSq: 29 }) // value 3
 */
export function meanValue(moments: Moments, scale = 1): MetricValue | null {
  const stats = meanFromMoments(moments);
  if (!stats) return null;
  const mean = stats.mean * scale;
  const sd = stats.sd * Math.abs(scale);
  return withInterval(mean, stats.n, { kind: "mean", mean, sd, n: stats.n });
}

/** A count of events, with a Poisson interval. A count of 0 is data ("0 blocked calls"), so it is reported. */
export function countValue(count: number): MetricValue {
  return withInterval(count, count, { kind: "count", count });
}

/** A value with no sampling model (snapshots, composite formulas). */
export function plainValue(value: number, n: number): MetricValue | null {
  if (!Number.isFinite(value)) return null;
  return { value, n, sampling: { kind: "none" } };
}

import type { DatasetId } from "../measures/datasets.ts";
import type { Measure, MeasureValues } from "../measures/measures.ts";

/**
 * How a value is shown and how its change is worded:
 * - percent: 0–100, shown "78.4 %", change in points ("+3.2 pts")
 * - nps: −100…100, shown without a % sign, change in points
 * - score: a mean on a survey scale, shown "4.2 / 5"
 * - seconds: a duration, shown "2 h 14 min", change "−14 min"
 * - count, number, currency
 */
export type Unit = "percent" | "nps" | "score" | "seconds" | "count" | "number" | "currency";

export type Direction = "higher" | "lower" | "neutral";

/** The sampling statistics behind a value, from which intervals and noise tests follow. */
export type Sampling =
  | { kind: "proportion"; successes: number; n: number }
  | { kind: "nps"; promoters: number; detractors: number; n: number }
  | { kind: "mean"; mean: number; sd: number; n: number }
  | { kind: "count"; count: number }
  | { kind: "none" };

export interface MetricValue {
  /** Full precision; rounding is for display only. */
  value: number;
  /** Number of records behind the value. */
  n: number;
  /** 95 % interval in the metric's unit, when the metric has one. */
  interval?: { lo: number; hi: number };
  sampling: Sampling;
  /** For `score` metrics: the scale the mean is on. */
  scale?: { min: number; max: number };
  /** Extra figures shown beside the main one ("median 42 min", "p90 3 h", "4.1 % of offered calls"). */
  extras?: Array<{ label: string; value: number; unit: Unit }>;
  /** Something the reader should know about how the value was computed ("mixed scales rescaled to 1–5"). */
  note?: string;
}

/** Team-configurable choices METRICS.md leaves open. */
export interface MetricOptions {
  ces: { min: number; max: number; direction: "lower" | "higher" };
  serviceLevel: { ticketTargetMinutes: number };
  retentionVariant: "standard" | "end_over_start";
  /** Engagement inputs: programme → weight. */
  engagementWeights: Record<string, number>;
  currency: string;
}

export const DEFAULT_METRIC_OPTIONS: MetricOptions = {
  ces: { min: 1, max: 7, direction: "lower" },
  serviceLevel: { ticketTargetMinutes: 60 },
  retentionVariant: "standard",
  engagementWeights: { loyalty: 2, training: 1 },
  currency: "USD",
};

/** What a formula may know beyond its measures. */
export interface ComputeContext {
  options: MetricOptions;
  /** Number of local calendar days the queried range touches (a running period counts today). */
  periodDays: number;
  /** Calendar length in years: 1 for a year, 1/12 for a month, months plus the fraction of the next month otherwise. */
  periodYears: number;
}

export type MeasureSpec = Measure & { dataset?: DatasetId };

export interface MetricDefinition {
  id: string;
  name: string;
  /** Other words people use: "satisfaction", "first-response-time". */
  aliases: string[];
  unit: Unit;
  direction: Direction | ((o: MetricOptions) => Direction);
  /** The dataset whose dimensions `by` and `where` use. */
  dataset: DatasetId;
  /** The formula in words, for `define`. */
  formula: string;
  /**
   * The records the formula counts, for "no data" when the period has rows but none of these:
   * "no 0–10 (NPS) answers among 1,668 survey answers". Absent: "rows <name> counts".
   */
  counted?: string;
  /** The answer scale in words, for `define`, where the metric has one. */
  scale?: (o: MetricOptions) => string;
  /** Measures the formula needs, by name; a measure may read another dataset. */
  measures(o: MetricOptions): Record<string, MeasureSpec>;
  /**
   * Measures only the current period's figure shows (a median beside the
   * mean): asked for that period alone, not for the comparison and the trend,
   * whose figures read them as absent.
   */
  currentOnly?: string[];
  /** The metric from its measures; null when there is no data. */
  compute(m: MeasureValues, ctx: ComputeContext): MetricValue | null;
}

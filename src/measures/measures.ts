/**
 * Measures: what a connector computes, and the only thing it computes.
 * The metric core turns measures into metric values; connectors push the
 * work down to their engine. The memory connector is the reference semantics.
 *
 * Semantics (every connector must follow them exactly):
 * - Times are instants. In `Expr` arithmetic a time field is never used raw;
 *   `seconds` turns two times into a number of seconds (to − from).
 * - `bound` is the query range's start or end instant.
 * - Three-valued logic as in SQL: a comparison with a null operand is
 *   unknown; `and`/`or`/`not` follow SQL's truth tables; a row is counted only
 *   when the condition is true.
 * - `moments` and `quantile` ignore rows whose expression is null.
 * - `quantile` is continuous (linear interpolation, like `percentile_cont`).
 * - Filters match case-insensitively (`where channel=Email` matches `email`).
 * - Group keys are returned as stored; a null key is its own group (`null`).
 * - A group is there when one of its rows passes the filters and meets some
 *   measure's `where` (any of its rows, when some measure has no `where`): a
 *   breakdown lists the groups with data in the period, never one whose rows
 *   no measure counts.
 */
import type { DatasetId } from "./datasets.ts";

export type Expr =
  | { field: string }
  | { num: number }
  | { bound: "start" | "end" }
  | { op: "+" | "-" | "*" | "/"; a: Expr; b: Expr }
  /** (to − from) in seconds, both times. */
  | { seconds: { from: Expr; to: Expr } }
  | { coalesce: Expr[] };

export type Cond =
  | { cmp: "<" | "<=" | ">" | ">=" | "=" | "!="; a: Expr; b: Expr }
  | { isNull: string }
  | { notNull: string }
  /** field = literal (strings compare exactly; use filters for user input). */
  | { eq: string; value: string | number | boolean }
  | { and: Cond[] }
  | { or: Cond[] }
  | { not: Cond };

/** A distinct-count key: a field, or the calendar day of a time field in the query's time zone. */
export type Key = string | { localDay: string };

export type Measure =
  | { agg: "count"; where?: Cond }
  /** n (non-null values), sum and sum of squares of `of`. */
  | { agg: "moments"; of: Expr; where?: Cond }
  | { agg: "quantile"; of: Expr; q: number; where?: Cond }
  | { agg: "distinct"; keys: Key[]; where?: Cond }
  /**
   * Per distinct value of `key`: Σnum / Σden (rows with null num or den are
   * ignored, keys whose Σden is 0 are dropped); then the moments of those
   * per-key ratios. E.g. IQS: per review, Σ(weight × score) / Σ weight.
   */
  | { agg: "keyedMoments"; key: string; num: Expr; den: Expr; where?: Cond };

export interface Moments {
  n: number;
  sum: number;
  sumSq: number;
}

/** count/distinct → number; moments/keyedMoments → Moments; quantile → number or null (no values). */
export type MeasureValue = number | Moments | null;
export type MeasureValues = Record<string, MeasureValue>;

export interface Filter {
  field: string;
  /** Any of these values (OR), compared case-insensitively. */
  values: string[];
}

export interface MeasureQuery {
  dataset: DatasetId;
  measures: Record<string, Measure>;
  /** [start, end): available to conditions as `bound`; measures window themselves. */
  range: { start: Date; end: Date };
  filters: Filter[];
  groupBy?: string;
  /** IANA zone used by `localDay` keys. */
  timeZone: string;
}

export interface MeasureResult {
  total: MeasureValues;
  /** Present when `groupBy` was asked for: the groups some measure counts a row of (see above). */
  groups?: Array<{ key: string | null; values: MeasureValues }>;
}

// ---- builders used by the catalog -------------------------------------------

export const field = (name: string): Expr => ({ field: name });
export const num = (value: number): Expr => ({ num: value });
export const seconds = (from: Expr, to: Expr): Expr => ({ seconds: { from, to } });

/** The time field lies in the query range: start ≤ field < end. */
export function within(timeField: string): Cond {
  return {
    and: [
      { cmp: ">=", a: field(timeField), b: { bound: "start" } },
      { cmp: "<", a: field(timeField), b: { bound: "end" } },
    ],
  };
}

/** Rows "open" at a bound: opened before it and not closed by then. */
export function openAt(openField: string, closeField: string, at: "start" | "end"): Cond {
  return {
    and: [
      { cmp: "<", a: field(openField), b: { bound: at } },
      { or: [{ isNull: closeField }, { cmp: ">=", a: field(closeField), b: { bound: at } }] },
    ],
  };
}

export function and(...conds: Array<Cond | undefined>): Cond {
  const present = conds.filter((c): c is Cond => c !== undefined);
  return present.length === 1 ? present[0]! : { and: present };
}

export function isMoments(v: MeasureValue | undefined): v is Moments {
  return typeof v === "object" && v !== null;
}

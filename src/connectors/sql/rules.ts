/**
 * Rules a row must meet to be used, the same for every SQL source (files and
 * Postgres tables). A row that breaks one is excluded and counted under the
 * rule's reason, never silently averaged in:
 * - every dataset: its time field is present (a row that cannot be placed in
 *   a period is not data), e.g. "missing created_at";
 * - every dataset: its identifiers (`id`, `ticket_id` of a reply, …) are
 *   present, e.g. "missing id";
 * - every time field, when present, is plausible: not before 1990 and not
 *   more than a day after the bot's "now" (`latest` below: the engine's
 *   clock when the data was loaded, so a fixed `--now` gives fixed results),
 *   e.g. "created_at before 1990", "resolved_at in the future";
 * - surveys: an answer has a kind ("missing kind") and a score ("missing
 *   score"), on a scale that is there ("missing scale_min", "missing
 *   scale_max") and runs upwards ("scale_min not below scale_max"), and the
 *   score is on it ("score out of range");
 * - quality_reviews: a criterion's score is 0–100 ("score out of range").
 * A row is counted under the first rule it breaks, in the order above.
 *
 * @example
 * rowRules("tickets", col, { latest }).map((r) => r.reason)
 * // ["missing created_at", "missing id", "created_at before 1990", "created_at in the future", …]
 */
import { DATASETS, type DatasetId } from "../../measures/datasets.ts";
import { sqlString } from "./identifiers.ts";

export interface RowRule {
  reason: string;
  /** SQL that is TRUE exactly when the row breaks the rule (never NULL). */
  breaks: string;
}

/** Earliest plausible time of a record: nothing a support team exports happened before this. */
export const EARLIEST_PLAUSIBLE = new Date("1990-01-01T00:00:00Z");
/** How far after "now" a time may lie (clocks and zones disagree a little); later is not data yet. */
export const FUTURE_SLACK_MS = 24 * 3_600_000;

export interface RuleOptions {
  /** The latest plausible time: the bot's "now" (the engine's clock) plus FUTURE_SLACK_MS. */
  latest: Date;
}

/** Required string fields that identify a row (or say what it is): empty means unusable. */
const IDENTIFIERS: Partial<Record<DatasetId, string[]>> = {
  tickets: ["id"],
  responses: ["ticket_id"],
  surveys: ["id"],
  calls: ["id"],
  customers: ["id"],
  orders: ["id", "customer_id"],
  feedback: ["id"],
  quality_reviews: ["review_id"],
  sessions: ["id", "visitor_id"],
  engagement: ["customer_id"],
};

/** Absent, or only spaces (Postgres keeps '' apart from NULL). */
const missingText = (c: string | null) => (c === null ? "TRUE" : `(${c} IS NULL OR trim(${c}) = '')`);

const instant = (d: Date) => `CAST(${sqlString(d.toISOString())} AS TIMESTAMPTZ)`;

/**
 * The rules of a dataset; `col(field)` gives a field's SQL (a number as a
 * double, NaN read as NULL; a string with empty text as NULL), or null when
 * the source has no such column.
 */
export function rowRules(dataset: DatasetId, col: (field: string) => string | null, opts: RuleOptions): RowRule[] {
  const spec = DATASETS[dataset];
  const rules: RowRule[] = [];
  const time = col(spec.timeField);
  rules.push({ reason: `missing ${spec.timeField}`, breaks: time === null ? "TRUE" : `(${time} IS NULL)` });
  for (const field of IDENTIFIERS[dataset] ?? []) {
    const c = col(field);
    rules.push({ reason: `missing ${field}`, breaks: missingText(c) });
  }
  for (const [field, f] of Object.entries(spec.fields)) {
    if (f.type !== "time") continue;
    const c = col(field);
    if (c === null) continue;
    rules.push({ reason: `${field} before 1990`, breaks: `COALESCE(${c} < ${instant(EARLIEST_PLAUSIBLE)}, FALSE)` });
    rules.push({ reason: `${field} in the future`, breaks: `COALESCE(${c} > ${instant(opts.latest)}, FALSE)` });
  }
  if (dataset === "surveys") {
    const kind = col("kind");
    const score = col("score");
    const min = col("scale_min");
    const max = col("scale_max");
    rules.push({ reason: "missing kind", breaks: missingText(kind) });
    rules.push({ reason: "missing score", breaks: score === null ? "TRUE" : `(${score} IS NULL)` });
    rules.push({ reason: "missing scale_min", breaks: min === null ? "TRUE" : `(${min} IS NULL)` });
    rules.push({ reason: "missing scale_max", breaks: max === null ? "TRUE" : `(${max} IS NULL)` });
    if (min !== null && max !== null) {
      rules.push({ reason: "scale_min not below scale_max", breaks: `COALESCE(${min} >= ${max}, FALSE)` });
      if (score !== null) rules.push({ reason: "score out of range", breaks: `COALESCE(${score} < ${min} OR ${score} > ${max}, FALSE)` });
    }
  }
  const score = dataset === "quality_reviews" ? col("score") : null;
  if (score !== null) {
    rules.push({ reason: "score out of range", breaks: `COALESCE(${score} < 0 OR ${score} > 100, FALSE)` });
  }
  return rules;
}

/** The SQL condition "breaks none of the rules". */
export function meetsRules(rules: readonly RowRule[]): string | undefined {
  if (rules.length === 0) return undefined;
  return rules.map((r) => `NOT ${r.breaks}`).join(" AND ");
}

/** A CASE expression giving the 1-based index of the first rule a row breaks, 0 when it breaks none. */
export function firstBroken(rules: readonly RowRule[]): string {
  if (rules.length === 0) return "0";
  return `CASE ${rules.map((r, i) => `WHEN ${r.breaks} THEN ${i + 1}`).join(" ")} ELSE 0 END`;
}

/** The latest plausible time for data loaded at `now`. */
export function latestPlausible(now: Date): Date {
  return new Date(now.getTime() + FUTURE_SLACK_MS);
}

/**
 * Rules a row must meet to be used, the same for every SQL source (files and
 * Postgres tables). A row that breaks one is excluded and counted under the
 * rule's reason, never silently averaged in:
 * - every dataset: its time field is present (a row that cannot be placed in
 *   a period is not data), e.g. "missing created_at";
 * - surveys: an answer has a score ("missing score"), on its own scale
 *   ("score out of range");
 * - quality_reviews: a criterion's score is 0–100 ("score out of range").
 *
 * @example
 * rowRules("surveys", col).map((r) => r.reason) // ["missing submitted_at", "score out of range", "missing score"]
 */
import { DATASETS, type DatasetId } from "../datasets.ts";

export interface RowRule {
  reason: string;
  /** SQL that is TRUE exactly when the row breaks the rule (never NULL). */
  breaks: string;
}

/**
 * The rules of a dataset; `col(field)` gives a field's SQL (a number as a
 * double, NaN read as NULL), or null when the source has no such column.
 */
export function rowRules(dataset: DatasetId, col: (field: string) => string | null): RowRule[] {
  const spec = DATASETS[dataset];
  const rules: RowRule[] = [];
  const time = col(spec.timeField);
  rules.push({ reason: `missing ${spec.timeField}`, breaks: time === null ? "TRUE" : `(${time} IS NULL)` });
  if (dataset === "surveys") {
    const score = col("score");
    const min = col("scale_min");
    const max = col("scale_max");
    if (score !== null && min !== null && max !== null) {
      rules.push({ reason: "score out of range", breaks: `COALESCE(${score} < ${min} OR ${score} > ${max}, FALSE)` });
    }
    rules.push({ reason: "missing score", breaks: score === null ? "TRUE" : `(${score} IS NULL)` });
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

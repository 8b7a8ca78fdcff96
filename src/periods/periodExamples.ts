/**
 * Period words to show in help text, one of each form `parsePeriod` accepts,
 * in canonical spelling.
 *
 * @example PERIOD_EXAMPLES.join(", ") // "today, yesterday, this-week, …"
 */
export const PERIOD_EXAMPLES: readonly string[] = Object.freeze([
  "today",
  "yesterday",
  "this-week",
  "last-week",
  "this-month",
  "last-month",
  "this-quarter",
  "last-quarter",
  "this-year",
  "last-year",
  "last-7-days",
  "last-30-days",
  "last-4-weeks",
  "last-3-months",
  "mtd",
  "qtd",
  "ytd",
  "2026",
  "2026-Q3",
  "2026-10",
  "2026-10-05",
  "2026-10-01..2026-10-15",
]);

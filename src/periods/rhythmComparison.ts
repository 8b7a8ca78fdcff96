import type { Comparison, Period } from "./types.ts";

/**
 * What a recurring report (a digest, an alert) compares a period with when
 * nobody chose: a one-day period with the same weekday a week earlier, so the
 * week's rhythm (quiet Sundays, busy Mondays) is not read as a change; any
 * other period — a week, a month, the last 30 days — with the previous one.
 *
 * @example rhythmComparison(parsePeriod("yesterday", opts)) // "same-weekday"
 * @example rhythmComparison(parsePeriod("last-week", opts)) // "previous"
 */
export function rhythmComparison(period: Period): Comparison {
  return period.step.unit === "day" && period.step.count === 1 ? "same-weekday" : "previous";
}

import { parsePeriod, rhythmComparison } from "../periods/index.ts";
import type { Comparison, WeekStart } from "../periods/types.ts";

/**
 * What a digest or alert rule compares with when it runs at `at`: its own
 * choice (`vs …`), else the rhythm of its period resolved there — the same
 * weekday a week earlier for a one-day period, the previous period otherwise.
 *
 * @example scheduledComparison(undefined, "yesterday", at, "UTC") // "same-weekday"
 * @example scheduledComparison("last-year", "yesterday", at, "UTC") // "last-year"
 */
export function scheduledComparison(choice: Comparison | undefined, period: string, at: Date, timeZone: string, weekStartsOn: WeekStart = 1): Comparison {
  if (choice) return choice;
  try {
    return rhythmComparison(parsePeriod(period, { now: at, timeZone, weekStartsOn }));
  } catch {
    // Stored period words always parse; should one not, the question itself says why.
    return "previous";
  }
}

/**
 * The `vs` clause a question needs to ask with this comparison: nothing for
 * "previous" (what a question compares with when it says nothing).
 * @example vsClause("same-weekday") // " vs same-weekday"
 */
export function vsClause(comparison: Comparison): string {
  return comparison === "previous" ? "" : ` vs ${comparison}`;
}

/**
 * The plain period phrases a recurring digest or alert can take (`past 7
 * days`, `the last week`, `month to date`): read by the same natural-phrase
 * reader as questions, accepted only when they read the same at any moment
 * (a canonical relative label such as `last-7-days`), since the rule runs
 * again and again.
 */
import type { Comparison, PeriodOptions } from "../../periods/types.ts";
import { parsePeriod } from "../../periods/index.ts";
import { matchComparison } from "./comparePhrase.ts";
import { matchPeriod } from "./periodPhrase.ts";

/** Words around a period that say nothing: `over the past week`, `for the last 30 days`. */
const AROUND = new Set(["the", "over", "for", "during", "in", "of"]);

/**
 * The canonical relative period the words name, when the whole of them is one
 * period phrase that reads the same at `a` and at `b`; undefined otherwise.
 * @example relativePeriodPhrase(["past", "7", "days"], optsAt2001, optsAt2002) // "last-7-days"
 */
export function relativePeriodPhrase(words: string[], a: PeriodOptions, b: PeriodOptions): string | undefined {
  const lower = words.map((w) => w.toLowerCase()).filter((w, i) => !(i === 0 && AROUND.has(w)) && w !== "so" && w !== "far");
  if (lower.length === 0) return undefined;
  try {
    const atA = matchPeriod(lower, 0, a);
    const atB = matchPeriod(lower, 0, b);
    if (!atA || !atB || atA.used !== lower.length || atA.label !== atB.label) return undefined;
    // Fixed dates (`2026-10`, `in October 2025`) are left to the caller, which says why they cannot recur.
    if (parsePeriod(atA.label, a).start.getTime() === parsePeriod(atB.label, b).start.getTime()) return undefined;
    return atA.label;
  } catch {
    return undefined;
  }
}

/**
 * A comparison in plain words after `vs` that needs no period to be read
 * (`the same time last year`, `the previous period`, `same day last week`);
 * undefined for anything else, which the grammar's own reading then judges.
 * @example plainComparison(["the", "same", "time", "last", "year"]) // "last-year"
 */
export function plainComparison(words: string[]): Comparison | undefined {
  const lower = ["vs", ...words.map((w) => w.toLowerCase())];
  try {
    const match = matchComparison(lower, 0, { now: new Date(0), timeZone: "UTC", weekStartsOn: 1 });
    if (!match || match.used !== lower.length) return undefined;
    return match.comparison ?? (match.unit === "year" ? "last-year" : undefined);
  } catch {
    return undefined;
  }
}

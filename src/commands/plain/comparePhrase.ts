/**
 * Comparison phrases: `vs last year`, `compared to the previous period`,
 * `yesterday vs last week`, `week over week`. A phrase naming a unit (`vs
 * last week`) is read against the asked period's unit once that is known.
 */
import { table } from "../wordTable.ts";
import { UserError } from "../../errors.ts";
import { comparisonPeriod, parsePeriod } from "../../periods/index.ts";
import type { Comparison, Grain, Period, PeriodOptions } from "../../periods/types.ts";
import { parseComparison } from "../parse.ts";
import { matchPeriod } from "./periodPhrase.ts";

export interface ComparisonMatch {
  /** Known at once (`vs previous`, `vs last year`), or … */
  comparison?: Comparison;
  /** … the unit named (`vs last week`), read against the period's unit by `comparisonFor`, … */
  unit?: Grain;
  /** … or a period named (`vs q1`), which must be what one of the comparisons compares with. */
  period?: string;
  /** The words as typed, for messages. */
  text: string;
  used: number;
}

const INTRO: readonly string[][] = [
  ["compared", "to"], ["compared", "with"], ["comparing", "to"], ["comparing", "with"], ["relative", "to"], ["as", "opposed", "to"],
  ["in", "comparison", "to"], ["in", "comparison", "with"], ["vs"], ["vs."], ["versus"], ["against"], ["compared"], ["v"],
];
const PREVIOUS_WORDS: readonly string[][] = [
  ["the", "previous", "period"], ["the", "prior", "period"], ["the", "period", "before"], ["previous", "period"], ["prior", "period"],
  ["the", "one", "before"], ["the", "previous", "one"], ["before"], ["the", "previous"], ["prior"], ["last", "time"], ["last"],
];
const OVER: Record<string, Grain> = table({ wow: "week", mom: "month", qoq: "quarter", yoy: "year", dod: "day" });
const UNIT_WORDS: Record<string, Grain> = table({ day: "day", week: "week", month: "month", quarter: "quarter", year: "year" });

/**
 * The comparison phrase at words[i], if any.
 * @example matchComparison(["vs", "last", "week"], 0, opts) // { unit: "week", text: "vs last week", used: 3 }
 */
export function matchComparison(words: string[], i: number, opts: PeriodOptions): ComparisonMatch | undefined {
  const w = words[i] ?? "";
  // week over week, month-on-month, wow, yoy
  if (OVER[w]) return { unit: OVER[w], text: w, used: 1 };
  const over = /^(day|week|month|quarter|year)-(over|on)-(day|week|month|quarter|year)$/.exec(w);
  if (over && over[1] === over[3]) return { unit: UNIT_WORDS[over[1]!]!, text: w, used: 1 };
  if (UNIT_WORDS[w] && (words[i + 1] === "over" || words[i + 1] === "on") && words[i + 2] === w) return { unit: UNIT_WORDS[w], text: `${w} over ${w}`, used: 3 };

  // this time last year, the same time last year: a comparison without `vs`
  for (const phrase of [["this", "time", "last", "year"], ["same", "time", "last", "year"], ["the", "same", "time", "last", "year"]]) {
    if (phrase.every((x, k) => words[i + k] === x)) return { comparison: "last-year", text: phrase.join(" "), used: phrase.length };
  }
  const intro = INTRO.find((p) => p.every((x, k) => words[i + k] === x));
  if (!intro) return undefined;
  let j = i + intro.length;
  const start = j;
  if (words[j] === "the" && words[j + 1] === "same") j++;
  // Words the command grammar already knows: previous, same-weekday, last-year, same day last week, a year ago.
  try {
    const { comparison, used } = parseComparison(words.slice(j, j + 4));
    return { comparison, text: words.slice(i, j + used).join(" "), used: j + used - i };
  } catch {
    // not one of those words; read on
  }
  for (const [phrase, comparison] of [
    [["same", "time", "last", "year"], "last-year"], [["this", "time", "last", "year"], "last-year"], [["same", "period", "last", "year"], "last-year"],
    [["same", "day", "last", "week"], "same-weekday"], [["same", "weekday", "last", "week"], "same-weekday"], [["same", "day", "a", "week", "ago"], "same-weekday"],
    [["last", "years"], "last-year"], [["the", "year", "before"], "last-year"], [["a", "year", "earlier"], "last-year"],
  ] as const) {
    if (phrase.every((x, k) => words[j + k] === x)) return { comparison, text: words.slice(i, j + phrase.length).join(" "), used: j + phrase.length - i };
  }
  // the week before, the month before
  const k = words[j] === "the" ? j + 1 : j;
  if (UNIT_WORDS[words[k] ?? ""] && ["before", "prior", "earlier"].includes(words[k + 1] ?? "")) {
    return { unit: UNIT_WORDS[words[k]!], text: words.slice(i, k + 2).join(" "), used: k + 2 - i };
  }
  const period = matchPeriod(words, j, opts);
  if (period) {
    const unit = /^last-(day|week|month|quarter|year)$/.exec(period.label)?.[1] ?? (period.label === "yesterday" ? "day" : undefined);
    const text = words.slice(i, j + period.used).join(" ");
    if (unit) return { unit: unit as Grain, text, used: j + period.used - i };
    // `q2 compared to q1`: the named period, matched against what each comparison compares with.
    return { period: period.label, text, used: j + period.used - i };
  }
  const previous = PREVIOUS_WORDS.find((p) => p.every((x, n) => words[start + n] === x));
  if (previous) return { comparison: "previous", text: words.slice(i, start + previous.length).join(" "), used: start + previous.length - i };
  // Not a comparison we know: the grammar's own message (with its did-you-mean) says what works.
  parseComparison(words.slice(start, start + 4));
  return undefined;
}

/**
 * The comparison a unit phrase means for a period of `grain`: the unit before
 * (`this week vs last week`), the same weekday a week earlier (`yesterday vs
 * last week`), or the same dates a year earlier (`vs last year`).
 * @example comparisonFor({ unit: "week", text: "vs last week", used: 3 }, parsePeriod("yesterday", opts), opts) // "same-weekday"
 */
export function comparisonFor(match: ComparisonMatch, asked: Period, opts: PeriodOptions): Comparison {
  const step = asked.step;
  if (match.comparison) return match.comparison;
  if (match.period) {
    const target = parsePeriod(match.period, opts);
    const same = (p: Period) => p.start.getTime() === target.start.getTime() && p.end.getTime() === target.end.getTime();
    const found = (["previous", "last-year", "same-weekday"] as const).find((c) => same(comparisonPeriod(asked, c)));
    if (found) return found;
    throw new UserError(
      "bad_syntax",
      `\`${match.text}\` is not what ${asked.label} can be compared with.`,
      `${asked.label} compares with the period before it (\`vs previous\`), the same dates a year earlier (\`vs last-year\`) or, for days, the same weekday a week earlier (\`vs same-weekday\`).`,
    );
  }
  if (match.unit === "year") return "last-year";
  if (match.unit === step.unit) return "previous";
  if (match.unit === "week" && step.unit === "day") {
    if (step.count === 1) return "same-weekday";
    // The last 7 (14, …) days against the 7 before: week over week.
    if (step.count % 7 === 0) return "previous";
  }
  const span = `${step.count === 1 ? "" : `${step.count}-`}${step.unit}${step.count === 1 ? "" : "s"}`;
  throw new UserError(
    "bad_syntax",
    `\`${match.text}\` does not fit a period of ${span}.`,
    "Compare with `vs previous` (the period before), `vs same-weekday` (the same weekday a week earlier) or `vs last-year` (the same dates a year earlier).",
  );
}

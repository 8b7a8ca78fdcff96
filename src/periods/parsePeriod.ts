import { TZDate, tz } from "@date-fns/tz";
import { startOfDay } from "date-fns/startOfDay";
import { startOfMonth } from "date-fns/startOfMonth";
import { startOfQuarter } from "date-fns/startOfQuarter";
import { startOfWeek } from "date-fns/startOfWeek";
import { startOfYear } from "date-fns/startOfYear";
import { UserError } from "../errors.ts";
import { suggest } from "../suggest.ts";
import { addCalendar } from "./addCalendar.ts";
import { assertTimeZone } from "./assertTimeZone.ts";
import type { Grain, Period, PeriodOptions } from "./types.ts";

/** Largest N in `last-N-<unit>`: about ten years of each unit. */
const LAST_N_MAX: Record<Grain, number> = { day: 3660, week: 522, month: 120, quarter: 40, year: 10 };
const MIN_YEAR = 1970;
const MAX_YEAR = 9999;

const HINT =
  "Try today, yesterday, last-week, this-month, last-30-days, 2026-Q3, 2026-10 or 2026-10-01..2026-10-15.";

/** Fixed words: offset (in units from the current one), count, unit. */
const WORDS = new Map<string, { unit: Grain; offset: number }>(Object.entries({
  today: { unit: "day", offset: 0 },
  yesterday: { unit: "day", offset: -1 },
  "this-week": { unit: "week", offset: 0 },
  "this-month": { unit: "month", offset: 0 },
  "this-quarter": { unit: "quarter", offset: 0 },
  "this-year": { unit: "year", offset: 0 },
  "last-week": { unit: "week", offset: -1 },
  "last-month": { unit: "month", offset: -1 },
  "last-quarter": { unit: "quarter", offset: -1 },
  "last-year": { unit: "year", offset: -1 },
}));

const TO_DATE = new Map<string, Grain>([
  ["mtd", "month"],
  ["qtd", "quarter"],
  ["ytd", "year"],
]);

const UNIT_WORDS = new Map<string, Grain>(Object.entries({
  day: "day",
  days: "day",
  week: "week",
  weeks: "week",
  month: "month",
  months: "month",
  quarter: "quarter",
  quarters: "quarter",
  year: "year",
  years: "year",
} satisfies Record<string, Grain>));

const MONTH_NAMES = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
];

/**
 * Resolves period words to a concrete half-open [start, end) in
 * `opts.timeZone`, relative to `opts.now`. Case-insensitive; spaces and
 * hyphens are interchangeable; `label` is the canonical spelling. Anything it
 * cannot resolve throws a `UserError` ("unknown_period") with a did-you-mean
 * where one is close, and a hint listing what works.
 *
 * Accepts: today, yesterday; this-/last- week, month, quarter, year;
 * last-N-days/weeks/months/quarters/years (N complete units before the
 * current one); mtd, qtd, ytd (up to now); 2026, 2026-10, 2026-Q3,
 * 2026-10-05 and 2026-10-01..2026-10-15 (both ends inclusive).
 *
 * @example
 * parsePeriod("last week", { now: new Date("2026-11-18T12:00:00Z"), timeZone: "UTC", weekStartsOn: 1 })
 * // { start: 2026-11-09T00:00Z, end: 2026-11-16T00:00Z, label: "last-week", step: { unit: "week", count: 1 }, timeZone: "UTC" }
 */
export function parsePeriod(text: string, opts: PeriodOptions): Period {
  if (!(opts.now instanceof Date) || Number.isNaN(opts.now.getTime())) {
    throw new TypeError("parsePeriod: opts.now must be a valid Date");
  }
  assertTimeZone(opts.timeZone);
  if (!Number.isInteger(opts.weekStartsOn) || opts.weekStartsOn < 0 || opts.weekStartsOn > 6) {
    throw new UserError("config", `\`${String(opts.weekStartsOn)}\` is not a week start.`, "Use 0 (Sunday) to 6 (Saturday); 1 is Monday.");
  }

  const shown = show(text);
  const word = normalize(text);
  if (word === "") throw new UserError("unknown_period", "No period given.", HINT);

  const fixed = WORDS.get(word);
  if (fixed) return relative(word, fixed.unit, fixed.offset, 1, opts);

  const toDateUnit = TO_DATE.get(word);
  if (toDateUnit) {
    const start = startOfUnit(opts.now, toDateUnit, opts);
    if (start.getTime() >= opts.now.getTime()) {
      throw new UserError(
        "future_period",
        `\`${shown}\` is empty: the ${toDateUnit} has only just begun.`,
        `Try last-${toDateUnit}.`,
      );
    }
    return { start, end: new Date(opts.now.getTime()), label: word, step: { unit: toDateUnit, count: 1 }, timeZone: opts.timeZone };
  }

  const lastN = /^last-(\d+)-([a-z]+)$/.exec(word);
  const lastNUnit = lastN ? UNIT_WORDS.get(lastN[2] ?? "") : undefined;
  if (lastN && lastNUnit) {
    const digits = (lastN[1] ?? "").replace(/^0+(?=\d)/, "");
    // Spaces and hyphens are interchangeable, but `last -5 days` / `last--5-days` is a negative count, not 5.
    const negative = /^last(?:\s+|\s*-\s*)[-−]\d/.test(text.trim().toLowerCase());
    const n = (negative ? -1 : 1) * (digits.length > 6 ? Infinity : Number(digits));
    const max = LAST_N_MAX[lastNUnit];
    if (!(n >= 1 && n <= max)) {
      throw new UserError(
        "unknown_period",
        `\`${shown}\`: the number of ${lastNUnit}s must be from 1 to ${max}.`,
        `For example last-7-${lastNUnit}s, or a range of dates such as 2026-10-01..2026-10-15.`,
      );
    }
    const label = `last-${n}-${lastNUnit}${n === 1 ? "" : "s"}`;
    return relative(label, lastNUnit, -n, n, opts);
  }
  const bareLastN = /^last-(\d+)$/.exec(word);
  if (bareLastN) {
    const n = bareLastN[1] ?? "";
    throw new UserError(
      "unknown_period",
      `\`${shown}\` needs a unit: last-${n}-days, last-${n}-weeks or last-${n}-months.`,
      HINT,
    );
  }

  const range = /^([0-9-]+)\.\.([0-9-]+)$/.exec(word);
  if (range) {
    const from = calendarDate(range[1] ?? "", shown);
    const to = calendarDate(range[2] ?? "", shown);
    if (!from || !to) {
      throw new UserError(
        "unknown_period",
        `\`${shown}\` is not a range of dates: write both ends as year-month-day.`,
        "For example 2026-10-01..2026-10-15 (both days included).",
      );
    }
    const days = Math.round((Date.UTC(to.y, to.m - 1, to.d) - Date.UTC(from.y, from.m - 1, from.d)) / 86_400_000) + 1;
    const fromLabel = isoDate(from.y, from.m, from.d);
    const toLabel = isoDate(to.y, to.m, to.d);
    if (days < 1) {
      throw new UserError(
        "unknown_period",
        `\`${shown}\` ends before it starts.`,
        `Put the earlier date first: ${toLabel}..${fromLabel}.`,
      );
    }
    const start = dayStart(from.y, from.m, from.d, opts.timeZone);
    const end = addCalendar(dayStart(to.y, to.m, to.d, opts.timeZone), "day", 1, opts.timeZone);
    return { start, end, label: `${fromLabel}..${toLabel}`, step: { unit: "day", count: days }, timeZone: opts.timeZone };
  }

  if (/^\d{4}$/.test(word)) {
    const y = year(word, shown);
    return absolute(String(y), dayStart(y, 1, 1, opts.timeZone), "year", opts);
  }

  const quarter = /^(\d{4})-q(\d+)$/.exec(word);
  if (quarter) {
    const y = year(quarter[1] ?? "", shown);
    const q = Number(quarter[2]);
    if (!(q >= 1 && q <= 4)) {
      throw new UserError("unknown_period", `\`${shown}\` is not a quarter: quarters go from Q1 to Q4.`, `For example ${y}-Q3.`);
    }
    return absolute(`${y}-Q${q}`, dayStart(y, (q - 1) * 3 + 1, 1, opts.timeZone), "quarter", opts);
  }

  const month = /^(\d{4})-(\d{1,2})$/.exec(word);
  if (month) {
    const y = year(month[1] ?? "", shown);
    const m = monthNumber(month[2] ?? "", shown);
    return absolute(`${y}-${pad(m)}`, dayStart(y, m, 1, opts.timeZone), "month", opts);
  }

  const date = calendarDate(word, shown);
  if (date) {
    return absolute(isoDate(date.y, date.m, date.d), dayStart(date.y, date.m, date.d, opts.timeZone), "day", opts);
  }

  const guess = suggest(word, candidatesFor(word));
  throw new UserError(
    "unknown_period",
    guess ? `\`${shown}\` is not a period — did you mean \`${guess}\`?` : `\`${shown}\` is not a period.`,
    HINT,
  );
}

/**
 * Lower-case, trimmed, runs of spaces/hyphens/dashes as one hyphen, range
 * separators (`..`, `…`, ` – `) as `..`. Every step is linear in the text:
 * whitespace runs are collapsed before anything looks around them, and the
 * hyphens at the ends of pieces are trimmed by hand (a regex such as `-+$`
 * backtracks quadratically over a long run of hyphens in the middle).
 */
function normalize(text: string): string {
  const pieces = text
    .trim()
    .toLowerCase()
    .replace(/\s+/g, " ")
    .replace(/ ?(?:\.\.|…| [–—] ) ?/g, "..")
    .replace(/[\s\-‐‑‒–—−]+/g, "-")
    .split("..")
    .map(trimHyphens);
  return trimHyphens(pieces.join(".."))
    // Two whole dates joined by a hyphen or space can only be a range: 2026-10-01 - 2026-10-15.
    .replace(/^(\d{4}-\d{1,2}-\d{1,2})-(\d{4}-\d{1,2}-\d{1,2})$/, "$1..$2");
}

function trimHyphens(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && text[start] === "-") start++;
  while (end > start && text[end - 1] === "-") end--;
  return text.slice(start, end);
}

/** What the person typed, trimmed and shortened, for quoting in a message. */
function show(text: string): string {
  const t = text.trim().replace(/\s+/g, " ").replace(/`/g, "'");
  return t.length > 40 ? `${t.slice(0, 39)}…` : t;
}

/** Canonical words plus, for inputs with a number in them, the numeric forms with that number. */
function candidatesFor(word: string): string[] {
  const candidates = new Set([...WORDS.keys(), ...TO_DATE.keys()]);
  // Each distinct number once: `2026-2026-2026-…` is one number, not thousands of candidates.
  const numbers = new Set<string>();
  for (const match of word.matchAll(/\d+/g)) numbers.add(match[0].replace(/^0+(?=\d)/, ""));
  for (const n of numbers) {
    for (const unit of ["days", "weeks", "months", "quarters", "years"]) candidates.add(`last-${n}-${unit}`);
    if (n.length === 4) for (const q of ["q1", "q2", "q3", "q4"]) candidates.add(`${n}-${q}`);
  }
  return [...candidates];
}

function relative(label: string, unit: Grain, offset: number, count: number, opts: PeriodOptions): Period {
  const current = startOfUnit(opts.now, unit, opts);
  const at = (k: number) => (k === 0 ? current : addCalendar(current, unit, k, opts.timeZone));
  return { start: at(offset), end: at(offset + count), label, step: { unit, count }, timeZone: opts.timeZone };
}

function absolute(label: string, start: Date, unit: Grain, opts: PeriodOptions): Period {
  return { start, end: addCalendar(start, unit, 1, opts.timeZone), label, step: { unit, count: 1 }, timeZone: opts.timeZone };
}

function startOfUnit(now: Date, unit: Grain, opts: PeriodOptions): Date {
  const ctx = { in: tz(opts.timeZone) };
  let start: Date;
  switch (unit) {
    case "day":
      start = startOfDay(now, ctx);
      break;
    case "week":
      start = startOfWeek(now, { ...ctx, weekStartsOn: opts.weekStartsOn });
      break;
    case "month":
      start = startOfMonth(now, ctx);
      break;
    case "quarter":
      start = startOfQuarter(now, ctx);
      break;
    case "year":
      start = startOfYear(now, ctx);
      break;
  }
  return new Date(start.getTime());
}

/** The first instant of local day y-m-d (m 1-based) in the zone. */
function dayStart(y: number, m: number, d: number, timeZone: string): Date {
  return new Date(new TZDate(y, m - 1, d, timeZone).getTime());
}

/** A valid calendar date `yyyy-m-d`, undefined if it is not of that shape; throws if the shape is right but the date does not exist. */
function calendarDate(text: string, shown: string): { y: number; m: number; d: number } | undefined {
  const match = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(text);
  if (!match) return undefined;
  const y = year(match[1] ?? "", shown);
  const m = monthNumber(match[2] ?? "", shown);
  const d = Number(match[3]);
  const length = new Date(Date.UTC(y, m, 0)).getUTCDate();
  if (!(d >= 1 && d <= length)) {
    throw new UserError(
      "unknown_period",
      `\`${shown}\` is not a date: ${MONTH_NAMES[m - 1] ?? ""} ${y} has ${length} days.`,
      `For example ${isoDate(y, m, 1)} or ${isoDate(y, m, length)}.`,
    );
  }
  return { y, m, d };
}

function year(text: string, shown: string): number {
  const y = Number(text);
  if (!(y >= MIN_YEAR && y <= MAX_YEAR)) {
    throw new UserError(
      "unknown_period",
      `\`${shown}\` is out of range: years from ${MIN_YEAR} to ${MAX_YEAR} are supported.`,
      HINT,
    );
  }
  return y;
}

function monthNumber(text: string, shown: string): number {
  const m = Number(text);
  if (!(m >= 1 && m <= 12)) {
    throw new UserError("unknown_period", `\`${shown}\` is not a valid month: months go from 01 to 12.`, "For example 2026-10 or 2026-10-05.");
  }
  return m;
}

function pad(n: number): string {
  return String(n).padStart(2, "0");
}

function isoDate(y: number, m: number, d: number): string {
  return `${y}-${pad(m)}-${pad(d)}`;
}

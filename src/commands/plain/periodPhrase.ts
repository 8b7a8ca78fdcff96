/**
 * Natural period phrases → the canonical period text `parsePeriod` reads, so
 * every phrase resolves through the same period code: `past 30 days` →
 * `last-30-days`, `in October` → `2026-10`, `in Q3` → `2026-Q3`, `since
 * Monday` → `2026-11-23..2026-11-24`, `month to date` → `mtd`. Pure: the
 * clock reading and zone come in `opts`.
 */
import { TZDate } from "@date-fns/tz";
import { UserError } from "../../errors.ts";
import { parsePeriod, shiftPeriod } from "../../periods/index.ts";
import { localDateString } from "../../periods/localDateString.ts";
import type { Grain, PeriodOptions } from "../../periods/types.ts";
import { NUMBER_WORDS } from "./words.ts";
import { table, WEEKDAY_WORDS } from "../wordTable.ts";

export interface PeriodMatch {
  /** Canonical period text, e.g. "last-week", "2026-10", "2026-11-23..2026-11-24". */
  label: string;
  /** Words used from the position asked. */
  used: number;
}

const MONTHS: Record<string, number> = table({
  january: 1, jan: 1, february: 2, feb: 2, march: 3, mar: 3, april: 4, apr: 4, may: 5, june: 6, jun: 6,
  july: 7, jul: 7, august: 8, aug: 8, september: 9, sept: 9, sep: 9, october: 10, oct: 10, november: 11, nov: 11,
  december: 12, dec: 12,
});
/** Month words that are also ordinary English: a month only with a year or a period word before them. */
const WORDY_MONTHS = new Set(["may", "march", "mar", "jan", "jun", "dec", "sep", "sept"]);
const MONTH_CONTEXT = new Set(["in", "during", "since", "last", "this", "from", "between", "of", "to", "until", "till", "through", "and", "for", "throughout", "early", "late", "mid"]);
const UNITS: Record<string, Grain> = table({
  day: "day", days: "day", d: "day", week: "week", weeks: "week", wk: "week", wks: "week", w: "week",
  month: "month", months: "month", mo: "month", mos: "month", m: "month",
  quarter: "quarter", quarters: "quarter", q: "quarter", year: "year", years: "year", yr: "year", yrs: "year", y: "year",
});
const LAST = new Set(["last", "past", "previous", "prev", "prior", "preceding", "recent"]);
const THIS = new Set(["this", "current", "present"]);
const ORDINAL_QUARTERS: Record<string, number> = table({ first: 1, "1st": 1, second: 2, "2nd": 2, third: 3, "3rd": 3, fourth: 4, "4th": 4, last: 4 });
const TO_DATE: Record<string, string> = table({ week: "this-week", month: "mtd", quarter: "qtd", year: "ytd" });
const HOUR_WORDS = new Set(["hour", "hours", "hr", "hrs", "h", "minute", "minutes", "mins", "min"]);

interface Day {
  y: number;
  m: number;
  d: number;
}

/**
 * The period phrase starting at `words[i]`, if there is one (longest reading);
 * `words` are lower-case with punctuation stripped. Throws a UserError for a
 * phrase that is a period but not one we can answer (`last 24 hours`).
 * @example matchPeriod(["in", "october"], 1, opts) // { label: "2026-10", used: 1 } (asked in November 2026)
 */
export function matchPeriod(words: string[], i: number, opts: PeriodOptions): PeriodMatch | undefined {
  const w = words[i];
  if (w === undefined) return undefined;
  if (w === "since" || w === "after") return since(words, i, opts);
  if (w === "from" || w === "between") {
    const range = fromTo(words, i + 1, opts);
    if (range) return { label: range.label, used: range.used + 1 };
    return undefined;
  }
  const single = simple(words, i, opts);
  if (!single) return undefined;
  // `Oct 1 to Oct 15`, `August - October`
  const joiner = words[i + single.used];
  if (joiner === "to" || joiner === "through" || joiner === "thru" || joiner === "until" || joiner === "till" || joiner === "-" || joiner === "and") {
    const end = simple(words, i + single.used + 1, opts);
    if (end && joiner !== "and") {
      return { label: rangeLabel(single.label, end.label, opts), used: single.used + 1 + end.used };
    }
  }
  return single;
}

function since(words: string[], i: number, opts: PeriodOptions): PeriodMatch | undefined {
  let j = i + 1;
  if (["the", "start", "beginning"].includes(words[j] ?? "")) {
    // since the start/beginning of the month → month to date
    let k = j;
    if (words[k] === "the") k++;
    if ((words[k] === "start" || words[k] === "beginning") && words[k + 1] === "of") {
      k += 2;
      if (words[k] === "the" || THIS.has(words[k] ?? "")) k++;
      const unit = UNITS[words[k] ?? ""];
      if (unit && unit !== "day") return { label: TO_DATE[unit]!, used: k + 1 - i };
    }
  }
  const from = simple(words, j, opts);
  if (!from) return undefined;
  j += from.used;
  const start = parsePeriod(from.label, opts).start;
  if (start.getTime() >= opts.now.getTime()) {
    throw new UserError("future_period", `\`since ${words.slice(i + 1, j).join(" ")}\` has not begun yet.`, "Ask about a period that has started, e.g. `since monday` or `last-7-days`.");
  }
  return { label: dayRange(localDateString(start, opts.timeZone), localDateString(opts.now, opts.timeZone)), used: j - i };
}

function fromTo(words: string[], i: number, opts: PeriodOptions): PeriodMatch | undefined {
  const a = simple(words, i, opts);
  if (!a) return undefined;
  const joiner = words[i + a.used];
  if (!["to", "and", "through", "thru", "until", "till", "-"].includes(joiner ?? "")) return undefined;
  const b = simple(words, i + a.used + 1, opts);
  if (!b) return undefined;
  return { label: rangeLabel(a.label, b.label, opts), used: a.used + 1 + b.used };
}

/** From the first day of `a` to the last day of `b`. */
function rangeLabel(a: string, b: string, opts: PeriodOptions): string {
  const first = parsePeriod(a, opts);
  const last = parsePeriod(b, opts);
  const from = localDateString(first.start, opts.timeZone);
  const to = localDateString(new Date(last.end.getTime() - 1), opts.timeZone);
  if (to < from) {
    throw new UserError("unknown_period", `\`${a}\` to \`${b}\` ends before it starts.`, `Put the earlier one first: \`${b} to ${a}\`.`);
  }
  return dayRange(from, to);
}

function dayRange(from: string, to: string): string {
  return from === to ? from : `${from}..${to}`;
}

/** One period phrase without `since`/`from … to`. */
function simple(words: string[], i: number, opts: PeriodOptions): PeriodMatch | undefined {
  let j = i;
  if (words[j] === "the" || words[j] === "on" || words[j] === "in" || words[j] === "during") j++;
  // the month of October
  if (words[j] === "month" && words[j + 1] === "of" && MONTHS[words[j + 2] ?? ""]) j += 2;
  const lead = j - i;
  const found = core(words, j, opts);
  return found ? { label: found.label, used: found.used + lead } : undefined;
}

function core(words: string[], i: number, opts: PeriodOptions): PeriodMatch | undefined {
  const w = words[i] ?? "";
  const next = words[i + 1] ?? "";
  const today = localDay(opts.now, opts.timeZone);

  if (HOUR_WORDS.has(next) && (LAST.has(w) || /^\d+$/.test(w) || w in NUMBER_WORDS) || (LAST.has(w) && HOUR_WORDS.has(words[i + 2] ?? "") && isCount(next))) {
    throw new UserError("unknown_period", "Periods here are whole days, not hours.", "Try `today`, `yesterday` or `last-7-days`.");
  }
  if (["tonight", "tonite"].includes(w) || (w === "this" && ["morning", "afternoon", "evening"].includes(next))) {
    return { label: "today", used: w === "this" ? 2 : 1 };
  }
  if (w === "last" && next === "night") return { label: "yesterday", used: 2 };
  if (w === "today" || w === "yesterday") return { label: w, used: 1 };
  if (w === "day" && next === "before" && words[i + 2] === "yesterday") return { label: iso(addDays(today, -2)), used: 3 };

  // A canonical period word or label as typed: last-week, 2026-Q3, 2026-10-01..2026-10-15, mtd.
  if (/^(\d{4}-|last-|this-)/.test(w) || w === "mtd" || w === "qtd" || w === "ytd") {
    try {
      return { label: parsePeriod(w, opts).label, used: 1 };
    } catch {
      return undefined;
    }
  }
  // A year: 2025, in 2025 (a plausible one only).
  if (/^(19[7-9]\d|2\d{3})$/.test(w)) {
    const q = quarterNumber(next);
    if (q) return { label: `${w}-Q${q}`, used: 2 };
    const month = MONTHS[next];
    if (month) return { label: `${w}-${pad(month)}`, used: 2 };
    return { label: w, used: 1 };
  }

  // N units to date, to date phrases.
  const toDateUnit = UNITS[w];
  if (toDateUnit && toDateUnit !== "day" && next === "to" && words[i + 2] === "date") return { label: TO_DATE[toDateUnit]!, used: 3 };
  const glued = /^(week|month|quarter|year)-to-date$/.exec(w);
  if (glued) return { label: TO_DATE[glued[1]!]!, used: 1 };
  if (w === "wtd") return { label: "this-week", used: 1 };

  // this/last <unit>, last N <units>, past fortnight
  if (THIS.has(w)) {
    const unit = UNITS[next];
    if (unit && next.length > 1) return { label: `this-${unit}`, used: 2 };
    if (next === "fortnight") return { label: "last-14-days", used: 2 };
    const q = quarterNumber(next);
    if (q) return { label: `${today.y}-Q${q}`, used: 2 };
    if (MONTHS[next]) return { label: `${today.y}-${pad(MONTHS[next]!)}`, used: 2 };
    if (next === "weekend") return weekend(today, 0, 2);
  }
  if (LAST.has(w)) {
    if (next === "fortnight") return { label: "last-2-weeks", used: 2 };
    if (next === "weekend") return weekend(today, 1, 2);
    const unit = UNITS[next];
    if (unit && next.length > 1) return { label: `last-${unit}`, used: 2 };
    const count = countAt(words, i + 1);
    if (count) {
      const u = UNITS[words[i + 1 + count.used] ?? ""];
      if (u) return lastN(count.n, u, 2 + count.used);
    }
    const compact = compactUnits(next);
    if (compact) return lastN(compact.n, compact.unit, 2);
    const q = quarterNumber(next);
    if (q) return quarterBack(today, q, true, 2);
    const m = MONTHS[next];
    if (m) return monthBack(today, m, true, 2);
    const day = WEEKDAY_WORDS[next];
    if (day !== undefined) return weekday(today, day, true, 2);
  }
  // 7 days, 30d, two weeks (read as the last ones)
  const count = countAt(words, i);
  if (count && /^\d+$|^[a-z]+$/.test(w) && !["a", "an"].includes(w)) {
    const unitWord = words[i + count.used] ?? "";
    const u = UNITS[unitWord];
    if (u && unitWord.length > 1) {
      if (words[i + count.used + 1] === "ago") return ago(count.n, u, count.used + 2, opts);
      return lastN(count.n, u, count.used + 1);
    }
  }
  if ((w === "a" || w === "an" || w === "one") && UNITS[next] && words[i + 2] === "ago") return ago(1, UNITS[next]!, 3, opts);
  const compact = compactUnits(w);
  if (compact) return lastN(compact.n, compact.unit, 1);
  // the week before last
  if (UNITS[w] && w.length > 1 && next === "before" && words[i + 2] === "last") return ago(2, UNITS[w]!, 3, opts);

  // Quarters: q3, Q3 2025, third quarter, q3 last year
  const q = quarterNumber(w) ?? (ORDINAL_QUARTERS[w] && next === "quarter" ? ORDINAL_QUARTERS[w] : undefined);
  if (q) {
    const used = quarterNumber(w) ? 1 : 2;
    const after = words[i + used] ?? "";
    if (/^\d{4}$/.test(after)) return { label: `${after}-Q${q}`, used: used + 1 };
    if (after === "last" && words[i + used + 1] === "year") return { label: `${today.y - 1}-Q${q}`, used: used + 2 };
    return quarterBack(today, q, false, used);
  }

  // Months and dates: october, oct 2025, october 5th, 5 october, 5th of october 2025
  const dayFirst = dayOfMonth(w);
  if (dayFirst !== undefined) {
    let k = i + 1;
    if (words[k] === "of") k++;
    const month = MONTHS[words[k] ?? ""];
    if (month) return dateIn(today, month, dayFirst, words, k + 1, i, opts);
  }
  const month = MONTHS[w];
  const rangeToMonth = ["to", "-", "through", "thru", "until", "till"].includes(next) && MONTHS[words[i + 2] ?? ""] !== undefined;
  if (month && (!WORDY_MONTHS.has(w) || MONTH_CONTEXT.has(words[i - 1] ?? "") || /^\d{4}$/.test(next) || dayOfMonth(next) !== undefined || rangeToMonth)) {
    const day = dayOfMonth(next);
    if (day !== undefined && !(/^\d{4}$/.test(next))) return dateIn(today, month, day, words, i + 2, i, opts);
    if (/^\d{4}$/.test(next)) return { label: `${next}-${pad(month)}`, used: 2 };
    if (next === "last" && words[i + 2] === "year") return { label: `${today.y - 1}-${pad(month)}`, used: 3 };
    if (next === "this" && words[i + 2] === "year") return { label: `${today.y}-${pad(month)}`, used: 3 };
    return monthBack(today, month, false, 1);
  }

  // the 5th: that day of this month, or of the month before when it is still to come
  const ordinal = /^(\d{1,2})(st|nd|rd|th)$/.exec(w);
  if (ordinal && MONTHS[next] === undefined && next !== "of") {
    const d = Number(ordinal[1]);
    const back = d > today.d ? addDays({ ...today, d: 1 }, -1) : today;
    if (d >= 1 && d <= 31) {
      const label = `${back.y}-${pad(back.m)}-${pad(d)}`;
      parsePeriod(label, opts); // the 31st of a 30-day month: the period code's message
      return { label, used: 1 };
    }
  }

  // Weekdays: monday, on monday (the latest one, today included)
  const wd = WEEKDAY_WORDS[w];
  if (wd !== undefined && (w.length > 3 || MONTH_CONTEXT.has(words[i - 1] ?? "") || words[i - 1] === "on")) return weekday(today, wd, false, 1);
  return undefined;
}

function isCount(word: string): boolean {
  return /^\d+$/.test(word) || word in NUMBER_WORDS;
}

/** A count at words[i]: digits, a number word, `couple of`, `twenty one`. */
function countAt(words: string[], i: number): { n: number; used: number } | undefined {
  const w = words[i] ?? "";
  if (/^\d{1,6}$/.test(w)) return { n: Number(w), used: 1 };
  const n = NUMBER_WORDS[w];
  if (n === undefined) return undefined;
  const next = words[i + 1] ?? "";
  const ones = NUMBER_WORDS[next];
  if (n >= 20 && ones !== undefined && ones < 10 && !["a", "an"].includes(next)) return { n: n + ones, used: 2 };
  if ((w === "couple" || w === "few") && next === "of") return { n, used: 2 };
  return { n, used: 1 };
}

/** 30d, 4w, 6m, 2y, 12wks. */
function compactUnits(word: string): { n: number; unit: Grain } | undefined {
  const m = /^(\d{1,4})(d|days?|w|wks?|weeks?|mo|mos|months?|m|q|y|yrs?|years?)$/.exec(word);
  if (!m) return undefined;
  const unit = UNITS[m[2]!];
  return unit ? { n: Number(m[1]), unit } : undefined;
}

function lastN(n: number, unit: Grain, used: number): PeriodMatch {
  // `last 1 week` is last week; the period code checks the range of N.
  return { label: n === 1 ? `last-${unit}` : `last-${n}-${unit}s`, used };
}

/** The whole unit `n` units before the current one: `2 weeks ago`, `the week before last`. */
function ago(n: number, unit: Grain, used: number, opts: PeriodOptions): PeriodMatch {
  if (n < 1 || n > 1000) throw new UserError("unknown_period", `\`${n} ${unit}s ago\` is out of range.`, "Try `last-week` or `2 weeks ago`.");
  const current = parsePeriod(unit === "day" ? "today" : `this-${unit}`, opts);
  return { label: shiftPeriod(current, -n).label, used };
}

function quarterNumber(word: string): number | undefined {
  const m = /^q([1-4])$/.exec(word);
  return m ? Number(m[1]) : undefined;
}

/** The latest quarter q that has begun (`strict`: before the current quarter). */
function quarterBack(today: Day, q: number, strict: boolean, used: number): PeriodMatch {
  const current = Math.floor((today.m - 1) / 3) + 1;
  const year = q < current || (q === current && !strict) ? today.y : today.y - 1;
  return { label: `${year}-Q${q}`, used };
}

/** The latest month m that has begun (`strict`: before the current month). */
function monthBack(today: Day, m: number, strict: boolean, used: number): PeriodMatch {
  const year = m < today.m || (m === today.m && !strict) ? today.y : today.y - 1;
  return { label: `${year}-${pad(m)}`, used };
}

/** The latest such weekday, today included (`strict`: before today). */
function weekday(today: Day, day: number, strict: boolean, used: number): PeriodMatch {
  const todayIs = new Date(Date.UTC(today.y, today.m - 1, today.d)).getUTCDay();
  let back = (todayIs - day + 7) % 7;
  if (back === 0 && strict) back = 7;
  return { label: iso(addDays(today, -back)), used };
}

/** Saturday and Sunday: the latest whole weekend (`back` 1), or the current/coming one (0). */
function weekend(today: Day, back: number, used: number): PeriodMatch {
  const todayIs = new Date(Date.UTC(today.y, today.m - 1, today.d)).getUTCDay();
  // Days back to the latest Saturday that started a weekend now over (or, for `this`, this week's Saturday).
  let toSaturday = (todayIs - 6 + 7) % 7;
  if (back === 1 && (todayIs === 6 || todayIs === 0)) toSaturday += 7;
  if (back === 0 && todayIs !== 6 && todayIs !== 0) toSaturday -= 7;
  const saturday = addDays(today, -toSaturday);
  return { label: `${iso(saturday)}..${iso(addDays(saturday, 1))}`, used };
}

function dayOfMonth(word: string): number | undefined {
  const m = /^(\d{1,2})(st|nd|rd|th)?$/.exec(word);
  if (!m) return undefined;
  const d = Number(m[1]);
  return d >= 1 && d <= 31 ? d : undefined;
}

/** A date in month m, with a year at words[k] or else the latest one that is not in the future. */
function dateIn(today: Day, m: number, d: number, words: string[], k: number, i: number, opts: PeriodOptions): PeriodMatch {
  const typedYear = words[k] ?? "";
  let y: number;
  let end = k;
  if (/^\d{4}$/.test(typedYear)) {
    y = Number(typedYear);
    end = k + 1;
  } else {
    y = m < today.m || (m === today.m && d <= today.d) ? today.y : today.y - 1;
  }
  const label = `${y}-${pad(m)}-${pad(d)}`;
  parsePeriod(label, opts); // throws for 31 November with the period code's message
  return { label, used: end - i };
}

function localDay(instant: Date, timeZone: string): Day {
  const t = new TZDate(instant.getTime(), timeZone);
  return { y: t.getFullYear(), m: t.getMonth() + 1, d: t.getDate() };
}

function addDays(day: Day, n: number): Day {
  const t = new Date(Date.UTC(day.y, day.m - 1, day.d + n));
  return { y: t.getUTCFullYear(), m: t.getUTCMonth() + 1, d: t.getUTCDate() };
}

function iso(day: Day): string {
  return `${day.y}-${pad(day.m)}-${pad(day.d)}`;
}

function pad(n: number): string {
  return String(n).padStart(2, "0");
}

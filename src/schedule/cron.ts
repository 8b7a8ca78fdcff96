/**
 * Scheduled instants of a `Schedule` (a cron expression in an IANA zone),
 * through cron-parser, so daily 09:00 in Europe/Vilnius is 09:00 local on
 * both sides of a daylight-saving change. No clock is read here: every
 * function takes the instant it works from.
 *
 * cron-parser (with luxon, some tens of milliseconds to load) is required on
 * first use, not imported: checking the configuration and answering a
 * one-shot question do not load it unless a schedule is actually read.
 */
import { createRequire } from "node:module";
import type { Schedule } from "../store/store.ts";

let parser: typeof import("cron-parser").CronExpressionParser | undefined;

/** cron-parser's parser, loaded on the first call (a CommonJS package: required, as it loads faster than imported). */
function cronParser(): typeof import("cron-parser").CronExpressionParser {
  parser ??= (createRequire(import.meta.url)("cron-parser") as typeof import("cron-parser")).CronExpressionParser;
  return parser;
}

const DAY_NAMES = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];

function parse(schedule: Schedule, from: Date) {
  return cronParser().parse(schedule.cron, { currentDate: from, tz: schedule.timeZone });
}

/**
 * The first scheduled instant strictly after `after`; null when there is none.
 * @example nextRunAt({ cron: "0 9 * * *", timeZone: "Europe/Vilnius" }, new Date("2026-03-28T07:00:00Z")) // 2026-03-29T06:00:00Z
 */
export function nextRunAt(schedule: Schedule, after: Date): Date | null {
  try {
    return parse(schedule, after).next().toDate();
  } catch {
    return null;
  }
}

/** The latest scheduled instant at or before `now`; null when there is none. */
export function latestRunAt(schedule: Schedule, now: Date): Date | null {
  try {
    // prev() is strictly before its current date, so start one millisecond later to include `now` itself.
    return parse(schedule, new Date(now.getTime() + 1)).prev().toDate();
  } catch {
    return null;
  }
}

/**
 * Scheduled instants in (after, upTo], oldest first, at most `limit` of them
 * (to count missed runs without walking years of minutes).
 */
export function runsBetween(schedule: Schedule, after: Date, upTo: Date, limit = 1000): Date[] {
  const out: Date[] = [];
  try {
    const expr = parse(schedule, after);
    while (out.length < limit) {
      const next = expr.next().toDate();
      if (next.getTime() > upTo.getTime()) break;
      out.push(next);
    }
  } catch {
    // No further instants.
  }
  return out;
}

const FIELDS = [
  { name: "minute", min: 0, max: 59 },
  { name: "hour", min: 0, max: 23 },
  { name: "day-of-month", min: 1, max: 31 },
  { name: "month", min: 1, max: 12 },
  { name: "day-of-week", min: 0, max: 7 },
] as const;
/** A valid expression to try one field at a time in. */
const PROBE = ["0", "0", "1", "1", "*"];

function cronError(expression: string): string | null {
  try {
    cronParser().parse(expression, { currentDate: new Date(Date.UTC(2001, 0, 1)), tz: "UTC" }).next();
    return null;
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
}

/**
 * Whether a cron expression of exactly five fields parses; when it does not,
 * which field is wrong and why, in words (cron-parser's own messages say
 * things like "got range NaN-0").
 *
 * @example cronProblem("0 24 * * *") // "the hour field (`24`) is out of range: it goes from 0 to 23"
 */
export function cronProblem(expression: string): string | null {
  const fields = expression.trim().split(/\s+/);
  if (fields.length !== 5) return `it has ${fields.length} field${fields.length === 1 ? "" : "s"}; a cron expression has five (minute hour day-of-month month day-of-week)`;
  const whole = cronError(expression);
  if (whole === null) return null;
  for (const [i, field] of FIELDS.entries()) {
    const typed = fields[i]!;
    const alone = cronError(PROBE.map((p, j) => (j === i ? typed : p)).join(" "));
    if (alone !== null) return `the ${field.name} field (\`${typed.replace(/`/g, "'").slice(0, 40)}\`) ${fieldProblem(alone, field)}`;
  }
  // Each field is fine alone; together they are not (e.g. a day that never comes in that month).
  return `its fields never match a date together (${whole.replace(/\.$/, "")})`;
}

function fieldProblem(message: string, field: (typeof FIELDS)[number]): string {
  const range = `it goes from ${field.min} to ${field.max}${field.name === "day-of-week" ? " (Sunday is 0 or 7; sun–sat work too)" : field.name === "month" ? " (jan–dec work too)" : ""}`;
  if (/NaN|Invalid characters/i.test(message)) return `is not a number, a range such as 1-5, a list such as 1,3 or a step such as */15: ${range}`;
  if (/got value|got range/i.test(message)) return `is out of range: ${range}`;
  if (/Invalid range/i.test(message)) return "runs backwards: write the smaller number first, e.g. 1-5";
  if (/repeat at every 0/i.test(message)) return "has a step of 0: a step is at least 1, e.g. */15";
  if (/list/i.test(message)) return "has an empty or malformed item in its list: write items between commas, e.g. 1,3,5";
  return `is not valid: ${range}`;
}

const pad = (n: number): string => String(n).padStart(2, "0");

/**
 * A schedule in words, for lists and confirmations. Recognises what the
 * `digest add` words produce; anything else is shown as its cron expression.
 *
 * @example describeSchedule({ cron: "30 8 * * 1-5", timeZone: "UTC" }) // "every weekday at 08:30"
 */
export function describeSchedule(schedule: Schedule): string {
  const fields = schedule.cron.trim().split(/\s+/);
  if (fields.length === 5) {
    const [min, hour, dom, month, dow] = fields as [string, string, string, string, string];
    const simple = /^\d{1,2}$/;
    if (min === "0" && hour === "*" && dom === "*" && month === "*" && dow === "*") return "every hour, on the hour";
    if (simple.test(min) && simple.test(hour) && month === "*") {
      const time = `${pad(Number(hour))}:${pad(Number(min))}`;
      if (dom === "*" && dow === "*") return `every day at ${time}`;
      if (dom === "*" && dow === "1-5") return `every weekday at ${time}`;
      if (dom === "*" && /^[0-7](,[0-7])*$/.test(dow)) {
        const days = dow.split(",").map((d) => DAY_NAMES[Number(d) % 7]!);
        return `every ${days.length === 1 ? days[0] : `${days.slice(0, -1).join(", ")} and ${days[days.length - 1]}`} at ${time}`;
      }
      if (dow === "*" && dom === "L") return `on the last day of every month at ${time}`;
      if (dow === "*" && simple.test(dom)) return `on the ${ordinal(Number(dom))} of every month at ${time}`;
    }
  }
  return `cron ${schedule.cron}`;
}

function ordinal(n: number): string {
  const tens = n % 100;
  if (tens >= 11 && tens <= 13) return `${n}th`;
  return `${n}${["th", "st", "nd", "rd"][n % 10] ?? "th"}`;
}

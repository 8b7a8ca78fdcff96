/**
 * Scheduled instants of a `Schedule` (a cron expression in an IANA zone),
 * through cron-parser, so daily 09:00 in Europe/Vilnius is 09:00 local on
 * both sides of a daylight-saving change. No clock is read here: every
 * function takes the instant it works from.
 */
import { CronExpressionParser } from "cron-parser";
import type { Schedule } from "../store/store.ts";

const DAY_NAMES = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];

function parse(schedule: Schedule, from: Date) {
  return CronExpressionParser.parse(schedule.cron, { currentDate: from, tz: schedule.timeZone });
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

/** Whether a cron expression of exactly five fields parses; the reason when it does not. */
export function cronProblem(expression: string): string | null {
  const fields = expression.trim().split(/\s+/);
  if (fields.length !== 5) return `it has ${fields.length} field${fields.length === 1 ? "" : "s"}; a cron expression has five (minute hour day-of-month month day-of-week)`;
  try {
    const expr = CronExpressionParser.parse(expression, { currentDate: new Date(Date.UTC(2001, 0, 1)), tz: "UTC" });
    expr.next();
    return null;
  } catch (e) {
    return (e as Error).message.replace(/\.$/, "");
  }
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

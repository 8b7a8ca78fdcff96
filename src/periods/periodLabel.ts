import { TZDate } from "@date-fns/tz";
import { addCalendar } from "./addCalendar.ts";
import { isLocalMidnight } from "./isLocalMidnight.ts";
import { localDateString } from "./localDateString.ts";

/**
 * The canonical label for a concrete [start, end) in `timeZone`: `2026` for a
 * whole year, `2026-Q3` for a quarter, `2026-10` for a month, `2026-10-05` for
 * one day, and otherwise the inclusive range of local dates
 * `2026-11-02..2026-11-08` (for an end that is not a local midnight, such as
 * month-to-date, the range ends on the day that contains the end).
 * Every label it returns is accepted by `parsePeriod`.
 *
 * @example periodLabel(new Date("2026-07-01T00:00:00Z"), new Date("2026-10-01T00:00:00Z"), "UTC") // "2026-Q3"
 */
export function periodLabel(start: Date, end: Date, timeZone: string): string {
  const startsAtMidnight = isLocalMidnight(start, timeZone);
  const endsAtMidnight = isLocalMidnight(end, timeZone);
  if (startsAtMidnight && endsAtMidnight) {
    const local = new TZDate(start.getTime(), timeZone);
    const year = local.getFullYear();
    const month = local.getMonth();
    const firstOfMonth = local.getDate() === 1;
    const is = (unit: "year" | "quarter" | "month" | "day") =>
      addCalendar(start, unit, 1, timeZone).getTime() === end.getTime();
    if (firstOfMonth && month === 0 && is("year")) return String(year);
    if (firstOfMonth && month % 3 === 0 && is("quarter")) return `${year}-Q${month / 3 + 1}`;
    if (firstOfMonth && is("month")) return `${year}-${String(month + 1).padStart(2, "0")}`;
    if (is("day")) return localDateString(start, timeZone);
  }
  const lastDay = endsAtMidnight ? new Date(end.getTime() - 1) : end;
  return `${localDateString(start, timeZone)}..${localDateString(lastDay, timeZone)}`;
}

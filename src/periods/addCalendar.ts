import { TZDate } from "@date-fns/tz";
import { addDays } from "date-fns/addDays";
import { addMonths } from "date-fns/addMonths";
import { addQuarters } from "date-fns/addQuarters";
import { addWeeks } from "date-fns/addWeeks";
import { addYears } from "date-fns/addYears";
import { startOfDay } from "date-fns/startOfDay";
import { isLocalMidnight } from "./isLocalMidnight.ts";
import type { Grain } from "./types.ts";

/**
 * Moves an instant by whole calendar units in `timeZone`, keeping the local
 * wall-clock time: a week is 7 local days even across a DST change, and a
 * month keeps the day of month (clamped to the target month's length, as
 * date-fns `addMonths`). An instant at the start of a local day lands on the
 * start of the target local day, even where one of those days begins at 01:00
 * because its midnight is skipped.
 *
 * @example addCalendar(new Date("2026-10-18T21:00:00Z"), "week", 1, "Europe/Vilnius") // 2026-10-25T22:00:00Z
 */
export function addCalendar(date: Date, unit: Grain, amount: number, timeZone: string): Date {
  const local = new TZDate(date.getTime(), timeZone);
  let moved: TZDate;
  switch (unit) {
    case "day":
      moved = addDays(local, amount);
      break;
    case "week":
      moved = addWeeks(local, amount);
      break;
    case "month":
      moved = addMonths(local, amount);
      break;
    case "quarter":
      moved = addQuarters(local, amount);
      break;
    case "year":
      moved = addYears(local, amount);
      break;
  }
  if (isLocalMidnight(date, timeZone)) moved = startOfDay(moved);
  return new Date(moved.getTime());
}

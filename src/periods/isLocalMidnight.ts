import { TZDate } from "@date-fns/tz";
import { startOfDay } from "date-fns/startOfDay";

/**
 * Whether `date` is the first instant of its local day in `timeZone`
 * (00:00, or 01:00 on a day whose midnight is skipped by a DST change).
 *
 * @example isLocalMidnight(new Date("2026-10-25T22:00:00Z"), "Europe/Vilnius") // true
 */
export function isLocalMidnight(date: Date, timeZone: string): boolean {
  const local = new TZDate(date.getTime(), timeZone);
  return startOfDay(local).getTime() === local.getTime();
}

import { TZDate } from "@date-fns/tz";
import { differenceInCalendarDays } from "date-fns";
import type { Period } from "./types.ts";

/**
 * The local calendar days a period touches in its zone: 7 for a week even
 * across a DST change, 1 for today so far.
 * @example localDayCount(parsePeriod("last-week", opts)) // 7
 */
export function localDayCount(period: Pick<Period, "start" | "end" | "timeZone">): number {
  const first = new TZDate(period.start.getTime(), period.timeZone);
  const last = new TZDate(Math.max(period.start.getTime(), period.end.getTime() - 1), period.timeZone);
  return differenceInCalendarDays(last, first) + 1;
}

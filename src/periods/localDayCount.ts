import { TZDate } from "@date-fns/tz";
import { differenceInCalendarDays } from "date-fns/differenceInCalendarDays";
import type { Period } from "./types.ts";

/**
 * The local calendar days a period touches in its zone: 7 for a week even
 * across a DST change, 1 for today once begun, 0 for an empty period.
 * @example localDayCount(parsePeriod("last-week", opts)) // 7
 */
export function localDayCount(period: Pick<Period, "start" | "end" | "timeZone">): number {
  // An empty period (today at the stroke of midnight) touches no day yet.
  if (period.end.getTime() <= period.start.getTime()) return 0;
  const first = new TZDate(period.start.getTime(), period.timeZone);
  const last = new TZDate(period.end.getTime() - 1, period.timeZone);
  return differenceInCalendarDays(last, first) + 1;
}

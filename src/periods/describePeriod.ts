import { TZDate, tz } from "@date-fns/tz";
import { differenceInCalendarDays } from "date-fns/differenceInCalendarDays";
import { format } from "date-fns/format";
import { isLocalMidnight } from "./isLocalMidnight.ts";
import type { Period } from "./types.ts";

const SEP = " – ";

/**
 * The period's concrete dates for people, in its time zone. A local-midnight
 * end is shown inclusive (as the last day); weekdays are shown for spans of
 * up to 7 days; the year is shown once when both ends are in the same year;
 * an end that is not a local midnight (mtd) is shown with its time.
 *
 * @example describePeriod(lastWeek) // "Mon 9 Nov – Sun 15 Nov 2026"
 * @example describePeriod(october) // "1 Oct – 31 Oct 2026"
 * @example describePeriod(today) // "Sun 22 Nov 2026"
 * @example describePeriod(mtd) // "1 Nov – 22 Nov 2026 14:05"
 */
export function describePeriod(period: Period): string {
  const zone = period.timeZone;
  const start = new TZDate(period.start.getTime(), zone);
  const end = new TZDate(period.end.getTime(), zone);
  const startsAtMidnight = isLocalMidnight(period.start, zone);
  const endsAtMidnight = isLocalMidnight(period.end, zone);
  const lastDay = endsAtMidnight ? new TZDate(period.end.getTime() - 1, zone) : end;
  const days = differenceInCalendarDays(lastDay, start, { in: tz(zone) }) + 1;
  const day = days <= 7 ? "EEE d MMM" : "d MMM";
  const time = (d: TZDate) => format(d, "HH:mm");

  if (days <= 1) {
    const date = format(start, `${day} yyyy`);
    if (startsAtMidnight && endsAtMidnight) return date;
    return `${date} ${time(start)}${SEP}${endsAtMidnight ? "24:00" : time(end)}`;
  }
  const sameYear = start.getFullYear() === lastDay.getFullYear();
  const from = format(start, sameYear ? day : `${day} yyyy`) + (startsAtMidnight ? "" : ` ${time(start)}`);
  const to = format(lastDay, `${day} yyyy`) + (endsAtMidnight ? "" : ` ${time(end)}`);
  return `${from}${SEP}${to}`;
}

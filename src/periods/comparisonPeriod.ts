import { addCalendar } from "./addCalendar.ts";
import { localDayCount } from "./localDayCount.ts";
import { isLocalMidnight } from "./isLocalMidnight.ts";
import { periodLabel } from "./periodLabel.ts";
import { shiftPeriod } from "./shiftPeriod.ts";
import type { Comparison, Period } from "./types.ts";

/**
 * The period to compare against: `"previous"` is the previous equal period
 * (`shiftPeriod(period, −1)`); `"same-weekday"` is the same span moved back
 * by whole weeks — one week for a period of up to 7 days (a Monday against
 * the Monday before, today so far against the same hours a week ago), as
 * many as it takes not to overlap for a longer one — so a weekly rhythm
 * compares like with like; `"last-year"` is the same local dates one
 * calendar year earlier, first day to last day inclusive (29 February becomes
 * 28 February, so 2028-02-01..2028-02-29 compares with all of February 2027).
 * A partial end (mtd) moves back a year at the same local time. The result
 * keeps the original's `step` and gets a canonical label.
 *
 * @example
 * comparisonPeriod(parsePeriod("2026-02", opts), "last-year") // [2025-02-01, 2025-03-01), label "2025-02"
 * comparisonPeriod(parsePeriod("2026-11-23", opts), "same-weekday") // Monday [2026-11-16, 2026-11-17), label "2026-11-16"
 */
export function comparisonPeriod(period: Period, against: Comparison): Period {
  if (against === "previous") return shiftPeriod(period, -1);
  const zone = period.timeZone;
  if (against === "same-weekday") {
    const weeks = Math.max(1, Math.ceil(localDayCount(period) / 7));
    const start = addCalendar(period.start, "week", -weeks, zone);
    const end = addCalendar(period.end, "week", -weeks, zone);
    return { start, end, label: periodLabel(start, end, zone), step: { ...period.step }, timeZone: zone };
  }
  const start = addCalendar(period.start, "year", -1, zone);
  // Move the last included day, not the exclusive end: an end of 29 February
  // (a range ending 28 February in a leap year) would otherwise clamp to
  // 28 February and lose the range's last day.
  const end = isLocalMidnight(period.end, zone)
    ? addCalendar(addCalendar(addCalendar(period.end, "day", -1, zone), "year", -1, zone), "day", 1, zone)
    : addCalendar(period.end, "year", -1, zone);
  return {
    start,
    end,
    label: periodLabel(start, end, zone),
    step: { ...period.step },
    timeZone: zone,
  };
}


import { addCalendar } from "./addCalendar.ts";
import { periodLabel } from "./periodLabel.ts";
import type { Period } from "./types.ts";

/**
 * The period `n` steps away: n = −1 is the previous equal period (for "vs
 * previous"), −2 the one before, +1 the next. Start and end each move by
 * n × `period.step` calendar units in the period's time zone, so weeks stay 7
 * local days across DST changes and months keep their boundaries; a partial
 * end (mtd) moves by the same calendar amount, its day clamped to the month's
 * length. Always shift from the original period (shiftPeriod(p, −k)) rather
 * than chaining, so clamping does not accumulate. The label becomes the
 * canonical form of the new dates (`2026-10`, `2026-Q2`, `2025`,
 * `2026-11-21`, or `2026-11-02..2026-11-08`); n = 0 returns a copy.
 *
 * @example
 * shiftPeriod(parsePeriod("2026-03", opts), -1) // 2026-02: [2026-02-01, 2026-03-01), label "2026-02"
 */
export function shiftPeriod(period: Period, n: number): Period {
  if (!Number.isInteger(n)) throw new RangeError(`shiftPeriod: n must be an integer, got ${n}`);
  if (n === 0) return { ...period, start: new Date(period.start.getTime()), end: new Date(period.end.getTime()), step: { ...period.step } };
  const { unit, count } = period.step;
  const start = addCalendar(period.start, unit, n * count, period.timeZone);
  const end = addCalendar(period.end, unit, n * count, period.timeZone);
  return {
    start,
    end,
    label: periodLabel(start, end, period.timeZone),
    step: { unit, count },
    timeZone: period.timeZone,
  };
}

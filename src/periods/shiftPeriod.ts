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
  const key = `${period.start.getTime()}|${period.end.getTime()}|${unit}|${count}|${period.timeZone}|${n}`;
  let shifted = RECENT.get(key);
  if (shifted === undefined) {
    const start = addCalendar(period.start, unit, n * count, period.timeZone);
    const end = addCalendar(period.end, unit, n * count, period.timeZone);
    shifted = { start: start.getTime(), end: end.getTime(), label: periodLabel(start, end, period.timeZone) };
    RECENT.set(key, shifted);
    if (RECENT.size > RECENT_MAX) RECENT.delete(RECENT.keys().next().value!);
  }
  return { start: new Date(shifted.start), end: new Date(shifted.end), label: shifted.label, step: { unit, count }, timeZone: period.timeZone };
}

/**
 * Recent shifts, oldest first: the metrics of a digest, and questions asked
 * again, step through the same periods, and calendar arithmetic in a time
 * zone is most of the work of building a report's trend. Pure, so kept.
 */
const RECENT = new Map<string, { start: number; end: number; label: string }>();
const RECENT_MAX = 4096;

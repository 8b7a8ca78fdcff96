import type { Period } from "./types.ts";

/**
 * Whether the period is not over yet at `now` (its end is after now), e.g.
 * this-week on a Wednesday. Such figures are incomplete and may be worded so.
 *
 * @example isPartial(parsePeriod("this-month", opts), opts.now) // true
 */
export function isPartial(period: Period, now: Date): boolean {
  return period.end.getTime() > now.getTime();
}

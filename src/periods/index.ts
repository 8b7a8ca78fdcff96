/** Period words → concrete half-open intervals in a time zone. No I/O, no clock. */
export type { Comparison, Grain, Period, PeriodOptions, WeekStart } from "./types.ts";
export { parsePeriod } from "./parsePeriod.ts";
export { PERIOD_EXAMPLES } from "./periodExamples.ts";
export { isPeriodLike } from "./isPeriodLike.ts";
export { shiftPeriod } from "./shiftPeriod.ts";
export { comparisonPeriod } from "./comparisonPeriod.ts";
export { rhythmComparison } from "./rhythmComparison.ts";
export { localDayCount } from "./localDayCount.ts";
export { describePeriod } from "./describePeriod.ts";
export { isPartial } from "./isPartial.ts";
export { isTimeZone } from "./isTimeZone.ts";

/** Calendar units a period steps by. */
export type Grain = "day" | "week" | "month" | "quarter" | "year";

/** 0 = Sunday … 6 = Saturday, as date-fns. */
export type WeekStart = 0 | 1 | 2 | 3 | 4 | 5 | 6;

/** A concrete half-open interval [start, end) resolved in a time zone. */
export interface Period {
  start: Date;
  end: Date;
  /** Canonical name of what was asked: "last-week", "2026-Q3", "2026-10-01..2026-10-15". */
  label: string;
  /**
   * How to step to the previous/next equal period: by calendar units in the
   * period's time zone (a week is 7 local days even across a DST change), or
   * by whole local days for a custom range.
   */
  step: { unit: Grain; count: number };
  timeZone: string;
}

export interface PeriodOptions {
  /** The instant "now" is resolved against (never read from a clock inside periods/). */
  now: Date;
  /** IANA zone, e.g. "Europe/Vilnius". */
  timeZone: string;
  weekStartsOn: WeekStart;
}

/**
 * What a period is compared with: the previous equal period, the same
 * weekdays whole weeks earlier (a Monday with the Monday before), or the same
 * dates a year earlier.
 */
export type Comparison = "previous" | "same-weekday" | "last-year";

import { describe, expect, it } from "vitest";
import { comparisonPeriod, parsePeriod, rhythmComparison, shiftPeriod } from "../../src/periods/index.ts";
import type { Period, PeriodOptions } from "../../src/periods/index.ts";

/** Sunday 22 November 2026, 14:05 UTC. */
const NOW = new Date("2026-11-22T14:05:00Z");
const UTC_MONDAY: PeriodOptions = { now: NOW, timeZone: "UTC", weekStartsOn: 1 };

function iso(p: Period): [string, string] {
  return [p.start.toISOString(), p.end.toISOString()];
}

describe("comparisonPeriod", () => {
  it("compares yesterday, Saturday 21 November 2026, with Saturday 14 November (same-weekday)", () => {
    const c = comparisonPeriod(parsePeriod("yesterday", UTC_MONDAY), "same-weekday");
    expect(iso(c)).toEqual(["2026-11-14T00:00:00.000Z", "2026-11-15T00:00:00.000Z"]);
    expect(c.label).toBe("2026-11-14");
  });

  it("compares today so far (Sunday 22 November 2026 until 14:05) with the same hours of Sunday 15 November", () => {
    // As answers measure a running period: up to now.
    const c = comparisonPeriod({ ...parsePeriod("today", UTC_MONDAY), end: NOW }, "same-weekday");
    expect(iso(c)).toEqual(["2026-11-15T00:00:00.000Z", "2026-11-15T14:05:00.000Z"]);
  });

  it("keeps local midnights across the end of summer time: Monday 2 November 2026 in New York against Monday 26 October", () => {
    const c = comparisonPeriod(parsePeriod("2026-11-02", { ...UTC_MONDAY, timeZone: "America/New_York" }), "same-weekday");
    expect(iso(c)).toEqual(["2026-10-26T04:00:00.000Z", "2026-10-27T04:00:00.000Z"]);
  });

  it("moves a longer period back by whole weeks until it does not overlap: October 2026 (31 days) against 5 weeks earlier, Thursday to Saturday", () => {
    const c = comparisonPeriod(parsePeriod("2026-10", UTC_MONDAY), "same-weekday");
    expect(iso(c)).toEqual(["2026-08-27T00:00:00.000Z", "2026-09-27T00:00:00.000Z"]);
    expect(comparisonPeriod(parsePeriod("last-week", UTC_MONDAY), "same-weekday")).toEqual(comparisonPeriod(parsePeriod("last-week", UTC_MONDAY), "previous"));
  });

  it("gives a one-day period the same weekday a week earlier by rhythm, and any longer period the previous one", () => {
    expect(rhythmComparison(parsePeriod("yesterday", UTC_MONDAY))).toBe("same-weekday");
    expect(rhythmComparison(parsePeriod("today", UTC_MONDAY))).toBe("same-weekday");
    expect(rhythmComparison(parsePeriod("2026-10-05", UTC_MONDAY))).toBe("same-weekday");
    for (const words of ["last-week", "last-month", "last-7-days", "this-month", "2026-10-01..2026-10-02"]) {
      expect(rhythmComparison(parsePeriod(words, UTC_MONDAY))).toBe("previous");
    }
  });

  it("compares last-week against the previous week Monday 2 – Monday 9 November 2026", () => {
    const p = parsePeriod("last-week", UTC_MONDAY);
    expect(comparisonPeriod(p, "previous")).toEqual(shiftPeriod(p, -1));
    expect(iso(comparisonPeriod(p, "previous"))).toEqual(["2026-11-02T00:00:00.000Z", "2026-11-09T00:00:00.000Z"]);
  });

  it("compares 2026-02 against last year's 2025-02", () => {
    const c = comparisonPeriod(parsePeriod("2026-02", UTC_MONDAY), "last-year");
    expect(iso(c)).toEqual(["2025-02-01T00:00:00.000Z", "2025-03-01T00:00:00.000Z"]);
    expect(c.label).toBe("2025-02");
    expect(c.step).toEqual({ unit: "month", count: 1 });
  });

  it("compares last-week (Monday 9 – Sunday 15 November 2026) against the same dates in 2025", () => {
    const c = comparisonPeriod(parsePeriod("last-week", UTC_MONDAY), "last-year");
    expect(iso(c)).toEqual(["2025-11-09T00:00:00.000Z", "2025-11-16T00:00:00.000Z"]);
    expect(c.label).toBe("2025-11-09..2025-11-15");
  });

  it("compares mtd at 14:05 on Sunday 22 November 2026 against 1 – 22 November 2025 14:05", () => {
    const c = comparisonPeriod(parsePeriod("mtd", UTC_MONDAY), "last-year");
    expect(iso(c)).toEqual(["2025-11-01T00:00:00.000Z", "2025-11-22T14:05:00.000Z"]);
  });

  it("compares Tuesday 29 February 2028 against Monday 28 February 2027", () => {
    const c = comparisonPeriod(parsePeriod("2028-02-29", UTC_MONDAY), "last-year");
    expect(iso(c)).toEqual(["2027-02-28T00:00:00.000Z", "2027-03-01T00:00:00.000Z"]);
    expect(c.label).toBe("2027-02-28");
  });

  it("compares the single day Friday 28 February 2020 against Thursday 28 February 2019, not an empty period", () => {
    const c = comparisonPeriod(parsePeriod("2020-02-28..2020-02-28", UTC_MONDAY), "last-year");
    expect(iso(c)).toEqual(["2019-02-28T00:00:00.000Z", "2019-03-01T00:00:00.000Z"]);
  });

  it("compares 2020-02-01..2020-02-28 against all of 1 – 28 February 2019", () => {
    const c = comparisonPeriod(parsePeriod("2020-02-01..2020-02-28", UTC_MONDAY), "last-year");
    expect(c.label).toBe("2019-02");
  });

  it("compares February 2028 (29 days) against February 2027", () => {
    const c = comparisonPeriod(parsePeriod("2028-02", UTC_MONDAY), "last-year");
    expect(iso(c)).toEqual(["2027-02-01T00:00:00.000Z", "2027-03-01T00:00:00.000Z"]);
  });

  it("compares 2026-Q3 in Europe/Vilnius against 2025-Q3 on local midnights", () => {
    const c = comparisonPeriod(parsePeriod("2026-Q3", { ...UTC_MONDAY, timeZone: "Europe/Vilnius" }), "last-year");
    expect(iso(c)).toEqual(["2025-06-30T21:00:00.000Z", "2025-09-30T21:00:00.000Z"]);
    expect(c.label).toBe("2025-Q3");
  });
});

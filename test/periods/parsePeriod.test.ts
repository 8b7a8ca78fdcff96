import { describe, expect, it } from "vitest";
import { UserError } from "../../src/errors.ts";
import { parsePeriod } from "../../src/periods/index.ts";
import type { Period, PeriodOptions } from "../../src/periods/index.ts";

/** Sunday 22 November 2026, 14:05 UTC. */
const NOW = new Date("2026-11-22T14:05:00Z");
const UTC_MONDAY: PeriodOptions = { now: NOW, timeZone: "UTC", weekStartsOn: 1 };

function iso(p: Period): [string, string] {
  return [p.start.toISOString(), p.end.toISOString()];
}

function hours(p: Period): number {
  return (p.end.getTime() - p.start.getTime()) / 3_600_000;
}

function userError(text: string, opts: PeriodOptions = UTC_MONDAY): UserError {
  try {
    parsePeriod(text, opts);
  } catch (e) {
    if (e instanceof UserError) return e;
    throw e;
  }
  throw new Error(`expected ${text} to throw`);
}

describe("parsePeriod on Sunday 22 November 2026 14:05 UTC, weeks from Monday", () => {
  const cases: Array<[string, string, string, string, { unit: string; count: number }]> = [
    ["today", "2026-11-22T00:00:00.000Z", "2026-11-23T00:00:00.000Z", "today", { unit: "day", count: 1 }],
    ["yesterday", "2026-11-21T00:00:00.000Z", "2026-11-22T00:00:00.000Z", "yesterday", { unit: "day", count: 1 }],
    ["this-week", "2026-11-16T00:00:00.000Z", "2026-11-23T00:00:00.000Z", "this-week", { unit: "week", count: 1 }],
    ["last-week", "2026-11-09T00:00:00.000Z", "2026-11-16T00:00:00.000Z", "last-week", { unit: "week", count: 1 }],
    ["this-month", "2026-11-01T00:00:00.000Z", "2026-12-01T00:00:00.000Z", "this-month", { unit: "month", count: 1 }],
    ["last-month", "2026-10-01T00:00:00.000Z", "2026-11-01T00:00:00.000Z", "last-month", { unit: "month", count: 1 }],
    ["this-quarter", "2026-10-01T00:00:00.000Z", "2027-01-01T00:00:00.000Z", "this-quarter", { unit: "quarter", count: 1 }],
    ["last-quarter", "2026-07-01T00:00:00.000Z", "2026-10-01T00:00:00.000Z", "last-quarter", { unit: "quarter", count: 1 }],
    ["this-year", "2026-01-01T00:00:00.000Z", "2027-01-01T00:00:00.000Z", "this-year", { unit: "year", count: 1 }],
    ["last-year", "2025-01-01T00:00:00.000Z", "2026-01-01T00:00:00.000Z", "last-year", { unit: "year", count: 1 }],
    ["last-7-days", "2026-11-15T00:00:00.000Z", "2026-11-22T00:00:00.000Z", "last-7-days", { unit: "day", count: 7 }],
    ["last-30-days", "2026-10-23T00:00:00.000Z", "2026-11-22T00:00:00.000Z", "last-30-days", { unit: "day", count: 30 }],
    ["last-1-day", "2026-11-21T00:00:00.000Z", "2026-11-22T00:00:00.000Z", "last-1-day", { unit: "day", count: 1 }],
    ["last-2-weeks", "2026-11-02T00:00:00.000Z", "2026-11-16T00:00:00.000Z", "last-2-weeks", { unit: "week", count: 2 }],
    ["last-3-months", "2026-08-01T00:00:00.000Z", "2026-11-01T00:00:00.000Z", "last-3-months", { unit: "month", count: 3 }],
    ["last-2-quarters", "2026-04-01T00:00:00.000Z", "2026-10-01T00:00:00.000Z", "last-2-quarters", { unit: "quarter", count: 2 }],
    ["last-2-years", "2024-01-01T00:00:00.000Z", "2026-01-01T00:00:00.000Z", "last-2-years", { unit: "year", count: 2 }],
    ["mtd", "2026-11-01T00:00:00.000Z", "2026-11-22T14:05:00.000Z", "mtd", { unit: "month", count: 1 }],
    ["qtd", "2026-10-01T00:00:00.000Z", "2026-11-22T14:05:00.000Z", "qtd", { unit: "quarter", count: 1 }],
    ["ytd", "2026-01-01T00:00:00.000Z", "2026-11-22T14:05:00.000Z", "ytd", { unit: "year", count: 1 }],
    ["2026", "2026-01-01T00:00:00.000Z", "2027-01-01T00:00:00.000Z", "2026", { unit: "year", count: 1 }],
    ["2026-10", "2026-10-01T00:00:00.000Z", "2026-11-01T00:00:00.000Z", "2026-10", { unit: "month", count: 1 }],
    ["2026-Q3", "2026-07-01T00:00:00.000Z", "2026-10-01T00:00:00.000Z", "2026-Q3", { unit: "quarter", count: 1 }],
    ["2026-10-05", "2026-10-05T00:00:00.000Z", "2026-10-06T00:00:00.000Z", "2026-10-05", { unit: "day", count: 1 }],
    [
      "2026-10-01..2026-10-15",
      "2026-10-01T00:00:00.000Z",
      "2026-10-16T00:00:00.000Z",
      "2026-10-01..2026-10-15",
      { unit: "day", count: 15 },
    ],
  ];
  for (const [text, start, end, label, step] of cases) {
    it(`resolves ${text} to [${start}, ${end}) labelled ${label}`, () => {
      const p = parsePeriod(text, UTC_MONDAY);
      expect(iso(p)).toEqual([start, end]);
      expect(p.label).toBe(label);
      expect(p.step).toEqual(step);
      expect(p.timeZone).toBe("UTC");
    });
  }

  it("returns plain Dates, not zoned subclasses", () => {
    const p = parsePeriod("last-week", UTC_MONDAY);
    expect(p.start.constructor).toBe(Date);
    expect(p.end.constructor).toBe(Date);
  });
});

describe("parsePeriod spelling", () => {
  const same: Array<[string, string]> = [
    ["last week", "last-week"],
    ["  LAST-Week ", "last-week"],
    ["last 30 days", "last-30-days"],
    ["Last 30 Days", "last-30-days"],
    ["last-30-day", "last-30-days"],
    ["last 007 days", "last-7-days"],
    ["last-1-days", "last-1-day"],
    ["last 1 week", "last-1-week"],
    ["2026 Q3", "2026-Q3"],
    ["2026-q3", "2026-Q3"],
    ["2026 10", "2026-10"],
    ["2026-1", "2026-01"],
    ["2026-10-5", "2026-10-05"],
    ["MTD", "mtd"],
    ["2026-10-01 .. 2026-10-15", "2026-10-01..2026-10-15"],
    ["2026 10 01 .. 2026 10 15", "2026-10-01..2026-10-15"],
    ["2026-10-01…2026-10-15", "2026-10-01..2026-10-15"],
    ["2026-10-01 – 2026-10-15", "2026-10-01..2026-10-15"],
    ["2026-10-01 - 2026-10-15", "2026-10-01..2026-10-15"],
  ];
  for (const [typed, label] of same) {
    it(`reads "${typed}" as ${label}`, () => {
      const a = parsePeriod(typed, UTC_MONDAY);
      const b = parsePeriod(label, UTC_MONDAY);
      expect(a.label).toBe(label);
      expect(iso(a)).toEqual(iso(b));
    });
  }

  it("accepts a one-day range 2026-10-05..2026-10-05 as that day", () => {
    const p = parsePeriod("2026-10-05..2026-10-05", UTC_MONDAY);
    expect(iso(p)).toEqual(["2026-10-05T00:00:00.000Z", "2026-10-06T00:00:00.000Z"]);
    expect(p.step).toEqual({ unit: "day", count: 1 });
  });

  it("accepts 29 February 2028 in a leap year", () => {
    expect(iso(parsePeriod("2028-02-29", UTC_MONDAY))).toEqual(["2028-02-29T00:00:00.000Z", "2028-03-01T00:00:00.000Z"]);
  });
});

describe("parsePeriod on other days and week starts", () => {
  it("resolves last-week on Wednesday 18 November 2026 to Monday 9 – Monday 16 November", () => {
    const p = parsePeriod("last-week", { ...UTC_MONDAY, now: new Date("2026-11-18T09:00:00Z") });
    expect(iso(p)).toEqual(["2026-11-09T00:00:00.000Z", "2026-11-16T00:00:00.000Z"]);
  });

  it("resolves this-week on Sunday 22 November 2026 with Sunday week start to Sunday 22 – Sunday 29 November", () => {
    const p = parsePeriod("this-week", { ...UTC_MONDAY, weekStartsOn: 0 });
    expect(iso(p)).toEqual(["2026-11-22T00:00:00.000Z", "2026-11-29T00:00:00.000Z"]);
  });

  it("resolves last-week on Sunday 22 November 2026 with Sunday week start to Sunday 15 – Sunday 22 November", () => {
    const p = parsePeriod("last-week", { ...UTC_MONDAY, weekStartsOn: 0 });
    expect(iso(p)).toEqual(["2026-11-15T00:00:00.000Z", "2026-11-22T00:00:00.000Z"]);
  });

  it("resolves last-2-weeks on Sunday 22 November 2026 with Sunday week start to Sunday 8 – Sunday 22 November", () => {
    const p = parsePeriod("last-2-weeks", { ...UTC_MONDAY, weekStartsOn: 0 });
    expect(iso(p)).toEqual(["2026-11-08T00:00:00.000Z", "2026-11-22T00:00:00.000Z"]);
  });

  it("resolves last-month on Thursday 15 January 2026 to December 2025", () => {
    const p = parsePeriod("last-month", { ...UTC_MONDAY, now: new Date("2026-01-15T10:00:00Z") });
    expect(iso(p)).toEqual(["2025-12-01T00:00:00.000Z", "2026-01-01T00:00:00.000Z"]);
  });

  it("resolves last-quarter on Wednesday 18 February 2026 to Q4 2025", () => {
    const p = parsePeriod("last-quarter", { ...UTC_MONDAY, now: new Date("2026-02-18T10:00:00Z") });
    expect(iso(p)).toEqual(["2025-10-01T00:00:00.000Z", "2026-01-01T00:00:00.000Z"]);
  });
});

describe("parsePeriod across daylight-saving changes", () => {
  it("resolves last-week on Wednesday 28 October 2026 in Europe/Vilnius (clocks back Sunday 25 October) to 7 local days of 169 hours", () => {
    const p = parsePeriod("last-week", { now: new Date("2026-10-28T10:00:00Z"), timeZone: "Europe/Vilnius", weekStartsOn: 1 });
    expect(iso(p)).toEqual(["2026-10-18T21:00:00.000Z", "2026-10-25T22:00:00.000Z"]);
    expect(hours(p)).toBe(169);
  });

  it("resolves last-week on Wednesday 4 November 2026 in America/New_York (clocks back Sunday 1 November) to Monday 26 October – Monday 2 November", () => {
    const p = parsePeriod("last-week", { now: new Date("2026-11-04T15:00:00Z"), timeZone: "America/New_York", weekStartsOn: 1 });
    expect(iso(p)).toEqual(["2026-10-26T04:00:00.000Z", "2026-11-02T05:00:00.000Z"]);
    expect(hours(p)).toBe(169);
  });

  it("resolves last-week on Wednesday 1 April 2026 in Europe/Vilnius (clocks forward Sunday 29 March) to 7 local days of 167 hours", () => {
    const p = parsePeriod("last-week", { now: new Date("2026-04-01T10:00:00Z"), timeZone: "Europe/Vilnius", weekStartsOn: 1 });
    expect(iso(p)).toEqual(["2026-03-22T22:00:00.000Z", "2026-03-29T21:00:00.000Z"]);
    expect(hours(p)).toBe(167);
  });

  it("resolves last-week on Wednesday 11 March 2026 in America/New_York (clocks forward Sunday 8 March) to 7 local days of 167 hours", () => {
    const p = parsePeriod("last-week", { now: new Date("2026-03-11T15:00:00Z"), timeZone: "America/New_York", weekStartsOn: 1 });
    expect(iso(p)).toEqual(["2026-03-02T05:00:00.000Z", "2026-03-09T04:00:00.000Z"]);
    expect(hours(p)).toBe(167);
  });

  it("resolves last-7-days on Wednesday 28 October 2026 in Europe/Vilnius to local midnights Wednesday 21 – Wednesday 28 October", () => {
    const p = parsePeriod("last-7-days", { now: new Date("2026-10-28T10:00:00Z"), timeZone: "Europe/Vilnius", weekStartsOn: 1 });
    expect(iso(p)).toEqual(["2026-10-20T21:00:00.000Z", "2026-10-27T22:00:00.000Z"]);
  });

  it("resolves 2026-10 in Europe/Vilnius to local midnights 1 October – 1 November", () => {
    const p = parsePeriod("2026-10", { now: NOW, timeZone: "Europe/Vilnius", weekStartsOn: 1 });
    expect(iso(p)).toEqual(["2026-09-30T21:00:00.000Z", "2026-10-31T22:00:00.000Z"]);
  });

  it("resolves Sunday 25 October 2026 in Europe/Vilnius to a 25-hour day", () => {
    const p = parsePeriod("2026-10-25", { now: NOW, timeZone: "Europe/Vilnius", weekStartsOn: 1 });
    expect(iso(p)).toEqual(["2026-10-24T21:00:00.000Z", "2026-10-25T22:00:00.000Z"]);
    expect(hours(p)).toBe(25);
  });

  it("starts Friday 24 April 2026 in Africa/Cairo at 01:00, as its midnight is skipped, and the next day at 00:00", () => {
    const p = parsePeriod("2026-04-23..2026-04-25", { now: NOW, timeZone: "Africa/Cairo", weekStartsOn: 1 });
    expect(iso(p)).toEqual(["2026-04-22T22:00:00.000Z", "2026-04-25T21:00:00.000Z"]);
    const day = parsePeriod("2026-04-24", { now: NOW, timeZone: "Africa/Cairo", weekStartsOn: 1 });
    expect(iso(day)).toEqual(["2026-04-23T22:00:00.000Z", "2026-04-24T21:00:00.000Z"]);
  });
});

describe("parsePeriod in different time zones", () => {
  it("resolves today at 14:05 UTC on Sunday 22 November 2026 to Sunday 22 November in UTC but Monday 23 November in Pacific/Auckland", () => {
    const utc = parsePeriod("today", UTC_MONDAY);
    const auckland = parsePeriod("today", { ...UTC_MONDAY, timeZone: "Pacific/Auckland" });
    expect(iso(utc)).toEqual(["2026-11-22T00:00:00.000Z", "2026-11-23T00:00:00.000Z"]);
    expect(iso(auckland)).toEqual(["2026-11-22T11:00:00.000Z", "2026-11-23T11:00:00.000Z"]);
  });

  it("resolves this-week on Sunday 22 November 2026 14:05 UTC in Pacific/Auckland (already Monday there) to the week starting Monday 23 November", () => {
    const p = parsePeriod("this-week", { ...UTC_MONDAY, timeZone: "Pacific/Auckland" });
    expect(iso(p)).toEqual(["2026-11-22T11:00:00.000Z", "2026-11-29T11:00:00.000Z"]);
  });
});

describe("parsePeriod errors", () => {
  it("suggests last-week for lst-week", () => {
    const e = userError("lst-week");
    expect(e.code).toBe("unknown_period");
    expect(e.message).toBe("`lst-week` is not a period — did you mean `last-week`?");
    expect(e.hint).toBe(
      "Try today, yesterday, last-week, this-month, last-30-days, 2026-Q3, 2026-10 or 2026-10-01..2026-10-15.",
    );
  });

  it("suggests last-30-days for last-30-dyas", () => {
    expect(userError("last-30-dyas").message).toBe("`last-30-dyas` is not a period — did you mean `last-30-days`?");
  });

  it("suggests last-7-days for past 7 days, quoting what was typed", () => {
    expect(userError("past 7 days").message).toBe("`past 7 days` is not a period — did you mean `last-7-days`?");
  });

  it("suggests this-month for thismonth", () => {
    expect(userError("thismonth").message).toBe("`thismonth` is not a period — did you mean `this-month`?");
  });

  it("gives no suggestion for nonsense", () => {
    const e = userError("foo");
    expect(e.message).toBe("`foo` is not a period.");
    expect(e.hint).toContain("last-30-days");
  });

  it("does not mistake object property names such as __proto__ or constructor for periods", () => {
    expect(userError("__proto__").message).toBe("`__proto__` is not a period.");
    expect(userError("constructor").code).toBe("unknown_period");
    expect(userError("last-1-__proto__").code).toBe("unknown_period");
  });

  it("says there is no period for empty input", () => {
    expect(userError("   ").message).toBe("No period given.");
  });

  it("rejects 2026-02-30, saying February 2026 has 28 days", () => {
    const e = userError("2026-02-30");
    expect(e.code).toBe("unknown_period");
    expect(e.message).toBe("`2026-02-30` is not a date: February 2026 has 28 days.");
  });

  it("rejects 2026-13, saying months go from 01 to 12", () => {
    expect(userError("2026-13").message).toBe("`2026-13` is not a valid month: months go from 01 to 12.");
  });

  it("rejects 2026-00-10, saying months go from 01 to 12", () => {
    expect(userError("2026-00-10").message).toContain("months go from 01 to 12");
  });

  it("rejects 2026-Q5, saying quarters go from Q1 to Q4", () => {
    expect(userError("2026-Q5").message).toBe("`2026-Q5` is not a quarter: quarters go from Q1 to Q4.");
    expect(userError("2026-Q0").message).toContain("Q1 to Q4");
  });

  it("rejects 2026-10-15..2026-10-01, which ends before it starts, suggesting the dates the other way round", () => {
    const e = userError("2026-10-15..2026-10-01");
    expect(e.message).toBe("`2026-10-15..2026-10-01` ends before it starts.");
    expect(e.hint).toBe("Put the earlier date first: 2026-10-01..2026-10-15.");
  });

  it("rejects a range with an invalid date 2026-02-29..2026-03-05 in a non-leap year", () => {
    expect(userError("2026-02-29..2026-03-05").message).toContain("February 2026 has 28 days");
  });

  it("rejects a range whose ends are not both dates", () => {
    expect(userError("2026-10-01..2026-10").message).toBe(
      "`2026-10-01..2026-10` is not a range of dates: write both ends as year-month-day.",
    );
  });

  it("rejects last-0-days, giving the allowed range 1 to 3660", () => {
    const e = userError("last-0-days");
    expect(e.code).toBe("unknown_period");
    expect(e.message).toBe("`last-0-days`: the number of days must be from 1 to 3660.");
  });

  it("rejects last-3661-days, last-523-weeks and last-121-months, giving about ten years as the cap", () => {
    expect(userError("last-3661-days").message).toContain("from 1 to 3660");
    expect(userError("last-523-weeks").message).toContain("weeks must be from 1 to 522");
    expect(userError("last-121-months").message).toContain("months must be from 1 to 120");
    expect(userError("last-99999999999999999999999-days").message).toContain("from 1 to 3660");
  });

  it("rejects last -5 days (a negative count), never reading it as five days", () => {
    expect(userError("last -5 days").message).toBe("`last -5 days`: the number of days must be from 1 to 3660.");
    expect(userError("last--5-days").message).toContain("from 1 to 3660");
    expect(parsePeriod("last - 5 days", UTC_MONDAY).label).toBe("last-5-days");
  });

  it("asks for a unit after last-30", () => {
    expect(userError("last-30").message).toBe("`last-30` needs a unit: last-30-days, last-30-weeks or last-30-months.");
  });

  it("rejects years before 1970", () => {
    expect(userError("1969").message).toBe("`1969` is out of range: years from 1970 to 9999 are supported.");
  });

  it("rejects mtd at exactly midnight on Sunday 1 November 2026 as empty", () => {
    const e = userError("mtd", { ...UTC_MONDAY, now: new Date("2026-11-01T00:00:00Z") });
    expect(e.code).toBe("future_period");
    expect(e.message).toBe("`mtd` is empty: the month has only just begun.");
    expect(e.hint).toBe("Try last-month.");
  });

  it("rejects a time zone that does not exist as a configuration error", () => {
    const e = userError("today", { ...UTC_MONDAY, timeZone: "Mars/Olympus_Mons" });
    expect(e.code).toBe("config");
    expect(e.message).toBe("`Mars/Olympus_Mons` is not a time zone.");
  });

  it("shortens very long input in the message", () => {
    const e = userError("x".repeat(200));
    expect(e.message.length).toBeLessThan(70);
  });
});

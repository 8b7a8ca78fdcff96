import { TZDate } from "@date-fns/tz";
import { describe, expect, it } from "vitest";
import { parsePeriod, shiftPeriod } from "../../src/periods/index.ts";
import type { Period, PeriodOptions } from "../../src/periods/index.ts";

/** Sunday 22 November 2026, 14:05 UTC. */
const NOW = new Date("2026-11-22T14:05:00Z");
const UTC_MONDAY: PeriodOptions = { now: NOW, timeZone: "UTC", weekStartsOn: 1 };
const DAY = 86_400_000;

function iso(p: Period): [string, string] {
  return [p.start.toISOString(), p.end.toISOString()];
}

function localTime(d: Date, zone: string): string {
  const t = new TZDate(d.getTime(), zone);
  return `${t.getHours()}:${t.getMinutes()}`;
}

describe("shiftPeriod by calendar units", () => {
  it("steps 2026-03 back to 2026-02, which is 28 days", () => {
    const prev = shiftPeriod(parsePeriod("2026-03", UTC_MONDAY), -1);
    expect(iso(prev)).toEqual(["2026-02-01T00:00:00.000Z", "2026-03-01T00:00:00.000Z"]);
    expect((prev.end.getTime() - prev.start.getTime()) / DAY).toBe(28);
    expect(prev.label).toBe("2026-02");
    expect(prev.step).toEqual({ unit: "month", count: 1 });
  });

  it("steps 2026-Q1 back to 2025-Q4", () => {
    const prev = shiftPeriod(parsePeriod("2026-Q1", UTC_MONDAY), -1);
    expect(iso(prev)).toEqual(["2025-10-01T00:00:00.000Z", "2026-01-01T00:00:00.000Z"]);
    expect(prev.label).toBe("2025-Q4");
  });

  it("steps 2026 back to 2025 and forward to 2027", () => {
    const year = parsePeriod("2026", UTC_MONDAY);
    expect(shiftPeriod(year, -1).label).toBe("2025");
    expect(iso(shiftPeriod(year, 1))).toEqual(["2027-01-01T00:00:00.000Z", "2028-01-01T00:00:00.000Z"]);
    expect(shiftPeriod(year, 1).label).toBe("2027");
  });

  it("steps last-month on Sunday 22 November 2026 back to 2026-09", () => {
    expect(shiftPeriod(parsePeriod("last-month", UTC_MONDAY), -1).label).toBe("2026-09");
  });

  it("steps last-30-days on Sunday 22 November 2026 back to the 30 days 23 September – 22 October", () => {
    const prev = shiftPeriod(parsePeriod("last-30-days", UTC_MONDAY), -1);
    expect(iso(prev)).toEqual(["2026-09-23T00:00:00.000Z", "2026-10-23T00:00:00.000Z"]);
    expect(prev.label).toBe("2026-09-23..2026-10-22");
    expect(prev.step).toEqual({ unit: "day", count: 30 });
  });

  it("steps last-week on Sunday 22 November 2026 back to Monday 2 – Sunday 8 November, labelled as a date range", () => {
    const prev = shiftPeriod(parsePeriod("last-week", UTC_MONDAY), -1);
    expect(iso(prev)).toEqual(["2026-11-02T00:00:00.000Z", "2026-11-09T00:00:00.000Z"]);
    expect(prev.label).toBe("2026-11-02..2026-11-08");
  });

  it("steps last-3-months on Sunday 22 November 2026 back to May – July", () => {
    const prev = shiftPeriod(parsePeriod("last-3-months", UTC_MONDAY), -1);
    expect(iso(prev)).toEqual(["2026-05-01T00:00:00.000Z", "2026-08-01T00:00:00.000Z"]);
    expect(prev.label).toBe("2026-05-01..2026-07-31");
  });

  it("steps last-2-weeks on Sunday 22 November 2026 back two weeks to Monday 19 October – Monday 2 November", () => {
    const prev = shiftPeriod(parsePeriod("last-2-weeks", UTC_MONDAY), -1);
    expect(iso(prev)).toEqual(["2026-10-19T00:00:00.000Z", "2026-11-02T00:00:00.000Z"]);
  });

  it("steps today on Sunday 22 November 2026 back to 2026-11-21", () => {
    const prev = shiftPeriod(parsePeriod("today", UTC_MONDAY), -1);
    expect(iso(prev)).toEqual(["2026-11-21T00:00:00.000Z", "2026-11-22T00:00:00.000Z"]);
    expect(prev.label).toBe("2026-11-21");
  });

  it("steps the range 2026-10-01..2026-10-15 back by its 15 days to 2026-09-16..2026-09-30", () => {
    const prev = shiftPeriod(parsePeriod("2026-10-01..2026-10-15", UTC_MONDAY), -1);
    expect(prev.label).toBe("2026-09-16..2026-09-30");
    expect(iso(prev)).toEqual(["2026-09-16T00:00:00.000Z", "2026-10-01T00:00:00.000Z"]);
  });

  it("steps mtd at 14:05 on Sunday 22 November 2026 back to 1 October – 22 October 14:05", () => {
    const prev = shiftPeriod(parsePeriod("mtd", UTC_MONDAY), -1);
    expect(iso(prev)).toEqual(["2026-10-01T00:00:00.000Z", "2026-10-22T14:05:00.000Z"]);
    expect(prev.label).toBe("2026-10-01..2026-10-22");
  });

  it("steps mtd at 10:00 on Tuesday 31 March 2026 back to 1 February – 28 February 10:00, clamping the day", () => {
    const prev = shiftPeriod(parsePeriod("mtd", { ...UTC_MONDAY, now: new Date("2026-03-31T10:00:00Z") }), -1);
    expect(iso(prev)).toEqual(["2026-02-01T00:00:00.000Z", "2026-02-28T10:00:00.000Z"]);
  });

  it("steps mtd in Europe/Vilnius keeping the local time of day 16:05", () => {
    const p = parsePeriod("mtd", { ...UTC_MONDAY, timeZone: "Europe/Vilnius" });
    const prev = shiftPeriod(p, -1);
    // 22 November 16:05 EET (+02) → 22 October 16:05 EEST (+03)
    expect(iso(prev)).toEqual(["2026-09-30T21:00:00.000Z", "2026-10-22T13:05:00.000Z"]);
  });

  it("steps qtd at 14:05 on Sunday 22 November 2026 back to 1 July – 22 August 14:05", () => {
    const prev = shiftPeriod(parsePeriod("qtd", UTC_MONDAY), -1);
    expect(iso(prev)).toEqual(["2026-07-01T00:00:00.000Z", "2026-08-22T14:05:00.000Z"]);
  });

  it("returns an equal copy for n = 0", () => {
    const p = parsePeriod("last-week", UTC_MONDAY);
    const same = shiftPeriod(p, 0);
    expect(same).toEqual(p);
    expect(same.start).not.toBe(p.start);
  });

  it("refuses a fractional n", () => {
    expect(() => shiftPeriod(parsePeriod("last-week", UTC_MONDAY), -0.5)).toThrow(RangeError);
  });

  it("gives the 8 weeks before last-week on Sunday 22 November 2026 back to back, for a sparkline", () => {
    const p = parsePeriod("last-week", UTC_MONDAY);
    const weeks = [8, 7, 6, 5, 4, 3, 2, 1, 0].map((k) => shiftPeriod(p, -k));
    expect(weeks[0]?.start.toISOString()).toBe("2026-09-14T00:00:00.000Z");
    for (let i = 1; i < weeks.length; i++) expect(weeks[i]?.start).toEqual(weeks[i - 1]?.end);
  });
});

describe("shiftPeriod across daylight-saving changes", () => {
  it("steps this-week on Wednesday 28 October 2026 in Europe/Vilnius back over the change of Sunday 25 October to local midnights", () => {
    const zone = "Europe/Vilnius";
    const p = parsePeriod("this-week", { now: new Date("2026-10-28T10:00:00Z"), timeZone: zone, weekStartsOn: 1 });
    expect(iso(p)).toEqual(["2026-10-25T22:00:00.000Z", "2026-11-01T22:00:00.000Z"]);
    const prev = shiftPeriod(p, -1);
    expect(iso(prev)).toEqual(["2026-10-18T21:00:00.000Z", "2026-10-25T22:00:00.000Z"]);
    const before = shiftPeriod(p, -2);
    expect(iso(before)).toEqual(["2026-10-11T21:00:00.000Z", "2026-10-18T21:00:00.000Z"]);
    for (const q of [prev, before]) {
      expect(localTime(q.start, zone)).toBe("0:0");
      expect(localTime(q.end, zone)).toBe("0:0");
    }
  });

  it("steps the week Monday 2 – Monday 9 March 2026 in America/New_York (167 hours) forward to a 168-hour week on local midnights", () => {
    const zone = "America/New_York";
    const p = parsePeriod("last-week", { now: new Date("2026-03-11T15:00:00Z"), timeZone: zone, weekStartsOn: 1 });
    const next = shiftPeriod(p, 1);
    expect(iso(next)).toEqual(["2026-03-09T04:00:00.000Z", "2026-03-16T04:00:00.000Z"]);
    const prev = shiftPeriod(p, -1);
    expect(iso(prev)).toEqual(["2026-02-23T05:00:00.000Z", "2026-03-02T05:00:00.000Z"]);
  });

  it("steps 2026-11 in America/New_York back to 2026-10, ending at the local midnight before the change of Sunday 1 November", () => {
    const p = parsePeriod("2026-11", { now: NOW, timeZone: "America/New_York", weekStartsOn: 1 });
    const prev = shiftPeriod(p, -1);
    expect(iso(prev)).toEqual(["2026-10-01T04:00:00.000Z", "2026-11-01T04:00:00.000Z"]);
    expect(prev.label).toBe("2026-10");
  });

  it("steps last-7-days in Europe/Vilnius on Wednesday 1 April 2026 back over the change of Sunday 29 March to local midnights", () => {
    const zone = "Europe/Vilnius";
    const p = parsePeriod("last-7-days", { now: new Date("2026-04-01T10:00:00Z"), timeZone: zone, weekStartsOn: 1 });
    expect(iso(p)).toEqual(["2026-03-24T22:00:00.000Z", "2026-03-31T21:00:00.000Z"]);
    const prev = shiftPeriod(p, -1);
    expect(iso(prev)).toEqual(["2026-03-17T22:00:00.000Z", "2026-03-24T22:00:00.000Z"]);
    expect(prev.label).toBe("2026-03-18..2026-03-24");
  });

  it("steps the Friday-to-Friday week from Friday 24 April 2026 in Africa/Cairo, whose day starts at 01:00, to the start of each neighbouring local day", () => {
    const zone = "Africa/Cairo";
    const p = parsePeriod("this-week", { now: new Date("2026-04-28T10:00:00Z"), timeZone: zone, weekStartsOn: 5 });
    // The week starting Friday 24 April begins at 01:00 local (00:00 does not exist).
    expect(iso(p)).toEqual(["2026-04-23T22:00:00.000Z", "2026-04-30T21:00:00.000Z"]);
    const next = shiftPeriod(p, 1);
    const prev = shiftPeriod(p, -1);
    expect(next.start).toEqual(p.end);
    expect(prev.end).toEqual(p.start);
    expect(localTime(next.end, zone)).toBe("0:0");
    expect(localTime(prev.start, zone)).toBe("0:0");
  });
});

describe("shiftPeriod asked again", () => {
  it("gives the same period each time, as objects of its own: changing one leaves the next untouched", () => {
    const week = parsePeriod("last-week", { now: NOW, timeZone: "Europe/Vilnius", weekStartsOn: 1 });
    const first = shiftPeriod(week, -3);
    const again = shiftPeriod(week, -3);
    expect(again).toEqual(first);
    expect(again).not.toBe(first);
    first.start.setTime(0);
    first.step.count = 99;
    expect(shiftPeriod(week, -3)).toEqual(again);
    // Another zone or another step is another period.
    expect(shiftPeriod({ ...week, timeZone: "UTC" }, -3).start).not.toEqual(again.start);
  });
});

import { describe, expect, it } from "vitest";
import { describePeriod, isPartial, parsePeriod } from "../../src/periods/index.ts";
import type { PeriodOptions } from "../../src/periods/index.ts";

/** Sunday 22 November 2026, 14:05 UTC. */
const NOW = new Date("2026-11-22T14:05:00Z");
const UTC_MONDAY: PeriodOptions = { now: NOW, timeZone: "UTC", weekStartsOn: 1 };
const at = (text: string, opts: Partial<PeriodOptions> = {}) => describePeriod(parsePeriod(text, { ...UTC_MONDAY, ...opts }));

describe("describePeriod", () => {
  it("describes last-week on Sunday 22 November 2026 as Mon 9 Nov – Sun 15 Nov 2026", () => {
    expect(at("last-week")).toBe("Mon 9 Nov – Sun 15 Nov 2026");
  });

  it("describes 2026-10 as 1 Oct – 31 Oct 2026", () => {
    expect(at("2026-10")).toBe("1 Oct – 31 Oct 2026");
  });

  it("describes today on Sunday 22 November 2026 as Sun 22 Nov 2026", () => {
    expect(at("today")).toBe("Sun 22 Nov 2026");
  });

  it("describes today at 14:05 UTC on Sunday 22 November 2026 in Pacific/Auckland as Mon 23 Nov 2026", () => {
    expect(at("today", { timeZone: "Pacific/Auckland" })).toBe("Mon 23 Nov 2026");
  });

  it("describes a range over New Year with both years: 1 Dec 2025 – 31 Jan 2026", () => {
    expect(at("2025-12-01..2026-01-31")).toBe("1 Dec 2025 – 31 Jan 2026");
  });

  it("describes the year 2025 with the year once: 1 Jan – 31 Dec 2025", () => {
    expect(at("2025")).toBe("1 Jan – 31 Dec 2025");
  });

  it("describes a week over New Year with weekdays and both years", () => {
    expect(at("2026-12-28..2027-01-03")).toBe("Mon 28 Dec 2026 – Sun 3 Jan 2027");
  });

  it("describes mtd at 14:05 on Sunday 22 November 2026 as 1 Nov – 22 Nov 2026 14:05", () => {
    expect(at("mtd")).toBe("1 Nov – 22 Nov 2026 14:05");
  });

  it("describes mtd at the same instant in Europe/Vilnius with the local time 16:05", () => {
    expect(at("mtd", { timeZone: "Europe/Vilnius" })).toBe("1 Nov – 22 Nov 2026 16:05");
  });

  it("describes mtd at 14:05 on Sunday 1 November 2026, within one day, with both times", () => {
    expect(at("mtd", { now: new Date("2026-11-01T14:05:00Z") })).toBe("Sun 1 Nov 2026 00:00 – 14:05");
  });

  it("describes last-week on Wednesday 28 October 2026 in Europe/Vilnius, over the clock change, as Mon 19 Oct – Sun 25 Oct 2026", () => {
    expect(at("last-week", { now: new Date("2026-10-28T10:00:00Z"), timeZone: "Europe/Vilnius" })).toBe(
      "Mon 19 Oct – Sun 25 Oct 2026",
    );
  });

  it("describes last-30-days on Sunday 22 November 2026 as 23 Oct – 21 Nov 2026", () => {
    expect(at("last-30-days")).toBe("23 Oct – 21 Nov 2026");
  });
});

describe("isPartial", () => {
  it("calls this-week on Sunday 22 November 2026 partial and last-week not", () => {
    expect(isPartial(parsePeriod("this-week", UTC_MONDAY), NOW)).toBe(true);
    expect(isPartial(parsePeriod("last-week", UTC_MONDAY), NOW)).toBe(false);
  });

  it("calls mtd not partial at the instant it was resolved, since it ends at now", () => {
    expect(isPartial(parsePeriod("mtd", UTC_MONDAY), NOW)).toBe(false);
  });

  it("calls today partial at 14:05 and not at midnight the next day", () => {
    const today = parsePeriod("today", UTC_MONDAY);
    expect(isPartial(today, NOW)).toBe(true);
    expect(isPartial(today, new Date("2026-11-23T00:00:00Z"))).toBe(false);
  });
});

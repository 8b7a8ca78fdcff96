import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { UserError } from "../../src/errors.ts";
import { comparisonPeriod, describePeriod, parsePeriod, shiftPeriod } from "../../src/periods/index.ts";
import type { PeriodOptions, WeekStart } from "../../src/periods/index.ts";
import { isLocalMidnight } from "../../src/periods/isLocalMidnight.ts";

/** Zones with DST at 02:00/03:00, at midnight (Cairo, Santiago, Havana), by 30 minutes (Lord Howe), odd offsets, none. */
const ZONES = [
  "UTC",
  "Europe/Vilnius",
  "America/New_York",
  "Pacific/Auckland",
  "Africa/Cairo",
  "America/Santiago",
  "America/Havana",
  "Australia/Lord_Howe",
  "Asia/Kathmandu",
  "Pacific/Chatham",
  "Asia/Tokyo",
];

const opts: fc.Arbitrary<PeriodOptions> = fc.record({
  now: fc.date({ min: new Date("2000-01-01T00:00:00Z"), max: new Date("2090-12-31T00:00:00Z"), noInvalidDate: true }),
  timeZone: fc.constantFrom(...ZONES),
  weekStartsOn: fc.integer({ min: 0, max: 6 }).map((n) => n as WeekStart),
});

/** Fragments that reach deep into the parser, joined by assorted separators. */
const fragments = fc.constantFrom(
  "last", "this", "today", "yesterday", "mtd", "qtd", "ytd", "week", "weeks", "month", "months", "day", "days",
  "quarter", "year", "2026", "1969", "9999", "0", "1", "7", "30", "3660", "3661", "99999999999", "-1",
  "10", "13", "02", "29", "30", "31", "q3", "Q5", "..", "…", "–", " ", "-", "--", "x", "é", "`",
);
const periodish = fc
  .array(fc.tuple(fragments, fc.constantFrom("", " ", "-", "..", "  ")), { maxLength: 7 })
  .map((parts) => parts.map(([a, b]) => a + b).join(""));
const anyText = fc.oneof(fc.string(), fc.string({ unit: "grapheme" }), periodish, fc.stringMatching(/^\d{4}-\d{1,2}(-\d{1,2})?(\.\.\d{4}-\d{1,2}-\d{1,2})?$/));

describe("parsePeriod properties", () => {
  it("for any text either returns a period with valid start < end or throws a UserError, never anything else", () => {
    fc.assert(
      fc.property(anyText, opts, (text, o) => {
        try {
          const p = parsePeriod(text, o);
          expect(Number.isFinite(p.start.getTime())).toBe(true);
          expect(Number.isFinite(p.end.getTime())).toBe(true);
          expect(p.start.getTime()).toBeLessThan(p.end.getTime());
          expect(p.step.count).toBeGreaterThanOrEqual(1);
          expect(typeof describePeriod(p)).toBe("string");
        } catch (e) {
          if (!(e instanceof UserError)) throw e;
          expect(e.message.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: 3000 },
    );
  });
});

/** Valid period words whose consecutive periods are back to back. */
const backToBack = fc.oneof(
  fc.constantFrom(
    "today", "yesterday", "this-week", "last-week", "this-month", "last-month",
    "this-quarter", "last-quarter", "this-year", "last-year",
  ),
  fc.tuple(fc.integer({ min: 1, max: 400 }), fc.constantFrom("days", "weeks", "months")).map(([n, u]) => {
    const count = u === "days" ? n : u === "weeks" ? 1 + (n % 60) : 1 + (n % 24);
    return `last-${count}-${u}`;
  }),
  fc.integer({ min: 2000, max: 2080 }).map(String),
  fc.tuple(fc.integer({ min: 2000, max: 2080 }), fc.integer({ min: 1, max: 12 })).map(([y, m]) => `${y}-${m}`),
  fc.tuple(fc.integer({ min: 2000, max: 2080 }), fc.integer({ min: 1, max: 4 })).map(([y, q]) => `${y}-Q${q}`),
  fc.tuple(fc.date({ min: new Date("2000-01-01"), max: new Date("2080-12-31"), noInvalidDate: true }), fc.integer({ min: 0, max: 120 }))
    .map(([d, len]) => {
      const day = (x: Date) => x.toISOString().slice(0, 10);
      return `${day(d)}..${day(new Date(d.getTime() + len * 86_400_000))}`;
    }),
);

describe("shiftPeriod properties", () => {
  it("places the previous period of a back-to-back word right before it and the next right after, on local midnights", () => {
    fc.assert(
      fc.property(backToBack, opts, fc.integer({ min: 1, max: 8 }), (word, o, k) => {
        const p = parsePeriod(word, o);
        const prev = shiftPeriod(p, -1);
        const next = shiftPeriod(p, 1);
        expect(prev.end.toISOString()).toBe(p.start.toISOString());
        expect(next.start.toISOString()).toBe(p.end.toISOString());
        // k steps back and the step after it meet as well.
        expect(shiftPeriod(p, -k).end.toISOString()).toBe(shiftPeriod(p, -k + 1).start.toISOString());
        for (const q of [prev, next]) {
          expect(q.start.getTime()).toBeLessThan(q.end.getTime());
          expect(isLocalMidnight(q.start, o.timeZone)).toBe(true);
          expect(isLocalMidnight(q.end, o.timeZone)).toBe(true);
          expect(q.step).toEqual(p.step);
        }
      }),
      { numRuns: 1000 },
    );
  });

  it("labels shifted and year-earlier whole periods so that parsing the label gives the same dates back", () => {
    fc.assert(
      fc.property(backToBack, opts, fc.integer({ min: -8, max: 8 }), (word, o, k) => {
        const p = parsePeriod(word, o);
        for (const q of [shiftPeriod(p, k), comparisonPeriod(p, "last-year")]) {
          const again = parsePeriod(q.label, o);
          expect([again.start.toISOString(), again.end.toISOString()]).toEqual([q.start.toISOString(), q.end.toISOString()]);
        }
      }),
      { numRuns: 1000 },
    );
  });
});

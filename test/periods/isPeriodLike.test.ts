import { describe, expect, it } from "vitest";
import { isPeriodLike, parsePeriod, PERIOD_EXAMPLES } from "../../src/periods/index.ts";

describe("isPeriodLike", () => {
  for (const token of ["today", "Yesterday", "this", "last", "last-week", "last 30 days", "MTD", "qtd", "ytd", "2026", "2026-Q3", " 2026-10-01..2026-10-15"]) {
    it(`treats "${token}" as a possible period`, () => expect(isPeriodLike(token)).toBe(true));
  }
  for (const token of ["csat", "by", "team", "vs", "", "lastly", "thistle", "q3"]) {
    it(`does not treat "${token}" as a period`, () => expect(isPeriodLike(token)).toBe(false));
  }
});

describe("PERIOD_EXAMPLES", () => {
  it("lists only words that parse, in their canonical spelling, and that isPeriodLike accepts", () => {
    const opts = { now: new Date("2026-11-22T14:05:00Z"), timeZone: "UTC", weekStartsOn: 1 as const };
    expect(PERIOD_EXAMPLES.length).toBeGreaterThan(10);
    for (const word of PERIOD_EXAMPLES) {
      expect(parsePeriod(word, opts).label).toBe(word);
      expect(isPeriodLike(word)).toBe(true);
    }
  });
});

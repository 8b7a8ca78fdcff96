import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { editDistance, suggest } from "../src/suggest.ts";

/** The textbook full-matrix optimal string alignment distance, to check the banded one against. */
function fullDistance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i]![j] = Math.min(d[i]![j]!, d[i - 2]![j - 2]! + 1);
    }
  }
  return d[a.length]![b.length]!;
}

describe("did-you-mean", () => {
  it("counts a swap of neighbouring letters as one edit", () => {
    expect(editDistance("csta", "csat")).toBe(1);
    expect(suggest("csta", ["csat", "nps"])).toBe("csat");
    expect(suggest("lst-week", ["last-week", "this-week"])).toBe("last-week");
    expect(suggest("satisf", ["satisfaction", "nps"])).toBe("satisfaction");
  });

  it("gives the same distance as the full matrix up to the bound, and bound + 1 beyond it", () => {
    const word = fc.string({ unit: fc.constantFrom("a", "b", "c", "-"), maxLength: 10 });
    fc.assert(
      fc.property(word, word, fc.constantFrom(0, 1, 2, 3, 4, Infinity), (a, b, max) => {
        const full = fullDistance(a, b);
        expect(editDistance(a, b, max)).toBe(full > max ? max + 1 : full);
      }),
      { numRuns: 3000 },
    );
  });

  it("does work proportional to the length of a 30,000-character word, not its square", () => {
    const long = "2026-".repeat(6000);
    const started = performance.now();
    expect(suggest(long, ["last-2026-days", "2026-q1", long.slice(1)])).toBe(long.slice(1));
    expect(performance.now() - started).toBeLessThan(1000);
  });
});

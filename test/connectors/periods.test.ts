/**
 * How a question over several periods is split (periods.ts): which measures
 * are bucketed by their window, which must run one period at a time, and the
 * segments a trend and an overlapping comparison cut the time line into.
 * (That the answers equal one query per period is the property in
 * equivalence.test.ts, on all three engines.)
 */
import { describe, expect, it } from "vitest";
import { DEFAULT_METRIC_OPTIONS } from "../../src/metrics/types.ts";
import { CATALOG } from "../../src/metrics/catalog/index.ts";
import { segmentsOf, windowOf, withoutWindow } from "../../src/connectors/periods.ts";
import { and, within, type Measure } from "../../src/measures/measures.ts";

/** The window of each measure of a catalog metric. */
function windows(id: string): Record<string, string | null> {
  const def = CATALOG.find((d) => d.id === id)!;
  return Object.fromEntries(
    Object.entries(def.measures(DEFAULT_METRIC_OPTIONS)).map(([name, spec]) => {
      const { dataset = def.dataset, ...m } = spec;
      return [name, windowOf(dataset, m as Measure)];
    }),
  );
}

describe("a question over several periods", () => {
  it("buckets CSAT's answers by submitted_at, and runs the backlog (open at the end of each period) one period at a time", () => {
    expect(Object.values(windows("csat")).every((w) => w === "submitted_at")).toBe(true);
    expect(windows("backlog")).toEqual({ open: null, soFar: null });
  });

  it("buckets a measure windowed on a field other than the dataset's time field by that field", () => {
    expect(windowOf("tickets", { agg: "count", where: and({ notNull: "created_at" }, within("resolved_at")) })).toBe("resolved_at");
    // A window on a field that is not a time, or half a window, is none.
    expect(windowOf("tickets", { agg: "count", where: { cmp: ">=", a: { field: "created_at" }, b: { bound: "start" } } })).toBeNull();
    expect(windowOf("tickets", { agg: "count" })).toBeNull();
  });

  it("drops only the window from a condition when a row is paired with its period", () => {
    const m: Measure = { agg: "count", where: and({ eq: "kind", value: "csat" }, within("submitted_at")) };
    expect(withoutWindow(m, "submitted_at")).toEqual({ agg: "count", where: { and: [{ eq: "kind", value: "csat" }] } });
    // Another field's window stays.
    expect(withoutWindow(m, "created_at").where).toEqual({ and: [{ eq: "kind", value: "csat" }, ...(within("submitted_at") as { and: unknown[] }).and] });
  });

  it("cuts weeks 2–9 and 9–16 November 2026 and an overlapping 5–12 November into segments, each with the periods containing it", () => {
    const d = (day: number) => new Date(Date.UTC(2026, 10, day));
    const { bounds, members } = segmentsOf([
      { start: d(9), end: d(16) },
      { start: d(2), end: d(9) },
      { start: d(5), end: d(12) },
      { start: d(20), end: d(20) }, // empty: no segment
    ]);
    expect(bounds.map((b) => new Date(b).getUTCDate())).toEqual([2, 5, 9, 12, 16]);
    expect(members).toEqual([[1], [1, 2], [0, 2], [0]]);
  });
});

/**
 * Every metric in the catalog answers on the sample data, with a breakdown,
 * a comparison and a trend, and nothing a person reads is NaN or undefined.
 */
import { beforeAll, describe, expect, it } from "vitest";
import type { Engine } from "../../src/commands/answer.ts";
import { dimensionsOf } from "../../src/measures/datasets.ts";
import { sampleConnector } from "../../src/ingest/sample/index.ts";
import { CATALOG } from "../../src/metrics/catalog/index.ts";
import { renderText } from "../../src/render/text.ts";
import { askMetric, ask, engineOver, NOW } from "../helpers.ts";

let engine: Engine;
beforeAll(() => {
  engine = engineOver({}, { connector: sampleConnector(NOW) });
});

describe.each(CATALOG.map((d) => [d.id, d] as const))("%s on the sample data", (id, def) => {
  it("answers for last month with a figure, n, a comparison and an 8-period trend", async () => {
    const r = await askMetric(engine, `${id} last-month`);
    expect(r.current.period.start.toISOString()).toBe("2026-10-01T00:00:00.000Z");
    expect(r.current.period.end.toISOString()).toBe("2026-11-01T00:00:00.000Z");
    expect(r.result).not.toBeNull();
    expect(Number.isFinite(r.result!.value)).toBe(true);
    expect(r.result!.n).toBeGreaterThan(0);
    expect(r.comparison.result).not.toBeNull();
    expect(r.comparison.change).not.toBeNull();
    expect(r.trend).toHaveLength(8);
    expect(r.trend.filter((t) => t.value !== null).length).toBeGreaterThanOrEqual(6);
    const text = renderText(r);
    expect(text).not.toMatch(/NaN|undefined|Infinity|\[object/);
    expect(text).toContain("1 Oct – 31 Oct 2026");
  });

  const dimension = dimensionsOf(def.dataset)[0];
  if (dimension) {
    it(`breaks down by ${dimension}, best first`, async () => {
      const r = await askMetric(engine, `${id} last-month by ${dimension}`);
      expect(r.breakdown?.dimension).toBe(dimension);
      const rows = r.breakdown!.rows;
      expect(rows.length).toBeGreaterThan(1);
      const values = rows.filter((row) => row.result).map((row) => row.result!.value);
      const sorted = [...values].sort((a, b) => (r.metric.direction === "lower" ? a - b : b - a));
      expect(values).toEqual(sorted);
      expect(renderText(r)).not.toMatch(/NaN|undefined|Infinity/);
    });
  }
});

describe("no data", () => {
  it("says no data, never 0 or NaN, for every metric over an empty source", async () => {
    const empty = engineOver({});
    for (const def of CATALOG) {
      const r = await askMetric(empty, `${def.id} last-week`);
      expect(r.result, def.id).toBeNull();
      expect(r.comparison.change, def.id).toBeNull();
      const text = renderText(r);
      expect(text).toContain("No data");
      expect(text).not.toMatch(/NaN|undefined|\b0(\.0)?%/);
    }
  });

  it("says a period that has not started yet has nothing to report", async () => {
    const r = await ask(engine, "csat 2027");
    expect(r).toMatchObject({ kind: "error", cause: "user" });
    expect(r.kind === "error" && r.message).toContain("hasn't started yet");
  });
});

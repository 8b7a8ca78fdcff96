/**
 * Measures only the current period shows (first response time's median and
 * 90th percentile) are asked for that period alone, in the same question as
 * the rest (`firstOnly`): the comparison and the seven trend periods read
 * only the mean, which is all they show. The figures stay those of one
 * question per period.
 */
import { describe, expect, it } from "vitest";
import type { Connector } from "../../src/connectors/connector.ts";
import type { PeriodsQuery } from "../../src/connectors/periods.ts";
import { sampleConnector } from "../../src/ingest/sample/index.ts";
import { frt } from "../../src/metrics/catalog/tickets.ts";
import { askMetric, engineOver, NOW } from "../helpers.ts";

describe("measures only the current period shows", () => {
  it("frt by channel: median and 90th percentile over the current period only, the mean over every period, figures unchanged", async () => {
    const inner = sampleConnector(NOW);
    const asked: Array<{ measures: string[]; ranges: number; firstOnly?: string[]; grouped: boolean }> = [];
    const connector: Connector = {
      ...inner,
      name: inner.name,
      measure: (q) => inner.measure(q),
      describe: () => inner.describe(),
      measurePeriods: (q: PeriodsQuery) => {
        asked.push({ measures: Object.keys(q.measures).sort(), ranges: q.ranges.length, ...(q.firstOnly ? { firstOnly: [...q.firstOnly].sort() } : {}), grouped: q.groupBy !== undefined });
        return inner.measurePeriods!(q);
      },
    };
    const report = await askMetric(engineOver({}, { connector }), "frt last-month by channel");

    // One question of the tickets: the current month, the comparison and the trend's seven months before
    // (the comparison is one of them); the median and 90th percentile of the first alone.
    expect(asked).toEqual([{ measures: ["frt", "median", "p90"], ranges: 9, firstOnly: ["median", "p90"], grouped: true }]);

    // The current figure's median and 90th percentile are those of the rows of that month.
    const current = report.current.period;
    const direct = await inner.measure({ dataset: "tickets", measures: frt.measures({} as never) as never, range: { start: current.start, end: current.end }, filters: [], timeZone: current.timeZone });
    const quantile = (v: unknown) => (typeof v === "number" ? v : null);
    expect(report.result?.extras).toEqual([
      { label: "median", value: quantile(direct.total.median), unit: "seconds" },
      { label: "90th percentile", value: quantile(direct.total.p90), unit: "seconds" },
    ]);
    // The comparison's mean is the previous month's, as one question over it gives.
    const previous = report.comparison.period;
    const before = await inner.measure({ dataset: "tickets", measures: frt.measures({} as never) as never, range: { start: previous.start, end: previous.end }, filters: [], timeZone: previous.timeZone });
    const mean = (m: unknown) => (typeof m === "object" && m !== null && "n" in m ? (m as { sum: number; n: number }).sum / (m as { n: number }).n : null);
    expect(report.comparison.result?.value).toBeCloseTo(mean(before.total.frt)!, 9);
    // Every trend period has its mean.
    expect(report.trend.filter((t) => t.value !== null).length).toBe(report.trend.length);
    // The breakdown's rows still show each channel's median (the current period's groups).
    expect(report.breakdown?.rows.every((r) => r.result === null || r.result.extras?.some((e) => e.label === "median"))).toBe(true);
  });
});

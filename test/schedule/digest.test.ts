import { describe, expect, it } from "vitest";
import type { Connector } from "../../src/connectors/connector.ts";
import type { Row } from "../../src/connectors/datasets.ts";
import { createMemoryConnector } from "../../src/connectors/memory.ts";
import { SourceError } from "../../src/errors.ts";
import { renderText } from "../../src/render/text.ts";
import type { MetricReport } from "../../src/report.ts";
import { buildDigest, largestMover } from "../../src/schedule/digest.ts";
import { engineOver } from "../helpers.ts";
import { answers, digestFixture, survey } from "./support.ts";

/** Monday 23 November 2026, 09:00 in Vilnius (07:00 UTC): "yesterday" is Sunday 22 November there. */
const MONDAY_9 = new Date("2026-11-23T07:00:00Z");
const SUNDAY = "2026-11-22T10:00:00Z";
const SATURDAY = "2026-11-21T10:00:00Z";

function ticket(when: string, i: number): Row {
  return {
    id: `t-${when}-${i}`,
    created_at: new Date(when).getTime(),
    first_response_at: null,
    resolved_at: null,
    escalated_at: null,
    channel: "email",
    agent: null,
    team: null,
    priority: null,
    is_complaint: false,
  };
}

function npsAnswers(when: string, promoters: number, detractors: number, passives: number): Row[] {
  return [
    ...Array.from({ length: promoters }, () => survey(when, 10, { kind: "nps", scale_min: 0, scale_max: 10 })),
    ...Array.from({ length: detractors }, () => survey(when, 3, { kind: "nps", scale_min: 0, scale_max: 10 })),
    ...Array.from({ length: passives }, () => survey(when, 7, { kind: "nps", scale_min: 0, scale_max: 10 })),
  ];
}

/** CSAT falls from 90 % to 60 % on 200 answers a day; NPS and volume move within noise. */
const data = {
  surveys: [
    ...answers(SATURDAY, 180, 20),
    ...answers(SUNDAY, 120, 80),
    ...npsAnswers(SATURDAY, 50, 20, 30),
    ...npsAnswers(SUNDAY, 46, 22, 32),
  ],
  tickets: [
    ...Array.from({ length: 100 }, (_, i) => ticket(SATURDAY, i)),
    ...Array.from({ length: 110 }, (_, i) => ticket(SUNDAY, i)),
    // Answered and resolved in September: the data has response and resolution times, so frt is available, with no data yesterday.
    { ...ticket("2026-09-01T09:00:00Z", 999), first_response_at: new Date("2026-09-01T10:00:00Z").getTime(), resolved_at: new Date("2026-09-02T09:00:00Z").getTime() },
  ],
};

const digest = digestFixture({
  id: "d-7k3",
  schedule: { cron: "0 9 * * *", timeZone: "Europe/Vilnius" },
  metrics: ["csat", "nps", "ticket_volume", "frt"],
  period: "yesterday",
});

describe("buildDigest", () => {
  it("runs each metric for the digest's period at the scheduled instant in its zone and calls out the largest mover", async () => {
    const report = await buildDigest(digest, engineOver(data), MONDAY_9);
    expect(report).toMatchObject({ kind: "digest", digestId: "d-7k3", scheduledAt: MONDAY_9, timeZone: "Europe/Vilnius", period: "yesterday" });
    const reports = report.items.map((i) => ("report" in i ? i.report : null));
    expect(reports.map((r) => r?.metric.id)).toEqual(["csat", "nps", "ticket_volume", "frt"]);
    expect(reports[0]!.current.dates).toBe("Sun 22 Nov 2026");
    expect(reports[0]!.result?.value).toBe(60);
    expect(reports[0]!.comparison.change).toBe(-30);
    expect(reports[2]!.result?.value).toBe(110);
    expect(reports[3]!.result).toBeNull();
    expect(report.mover?.metricId).toBe("csat");
    expect(report.mover!.z!).toBeLessThan(-6);
    await expect(renderText(report)).toMatchFileSnapshot("__snapshots__/digest-d-7k3.txt");
  });

  it("still goes out when one metric's source is down, saying which", async () => {
    const memory = createMemoryConnector(data, { name: "test" });
    const flaky: Connector = {
      name: "flaky",
      describe: () => memory.describe(),
      measure: (q) => (q.dataset === "tickets" ? Promise.reject(new SourceError("connection refused", "warehouse")) : memory.measure(q)),
    };
    const report = await buildDigest(digest, engineOver({}, { connector: flaky }), MONDAY_9);
    const volume = report.items[2]!;
    expect("error" in volume && volume.error.cause).toBe("source");
    expect("report" in report.items[0]!).toBe(true);
    expect(report.mover?.metricId).toBe("csat");
    expect(renderText(report)).toMatch(/Request volume\s+source unavailable/);
  });
});

describe("largestMover", () => {
  const metric = (id: string, change: number, current: MetricReport["result"], previous: MetricReport["result"]): MetricReport =>
    ({
      metric: { id, unit: "percent", direction: "higher" },
      result: current,
      comparison: { change, result: previous, verdict: change < 0 ? "worse" : "better" },
    }) as unknown as MetricReport;
  const proportion = (pct: number, n: number) => ({ value: pct, n, sampling: { kind: "proportion" as const, successes: Math.round((pct / 100) * n), n } });

  it("ranks by change over sampling noise: 3 pts on 2,000 answers beats 10 pts on 20", () => {
    const big = metric("csat", -3, proportion(77, 2000), proportion(80, 2000));
    const small = metric("fcr", 10, proportion(60, 20), proportion(50, 20));
    expect(largestMover([small, big])?.metricId).toBe("csat");
  });

  it("falls back to the relative change when no metric has a sampling model, and is null with nothing to compare", () => {
    const plain = (value: number) => ({ value, n: 10, sampling: { kind: "none" as const } });
    const clv = metric("clv", 50, plain(550), plain(500));
    const pages = metric("pages", -1, plain(3), plain(4));
    expect(largestMover([clv, pages])).toEqual({ metricId: "pages", z: null, relative: -0.25 });
    expect(largestMover([metric("csat", 0, null, null)])).toBeNull();
  });
});

import { describe, expect, it } from "vitest";
import type { Connector } from "../../src/connectors/connector.ts";
import type { Row } from "../../src/measures/datasets.ts";
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
/** The Sunday before: a one-day period is compared with the same weekday a week earlier. */
const LAST_SUNDAY = "2026-11-15T10:00:00Z";

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
    ...answers(LAST_SUNDAY, 180, 20),
    ...answers(SUNDAY, 120, 80),
    ...npsAnswers(LAST_SUNDAY, 50, 20, 30),
    ...npsAnswers(SUNDAY, 46, 22, 32),
  ],
  tickets: [
    ...Array.from({ length: 100 }, (_, i) => ticket(LAST_SUNDAY, i)),
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

describe("a daily digest against the week's rhythm", () => {
  /** Tuesday 24 November 2026, 09:00 in Vilnius: "yesterday" is Monday 23 November. */
  const TUESDAY_9 = new Date("2026-11-24T07:00:00Z");
  const MONDAY = "2026-11-23T10:00:00Z";
  const MONDAY_BEFORE = "2026-11-16T10:00:00Z";
  const tickets = (when: string, count: number) => Array.from({ length: count }, (_, i) => ticket(when, i));
  /**
   * Mondays are busy (220 and 225 requests), Sundays quiet (100): the rhythm
   * of every week. CSAT really fell: 90 % the Monday before, 80 % this Monday
   * (82.5 % on Sunday).
   */
  const weekly = {
    surveys: [...answers(MONDAY_BEFORE, 180, 20), ...answers(SUNDAY, 165, 35), ...answers(MONDAY, 160, 40)],
    tickets: [...tickets(MONDAY_BEFORE, 220), ...tickets(SUNDAY, 100), ...tickets(MONDAY, 225)],
  };
  const monday = digestFixture({ id: "d-mon", schedule: { cron: "0 9 * * *", timeZone: "Europe/Vilnius" }, metrics: ["csat", "ticket_volume"], period: "yesterday" });

  it("compares Monday with the Monday before, so the real CSAT fall is the largest mover, not Monday's usual volume", async () => {
    const report = await buildDigest(monday, engineOver(weekly), TUESDAY_9);
    expect(report.comparison).toBe("same-weekday");
    const [csat, volume] = report.items.map((i) => ("report" in i ? i.report : null));
    expect(csat!.comparison).toMatchObject({ against: "same-weekday", dates: "Mon 16 Nov 2026", change: -10 });
    expect(volume!.comparison).toMatchObject({ against: "same-weekday", change: 5 });
    expect(report.mover?.metricId).toBe("csat");
    const text = renderText(report);
    expect(text.split("\n")[0]).toBe("Digest d-mon — yesterday: Mon 23 Nov 2026 (Europe/Vilnius) · vs Mon 16 Nov 2026");
    expect(text).toContain("Largest mover: Customer satisfaction (CSAT) ▼ down 10 pts");
  });

  it("compares with Sunday only when the digest asks `vs previous` — and then Monday's volume swamps the rest", async () => {
    const report = await buildDigest({ ...monday, comparison: "previous" }, engineOver(weekly), TUESDAY_9);
    const [, volume] = report.items.map((i) => ("report" in i ? i.report : null));
    expect(volume!.comparison).toMatchObject({ against: "previous", dates: "Sun 22 Nov 2026", change: 125 });
    expect(report.mover?.metricId).toBe("ticket_volume");
  });

  it("compares a weekly digest with the previous week and a monthly one with the previous month", async () => {
    const week = await buildDigest({ ...monday, period: "last-week" }, engineOver(weekly), TUESDAY_9);
    expect(week.comparison).toBe("previous");
    const csatWeek = "report" in week.items[0]! ? week.items[0].report : null;
    expect(csatWeek!.comparison.dates).toBe("Mon 9 Nov – Sun 15 Nov 2026");
    const month = await buildDigest({ ...monday, period: "last-month" }, engineOver(weekly), TUESDAY_9);
    const csatMonth = "report" in month.items[0]! ? month.items[0].report : null;
    expect(csatMonth!.comparison).toMatchObject({ against: "previous", dates: "1 Sep – 30 Sep 2026" });
  });

  it("compares with the same dates a year earlier when the digest says `vs last-year`", async () => {
    const report = await buildDigest({ ...monday, comparison: "last-year" }, engineOver(weekly), TUESDAY_9);
    const csat = "report" in report.items[0]! ? report.items[0].report : null;
    expect(csat!.comparison).toMatchObject({ against: "last-year", dates: "Sun 23 Nov 2025", result: null, change: null });
    expect(report.mover).toBeNull();
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

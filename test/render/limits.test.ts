/**
 * Whatever people typed and however much is stored, an answer fits its
 * platform: long lists come a page at a time with "N more — use …", typed
 * values are cut with an ellipsis, a word the bot did not understand is
 * quoted back short, and no Slack section is empty or oversized.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { answer, type Request } from "../../src/commands/answer.ts";
import { renderSlack, SLACK_LIMITS } from "../../src/render/slack.ts";
import { slackViolations } from "./slackLimits.ts";
import { renderTeams } from "../../src/render/teams.ts";
import { renderText } from "../../src/render/text.ts";
import type { Report } from "../../src/report.ts";
import type { Store } from "../../src/store/store.ts";
import { engineOver, NOW, rows } from "../helpers.ts";
import { sampleConnector } from "../../src/ingest/sample/index.ts";
import { CATALOG } from "../../src/metrics/catalog/index.ts";
import type { RichBlock } from "../../src/render/slack.ts";
import type { MetricReport } from "../../src/report.ts";
import { buildDigest } from "../../src/schedule/digest.ts";
import { digestFixture, HERE, ruleFixture, sqliteStore } from "../schedule/support.ts";

const admin: Request = { requester: { id: "U_ADMIN", isAdmin: true }, destination: HERE };

const teamsBytes = (report: Report) => Buffer.byteLength(JSON.stringify(renderTeams(report)));

describe("answers within each platform's limits", () => {
  let store: Store;
  let dispose: () => Promise<void>;
  beforeAll(async () => {
    ({ store, dispose } = await sqliteStore());
    const filters = `channel=${"e".repeat(290)}`;
    for (let i = 0; i < 150; i++) {
      await store.saveAlertRule(ruleFixture({ id: `a-${String(i).padStart(3, "0")}`, destination: HERE, filters, createdAt: new Date(Date.UTC(2026, 0, 1, 0, i)) }));
    }
  }, 30_000);
  afterAll(async () => {
    await dispose();
  });

  it("lists 150 alerts twenty at a time, saying how many more and how to see them, inside Slack's and Teams' limits", async () => {
    const engine = engineOver({}, { store });
    const first = await answer("alert list", engine, admin);
    const text = renderText(first);
    expect(text).toContain("Alerts 1–20 of 150:");
    expect(text).toContain("130 more — use `alert list 2` (page 2 of 8).");
    expect(text.match(/^ {2}a-\d{3}/gm)).toHaveLength(20);
    expect(slackViolations(renderSlack(first))).toEqual([]);
    expect(teamsBytes(first)).toBeLessThan(28_000);

    const second = renderText(await answer("alert list page 2", engine, admin));
    expect(second).toContain("Alerts 21–40 of 150:");
    expect(second).toContain("a-020");
    const last = renderText(await answer("alert list 8", engine, admin));
    expect(last).toContain("Alerts 141–150 of 150:");
    expect(last).toContain("That is the last page");
  });

  it("lists a few alerts as before, without page numbers, and refuses a page that is not a number", async () => {
    const { store: small, dispose: done } = await sqliteStore();
    try {
      await small.saveAlertRule(ruleFixture({ destination: HERE }));
      const text = renderText(await answer("alert list", engineOver({}, { store: small }), admin));
      expect(text).toContain("Alerts (1):");
      expect(text).not.toContain("more — use");
      const wrong = await answer("alert list everything", engineOver({}, { store: small }), admin);
      expect(wrong.kind === "error" && wrong.message).toBe("`alert list` takes only a page number after it.");
    } finally {
      await done();
    }
  });

  it("cuts a 1,950-character where value with an ellipsis: no Slack section empty or oversized, the Teams card small", async () => {
    const value = "x".repeat(1950);
    const engine = engineOver({ surveys: rows(40, (i) => ({ id: `s${i}`, kind: "csat", score: 5, scale_min: 1, scale_max: 5, submitted_at: Date.parse("2026-11-10T10:00:00Z"), channel: value })) });
    const report = await answer(`csat last-week where channel=${value}`, engine);
    expect(report.kind).toBe("metric");
    const slack = renderSlack(report);
    expect(slackViolations(slack)).toEqual([]);
    // What people read is cut; the buttons keep the whole command (to run it again), within Slack's 2,000 for a value.
    const shown = JSON.stringify(slack.blocks.filter((b) => b.type !== "actions"));
    expect(shown).toContain("xxx…");
    expect(shown).not.toContain("x".repeat(400));
    for (const b of slack.blocks) if (b.type === "actions") for (const e of b.elements) expect(e.value.length).toBeLessThanOrEqual(SLACK_LIMITS.buttonValue);
    expect(teamsBytes(report)).toBeLessThan(12_000);
  });

  it("quotes an unknown 1,990-character word back in at most 60 characters", async () => {
    const report = await answer("q".repeat(1990), engineOver({}));
    if (report.kind !== "error") throw new Error("expected an error");
    expect(report.message).toBe(`\`${"q".repeat(59)}…\` is not a metric.`);
    expect(teamsBytes(report)).toBeLessThan(3_000);
    expect(slackViolations(renderSlack(report))).toEqual([]);
  });
});

describe("digests, alerts and charts within Slack's limits", () => {
  const sample = () => engineOver({}, { connector: sampleConnector(NOW) });
  const everyWay = (report: Report) =>
    [undefined, new Set<RichBlock>(["data_visualization"]), new Set<RichBlock>(["data_visualization", "table"])].flatMap((refused) => slackViolations(renderSlack(report, refused ? { refused } : {})));

  it("keeps a digest of every catalog metric inside every limit, with its table, with fields instead, and without charts", async () => {
    const report = await buildDigest(digestFixture({ metrics: CATALOG.map((d) => d.id), period: "last-week" }), sample(), NOW);
    expect(everyWay(report)).toEqual([]);
  });

  it("cuts a digest of 150 metrics with 300-character names to what fits, saying how many more, inside every limit", async () => {
    const report = await buildDigest(digestFixture({ metrics: ["csat"], period: "last-week" }), sample(), NOW);
    const item = report.items[0] as { metricId: string; report: MetricReport };
    const long = (i: number) => `<${"Metric & ".repeat(33)}${i}>`;
    const items = Array.from({ length: 150 }, (_, i) => ({ metricId: `m${i}`, report: { ...item.report, command: `csat last-week where channel=${"x".repeat(i * 20)}`, metric: { ...item.report.metric, name: long(i) } } }));
    const big = { ...report, items, mover: null };
    expect(everyWay(big)).toEqual([]);
    const text = JSON.stringify(renderSlack(big).blocks);
    expect(text).toMatch(/…and \d+ more metrics: ask for them by name\./);
    expect(text).not.toContain("<Metric");
  });

  it("charts at most 20 bars of a 400-agent breakdown with long names that cut to the same 20 characters", async () => {
    const report = await answer("csat last-month by agent", sample());
    if (report.kind !== "metric") throw new Error("expected a metric report");
    const template = report.breakdown!.rows[0]!;
    const big: MetricReport = { ...report, breakdown: { dimension: "agent", rows: Array.from({ length: 400 }, (_, i) => ({ ...template, key: `Agent with a very long name ${i}` })) } };
    const message = renderSlack(big);
    expect(slackViolations(message)).toEqual([]);
    const bars = message.blocks.find((b) => b.type === "data_visualization" && b.chart.type === "bar");
    expect(bars?.type === "data_visualization" && bars.chart.axis_config.categories).toHaveLength(SLACK_LIMITS.chartPoints);
    expect(bars?.type === "data_visualization" && bars.title).toBe("Customer satisfaction (CSAT) by agent (top 20)");
  });
});

describe("messages that said nonsense", () => {
  it("`clv by` says clv has no dimensions instead of suggesting `by undefined`", async () => {
    const report = await answer("clv by", engineOver({}));
    if (report.kind !== "error") throw new Error("expected an error");
    expect(report.message).toBe("clv can't be broken down: its orders data has no dimensions.");
    expect(`${report.message} ${report.hint}`).not.toContain("undefined");
  });

  it("says in words which cron field is wrong and why, never `NaN`", async () => {
    const cases: Array<[string, string]> = [
      ['"-0 9 * * *"', "the minute field (`-0`) is not a number, a range such as 1-5, a list such as 1,3 or a step such as */15: it goes from 0 to 59"],
      ['"0 24 * * *"', "the hour field (`24`) is out of range: it goes from 0 to 23"],
      ['"0 9 * * 5-1"', "the day-of-week field (`5-1`) runs backwards: write the smaller number first, e.g. 1-5"],
      ['"*/0 9 * * *"', "the minute field (`*/0`) has a step of 0: a step is at least 1, e.g. */15"],
    ];
    for (const [cron, problem] of cases) {
      const report = await answer(`digest add cron ${cron}`, engineOver({}, { store: undefined }));
      if (report.kind !== "error") throw new Error("expected an error");
      expect(report.message).toContain(problem);
      expect(report.message).not.toContain("NaN");
    }
  });
});

/**
 * Block Kit answers stay inside Slack's limits for every catalog metric, with
 * and without a breakdown, and long breakdowns are cut with "and N more".
 */
import { beforeAll, describe, expect, it } from "vitest";
import type { Engine } from "../../src/commands/answer.ts";
import { parseCommand } from "../../src/commands/parse.ts";
import { dimensionsOf } from "../../src/measures/datasets.ts";
import { sampleConnector } from "../../src/ingest/sample/index.ts";
import { CATALOG } from "../../src/metrics/catalog/index.ts";
import { renderSlack } from "../../src/render/slack.ts";
import { slackViolations } from "./slackLimits.ts";
import type { MetricReport } from "../../src/report.ts";
import { ask, askMetric, engineOver, NOW } from "../helpers.ts";

let engine: Engine;
beforeAll(() => {
  engine = engineOver({}, { connector: sampleConnector(NOW) });
});

describe.each(CATALOG.map((d) => [d.id, d] as const))("%s in Block Kit", (id, def) => {
  it("stays inside every limit without a breakdown", async () => {
    const message = renderSlack(await askMetric(engine, `${id} last-month`));
    expect(slackViolations(message)).toEqual([]);
  });

  for (const dimension of dimensionsOf(def.dataset)) {
    it(`stays inside every limit by ${dimension}`, async () => {
      const message = renderSlack(await askMetric(engine, `${id} last-month by ${dimension} vs last-year`));
      expect(slackViolations(message)).toEqual([]);
    });
  }
});

describe("Block Kit answers", () => {
  it("cuts a 400-row breakdown with long, unsafe names to fit, saying how many more there are", async () => {
    const report = await askMetric(engine, "csat last-month by agent");
    const template = report.breakdown!.rows[0]!;
    const big: MetricReport = {
      ...report,
      breakdown: {
        dimension: "agent",
        rows: Array.from({ length: 400 }, (_, i) => ({ ...template, key: `<Agent & ${"x".repeat(60)} ${i}>` })),
      },
    };
    const message = renderSlack(big);
    expect(slackViolations(message)).toEqual([]);
    const text = JSON.stringify(message.blocks);
    expect(text).toMatch(/…and \d+ more/);
    expect(text).toContain("&lt;Agent &amp;");
    expect(text).not.toContain("<Agent");
  });

  it("offers By channel, By agent, Vs last year and Share, each a command that parses", async () => {
    const message = renderSlack(await askMetric(engine, "csat last-week"));
    const actions = message.blocks.find((b) => b.type === "actions");
    expect(actions?.type === "actions" && actions.elements.map((b) => [b.text.text, b.value])).toEqual([
      ["By channel", "csat last-week by channel"],
      ["By agent", "csat last-week by agent"],
      ["Vs last year", "csat last-week vs last-year"],
      ["Share in channel", "csat last-week"],
    ]);
    const ctx = { periods: { now: NOW, timeZone: "UTC", weekStartsOn: 1 as const }, defaultPeriod: "last-7-days" };
    for (const b of actions?.type === "actions" ? actions.elements : []) expect(parseCommand(b.value, ctx).kind).toBe("metric");
  });

  it("leaves Share out once shared, and keeps a one-line fallback text", async () => {
    const report = await askMetric(engine, "frt last-week by channel");
    const message = renderSlack(report, { shared: true });
    expect(JSON.stringify(message.blocks)).not.toContain("Share in channel");
    expect(message.text).toMatch(/^First response time last-week: .+ \([▲▼▬] [+\u2212±]/);
  });

  it("answers a mistake with the hint and no buttons", async () => {
    const message = renderSlack(await ask(engine, "csat lst-week"));
    expect(message.blocks.map((b) => b.type)).toEqual(["section", "context"]);
    expect(message.text).toContain("did you mean `last-week`?");
  });

  it("keeps help, define and no-data answers inside the limits", async () => {
    for (const q of ["help", "define nps", "define clv"]) expect(slackViolations(renderSlack(await ask(engine, q)))).toEqual([]);
    const empty = engineOver({});
    const noData = renderSlack(await askMetric(empty, "csat last-week by channel"));
    expect(slackViolations(noData)).toEqual([]);
    expect(JSON.stringify(noData.blocks)).toContain("*No data*");
  });

  it("renders csat last-week by channel as the JSON a person read in Block Kit Builder", async () => {
    const message = renderSlack(await askMetric(engine, "csat last-week by channel"));
    await expect(JSON.stringify(message, null, 2)).toMatchFileSnapshot("__snapshots__/slack-csat-last-week-by-channel.json");
  });
});

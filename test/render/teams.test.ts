/**
 * Every card the bot sends is a valid Adaptive Card 1.5, checked with
 * Microsoft's own Adaptive Cards SDK (parse in a 1.5 context, then validate),
 * for every catalog metric with and without a breakdown.
 */
import { beforeAll, describe, expect, it } from "vitest";
import type { Engine } from "../../src/commands/answer.ts";
import { dimensionsOf } from "../../src/connectors/datasets.ts";
import { sampleConnector } from "../../src/connectors/sample/index.ts";
import { CATALOG } from "../../src/metrics/catalog/index.ts";
import { renderTeams, TEAMS_RERUN_VERB, type AdaptiveCard } from "../../src/render/teams.ts";
import type { MetricReport } from "../../src/report.ts";
import { ask, askMetric, engineOver, NOW } from "../helpers.ts";
import { problems } from "../support/adaptiveCards.ts";

let engine: Engine;
beforeAll(() => {
  engine = engineOver({}, { connector: sampleConnector(NOW) });
});

describe.each(CATALOG.map((d) => [d.id, d] as const))("%s as an Adaptive Card", (id, def) => {
  it("is a valid 1.5 card without a breakdown", async () => {
    expect(problems(renderTeams(await askMetric(engine, `${id} last-month`)))).toEqual([]);
  });
  const dimension = dimensionsOf(def.dataset).at(-1);
  if (dimension) {
    it(`is a valid 1.5 card by ${dimension} vs last year`, async () => {
      expect(problems(renderTeams(await askMetric(engine, `${id} last-month by ${dimension} vs last-year`)))).toEqual([]);
    });
  }
});

describe("Adaptive Card answers", () => {
  it("shows the same content as the Slack answer: figure, change, interval, n, dates, trend, breakdown, definition, freshness", async () => {
    const report = await askMetric(engine, "csat last-week by channel");
    const json = JSON.stringify(renderTeams(report));
    for (const part of ["Customer satisfaction (CSAT) · last-week", "Mon 9 Nov – Sun 15 Nov 2026 (UTC)", "95% interval", "Records", "Last 8 weeks", "By channel", "positive answers", "Data up to"]) {
      expect(json).toContain(part);
    }
    expect(json).toContain(report.breakdown!.rows[0]!.key!);
  });

  it("offers By agent and Vs last year as buttons that send the command to re-run", async () => {
    const card = renderTeams(await askMetric(engine, "csat last-week by channel"));
    expect(card.actions).toEqual([
      { type: "Action.Execute", title: "By agent", verb: TEAMS_RERUN_VERB, data: { command: "csat last-week by agent" } },
      { type: "Action.Execute", title: "Vs last year", verb: TEAMS_RERUN_VERB, data: { command: "csat last-week by channel vs last-year" } },
    ]);
  });

  it("cuts a 300-row breakdown to 15 rows and says how many more", async () => {
    const report = await askMetric(engine, "frt last-month by agent");
    const template = report.breakdown!.rows[0]!;
    const big: MetricReport = { ...report, breakdown: { dimension: "agent", rows: Array.from({ length: 300 }, (_, i) => ({ ...template, key: `agent ${i}` })) } };
    const card = renderTeams(big);
    expect(problems(card)).toEqual([]);
    expect(JSON.stringify(card)).toContain("…and 285 more");
  });

  it("renders help, define, a mistake and no data as valid cards", async () => {
    for (const q of ["help", "define ces", "csat lst-week"]) expect(problems(renderTeams(await ask(engine, q))), q).toEqual([]);
    const noData = renderTeams(await askMetric(engineOver({}), "csat last-week by channel"));
    expect(problems(noData)).toEqual([]);
    expect(JSON.stringify(noData)).toContain("**No data**");
  });

  it("is caught by the validator when a card is wrong", () => {
    const broken = { ...renderTeams({ kind: "error", cause: "user", message: "x" }), body: [{ type: "TextBlock", text: "x", size: "Huge" }, { type: "Bogus" }] };
    expect(problems(broken as AdaptiveCard).length).toBeGreaterThanOrEqual(2);
  });
});

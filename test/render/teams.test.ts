/**
 * Every card the bot sends is a valid Adaptive Card 1.5, checked with
 * Microsoft's own Adaptive Cards SDK (parse in a 1.5 context, then validate),
 * for every catalog metric with and without a breakdown.
 */
import { beforeAll, describe, expect, it } from "vitest";
import type { Engine } from "../../src/commands/answer.ts";
import { dimensionsOf } from "../../src/measures/datasets.ts";
import { sampleConnector } from "../../src/ingest/sample/index.ts";
import { CATALOG } from "../../src/metrics/catalog/index.ts";
import { answer } from "../../src/commands/answer.ts";
import { formatResult, pinnedCommand, sparkline } from "../../src/render/format.ts";
import { axisFloor, renderTeams, TEAMS_DETAILS_VERB, TEAMS_RERUN_VERB, type AdaptiveCard } from "../../src/render/teams.ts";
import type { MetricReport } from "../../src/report.ts";
import { alertReport, checkAlert, findEvidence } from "../../src/schedule/alertCheck.ts";
import { nextAlertState } from "../../src/schedule/alertState.ts";
import { buildDigest } from "../../src/schedule/digest.ts";
import { cardText } from "../adapters/teams/support.ts";
import { ask, askMetric, engineOver, NOW } from "../helpers.ts";
import { HERE, ruleFixture, sqliteStore } from "../schedule/support.ts";
import { chartsIn, problems } from "../support/adaptiveCards.ts";

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

describe("charts in Teams cards", () => {
  it("draws the trend as a Chart.Line of the asked period and the 7 before, in the metric's unit, falling back to the sparkline", async () => {
    const report = await askMetric(engine, "csat last-week by channel");
    const [line] = chartsIn(renderTeams(report)).filter((c) => c["type"] === "Chart.Line");
    const values = (line!["data"] as Array<{ legend: string; values: Array<{ x: string; y: number }> }>)[0]!;
    expect(values.legend).toBe("Customer satisfaction (CSAT)");
    expect(values.values).toHaveLength(8);
    expect(values.values.map((p) => p.y)).toEqual(report.trend.map((t) => Number(t.value!.toFixed(1))));
    expect(values.values.at(-1)!.x).toBe("last-week");
    expect(values.values[0]!.x).toMatch(/^\d{1,2} (Sep|Oct)$/);
    expect(line!["yAxisTitle"]).toBe("%");
    expect(line!["yMin"]).toBe(axisFloor(values.values.map((p) => p.y)));
    expect(line!["yMin"]).toBeGreaterThan(0);
    expect(line!["yMin"]).toBeLessThan(Math.min(...values.values.map((p) => p.y)));
    expect(line!["fallback"]).toMatchObject({ type: "TextBlock", text: `Last 8 weeks: ${sparkline(report.trend.map((t) => t.value))}` });
  });

  it("draws durations in minutes or hours, and leaves a period without data out of the line instead of drawing 0", async () => {
    const report = await askMetric(engine, "frt last-month");
    const gap: MetricReport = { ...report, trend: report.trend.map((t, i) => (i === 2 ? { ...t, value: null } : t)) };
    const [line] = chartsIn(renderTeams(gap));
    const points = (line!["data"] as Array<{ values: Array<{ x: string; y: number }> }>)[0]!.values;
    expect(points).toHaveLength(7);
    expect(points.map((p) => p.x)).not.toContain(report.trend[2]!.label);
    const unit = line!["yAxisTitle"] === "hours" ? 3600 : 60;
    expect(["hours", "minutes"]).toContain(line!["yAxisTitle"]);
    expect(points.at(-1)!.y).toBe(Number((report.trend.at(-1)!.value! / unit).toFixed(1)));
  });

  it("starts the trend's axis a little below its lowest point, so a move of a few points shows, and never below 0 for values that are not negative", () => {
    expect(axisFloor([78.2, 81.4, 80.1])).toBe(76);
    expect(axisFloor([163, 223, 55.8])).toBe(0);
    expect(axisFloor([0, 0.3])).toBe(0);
    expect(axisFloor([-20, 10, 35])).toBe(-40);
    expect(axisFloor([5, 5])).toBeLessThan(5);
  });

  it("has no line with fewer than two periods of data: the sparkline alone", async () => {
    const report = await askMetric(engine, "csat last-week");
    const lonely: MetricReport = { ...report, trend: report.trend.map((t, i) => (i === 7 ? t : { ...t, value: null })) };
    expect(chartsIn(renderTeams(lonely))).toEqual([]);
    expect(cardText(renderTeams(lonely))).toContain("Last 8 weeks:");
  });

  it("draws a breakdown as a bar per row with data, falling back to the table of every row shown, n said in words", async () => {
    const report = await askMetric(engine, "csat last-week by channel");
    const card = renderTeams(report);
    const [bars] = chartsIn(card).filter((c) => c["type"] === "Chart.HorizontalBar");
    expect(bars!["data"]).toEqual(report.breakdown!.rows.map((r) => ({ x: r.key, y: Number(r.result!.value.toFixed(1)) })));
    const fallback = bars!["fallback"] as { type: string; rows: unknown[] };
    expect(fallback.type).toBe("Table");
    expect(fallback.rows).toHaveLength(report.breakdown!.rows.length + 1);
    const first = report.breakdown!.rows[0]!;
    expect(cardText(card)).toContain(`${first.key} n = ${first.result!.n}`);
  });
});

describe("a digest card", () => {
  const digestRule = { id: "d-1", destination: { platform: "teams" as const, workspace: "T", channel: "C" }, schedule: { cron: "0 9 * * *", timeZone: "UTC" }, metrics: ["csat", "frt", "ticket_volume"], period: "last-week", paused: false, createdBy: "U", createdAt: NOW };

  it("reads at a glance: the largest mover on top with its chart, then a Table row per metric with figure, change, n and a Details button", async () => {
    const report = await buildDigest(digestRule, engine, NOW);
    const card = renderTeams(report);
    expect(problems(card)).toEqual([]);
    const mover = report.items.find((i) => i.metricId === report.mover!.metricId) as { report: MetricReport };
    const texts = (card.body as Array<{ type: string; text?: string }>).map((e) => e.type);
    expect(texts.slice(0, 4)).toEqual(["TextBlock", "TextBlock", "TextBlock", "Chart.Line"]);
    expect(cardText(card.body[2])).toMatch(new RegExp(`^Largest mover: ${mover.report.metric.name.replace(/[()]/g, "\\$&")} [▲▼▬]`));
    expect((card.body[3]!["data"] as Array<{ legend: string }>)[0]!.legend).toBe(mover.report.metric.name);

    const table = card.body.find((e) => e.type === "Table") as unknown as { rows: Array<{ cells: Array<{ items: Array<Record<string, unknown>> }> }> };
    const rows = table.rows.slice(1).map((row) => row.cells.map((c) => (c.items[0]!["type"] === "ActionSet" ? c.items[0] : c.items[0]!["text"])));
    expect(rows).toHaveLength(3);
    report.items.forEach((item, i) => {
      const m = (item as { report: MetricReport }).report;
      const [name, figure, change, n, details] = rows[i]!;
      expect(name).toBe(m.metric.name);
      expect(figure).toBe(formatResult(m.result!, m.metric));
      expect(change).toMatch(new RegExp(`^[▲▼▬] [+\u2212±]`));
      expect(n).toBe(m.metric.unit === "count" && m.result!.n === m.result!.value ? "" : m.result!.n.toLocaleString("en-US"));
      expect(details).toMatchObject({ type: "ActionSet", actions: [{ type: "Action.Execute", title: "Details", verb: TEAMS_DETAILS_VERB, data: { command: pinnedCommand(m) }, fallback: { type: "Action.Submit" } }] });
      // Pinned to the week the digest showed, not "last-week", which moves on by the time someone clicks.
      expect(pinnedCommand(m)).not.toContain("last-week");
      expect(pinnedCommand(m).startsWith(`${m.metric.id} `)).toBe(true);
    });
    // One row per metric: no lines run together, no columns made of spaces, no backticks.
    expect(JSON.stringify(card)).not.toContain("`");
    expect(JSON.stringify(card)).not.toMatch(/ {2,}/);
  });

  it("says no data for a metric without any, never 0", async () => {
    const report = await buildDigest(digestRule, engineOver({}), NOW);
    const table = renderTeams(report).body.find((e) => e.type === "Table") as unknown as { rows: Array<{ cells: Array<{ items: Array<{ text?: string }> }> }> };
    expect(table.rows.slice(1).map((r) => r.cells[1]!.items[0]!.text)).toEqual(["no data", "no data", "no data"]);
  });
});

describe("an alert card", () => {
  const rule = ruleFixture({ id: "a-1", condition: { kind: "threshold", op: "<", value: 100 }, period: "last-30-days" });

  async function firing() {
    const check = await checkAlert(rule, engine, NOW);
    const { state, notify } = nextAlertState(rule, null, check.observation, NOW);
    const evidence = await findEvidence(rule, check.command!, check.report!, engine, NOW);
    return alertReport(rule, state, notify!, check, evidence, engine, NOW);
  }

  it("reads at a glance: the state in the header, figure against threshold, period and n as facts, the evidence as a bar chart over a table", async () => {
    const report = await firing();
    const card = renderTeams(report, { post: "a-1@x/first" });
    expect(problems(card)).toEqual([]);
    expect(card.body[0]).toMatchObject({ text: "FIRING · Customer satisfaction (CSAT) below 100.0%", color: "Attention" });
    const facts = Object.fromEntries((card.body.find((e) => e.type === "FactSet")!["facts"] as Array<{ title: string; value: string }>).map((f) => [f.title, f.value]));
    expect(facts["Figure"]).toBe(formatResult(report.value!, report.rule.metric));
    expect(facts["Threshold"]).toBe("below 100.0%");
    expect(facts["Period"]).toBe(`last-30-days: ${report.current!.dates} (UTC)`);
    expect(facts["Records"]).toBe(report.value!.n.toLocaleString("en-US"));
    const [bars] = chartsIn(card);
    expect(bars!["type"]).toBe("Chart.HorizontalBar");
    expect((bars!["data"] as unknown[]).length).toBe(report.evidence!.items!.rows.length);
    expect((bars!["fallback"] as { type: string }).type).toBe("Table");
    expect(card.actions!.map((a) => [a["title"], (a["data"] as { post?: string }).post])).toEqual([
      ["Acknowledge", "a-1@x/first"],
      ["Snooze 24h", "a-1@x/first"],
      ["Mute rule", "a-1@x/first"],
    ]);
    expect(JSON.stringify(card)).not.toContain("`");
    expect(cardText(card)).toContain("Look closer: **csat last-30-days");
  });

  it("titles the comparison fact by what it compares with: a one-day rule against the same weekday a week earlier", async () => {
    const daily = ruleFixture({ id: "a-2", condition: { kind: "threshold", op: "<", value: 100 }, period: "yesterday" });
    const check = await checkAlert(daily, engine, NOW);
    const { state, notify } = nextAlertState(daily, null, check.observation, NOW);
    const report = alertReport(daily, state, notify!, check, null, engine, NOW);
    expect(report.comparison?.against).toBe("same-weekday");
    expect(report.comparison?.result).not.toBeNull();
    const facts = (renderTeams(report).body.find((e) => e.type === "FactSet")!["facts"] as Array<{ title: string }>).map((f) => f.title);
    expect(facts).toContain("Same weekday, a week earlier");
    expect(facts).not.toContain("Previous period");
  });

  it("shows who acknowledged when drawn again after the click", async () => {
    const report = await firing();
    const acked = { ...report, rule: { ...report.rule, acknowledgedBy: "29:xyz" } };
    expect(cardText(renderTeams(acked, { actedBy: "Ada Lovelace" }))).toContain("Acknowledged by Ada Lovelace: no repeats until it resolves.");
  });

  it("has no buttons once resolved", async () => {
    const report = await firing();
    expect(renderTeams({ ...report, notice: "resolved" }).actions).toBeUndefined();
  });
});

describe("plain-text answers as cards", () => {
  it("lists alerts as a markdown list, with no backticks and no space-aligned columns", async () => {
    const { store, dispose } = await sqliteStore();
    try {
      await store.saveAlertRule(ruleFixture({ id: "a-1", destination: HERE }));
      await store.saveAlertRule(ruleFixture({ id: "a-2", destination: HERE, metric: "nps" }));
      const report = await answer("alert list", engineOver({}, { store }), { requester: { id: "U", isAdmin: true }, destination: HERE });
      const card = renderTeams(report);
      expect(problems(card)).toEqual([]);
      const texts = card.body.map((e) => String(e["text"]));
      expect(texts[0]).toBe("Alerts (2):");
      expect(texts[1]).toMatch(/^- a-1 · Customer satisfaction \(CSAT\) below 80\.0% over yesterday · not checked yet · checked every day at 09:00 \(UTC\).*\n- a-2 · /);
      expect(texts[2]).toBe("Admins: **alert mute|unmute|remove|snooze _id_**; anyone: **alert ack _id_**.");
      expect(JSON.stringify(card)).not.toContain("`");
      expect(JSON.stringify(card)).not.toMatch(/ {2,}/);
    } finally {
      await dispose();
    }
  });
});

describe("Teams text", () => {
  it("writes commands in bold and placeholders in italics: Teams has no code formatting and drops <…> as markup", async () => {
    const card = renderTeams(await ask(engine, "help"));
    expect(cardText(card)).toContain("**_metric_ [period] [by _dimension_] [vs previous|same-weekday|last-year] [where _field_=_value_]**");
    expect(JSON.stringify(card)).not.toMatch(/[`<>]/);
  });
});

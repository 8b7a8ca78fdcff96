/**
 * Slack messages that read at a glance: the trend and a breakdown drawn as
 * charts (periods without data left out, not drawn as 0), a digest as one
 * table row per metric with the largest mover and its chart on top and a
 * Details button per metric, an alert with its state in the header and its
 * figures as fields — and &, < and > escaped everywhere they are not a link
 * or a mention, including names that come from the data.
 */
import { beforeAll, describe, expect, it } from "vitest";
import type { Engine } from "../../src/commands/answer.ts";
import { parseCommand } from "../../src/commands/parse.ts";
import { sampleConnector } from "../../src/ingest/sample/index.ts";
import { renderSlack, SLACK_ACTIONS, trendChart, type SlackBlock, type SlackMessage } from "../../src/render/slack.ts";
import type { AlertReport, DigestReport, MetricReport } from "../../src/report.ts";
import { alertReport, checkAlert } from "../../src/schedule/alertCheck.ts";
import { initialAlertState } from "../../src/schedule/alertState.ts";
import { buildDigest } from "../../src/schedule/digest.ts";
import { homeView } from "../../adapters/slack/home.ts";
import { ask, askMetric, engineOver, NOW } from "../helpers.ts";
import { answers, digestFixture, ruleFixture } from "../schedule/support.ts";
import { slackTexts, slackViolations } from "./slackLimits.ts";

let engine: Engine;
beforeAll(() => {
  engine = engineOver({}, { connector: sampleConnector(NOW) });
});

const charts = (m: SlackMessage) => m.blocks.filter((b): b is Extract<SlackBlock, { type: "data_visualization" }> => b.type === "data_visualization");
const tableOf = (m: SlackMessage) => m.blocks.find((b): b is Extract<SlackBlock, { type: "table" }> => b.type === "table");
const buttons = (m: SlackMessage) => m.blocks.flatMap((b) => (b.type === "actions" ? b.elements : []));

/** Text Slack would read as markup: a `<`, `>` or `&` that is not an entity, a mention or a channel link. */
function unescaped(m: SlackMessage): string[] {
  return slackTexts(m).filter((t) => /[<>&]/.test(t.replace(/&(amp|lt|gt);/g, "").replace(/<[@#!][A-Za-z0-9^|]+>/g, "")));
}

/** mrkdwn where a `*` opened on one line is closed on another (Slack shows the asterisks). */
function boldAcrossLines(m: SlackMessage): string[] {
  return slackTexts(m).filter((t) => t.split("\n").some((line) => (line.match(/\*/g)?.length ?? 0) % 2 === 1));
}

describe("the trend and the breakdown as charts", () => {
  it("draws the asked week and the 7 before as a line, and each channel as a bar, with the figures of the report", async () => {
    const report = await askMetric(engine, "csat last-week by channel");
    const [line, bars] = charts(renderSlack(report));
    expect(line?.chart.type).toBe("line");
    expect(line?.chart.series[0]!.data.map((d) => d.value)).toEqual(report.trend.map((t) => Math.round(t.value! * 100) / 100));
    expect(line?.chart.axis_config.categories.at(-1)).toBe("last-week");
    expect(bars?.chart.type).toBe("bar");
    expect(bars?.chart.axis_config.categories).toEqual(report.breakdown!.rows.map((r) => r.key));
  });

  it("leaves a period with no data out of the line (Slack takes only finite values) and says so, instead of drawing 0", async () => {
    const report = await askMetric(engine, "csat last-week");
    const gaps: MetricReport = { ...report, trend: report.trend.map((t, i) => (i === 2 ? { ...t, value: null } : i === 4 ? { ...t, value: Number.NaN } : t)) };
    const message = renderSlack(gaps);
    const [line] = charts(message);
    expect(line?.chart.axis_config.categories).toHaveLength(6);
    expect(line?.chart.series[0]!.data.every((d) => Number.isFinite(d.value) && d.value > 0)).toBe(true);
    expect(line?.chart.axis_config.categories).not.toContain(report.trend[2]!.label.replace(/^\d{4}-/, "").replace(/\.\.\d{4}-/, ".."));
    expect(JSON.stringify(message.blocks)).toContain(`No data in ${report.trend[2]!.label}, ${report.trend[4]!.label}: those periods are left out of the chart.`);
    expect(slackViolations(message)).toEqual([]);
  });

  it("draws no line with fewer than two periods of data, and keeps the sparkline instead", async () => {
    const report = await askMetric(engine, "csat last-week");
    const lonely: MetricReport = { ...report, trend: report.trend.map((t, i) => (i === 7 ? t : { ...t, value: null })) };
    expect(trendChart(lonely)).toBeNull();
    const message = renderSlack(lonely);
    expect(charts(message)).toEqual([]);
    expect(JSON.stringify(message.blocks)).toContain("*Last 8 weeks*");
  });

  it("charts durations in the unit people read them in", async () => {
    const report = await askMetric(engine, "frt last-week");
    const [line] = charts(renderSlack(report));
    expect(["minutes", "hours"]).toContain(line?.chart.axis_config.y_label);
  });

  it("keeps the sparkline and the ranked list, without charts, for a workspace that refused them", async () => {
    const message = renderSlack(await askMetric(engine, "csat last-week by channel"), { refused: new Set(["data_visualization"]) });
    expect(charts(message)).toEqual([]);
    const text = JSON.stringify(message.blocks);
    expect(text).toContain("*Last 8 weeks*");
    expect(text).toContain("*By channel*");
  });
});

describe("a digest at a glance", () => {
  let digest: DigestReport;
  beforeAll(async () => {
    digest = await buildDigest(digestFixture({ id: "d-7k3", metrics: ["csat", "nps", "frt", "ticket_volume"], period: "last-week" }), engine, new Date("2026-11-16T09:00:00Z"));
  });

  it("puts the largest mover on top with its trend chart, then one table row per metric: name, figure, change with arrow and verdict, n", () => {
    const message = renderSlack(digest);
    expect(slackViolations(message)).toEqual([]);
    const mover = digest.items.find((i) => i.metricId === digest.mover!.metricId) as { report: MetricReport };
    const moverAt = message.blocks.findIndex((b) => b.type === "section" && b.text?.text.startsWith("*Largest mover:* "));
    expect(moverAt).toBeGreaterThan(0);
    const [chart] = charts(message);
    expect(chart?.title).toContain(mover.report.metric.name);
    expect(message.blocks.indexOf(chart!)).toBe(moverAt + 1);

    const table = tableOf(message)!;
    expect(table.rows[0]!.map((c) => c.text)).toEqual(["Metric", "Figure", "Change", "n"]);
    expect(table.rows).toHaveLength(5);
    expect(table.rows[1]![0]!.text).toBe(mover.report.metric.name);
    const csat = table.rows.find((r) => r[0]!.text === "Customer satisfaction (CSAT)")!.map((c) => c.text);
    expect(csat[1]).toMatch(/^\d+\.\d%$/);
    expect(csat[2]).toMatch(/^[▲▼▬] [+\u2212±][\d.]+ pts(, (better|worse))?( \(noise\))?$/);
    expect(csat[3]).toMatch(/^[\d,]+$/);
    // No columns lined up with spaces, nor code blocks doing it.
    expect(JSON.stringify(message.blocks)).not.toContain("```");
    expect(message.text).toMatch(/^Digest d-7k3 — last-week: largest mover /);
  });

  it("renders the digest as the JSON a person read in Block Kit Builder", async () => {
    await expect(JSON.stringify(renderSlack(digest), null, 2)).toMatchFileSnapshot("__snapshots__/slack-digest-last-week.json");
  });

  it("offers a Details button per metric that runs the metric's command for the digest's dates, also when clicked days later", () => {
    const message = renderSlack(digest);
    const details = buttons(message).filter((b) => b.action_id.startsWith(SLACK_ACTIONS.digestDetails));
    expect(details.map((b) => b.text.text).sort()).toEqual(
      ["Customer satisfaction (CSAT)", "First response time", "Net Promoter Score", "Request volume"].map((n) => `Details: ${n}`).sort(),
    );
    const ctx = { periods: { now: NOW, timeZone: "UTC", weekStartsOn: 1 as const }, defaultPeriod: "last-7-days" };
    for (const b of details) {
      // last-week at 09:00 on Monday 16 November 2026: the week of 9–15 November, whenever the button is clicked.
      expect(b.value).toMatch(/^[a-z_]+ 2026-11-09\.\.2026-11-15$/);
      expect(parseCommand(b.value, ctx).kind).toBe("metric");
    }
  });

  it("shows the rows as section fields where the table is refused, and no chart where charts are", () => {
    const message = renderSlack(digest, { refused: new Set(["table", "data_visualization"]) });
    expect(tableOf(message)).toBeUndefined();
    expect(charts(message)).toEqual([]);
    const fields = message.blocks.flatMap((b) => (b.type === "section" ? (b.fields ?? []) : [])).map((f) => f.text);
    expect(fields).toHaveLength(4);
    expect(fields.find((f) => f.startsWith("*Customer satisfaction (CSAT)*\n"))).toMatch(/^\*Customer satisfaction \(CSAT\)\*\n\d+\.\d% · [▲▼▬] .+ · n = [\d,]+$/);
    expect(slackViolations(message)).toEqual([]);
  });

  it("says no data for a metric without data, never 0, and escapes a failed metric's message", () => {
    const empty = { ...digest, items: [...digest.items, { metricId: "x", name: "<b>Ann & Co</b>", error: { kind: "error" as const, cause: "user" as const, message: "<b>Ann & Co</b> has no metric" } }] };
    const first = empty.items[0] as { metricId: string; report: MetricReport };
    empty.items[0] = { ...first, report: { ...first.report, result: null } };
    const message = renderSlack(empty);
    const row = tableOf(message)!.rows.find((r) => r[0]!.text === first.report.metric.name)!;
    expect(row.map((c) => c.text)).toEqual([first.report.metric.name, "no data", "—", "—"]);
    expect(unescaped(message)).toEqual([]);
    expect(JSON.stringify(message.blocks)).toContain("&lt;b&gt;Ann &amp; Co&lt;/b&gt; has no metric");
  });
});

describe("an alert at a glance", () => {
  const RULE = ruleFixture({
    id: "a-4fq",
    destination: { platform: "slack", workspace: "T0ACMESUP1", channel: "C0SUPPORT1" },
    condition: { kind: "threshold", op: "<", value: 95 },
    period: "last-7-days",
    minN: 30,
  });
  let firing: AlertReport;
  beforeAll(async () => {
    const check = await checkAlert(RULE, engine, NOW);
    const state = { ...initialAlertState(RULE.id), status: "firing" as const, firedAt: NOW };
    const base = alertReport(RULE, state, "firing", check, null, engine, NOW);
    const result = check.report!.result!;
    firing = {
      ...base,
      evidence: {
        segment: { dimension: "channel", key: "email", current: result, previous: result, change: -2, share: 40 },
        items: { dimension: "agent", within: true, rows: [{ key: "<b>Ann & Co</b>", result: { ...result, value: 61.5 } }, { key: "Bo", result: { ...result, value: 70 } }] },
      },
    };
  });

  it("states FIRING and the metric in the header, the figure against the rule, period and n as fields", () => {
    const message = renderSlack(firing);
    expect(slackViolations(message)).toEqual([]);
    expect(message.blocks[0]).toMatchObject({ type: "header", text: { text: ":rotating_light: FIRING · Customer satisfaction (CSAT)" } });
    const fields = message.blocks.flatMap((b) => (b.type === "section" ? (b.fields ?? []) : [])).map((f) => f.text.split("\n")[0]);
    expect(fields).toEqual(["*Figure*", "*Rule*", "*Period*", "*Records*", "*Compared with*", "*Checked*"]);
    const all = message.blocks.flatMap((b) => (b.type === "section" ? (b.fields ?? []) : [])).map((f) => f.text);
    expect(all[0]).toBe(`*Figure*\n${firing.value!.value.toFixed(1)}%`);
    expect(all[1]).toBe("*Rule*\nbelow 95.0%");
    expect(boldAcrossLines(message)).toEqual([]);
    expect(message.text).toMatch(/^FIRING · alert a-4fq: Customer satisfaction \(CSAT\) is /);
  });

  it("renders the firing alert as the JSON a person read in Block Kit Builder", async () => {
    await expect(JSON.stringify(renderSlack(firing), null, 2)).toMatchFileSnapshot("__snapshots__/slack-alert-firing.json");
  });

  it("draws the evidence as a small bar chart, with names from the data escaped", () => {
    const message = renderSlack(firing);
    const [bars] = charts(message);
    expect(bars?.chart.type).toBe("bar");
    // Escaped, then cut to Slack's 20 characters (the entities count), never inside an entity.
    expect(bars?.chart.axis_config.categories).toEqual(["&lt;b&gt;Ann &amp; …", "Bo"]);
    expect(bars?.chart.series[0]!.data.map((d) => d.value)).toEqual([61.5, 70]);
    expect(unescaped(message)).toEqual([]);
    expect(buttons(message).map((b) => b.text.text)).toEqual(["Acknowledge", "Snooze 24h", "Mute rule"]);
  });

  it("says NO DATA in the header and that it is not a breach, without figures or buttons", () => {
    const message = renderSlack({ ...firing, notice: "no_data", status: "no_data", value: null, evidence: null });
    expect(message.blocks[0]).toMatchObject({ type: "header", text: { text: ":grey_question: NO DATA · Customer satisfaction (CSAT)" } });
    expect(JSON.stringify(message.blocks)).toContain("This is not a breach; the rule judges again as soon as there is data.");
    expect(message.blocks.some((b) => b.type === "section" && b.fields)).toBe(false);
    expect(buttons(message)).toEqual([]);
    expect(slackViolations(message)).toEqual([]);
  });

  it("says RESOLVED in the header, without buttons", () => {
    const message = renderSlack({ ...firing, notice: "resolved", status: "resolved" });
    expect(message.blocks[0]).toMatchObject({ type: "header", text: { text: ":white_check_mark: RESOLVED · Customer satisfaction (CSAT)" } });
    expect(buttons(message)).toEqual([]);
    expect(boldAcrossLines(message)).toEqual([]);
  });
});

describe("escaping & < > where no link or mention is meant", () => {
  it("escapes the command grammar in help and define, and in the Home tab", async () => {
    for (const q of ["help", "define csat"]) {
      const message = renderSlack(await ask(engine, q));
      expect(unescaped(message)).toEqual([]);
    }
    expect(JSON.stringify(renderSlack(await ask(engine, "help")).blocks)).toContain("&lt;metric&gt; [period] [by &lt;dimension&gt;]");
    const home = homeView({ digests: [], alerts: [], canManage: true, now: NOW });
    const texts = JSON.stringify(home.blocks);
    expect(texts).toContain("`&lt;metric&gt; [period] [by &lt;dimension&gt;] [vs previous|same-weekday|last-year] [where &lt;field&gt;=&lt;value&gt;]`");
    expect(texts).toContain("churn_rate &gt; 5%");
    expect(texts).not.toMatch(/<(metric|dimension|field|value)>/);
  });

  it("escapes an agent named <b>Ann & Co</b> in the answer, its breakdown, its chart and its buttons", async () => {
    const data = engineOver({ surveys: answers("2026-11-10T10:00:00Z", 30, 10, { agent: "<b>Ann & Co</b>" }) });
    const message = renderSlack(await askMetric(data, "csat last-week by agent"));
    expect(unescaped(message)).toEqual([]);
    expect(JSON.stringify(message.blocks)).toContain("&lt;b&gt;Ann &amp; Co&lt;/b&gt;");
    expect(slackViolations(message)).toEqual([]);
  });
});

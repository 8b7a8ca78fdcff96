/**
 * Report → Slack Block Kit message. Pure: the same report always gives the
 * same JSON, which stays inside every Block Kit limit (DESIGN.md):
 * ≤ 50 blocks, section text ≤ 3,000, ≤ 10 fields of ≤ 2,000, header ≤ 150,
 * context ≤ 10 elements, button text ≤ 75, and the whole message kept small.
 */
import type { AlertReport, DefineReport, DigestReport, ErrorReport, HelpReport, MetricReport, Report } from "../report.ts";
import {
  againstText,
  answerNotes,
  noDataText,
  changeArrow,
  comparisonTitle,
  datesLine,
  describeChange,
  digestRows,
  type DigestRow,
  filterText,
  formatInstant,
  formatInterval,
  formatResult,
  formatValue,
  moverText,
  pinnedCommand,
  sampleSize,
  sparkline,
  stepNoun,
  summaryLine,
} from "./format.ts";
import { conditionText, renderText, staleDigestLines, unavailableDigestLine } from "./text.ts";

export const SLACK_LIMITS = {
  blocks: 50,
  sectionText: 3000,
  fields: 10,
  fieldText: 2000,
  header: 150,
  contextElements: 10,
  buttonText: 75,
  buttonValue: 2000,
  /** Messages near 13,000 characters of blocks have been refused even inside the other limits. */
  messageChars: 12_000,
  /** Buttons in one actions block. */
  actionsElements: 25,
  /** data_visualization: at most two per message; title ≤ 50; series and category labels ≤ 20; 1–20 points a series, 1–6 series. */
  charts: 2,
  chartTitle: 50,
  chartLabel: 20,
  chartPoints: 20,
  chartSeries: 6,
  /** table: one per message, ≤ 100 rows of ≤ 20 cells. */
  tables: 1,
  tableRows: 100,
  tableColumns: 20,
  /** Our own cap on a table cell, to keep the message small. */
  tableCell: 200,
} as const;

/** Breakdown rows shown before "and N more". */
export const SLACK_BREAKDOWN_ROWS = 15;

export type SlackText = { type: "plain_text"; text: string; emoji?: boolean } | { type: "mrkdwn"; text: string };
export type SlackBlock =
  | { type: "header"; text: { type: "plain_text"; text: string; emoji?: boolean } }
  | { type: "section"; text?: SlackText; fields?: SlackText[]; block_id?: string }
  | { type: "context"; elements: SlackText[] }
  | { type: "divider" }
  | { type: "actions"; block_id?: string; elements: SlackButton[] }
  | { type: "data_visualization"; title: string; chart: SlackChart; block_id?: string }
  | { type: "table"; rows: SlackTableCell[][]; column_settings?: Array<{ align?: "left" | "center" | "right"; is_wrapped?: boolean }>; block_id?: string };
/**
 * A line or bar chart of the data_visualization block
 * (docs.slack.dev/reference/block-kit/blocks/data-visualization-block): every
 * series has one point per category, labelled like it, and every value is finite.
 */
export interface SlackChart {
  type: "line" | "bar";
  series: Array<{ name: string; data: Array<{ label: string; value: number }> }>;
  axis_config: { categories: string[]; x_label?: string; y_label?: string };
}
/** A table cell (docs.slack.dev/reference/block-kit/blocks/table-block): raw text, escaped like all text sent to Slack. */
export interface SlackTableCell {
  type: "raw_text";
  text: string;
}
/** Block types some Slack clients and workspaces refuse (`invalid_blocks`); each has a fallback made of older blocks. */
export const RICH_BLOCKS = ["data_visualization", "table"] as const;
export type RichBlock = (typeof RICH_BLOCKS)[number];

export interface SlackRenderOptions {
  /** Rendered for everyone in a channel: no Share button. */
  shared?: boolean;
  /** Rich block types this workspace refused: their fallbacks are used instead. */
  refused?: ReadonlySet<RichBlock>;
}
export interface SlackButton {
  type: "button";
  text: { type: "plain_text"; text: string; emoji?: boolean };
  action_id: string;
  value: string;
  style?: "primary" | "danger";
}
export interface SlackMessage {
  /** Fallback text for notifications and clients that cannot show blocks. */
  text: string;
  blocks: SlackBlock[];
}

/** The buttons under a metric answer; each re-runs the command path with a changed command. */
export const SLACK_ACTIONS = {
  byChannel: "rerun_by_channel",
  byAgent: "rerun_by_agent",
  vsLastYear: "rerun_vs_last_year",
  share: "share_in_channel",
  /** Alert buttons: their value is the management command (`alert ack a-4fq`), run through the command path. */
  alertAck: "alert_ack",
  alertSnooze: "alert_snooze",
  alertMute: "alert_mute",
  /** A digest row's Details button (one per metric, numbered: action ids are unique in a message); its value is the metric's command. */
  digestDetails: "digest_details",
  /** A reading of an ambiguous question (one per reading, numbered); its value is the command of that reading. */
  chooseReading: "choose_reading",
} as const;

/** Slack mrkdwn treats &, < and > as control characters. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** Escaped text cut to `max` characters after escaping, never inside an entity such as `&amp;`. */
function clipEscaped(text: string, max: number): string {
  const escaped = escapeMrkdwn(text);
  if (escaped.length <= max) return escaped;
  return `${escaped.slice(0, max - 1).replace(/&[a-z]{0,3}$/, "")}…`;
}

const md = (text: string, max: number = SLACK_LIMITS.sectionText): SlackText => ({ type: "mrkdwn", text: clip(text, max) });
/** Plain text is escaped too: Slack reads &, < and > as control characters there as well. */
const plain = (text: string, max: number): { type: "plain_text"; text: string; emoji: true } => ({
  type: "plain_text",
  text: clipEscaped(text, max),
  emoji: true,
});

export function renderSlack(report: Report, opts: SlackRenderOptions = {}): SlackMessage {
  const refused = opts.refused ?? new Set<RichBlock>();
  switch (report.kind) {
    case "metric":
      return metricMessage(report, opts.shared ?? false, refused);
    case "help":
      return helpMessage(report);
    case "define":
      return defineMessage(report);
    case "error":
      return errorMessage(report);
    case "alert":
      return alertMessage(report, refused);
    case "digest":
      return digestMessage(report, refused);
    default:
      return textMessage(report);
  }
}

/** The rich block types a message holds (what a refusal may be about). */
export function richBlocksOf(message: { blocks?: unknown }): RichBlock[] {
  const blocks = Array.isArray(message.blocks) ? (message.blocks as Array<{ type?: unknown }>) : [];
  return RICH_BLOCKS.filter((type) => blocks.some((b) => b.type === type));
}

// ---- charts ---------------------------------------------------------------------

/**
 * Chart labels: escaped like all text sent to Slack, at most 20 characters
 * and all different (Slack matches points to categories by label). A date
 * range is shown without its years.
 * @example chartLabels(["2026-11-02..2026-11-08", "last-week"]) // ["11-02..11-08", "last-week"]
 */
export function chartLabels(labels: readonly string[]): string[] {
  const max = SLACK_LIMITS.chartLabel;
  const seen = new Set<string>();
  return labels.map((label, i) => {
    const short = label.replace(/^\d{4}-(\d{2}-\d{2})\.\.\d{4}-(\d{2}-\d{2})$/, "$1..$2");
    let out = clipEscaped(short, max);
    // Two long names cut to the same 20 characters: the later one gets its rank.
    if (seen.has(out)) out = `${clipEscaped(short, max - String(i + 1).length - 1)}#${i + 1}`;
    seen.add(out);
    return out;
  });
}

/** Durations are charted in the unit people read them in; other values as they are, rounded to what the eye can see. */
function chartScale(unit: MetricReport["metric"]["unit"], values: number[]): { divide: number; axis: string } {
  if (unit !== "seconds") return { divide: 1, axis: { percent: "%", nps: "NPS", score: "score", count: "count", number: "value", currency: "amount", seconds: "" }[unit] };
  const max = Math.max(...values.map(Math.abs));
  if (max >= 7200) return { divide: 3600, axis: "hours" };
  if (max >= 120) return { divide: 60, axis: "minutes" };
  return { divide: 1, axis: "seconds" };
}

/**
 * One series as a data_visualization block, or null when fewer than `min`
 * points have a finite value. Points without one (a period with no data)
 * are left out, with their category: Slack takes no gaps.
 */
function chartBlock(
  kind: "line" | "bar",
  title: string,
  series: string,
  points: ReadonlyArray<{ label: string; value: number | null }>,
  unit: MetricReport["metric"]["unit"],
  opts: { min: number; xLabel: string },
): SlackBlock | null {
  const present = points.filter((p): p is { label: string; value: number } => p.value !== null && Number.isFinite(p.value)).slice(0, SLACK_LIMITS.chartPoints);
  if (present.length < opts.min) return null;
  const scale = chartScale(unit, present.map((p) => p.value));
  const labels = chartLabels(present.map((p) => p.label));
  const data = present.map((p, i) => ({ label: labels[i]!, value: Math.round((p.value / scale.divide) * 100) / 100 }));
  return {
    type: "data_visualization",
    title: clipEscaped(title, SLACK_LIMITS.chartTitle),
    chart: {
      type: kind,
      series: [{ name: clipEscaped(series, SLACK_LIMITS.chartLabel), data }],
      axis_config: { categories: labels, x_label: clipEscaped(opts.xLabel, SLACK_LIMITS.chartTitle), ...(scale.axis ? { y_label: scale.axis } : {}) },
    },
  };
}

/** The trend (the asked period and the ones before it) as a line chart; null with fewer than two periods of data. */
export function trendChart(r: MetricReport): SlackBlock | null {
  const step = r.current.period.step;
  return chartBlock("line", `${r.metric.name}, last ${r.trend.length} ${stepNoun(step.unit, step.count)}`, r.metric.id, r.trend, r.metric.unit, { min: 2, xLabel: "period" });
}

/** The trend's periods without data, which the chart leaves out, in words; "" when every period has data. */
function trendGaps(r: MetricReport): string {
  const gaps = r.trend.filter((t) => t.value === null || !Number.isFinite(t.value)).map((t) => t.label);
  if (gaps.length === 0) return "";
  return `No data in ${gaps.join(", ")}: ${gaps.length === 1 ? "that period is" : "those periods are"} left out of the chart.`;
}

/** The breakdown's first 20 rows with data as a bar chart. */
function breakdownChart(r: MetricReport): SlackBlock | null {
  const rows = r.breakdown?.rows.filter((row) => row.result !== null) ?? [];
  const top = rows.length > SLACK_LIMITS.chartPoints ? ` (top ${SLACK_LIMITS.chartPoints})` : "";
  const points = rows.map((row) => ({ label: row.key ?? "(none)", value: row.result!.value }));
  return chartBlock("bar", `${r.metric.name} by ${r.breakdown?.dimension ?? ""}${top}`, r.metric.id, points, r.metric.unit, { min: 1, xLabel: r.breakdown?.dimension ?? "" });
}

const ALERT_STATES: Record<AlertReport["notice"], string> = {
  firing: ":rotating_light: FIRING",
  repeat: ":rotating_light: STILL FIRING",
  resolved: ":white_check_mark: RESOLVED",
  no_data: ":grey_question: NO DATA",
  source_error: ":warning: SOURCE ERROR",
};

/**
 * An alert at a glance: its state and metric in the header, the sentence of
 * the text renderer, figure / rule / period / n as fields, the evidence as
 * text and a small bar chart, and Acknowledge / Snooze 24h / Mute rule while
 * it is firing. The buttons run `alert ack|snooze|mute <id>`, so permissions
 * are the command path's. No bold spans a line break.
 */
function alertMessage(r: AlertReport, refused: ReadonlySet<RichBlock>): SlackMessage {
  const text = renderText(r);
  const [summary = [], ...paragraphs] = text.split("\n\n").map((p) => p.split("\n"));
  const [sentence = "", ...details] = summary;
  const rule = r.rule;
  const m = rule.metric;
  const tz = rule.schedule.timeZone;
  const blocks: SlackBlock[] = [
    { type: "header", text: plain(`${ALERT_STATES[r.notice]} · ${m.name}`, SLACK_LIMITS.header) },
    { type: "section", text: md(clipEscaped(sentence, SLACK_LIMITS.sectionText)) },
  ];
  const judged = r.notice === "firing" || r.notice === "repeat" || r.notice === "resolved";
  if (judged) {
    const field = (label: string, value: string) => md(`*${label}*\n${clipEscaped(value, SLACK_LIMITS.fieldText - label.length - 3)}`, SLACK_LIMITS.fieldText);
    const fields: SlackText[] = [];
    if (r.value) fields.push(field("Figure", formatResult(r.value, m)));
    fields.push(field("Rule", conditionText(m, rule.condition).slice(m.name.length + 1)));
    fields.push(field("Period", `${rule.period}${rule.filters ? ` where ${rule.filters}` : ""}${r.current ? `: ${r.current.dates}` : ""} (${tz})`));
    const n = r.value ? sampleSize(r.value, m) : undefined;
    if (n) fields.push(field("Records", n.replace("n = ", "")));
    if (r.comparison?.result) {
      const change = describeChange(r.comparison, m);
      fields.push(field("Compared with", `${formatResult(r.comparison.result, m)} in ${r.comparison.dates}${change ? ` (${changeArrow(r.comparison.change)} ${change})` : ""}`));
    }
    fields.push(field("Checked", `${formatInstant(r.checkedAt, tz)} ${tz}`));
    blocks.push({ type: "section", fields });
  } else if (details.length > 0) {
    blocks.push({ type: "context", elements: [md(clipEscaped(details.join(" "), SLACK_LIMITS.sectionText))] });
  }
  const evidence = paragraphs.find((p) => p[0]?.startsWith("Moved most"));
  if (evidence) {
    blocks.push({ type: "section", text: md(clipEscaped(evidence.join("\n"), SLACK_LIMITS.sectionText)) });
    const items = r.evidence?.items;
    if (items && !refused.has("data_visualization")) {
      const seg = r.evidence!.segment;
      const title = items.within ? `${m.name}: worst ${items.dimension} in ${seg.key ?? "(none)"}` : `${m.name}: worst other ${items.dimension}s`;
      const chart = chartBlock("bar", title, m.id, items.rows.map((row) => ({ label: row.key ?? "(none)", value: row.result.value })), m.unit, { min: 1, xLabel: items.dimension });
      if (chart) blocks.push(chart);
    }
  }
  if (r.notice === "firing" || r.notice === "repeat") {
    const id = rule.id;
    blocks.push({ type: "context", elements: [md(`Look closer: \`${clipEscaped(r.command, 500)}\``)] });
    const button = (label: string, action: string, value: string, style?: "danger"): SlackButton => ({
      type: "button",
      text: plain(label, SLACK_LIMITS.buttonText),
      action_id: action,
      value,
      ...(style ? { style } : {}),
    });
    blocks.push({
      type: "actions",
      block_id: `alert_actions:${id}`,
      elements: [
        button("Acknowledge", SLACK_ACTIONS.alertAck, `alert ack ${id}`),
        button("Snooze 24h", SLACK_ACTIONS.alertSnooze, `alert snooze ${id} 24h`),
        button("Mute rule", SLACK_ACTIONS.alertMute, `alert mute ${id}`, "danger"),
      ],
    });
  }
  return { text: clip(sentence, 3000), blocks: blocks.slice(0, SLACK_LIMITS.blocks) };
}

/** Characters of table rows a digest spends before "and N more" (the message must stay small). */
const DIGEST_TABLE_CHARS = 6000;

/**
 * A digest at a glance: the largest mover on top with its trend chart, then
 * one row per metric — name, figure, change with arrow and verdict, n — as a
 * table (as section fields where the table is refused), and a Details button
 * per metric that posts its full answer, for the digest's dates, in the digest's thread.
 */
function digestMessage(r: DigestReport, refused: ReadonlySet<RichBlock>): SlackMessage {
  const text = renderText(r);
  const [title = ""] = text.split("\n");
  const blocks: SlackBlock[] = [
    { type: "header", text: plain(`Digest · ${r.period}`, SLACK_LIMITS.header) },
    { type: "context", elements: [md(clipEscaped(title, SLACK_LIMITS.sectionText))] },
  ];
  for (const line of staleDigestLines(r)) blocks.push({ type: "context", elements: [md(clipEscaped(line, SLACK_LIMITS.sectionText))] });
  const mover = moverText(r);
  blocks.push({ type: "section", text: md(mover ? `*Largest mover:* ${clipEscaped(mover, SLACK_LIMITS.sectionText - 20)}` : "Nothing to compare with the previous period.") });
  const moverReport = r.items.find((i): i is { metricId: string; report: MetricReport } => "report" in i && i.metricId === r.mover?.metricId)?.report;
  const chart = moverReport && !refused.has("data_visualization") ? trendChart(moverReport) : null;
  if (chart) blocks.push(chart);

  // The mover first, then the digest's order.
  const isMover = (row: DigestRow) => Number(row.metricId === r.mover?.metricId && row.report !== null);
  const rows = digestRows(r).sort((a, b) => isMover(b) - isMover(a));
  let shown = 0;
  let size = 0;
  for (const row of rows) {
    size += row.name.length + row.figure.length + row.change.length + row.n.length + 100;
    if (shown >= SLACK_LIMITS.tableRows - 1 || size > DIGEST_TABLE_CHARS) break;
    shown++;
  }
  if (!refused.has("table")) {
    const cell = (t: string): SlackTableCell => ({ type: "raw_text", text: clipEscaped(t || "—", SLACK_LIMITS.tableCell) });
    blocks.push({
      type: "table",
      column_settings: [{ is_wrapped: true }, { align: "right" }, { is_wrapped: true }, { align: "right" }],
      rows: [["Metric", "Figure", "Change", "n"].map(cell), ...rows.slice(0, shown).map((row) => [row.name, row.figure, row.change, row.n].map(cell))],
    });
  } else {
    const fields = rows.slice(0, shown).map((row) => md(`*${clipEscaped(row.name, 200)}*\n${clipEscaped([row.figure, row.change, row.n ? `n = ${row.n}` : ""].filter(Boolean).join(" · "), 1500)}`, SLACK_LIMITS.fieldText));
    for (let i = 0; i < fields.length; i += SLACK_LIMITS.fields) blocks.push({ type: "section", fields: fields.slice(i, i + SLACK_LIMITS.fields) });
  }
  if (shown < rows.length) blocks.push({ type: "context", elements: [md(`…and ${rows.length - shown} more metrics: ask for them by name.`)] });
  // Metrics the data cannot answer: left out of the table, named once.
  if (r.unavailable && r.unavailable.length > 0) blocks.push({ type: "context", elements: [md(clipEscaped(unavailableDigestLine(r.unavailable), SLACK_LIMITS.sectionText))] });

  const buttons = rows
    .slice(0, shown)
    .flatMap((row) => (row.report ? [{ report: row.report, command: pinnedCommand(row.report) }] : []))
    // A command too long for a button's value would be cut, and run as something else: such a button is left out.
    .filter((item) => item.command.length <= SLACK_LIMITS.buttonValue)
    .map((item, i): SlackButton => ({
      type: "button",
      text: plain(`Details: ${item.report.metric.name}`, SLACK_LIMITS.buttonText),
      action_id: `${SLACK_ACTIONS.digestDetails}:${i}`,
      value: item.command,
    }));
  for (let i = 0; i < buttons.length && blocks.length < SLACK_LIMITS.blocks - 1; i += SLACK_LIMITS.actionsElements) {
    blocks.push({ type: "actions", block_id: `digest_details:${i / SLACK_LIMITS.actionsElements}`, elements: buttons.slice(i, i + SLACK_LIMITS.actionsElements) });
  }
  if (buttons.length > 0) blocks.push({ type: "context", elements: [md("*Details* posts the full answer in this digest's thread.")] });
  return { text: clip(mover ? `Digest ${r.digestId} — ${r.period}: largest mover ${mover}` : title, 3000), blocks: blocks.slice(0, SLACK_LIMITS.blocks) };
}

function metricMessage(r: MetricReport, shared: boolean, refused: ReadonlySet<RichBlock>): SlackMessage {
  const { metric, result, comparison } = r;
  const filters = filterText(r);
  const charts = !refused.has("data_visualization");
  const trend = charts ? trendChart(r) : null;
  const blocks: SlackBlock[] = [
    { type: "header", text: plain(`${metric.name} · ${r.current.period.label}`, SLACK_LIMITS.header) },
  ];
  if (r.readAs) blocks.push({ type: "context", elements: [md(`Read as: \`${clipEscaped(r.readAs.replace(/`/g, "'"), 500)}\``)] });

  const dates = `${datesLine(r)}${filters ? ` · where ${filters}` : ""}`;
  if (!result) {
    blocks.push({ type: "section", text: md(`*No data* — ${escapeMrkdwn(noDataText(r))}\n${escapeMrkdwn(dates)}`) });
  } else {
    const change = describeChange(comparison, metric);
    const against = againstText(comparison);
    const compared = comparison.result
      ? `${changeArrow(comparison.change)} ${change ?? ""} vs ${against} (${formatResult(comparison.result, metric)})`
      : `No data for ${against} to compare with`;
    blocks.push({ type: "section", text: md(`*${escapeMrkdwn(formatResult(result, metric))}*   ${escapeMrkdwn(compared)}`) });

    const fields: SlackText[] = [md(`*Period*\n${escapeMrkdwn(dates)}`, SLACK_LIMITS.fieldText)];
    const size = sampleSize(result, metric);
    if (size) fields.push(md(`*Records*\n${size.replace("n = ", "")}`, SLACK_LIMITS.fieldText));
    const interval = formatInterval(result, metric);
    if (interval) fields.push(md(`*95% interval*\n${escapeMrkdwn(interval)}`, SLACK_LIMITS.fieldText));
    // Where the line chart cannot be drawn, the sparkline stands in for it.
    const spark = trend ? "" : sparkline(r.trend.map((t) => t.value));
    if (spark) fields.push(md(`*Last ${r.trend.length} ${stepNoun(r.current.period.step.unit, r.current.period.step.count)}*\n\`${spark}\``, SLACK_LIMITS.fieldText));
    for (const extra of result.extras ?? []) {
      fields.push(md(`*${escapeMrkdwn(extra.label)}*\n${escapeMrkdwn(formatValue(extra.value, extra.unit, { currency: metric.currency }))}`, SLACK_LIMITS.fieldText));
    }
    if (comparison.result) {
      fields.push(md(`*${comparisonTitle(comparison.against)}*\n${escapeMrkdwn(comparison.dates)}`, SLACK_LIMITS.fieldText));
    }
    blocks.push({ type: "section", fields: fields.slice(0, SLACK_LIMITS.fields) });
    if (result.note) blocks.push({ type: "context", elements: [md(escapeMrkdwn(result.note))] });
  }
  if (trend) {
    blocks.push(trend);
    const gaps = trendGaps(r);
    if (gaps) blocks.push({ type: "context", elements: [md(escapeMrkdwn(gaps))] });
  }

  if (r.breakdown && r.breakdown.rows.length > 0) {
    blocks.push({ type: "divider" });
    const bars = charts ? breakdownChart(r) : null;
    if (bars) blocks.push(bars);
    blocks.push({ type: "section", text: md(breakdownText(r)) });
  }

  const notes = answerNotes(r);
  if (notes.length > 0) blocks.push({ type: "context", elements: notes.map((n) => md(`:warning: ${escapeMrkdwn(n)}`, 1000)) });

  blocks.push({
    type: "context",
    elements: [
      md(`${escapeMrkdwn(metric.name)}: ${escapeMrkdwn(metric.formula)}.`, 1000),
      md(r.freshness ? `Data up to ${formatInstant(r.freshness, r.timeZone)} ${r.timeZone}` : "No records in this dataset yet"),
    ],
  });

  const buttons = metricButtons(r, shared);
  if (buttons.length > 0) blocks.push({ type: "actions", block_id: "metric_actions", elements: buttons });
  return { text: clip(summaryLine(r), 3000), blocks };
}

/** A ranked table in a code block, clipped to the section limit with "and N more". */
function breakdownText(r: MetricReport): string {
  const rows = r.breakdown!.rows;
  const title = `*By ${escapeMrkdwn(r.breakdown!.dimension)}*`;
  const keyWidth = Math.min(24, Math.max(4, ...rows.slice(0, SLACK_BREAKDOWN_ROWS).map((row) => (row.key ?? "(none)").length)));
  const line = (row: (typeof rows)[number], i: number) => {
    const key = clip(row.key ?? "(none)", 24).padEnd(keyWidth);
    const value = row.result ? formatResult(row.result, r.metric) : "no data";
    const share = row.share !== undefined ? ` (${row.share.toFixed(1)}%)` : "";
    const size = row.result ? sampleSize(row.result, r.metric) : undefined;
    return `${String(i + 1).padStart(2)}. ${key}  ${value.padStart(12)}${share}${size ? `  ${size}` : ""}`;
  };
  const lines: string[] = [];
  let shown = 0;
  for (const [i, row] of rows.entries()) {
    if (i >= SLACK_BREAKDOWN_ROWS) break;
    const next = escapeMrkdwn(line(row, i));
    // Leave room for the title, the fences and the "and N more" line.
    if ([title, ...lines, next].join("\n").length + 40 > SLACK_LIMITS.sectionText) break;
    lines.push(next);
    shown++;
  }
  const more = rows.length - shown;
  return `${title}\n\`\`\`${lines.join("\n")}\`\`\`${more > 0 ? `\n…and ${more} more` : ""}`;
}

const FOLLOW_UP_ACTIONS = {
  "by-channel": "rerun_by_channel",
  "by-agent": "rerun_by_agent",
  "vs-last-year": "rerun_vs_last_year",
} as const;

function metricButtons(r: MetricReport, shared: boolean): SlackButton[] {
  const button = (text: string, action: string, value: string, style?: "primary"): SlackButton => ({
    type: "button",
    text: plain(text, SLACK_LIMITS.buttonText),
    action_id: action,
    value: clip(value, SLACK_LIMITS.buttonValue),
    ...(style ? { style } : {}),
  });
  const buttons = r.followUps.map((f) => button(f.label, FOLLOW_UP_ACTIONS[f.kind], f.command));
  if (!shared) buttons.push(button("Share in channel", SLACK_ACTIONS.share, r.command, "primary"));
  // A command too long for a button's value would be cut, and run as something else: such a button is left out.
  return buttons.filter((_button, i) => (i < r.followUps.length ? r.followUps[i]!.command : r.command).length <= SLACK_LIMITS.buttonValue);
}

function helpMessage(r: HelpReport): SlackMessage {
  const metrics = r.metrics.map((m) => `\`${m.id}\` ${escapeMrkdwn(m.name)}`);
  const half = Math.ceil(metrics.length / 2);
  return {
    text: "What I can answer: a metric, a period, and optionally a breakdown, a comparison or a filter.",
    blocks: [
      { type: "header", text: plain("Customer-service metrics", SLACK_LIMITS.header) },
      {
        type: "section",
        text: md(
          escapeMrkdwn("Ask for a metric and a period:\n`<metric> [period] [by <dimension>] [vs previous|same-weekday|last-year] [where <field>=<value>]`\n" + r.examples.map((e) => `• \`${e}\``).join("\n")),
        ),
      },
      { type: "section", fields: [md(metrics.slice(0, half).join("\n"), SLACK_LIMITS.fieldText), md(metrics.slice(half).join("\n"), SLACK_LIMITS.fieldText)] },
      { type: "context", elements: [md(escapeMrkdwn(`Periods: ${r.periods.map((p) => `\`${p}\``).join(", ")}`)), md(escapeMrkdwn("`define <metric>` explains a metric."))] },
    ],
  };
}

function defineMessage(r: DefineReport): SlackMessage {
  const m = r.metric;
  const direction = { higher: "higher is better", lower: "lower is better", neutral: "neither direction is better" }[m.direction];
  const fields = [
    md(`*Direction*\n${direction}`, SLACK_LIMITS.fieldText),
    md(`*Dataset*\n${m.dataset}`, SLACK_LIMITS.fieldText),
    md(`*Freshness*\n${r.freshness ? `${formatInstant(r.freshness, r.timeZone ?? "UTC")} ${r.timeZone ?? "UTC"}` : "no records yet"}`, SLACK_LIMITS.fieldText),
  ];
  if (r.scale) fields.push(md(`*Scale*\n${escapeMrkdwn(r.scale)}`, SLACK_LIMITS.fieldText));
  if (r.dimensions.length) fields.push(md(`*By / where*\n${escapeMrkdwn(r.dimensions.join(", "))}`, SLACK_LIMITS.fieldText));
  if (m.aliases.length) fields.push(md(`*Also called*\n${escapeMrkdwn(m.aliases.join(", "))}`, SLACK_LIMITS.fieldText));
  return {
    text: `${m.name} (${m.id}): ${m.formula}`,
    blocks: [
      { type: "header", text: plain(`${m.name} (${m.id})`, SLACK_LIMITS.header) },
      { type: "section", text: md(`*Formula:* ${escapeMrkdwn(m.formula)}.`) },
      { type: "section", fields },
      { type: "context", elements: [md(escapeMrkdwn(`Try: ${r.examples.map((e) => `\`${e}\``).join(" · ")}`))] },
    ],
  };
}

function errorMessage(r: ErrorReport): SlackMessage {
  const icon = r.cause === "user" ? ":bulb:" : r.cause === "unavailable" ? ":information_source:" : ":warning:";
  const blocks: SlackBlock[] = [{ type: "section", text: md(`${icon} ${escapeMrkdwn(r.message)}`) }];
  if (r.choices && r.choices.length > 0) {
    // One button per reading: clicking runs that reading's command.
    blocks.push({
      type: "actions",
      block_id: "choose_reading",
      elements: r.choices.slice(0, 5).map((c, i) => ({
        type: "button",
        text: plain(c.label, SLACK_LIMITS.buttonText),
        action_id: `${SLACK_ACTIONS.chooseReading}:${i}`,
        value: clip(c.command, 2000),
      })),
    });
  } else if (r.hint) blocks.push({ type: "context", elements: [md(escapeMrkdwn(r.hint))] });
  return { text: clip(r.hint ? `${r.message} ${r.hint}` : r.message, 3000), blocks };
}

/** Any other report, as its text in sections (chunked to the section limit). */
function textMessage(report: Report): SlackMessage {
  const text = renderText(report);
  const chunks: string[] = [];
  let current = "";
  for (const line of text.split("\n")) {
    if ((current + line).length + 10 > SLACK_LIMITS.sectionText) {
      chunks.push(current);
      current = "";
    }
    current += `${line}\n`;
  }
  if (current.trim()) chunks.push(current);
  // Whatever the report, the message stays under the size Slack refuses (lists come a page at a time; this is the backstop).
  const blocks: SlackBlock[] = [];
  let size = 0;
  for (const chunk of chunks) {
    const section = escapeMrkdwn(chunk.trimEnd());
    if (blocks.length === SLACK_LIMITS.blocks - 1 || size + Math.min(section.length, SLACK_LIMITS.sectionText) > SLACK_LIMITS.messageChars - 200) {
      blocks.push({ type: "context", elements: [md("…cut here: the rest is too long for one Slack message.")] });
      break;
    }
    blocks.push({ type: "section", text: md(section) });
    size += Math.min(section.length, SLACK_LIMITS.sectionText);
  }
  return { text: clip(text.split("\n")[0] ?? "", 3000), blocks };
}

import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);
import {
  conditionText,
  renderText,
  staleDigestLines,
  unavailableDigestLine
} from "./chunk-VUFOXOOR.js";
import {
  againstText,
  answerNotes,
  changeArrow,
  comparisonTitle,
  datesLine,
  describeChange,
  digestRows,
  filterText,
  formatInstant,
  formatInterval,
  formatResult,
  formatValue,
  moverText,
  noDataText,
  pinnedCommand,
  sampleSize,
  sparkline,
  stepNoun,
  summaryLine
} from "./chunk-EHXIIG3R.js";

// dist/src/render/slack.js
var SLACK_LIMITS = {
  blocks: 50,
  sectionText: 3e3,
  fields: 10,
  fieldText: 2e3,
  header: 150,
  contextElements: 10,
  buttonText: 75,
  buttonValue: 2e3,
  /** Messages near 13,000 characters of blocks have been refused even inside the other limits. */
  messageChars: 12e3,
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
  tableCell: 200
};
var SLACK_BREAKDOWN_ROWS = 15;
var RICH_BLOCKS = ["data_visualization", "table"];
var SLACK_ACTIONS = {
  byChannel: "rerun_by_channel",
  byAgent: "rerun_by_agent",
  vsLastYear: "rerun_vs_last_year",
  share: "share_in_channel",
  /** Alert buttons: their value is the management command (`alert ack a-4fq`), run through the command path. */
  alertAck: "alert_ack",
  alertSnooze: "alert_snooze",
  alertMute: "alert_mute",
  /** A digest row's Details button (one per metric, numbered: action ids are unique in a message); its value is the metric's command. */
  digestDetails: "digest_details"
};
function escapeMrkdwn(text) {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}
function clip(text, max) {
  return text.length <= max ? text : `${text.slice(0, max - 1)}\u2026`;
}
function clipEscaped(text, max) {
  const escaped = escapeMrkdwn(text);
  if (escaped.length <= max)
    return escaped;
  return `${escaped.slice(0, max - 1).replace(/&[a-z]{0,3}$/, "")}\u2026`;
}
var md = (text, max = SLACK_LIMITS.sectionText) => ({ type: "mrkdwn", text: clip(text, max) });
var plain = (text, max) => ({
  type: "plain_text",
  text: clipEscaped(text, max),
  emoji: true
});
function renderSlack(report, opts = {}) {
  const refused = opts.refused ?? /* @__PURE__ */ new Set();
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
function richBlocksOf(message) {
  const blocks = Array.isArray(message.blocks) ? message.blocks : [];
  return RICH_BLOCKS.filter((type) => blocks.some((b) => b.type === type));
}
function chartLabels(labels) {
  const max = SLACK_LIMITS.chartLabel;
  const seen = /* @__PURE__ */ new Set();
  return labels.map((label, i) => {
    const short = label.replace(/^\d{4}-(\d{2}-\d{2})\.\.\d{4}-(\d{2}-\d{2})$/, "$1..$2");
    let out = clipEscaped(short, max);
    if (seen.has(out))
      out = `${clipEscaped(short, max - String(i + 1).length - 1)}#${i + 1}`;
    seen.add(out);
    return out;
  });
}
function chartScale(unit, values) {
  if (unit !== "seconds")
    return { divide: 1, axis: { percent: "%", nps: "NPS", score: "score", count: "count", number: "value", currency: "amount", seconds: "" }[unit] };
  const max = Math.max(...values.map(Math.abs));
  if (max >= 7200)
    return { divide: 3600, axis: "hours" };
  if (max >= 120)
    return { divide: 60, axis: "minutes" };
  return { divide: 1, axis: "seconds" };
}
function chartBlock(kind, title, series, points, unit, opts) {
  const present = points.filter((p) => p.value !== null && Number.isFinite(p.value)).slice(0, SLACK_LIMITS.chartPoints);
  if (present.length < opts.min)
    return null;
  const scale = chartScale(unit, present.map((p) => p.value));
  const labels = chartLabels(present.map((p) => p.label));
  const data = present.map((p, i) => ({ label: labels[i], value: Math.round(p.value / scale.divide * 100) / 100 }));
  return {
    type: "data_visualization",
    title: clipEscaped(title, SLACK_LIMITS.chartTitle),
    chart: {
      type: kind,
      series: [{ name: clipEscaped(series, SLACK_LIMITS.chartLabel), data }],
      axis_config: { categories: labels, x_label: clipEscaped(opts.xLabel, SLACK_LIMITS.chartTitle), ...scale.axis ? { y_label: scale.axis } : {} }
    }
  };
}
function trendChart(r) {
  const step = r.current.period.step;
  return chartBlock("line", `${r.metric.name}, last ${r.trend.length} ${stepNoun(step.unit, step.count)}`, r.metric.id, r.trend, r.metric.unit, { min: 2, xLabel: "period" });
}
function trendGaps(r) {
  const gaps = r.trend.filter((t) => t.value === null || !Number.isFinite(t.value)).map((t) => t.label);
  if (gaps.length === 0)
    return "";
  return `No data in ${gaps.join(", ")}: ${gaps.length === 1 ? "that period is" : "those periods are"} left out of the chart.`;
}
function breakdownChart(r) {
  const rows = r.breakdown?.rows.filter((row) => row.result !== null) ?? [];
  const top = rows.length > SLACK_LIMITS.chartPoints ? ` (top ${SLACK_LIMITS.chartPoints})` : "";
  const points = rows.map((row) => ({ label: row.key ?? "(none)", value: row.result.value }));
  return chartBlock("bar", `${r.metric.name} by ${r.breakdown?.dimension ?? ""}${top}`, r.metric.id, points, r.metric.unit, { min: 1, xLabel: r.breakdown?.dimension ?? "" });
}
var ALERT_STATES = {
  firing: ":rotating_light: FIRING",
  repeat: ":rotating_light: STILL FIRING",
  resolved: ":white_check_mark: RESOLVED",
  no_data: ":grey_question: NO DATA",
  source_error: ":warning: SOURCE ERROR"
};
function alertMessage(r, refused) {
  const text = renderText(r);
  const [summary = [], ...paragraphs] = text.split("\n\n").map((p) => p.split("\n"));
  const [sentence = "", ...details] = summary;
  const rule = r.rule;
  const m = rule.metric;
  const tz = rule.schedule.timeZone;
  const blocks = [
    { type: "header", text: plain(`${ALERT_STATES[r.notice]} \xB7 ${m.name}`, SLACK_LIMITS.header) },
    { type: "section", text: md(clipEscaped(sentence, SLACK_LIMITS.sectionText)) }
  ];
  const judged = r.notice === "firing" || r.notice === "repeat" || r.notice === "resolved";
  if (judged) {
    const field = (label, value) => md(`*${label}*
${clipEscaped(value, SLACK_LIMITS.fieldText - label.length - 3)}`, SLACK_LIMITS.fieldText);
    const fields = [];
    if (r.value)
      fields.push(field("Figure", formatResult(r.value, m)));
    fields.push(field("Rule", conditionText(m, rule.condition).slice(m.name.length + 1)));
    fields.push(field("Period", `${rule.period}${rule.filters ? ` where ${rule.filters}` : ""}${r.current ? `: ${r.current.dates}` : ""} (${tz})`));
    const n = r.value ? sampleSize(r.value, m) : void 0;
    if (n)
      fields.push(field("Records", n.replace("n = ", "")));
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
      const seg = r.evidence.segment;
      const title = items.within ? `${m.name}: worst ${items.dimension} in ${seg.key ?? "(none)"}` : `${m.name}: worst other ${items.dimension}s`;
      const chart = chartBlock("bar", title, m.id, items.rows.map((row) => ({ label: row.key ?? "(none)", value: row.result.value })), m.unit, { min: 1, xLabel: items.dimension });
      if (chart)
        blocks.push(chart);
    }
  }
  if (r.notice === "firing" || r.notice === "repeat") {
    const id = rule.id;
    blocks.push({ type: "context", elements: [md(`Look closer: \`${clipEscaped(r.command, 500)}\``)] });
    const button = (label, action, value, style) => ({
      type: "button",
      text: plain(label, SLACK_LIMITS.buttonText),
      action_id: action,
      value,
      ...style ? { style } : {}
    });
    blocks.push({
      type: "actions",
      block_id: `alert_actions:${id}`,
      elements: [
        button("Acknowledge", SLACK_ACTIONS.alertAck, `alert ack ${id}`),
        button("Snooze 24h", SLACK_ACTIONS.alertSnooze, `alert snooze ${id} 24h`),
        button("Mute rule", SLACK_ACTIONS.alertMute, `alert mute ${id}`, "danger")
      ]
    });
  }
  return { text: clip(sentence, 3e3), blocks: blocks.slice(0, SLACK_LIMITS.blocks) };
}
var DIGEST_TABLE_CHARS = 6e3;
function digestMessage(r, refused) {
  const text = renderText(r);
  const [title = ""] = text.split("\n");
  const blocks = [
    { type: "header", text: plain(`Digest \xB7 ${r.period}`, SLACK_LIMITS.header) },
    { type: "context", elements: [md(clipEscaped(title, SLACK_LIMITS.sectionText))] }
  ];
  for (const line of staleDigestLines(r))
    blocks.push({ type: "context", elements: [md(clipEscaped(line, SLACK_LIMITS.sectionText))] });
  const mover = moverText(r);
  blocks.push({ type: "section", text: md(mover ? `*Largest mover:* ${clipEscaped(mover, SLACK_LIMITS.sectionText - 20)}` : "Nothing to compare with the previous period.") });
  const moverReport = r.items.find((i) => "report" in i && i.metricId === r.mover?.metricId)?.report;
  const chart = moverReport && !refused.has("data_visualization") ? trendChart(moverReport) : null;
  if (chart)
    blocks.push(chart);
  const isMover = (row) => Number(row.metricId === r.mover?.metricId && row.report !== null);
  const rows = digestRows(r).sort((a, b) => isMover(b) - isMover(a));
  let shown = 0;
  let size = 0;
  for (const row of rows) {
    size += row.name.length + row.figure.length + row.change.length + row.n.length + 100;
    if (shown >= SLACK_LIMITS.tableRows - 1 || size > DIGEST_TABLE_CHARS)
      break;
    shown++;
  }
  if (!refused.has("table")) {
    const cell = (t) => ({ type: "raw_text", text: clipEscaped(t || "\u2014", SLACK_LIMITS.tableCell) });
    blocks.push({
      type: "table",
      column_settings: [{ is_wrapped: true }, { align: "right" }, { is_wrapped: true }, { align: "right" }],
      rows: [["Metric", "Figure", "Change", "n"].map(cell), ...rows.slice(0, shown).map((row) => [row.name, row.figure, row.change, row.n].map(cell))]
    });
  } else {
    const fields = rows.slice(0, shown).map((row) => md(`*${clipEscaped(row.name, 200)}*
${clipEscaped([row.figure, row.change, row.n ? `n = ${row.n}` : ""].filter(Boolean).join(" \xB7 "), 1500)}`, SLACK_LIMITS.fieldText));
    for (let i = 0; i < fields.length; i += SLACK_LIMITS.fields)
      blocks.push({ type: "section", fields: fields.slice(i, i + SLACK_LIMITS.fields) });
  }
  if (shown < rows.length)
    blocks.push({ type: "context", elements: [md(`\u2026and ${rows.length - shown} more metrics: ask for them by name.`)] });
  if (r.unavailable && r.unavailable.length > 0)
    blocks.push({ type: "context", elements: [md(clipEscaped(unavailableDigestLine(r.unavailable), SLACK_LIMITS.sectionText))] });
  const buttons = rows.slice(0, shown).flatMap((row) => row.report ? [{ report: row.report, command: pinnedCommand(row.report) }] : []).filter((item) => item.command.length <= SLACK_LIMITS.buttonValue).map((item, i) => ({
    type: "button",
    text: plain(`Details: ${item.report.metric.name}`, SLACK_LIMITS.buttonText),
    action_id: `${SLACK_ACTIONS.digestDetails}:${i}`,
    value: item.command
  }));
  for (let i = 0; i < buttons.length && blocks.length < SLACK_LIMITS.blocks - 1; i += SLACK_LIMITS.actionsElements) {
    blocks.push({ type: "actions", block_id: `digest_details:${i / SLACK_LIMITS.actionsElements}`, elements: buttons.slice(i, i + SLACK_LIMITS.actionsElements) });
  }
  if (buttons.length > 0)
    blocks.push({ type: "context", elements: [md("*Details* posts the full answer in this digest's thread.")] });
  return { text: clip(mover ? `Digest ${r.digestId} \u2014 ${r.period}: largest mover ${mover}` : title, 3e3), blocks: blocks.slice(0, SLACK_LIMITS.blocks) };
}
function metricMessage(r, shared, refused) {
  const { metric, result, comparison } = r;
  const filters = filterText(r);
  const charts = !refused.has("data_visualization");
  const trend = charts ? trendChart(r) : null;
  const blocks = [
    { type: "header", text: plain(`${metric.name} \xB7 ${r.current.period.label}`, SLACK_LIMITS.header) }
  ];
  const dates = `${datesLine(r)}${filters ? ` \xB7 where ${filters}` : ""}`;
  if (!result) {
    blocks.push({ type: "section", text: md(`*No data* \u2014 ${escapeMrkdwn(noDataText(r))}
${escapeMrkdwn(dates)}`) });
  } else {
    const change = describeChange(comparison, metric);
    const against = againstText(comparison);
    const compared = comparison.result ? `${changeArrow(comparison.change)} ${change ?? ""} vs ${against} (${formatResult(comparison.result, metric)})` : `No data for ${against} to compare with`;
    blocks.push({ type: "section", text: md(`*${escapeMrkdwn(formatResult(result, metric))}*   ${escapeMrkdwn(compared)}`) });
    const fields = [md(`*Period*
${escapeMrkdwn(dates)}`, SLACK_LIMITS.fieldText)];
    const size = sampleSize(result, metric);
    if (size)
      fields.push(md(`*Records*
${size.replace("n = ", "")}`, SLACK_LIMITS.fieldText));
    const interval = formatInterval(result, metric);
    if (interval)
      fields.push(md(`*95% interval*
${escapeMrkdwn(interval)}`, SLACK_LIMITS.fieldText));
    const spark = trend ? "" : sparkline(r.trend.map((t) => t.value));
    if (spark)
      fields.push(md(`*Last ${r.trend.length} ${stepNoun(r.current.period.step.unit, r.current.period.step.count)}*
\`${spark}\``, SLACK_LIMITS.fieldText));
    for (const extra of result.extras ?? []) {
      fields.push(md(`*${escapeMrkdwn(extra.label)}*
${escapeMrkdwn(formatValue(extra.value, extra.unit, { currency: metric.currency }))}`, SLACK_LIMITS.fieldText));
    }
    if (comparison.result) {
      fields.push(md(`*${comparisonTitle(comparison.against)}*
${escapeMrkdwn(comparison.dates)}`, SLACK_LIMITS.fieldText));
    }
    blocks.push({ type: "section", fields: fields.slice(0, SLACK_LIMITS.fields) });
    if (result.note)
      blocks.push({ type: "context", elements: [md(escapeMrkdwn(result.note))] });
  }
  if (trend) {
    blocks.push(trend);
    const gaps = trendGaps(r);
    if (gaps)
      blocks.push({ type: "context", elements: [md(escapeMrkdwn(gaps))] });
  }
  if (r.breakdown && r.breakdown.rows.length > 0) {
    blocks.push({ type: "divider" });
    const bars = charts ? breakdownChart(r) : null;
    if (bars)
      blocks.push(bars);
    blocks.push({ type: "section", text: md(breakdownText(r)) });
  }
  const notes = answerNotes(r);
  if (notes.length > 0)
    blocks.push({ type: "context", elements: notes.map((n) => md(`:warning: ${escapeMrkdwn(n)}`, 1e3)) });
  blocks.push({
    type: "context",
    elements: [
      md(`${escapeMrkdwn(metric.name)}: ${escapeMrkdwn(metric.formula)}.`, 1e3),
      md(r.freshness ? `Data up to ${formatInstant(r.freshness, r.timeZone)} ${r.timeZone}` : "No records in this dataset yet")
    ]
  });
  const buttons = metricButtons(r, shared);
  if (buttons.length > 0)
    blocks.push({ type: "actions", block_id: "metric_actions", elements: buttons });
  return { text: clip(summaryLine(r), 3e3), blocks };
}
function breakdownText(r) {
  const rows = r.breakdown.rows;
  const title = `*By ${escapeMrkdwn(r.breakdown.dimension)}*`;
  const keyWidth = Math.min(24, Math.max(4, ...rows.slice(0, SLACK_BREAKDOWN_ROWS).map((row) => (row.key ?? "(none)").length)));
  const line = (row, i) => {
    const key = clip(row.key ?? "(none)", 24).padEnd(keyWidth);
    const value = row.result ? formatResult(row.result, r.metric) : "no data";
    const share = row.share !== void 0 ? ` (${row.share.toFixed(1)}%)` : "";
    const size = row.result ? sampleSize(row.result, r.metric) : void 0;
    return `${String(i + 1).padStart(2)}. ${key}  ${value.padStart(12)}${share}${size ? `  ${size}` : ""}`;
  };
  const lines = [];
  let shown = 0;
  for (const [i, row] of rows.entries()) {
    if (i >= SLACK_BREAKDOWN_ROWS)
      break;
    const next = escapeMrkdwn(line(row, i));
    if ([title, ...lines, next].join("\n").length + 40 > SLACK_LIMITS.sectionText)
      break;
    lines.push(next);
    shown++;
  }
  const more = rows.length - shown;
  return `${title}
\`\`\`${lines.join("\n")}\`\`\`${more > 0 ? `
\u2026and ${more} more` : ""}`;
}
var FOLLOW_UP_ACTIONS = {
  "by-channel": "rerun_by_channel",
  "by-agent": "rerun_by_agent",
  "vs-last-year": "rerun_vs_last_year"
};
function metricButtons(r, shared) {
  const button = (text, action, value, style) => ({
    type: "button",
    text: plain(text, SLACK_LIMITS.buttonText),
    action_id: action,
    value: clip(value, SLACK_LIMITS.buttonValue),
    ...style ? { style } : {}
  });
  const buttons = r.followUps.map((f) => button(f.label, FOLLOW_UP_ACTIONS[f.kind], f.command));
  if (!shared)
    buttons.push(button("Share in channel", SLACK_ACTIONS.share, r.command, "primary"));
  return buttons.filter((_button, i) => (i < r.followUps.length ? r.followUps[i].command : r.command).length <= SLACK_LIMITS.buttonValue);
}
function helpMessage(r) {
  const metrics = r.metrics.map((m) => `\`${m.id}\` ${escapeMrkdwn(m.name)}`);
  const half = Math.ceil(metrics.length / 2);
  return {
    text: "What I can answer: a metric, a period, and optionally a breakdown, a comparison or a filter.",
    blocks: [
      { type: "header", text: plain("Customer-service metrics", SLACK_LIMITS.header) },
      {
        type: "section",
        text: md(escapeMrkdwn("Ask for a metric and a period:\n`<metric> [period] [by <dimension>] [vs previous|same-weekday|last-year] [where <field>=<value>]`\n" + r.examples.map((e) => `\u2022 \`${e}\``).join("\n")))
      },
      { type: "section", fields: [md(metrics.slice(0, half).join("\n"), SLACK_LIMITS.fieldText), md(metrics.slice(half).join("\n"), SLACK_LIMITS.fieldText)] },
      { type: "context", elements: [md(escapeMrkdwn(`Periods: ${r.periods.map((p) => `\`${p}\``).join(", ")}`)), md(escapeMrkdwn("`define <metric>` explains a metric."))] }
    ]
  };
}
function defineMessage(r) {
  const m = r.metric;
  const direction = { higher: "higher is better", lower: "lower is better", neutral: "neither direction is better" }[m.direction];
  const fields = [
    md(`*Direction*
${direction}`, SLACK_LIMITS.fieldText),
    md(`*Dataset*
${m.dataset}`, SLACK_LIMITS.fieldText),
    md(`*Freshness*
${r.freshness ? `${formatInstant(r.freshness, r.timeZone ?? "UTC")} ${r.timeZone ?? "UTC"}` : "no records yet"}`, SLACK_LIMITS.fieldText)
  ];
  if (r.scale)
    fields.push(md(`*Scale*
${escapeMrkdwn(r.scale)}`, SLACK_LIMITS.fieldText));
  if (r.dimensions.length)
    fields.push(md(`*By / where*
${escapeMrkdwn(r.dimensions.join(", "))}`, SLACK_LIMITS.fieldText));
  if (m.aliases.length)
    fields.push(md(`*Also called*
${escapeMrkdwn(m.aliases.join(", "))}`, SLACK_LIMITS.fieldText));
  return {
    text: `${m.name} (${m.id}): ${m.formula}`,
    blocks: [
      { type: "header", text: plain(`${m.name} (${m.id})`, SLACK_LIMITS.header) },
      { type: "section", text: md(`*Formula:* ${escapeMrkdwn(m.formula)}.`) },
      { type: "section", fields },
      { type: "context", elements: [md(escapeMrkdwn(`Try: ${r.examples.map((e) => `\`${e}\``).join(" \xB7 ")}`))] }
    ]
  };
}
function errorMessage(r) {
  const icon = r.cause === "user" ? ":bulb:" : r.cause === "unavailable" ? ":information_source:" : ":warning:";
  const blocks = [{ type: "section", text: md(`${icon} ${escapeMrkdwn(r.message)}`) }];
  if (r.hint)
    blocks.push({ type: "context", elements: [md(escapeMrkdwn(r.hint))] });
  return { text: clip(r.hint ? `${r.message} ${r.hint}` : r.message, 3e3), blocks };
}
function textMessage(report) {
  const text = renderText(report);
  const chunks = [];
  let current = "";
  for (const line of text.split("\n")) {
    if ((current + line).length + 10 > SLACK_LIMITS.sectionText) {
      chunks.push(current);
      current = "";
    }
    current += `${line}
`;
  }
  if (current.trim())
    chunks.push(current);
  const blocks = [];
  let size = 0;
  for (const chunk of chunks) {
    const section = escapeMrkdwn(chunk.trimEnd());
    if (blocks.length === SLACK_LIMITS.blocks - 1 || size + Math.min(section.length, SLACK_LIMITS.sectionText) > SLACK_LIMITS.messageChars - 200) {
      blocks.push({ type: "context", elements: [md("\u2026cut here: the rest is too long for one Slack message.")] });
      break;
    }
    blocks.push({ type: "section", text: md(section) });
    size += Math.min(section.length, SLACK_LIMITS.sectionText);
  }
  return { text: clip(text.split("\n")[0] ?? "", 3e3), blocks };
}

export {
  SLACK_LIMITS,
  SLACK_BREAKDOWN_ROWS,
  RICH_BLOCKS,
  SLACK_ACTIONS,
  escapeMrkdwn,
  renderSlack,
  richBlocksOf,
  chartLabels,
  trendChart
};

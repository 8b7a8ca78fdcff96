import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);
import {
  changeAmountText,
  conditionText,
  renderText,
  staleDigestLines,
  unavailableDigestLine
} from "./chunk-VUFOXOOR.js";
import {
  answerNotes,
  changeArrow,
  comparisonTitle,
  datesLine,
  describeChange,
  digestRows,
  filterText,
  formatChange,
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

// dist/adapters/teams/activities.js
import { TurnContext } from "botbuilder";

// dist/src/render/teams.js
var TEAMS_BREAKDOWN_ROWS = 15;
var TEAMS_RERUN_VERB = "rerun";
var TEAMS_DETAILS_VERB = "details";
var TEAMS_ALERT_VERB = "alert";
var SCHEMA = "http://adaptivecards.io/schemas/adaptive-card.json";
function card(body, actions = [], fallbackText) {
  return {
    type: "AdaptiveCard",
    $schema: SCHEMA,
    version: "1.5",
    body,
    ...actions.length ? { actions } : {},
    msteams: { width: "Full" },
    ...fallbackText ? { fallbackText: plainText(fallbackText) } : {}
  };
}
function teamsMarkdown(value) {
  return value.replace(/`([^`\n]+)`/g, "**$1**").replace(/`/g, "").replace(/<([a-z][a-z -]*)>/gi, "_$1_");
}
function plainText(value) {
  return value.replace(/`/g, "");
}
var text = (value, extra = {}) => ({ type: "TextBlock", text: teamsMarkdown(value), wrap: true, ...extra });
var fact = (title, value) => ({ title, value: teamsMarkdown(value) });
var cell = (value, extra = {}) => ({ type: "TableCell", items: [text(value, extra)] });
function renderTeams(report, opts = {}) {
  switch (report.kind) {
    case "metric":
      return metricCard(report);
    case "help":
      return helpCard(report);
    case "define":
      return defineCard(report);
    case "error":
      return errorCard(report);
    case "digest":
      return digestCard(report);
    case "alert":
      return alertCard(report, opts);
    default:
      return textCard(renderText(report));
  }
}
function textCard(whole) {
  const body = [];
  for (const [p, paragraph] of whole.split("\n\n").entries()) {
    const lines = [];
    const items = [];
    const flush = () => {
      if (lines.length && p === 0 && body.length === 0)
        body.push(text(lines.shift(), { weight: "Bolder" }));
      if (lines.length)
        body.push(text(lines.join("\n\n"), { spacing: "Small" }));
      if (items.length)
        body.push(text(items.map((i) => `- ${i}`).join("\n")));
      lines.length = 0;
      items.length = 0;
    };
    for (const line of paragraph.split("\n")) {
      const indent = /^ */.exec(line)[0].length;
      const content = line.trim().replace(/ {2,}/g, " \xB7 ");
      if (!content)
        continue;
      if (indent >= 4 && items.length)
        items[items.length - 1] += ` \xB7 ${content}`;
      else if (indent > 0) {
        if (lines.length && !items.length)
          flush();
        items.push(content);
      } else {
        if (items.length)
          flush();
        lines.push(content);
      }
    }
    flush();
  }
  return card(body, [], whole.split("\n")[0]);
}
function axisScale(metric, values) {
  const largest = Math.max(0, ...values.map(Math.abs));
  switch (metric.unit) {
    case "percent":
      return { factor: 1, title: "%", digits: 1 };
    case "nps":
      return { factor: 1, title: "NPS", digits: 1 };
    case "seconds":
      if (largest >= 7200)
        return { factor: 1 / 3600, title: "hours", digits: 1 };
      if (largest >= 120)
        return { factor: 1 / 60, title: "minutes", digits: 1 };
      return { factor: 1, title: "seconds", digits: 0 };
    case "currency":
      return { factor: 1, title: metric.currency, digits: 2 };
    case "count":
      return { factor: 1, title: "count", digits: 1 };
    default:
      return { factor: 1, title: metric.name, digits: 2 };
  }
}
var scaled = (value, scale) => Number((value * scale.factor).toFixed(scale.digits));
var MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
function pointLabel(label) {
  const m = /^(\d{4})-(\d{2})-(\d{2})(\.\.|$)/.exec(label);
  return m ? `${Number(m[3])} ${MONTHS[Number(m[2]) - 1]}` : label;
}
function trendChart(r) {
  const spark = sparkline(r.trend.map((t) => t.value));
  if (!spark)
    return void 0;
  const step = r.current.period.step;
  const title = `${r.metric.name}, last ${r.trend.length} ${stepNoun(step.unit, step.count)}`;
  const sparkText = text(`Last ${r.trend.length} ${stepNoun(step.unit, step.count)}: ${spark}`, { isSubtle: true });
  const points = r.trend.filter((t) => t.value !== null);
  if (points.length < 2)
    return sparkText;
  const scale = axisScale(r.metric, points.map((p) => p.value));
  const values = points.map((p) => ({ x: pointLabel(p.label), y: scaled(p.value, scale) }));
  return {
    type: "Chart.Line",
    title,
    yAxisTitle: scale.title,
    yMin: axisFloor(values.map((v) => v.y)),
    data: [{ legend: r.metric.name, values }],
    fallback: sparkText
  };
}
function axisFloor(values) {
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  const below = lo - Math.max((hi - lo) * 0.25, Math.abs(lo) * 0.02, 0.01);
  const step = 10 ** Math.floor(Math.log10(Math.max(hi - below, 1e-9)));
  const floor = Math.floor(below / step) * step;
  return lo >= 0 ? Math.max(0, Number(floor.toPrecision(12))) : Number(floor.toPrecision(12));
}
function barChart(title, metric, rows, table) {
  if (rows.length === 0)
    return table;
  const scale = axisScale(metric, rows.map((row) => row.value));
  return {
    type: "Chart.HorizontalBar",
    title: `${title} (${scale.title})`,
    // Each bar with its value, no axis.
    displayMode: "AbsoluteNoAxis",
    data: rows.map((row) => ({ x: row.label, y: scaled(row.value, scale) })),
    fallback: table
  };
}
function metricCard(r) {
  const { metric, result, comparison } = r;
  const filters = filterText(r);
  const body = [
    text(`${metric.name} \xB7 ${r.current.period.label}`, { size: "Large", weight: "Bolder", style: "heading" }),
    text(`${datesLine(r)}${filters ? ` \xB7 where ${filters}` : ""}`, {
      isSubtle: true,
      spacing: "None"
    })
  ];
  if (!result) {
    body.push(text(`**No data** \u2014 ${noDataText(r)}`));
  } else {
    const change = describeChange(comparison, metric);
    body.push({
      type: "ColumnSet",
      columns: [
        { type: "Column", width: "auto", items: [text(formatResult(result, metric), { size: "ExtraLarge", weight: "Bolder" })] },
        {
          type: "Column",
          width: "stretch",
          verticalContentAlignment: "Center",
          items: [
            comparison.result ? text(`${changeArrow(comparison.change)} ${change ?? ""}`, { color: verdictColor(comparison.verdict) }) : text("no data to compare with", { isSubtle: true }),
            ...comparison.result ? [text(`${comparisonTitle(comparison.against).toLowerCase()}: ${formatResult(comparison.result, metric)} (${comparison.dates})`, { isSubtle: true, spacing: "None", size: "Small" })] : []
          ]
        }
      ]
    });
    const facts = [];
    const size = sampleSize(result, metric);
    if (size)
      facts.push(fact("Records", size.replace("n = ", "")));
    const interval = formatInterval(result, metric);
    if (interval)
      facts.push(fact("95% interval", interval));
    for (const extra of result.extras ?? [])
      facts.push(fact(extra.label, formatValue(extra.value, extra.unit, { currency: metric.currency })));
    if (facts.length)
      body.push({ type: "FactSet", facts });
    if (result.note)
      body.push(text(result.note, { isSubtle: true, size: "Small" }));
    const trend = trendChart(r);
    if (trend)
      body.push(trend);
  }
  if (r.breakdown && r.breakdown.rows.length > 0)
    body.push(...breakdown(r));
  for (const note of answerNotes(r))
    body.push(text(`\u26A0 ${note}`, { size: "Small" }));
  body.push(text(`${metric.name}: ${metric.formula}.`, { isSubtle: true, size: "Small", separator: true }));
  body.push(text(r.freshness ? `Data up to ${formatInstant(r.freshness, r.timeZone)} ${r.timeZone}` : "No records in this dataset yet", {
    isSubtle: true,
    size: "Small",
    spacing: "None"
  }));
  const actions = r.followUps.map((f) => ({
    type: "Action.Execute",
    title: f.label,
    verb: TEAMS_RERUN_VERB,
    data: { command: f.command }
  }));
  return card(body, actions, summaryLine(r));
}
function verdictColor(verdict) {
  return verdict === "better" ? "Good" : verdict === "worse" ? "Attention" : "Default";
}
function breakdown(r) {
  const rows = r.breakdown.rows;
  const shown = rows.slice(0, TEAMS_BREAKDOWN_ROWS);
  const table = {
    type: "Table",
    gridStyle: "default",
    firstRowAsHeader: true,
    showGridLines: false,
    columns: [{ width: 1 }, { width: 5 }, { width: 3 }, { width: 3 }],
    rows: [
      { type: "TableRow", style: "emphasis", cells: [cell("#"), cell(r.breakdown.dimension), cell("value"), cell(rows.some((x) => x.share !== void 0) ? "share" : "records")] },
      ...shown.map((row, i) => ({
        type: "TableRow",
        cells: [
          cell(String(i + 1)),
          cell(row.key ?? "(none)"),
          cell(row.result ? formatResult(row.result, r.metric) : "no data", { horizontalAlignment: "Right" }),
          cell(row.share !== void 0 ? `${row.share.toFixed(1)}%` : row.result ? row.result.n.toLocaleString("en-US") : "", { horizontalAlignment: "Right", isSubtle: true })
        ]
      }))
    ]
  };
  const bars = shown.flatMap((row) => row.result ? [{ label: row.key ?? "(none)", value: row.result.value }] : []);
  const elements = [
    text(`By ${r.breakdown.dimension}`, { weight: "Bolder", separator: true }),
    barChart(`${r.metric.name} by ${r.breakdown.dimension}`, r.metric, bars, table)
  ];
  const withoutData = shown.filter((row) => !row.result).map((row) => row.key ?? "(none)");
  if (bars.length > 0 && withoutData.length > 0)
    elements.push(text(`No data: ${withoutData.join(", ")}`, { isSubtle: true, size: "Small" }));
  if (bars.length > 0) {
    const sizes = shown.flatMap((row) => row.result ? [`${row.key ?? "(none)"} ${row.share !== void 0 ? `${row.share.toFixed(1)}%` : `n = ${row.result.n.toLocaleString("en-US")}`}`] : []);
    elements.push(text(sizes.join(" \xB7 "), { isSubtle: true, size: "Small", spacing: "None" }));
  }
  if (rows.length > shown.length)
    elements.push(text(`\u2026and ${rows.length - shown.length} more`, { isSubtle: true, size: "Small" }));
  return elements;
}
var hasReport = (i) => "report" in i;
function digestCard(r) {
  const first = r.items.find(hasReport)?.report;
  const dates = first ? `${first.current.dates}${first.current.partial ? ", so far" : ""}` : r.period;
  const body = [
    text(`Digest ${r.digestId} \xB7 ${r.period}`, { size: "Large", weight: "Bolder", style: "heading" }),
    text(`${dates} (${r.timeZone})`, { isSubtle: true, spacing: "None" })
  ];
  for (const line of staleDigestLines(r))
    body.push(text(line, { color: "Warning" }));
  const mover = r.mover ? r.items.find((i) => hasReport(i) && i.metricId === r.mover.metricId)?.report : void 0;
  const moved = moverText(r);
  if (mover && moved) {
    body.push(text(`Largest mover: ${moved}`, { weight: "Bolder", color: verdictColor(mover.comparison.verdict) }));
    const chart = trendChart(mover);
    if (chart)
      body.push(chart);
  } else {
    body.push(text("Nothing to compare with the previous period.", { isSubtle: true }));
  }
  const details = (m) => ({
    type: "ActionSet",
    // Pinned to the digest's dates: a click the next day still answers for the day the digest showed.
    actions: [{ type: "Action.Execute", title: "Details", verb: TEAMS_DETAILS_VERB, data: { command: pinnedCommand(m) }, fallback: { type: "Action.Submit", title: "Details", data: { verb: TEAMS_DETAILS_VERB, command: pinnedCommand(m) } } }]
  });
  const rows = digestRows(r).map((row) => {
    const m = row.report;
    if (!m)
      return { type: "TableRow", cells: [cell(row.name), cell(row.figure, { isSubtle: true }), cell(""), cell(""), cell("")] };
    return {
      type: "TableRow",
      cells: [
        cell(row.name, { weight: row.metricId === r.mover?.metricId ? "Bolder" : "Default" }),
        cell(row.figure, { horizontalAlignment: "Right", weight: "Bolder" }),
        cell(row.change, { color: verdictColor(m.comparison.verdict) }),
        cell(row.n, { horizontalAlignment: "Right", isSubtle: true }),
        { type: "TableCell", items: [details(m)] }
      ]
    };
  });
  body.push({
    type: "Table",
    gridStyle: "default",
    firstRowAsHeader: true,
    showGridLines: false,
    columns: [{ width: 4 }, { width: 2 }, { width: 4 }, { width: 1 }, { width: 3 }],
    rows: [{ type: "TableRow", style: "emphasis", cells: [cell("metric"), cell("figure"), cell("change"), cell("n"), cell("")] }, ...rows]
  });
  if (r.unavailable && r.unavailable.length > 0)
    body.push(text(unavailableDigestLine(r.unavailable), { isSubtle: true }));
  return card(body, [], renderText(r).split("\n")[0]);
}
var NOTICE_WORDS = {
  firing: "FIRING",
  repeat: "STILL FIRING",
  resolved: "RESOLVED",
  no_data: "NO DATA",
  source_error: "SOURCE ERROR"
};
function alertCard(r, opts) {
  const rule = r.rule;
  const m = rule.metric;
  const tz = rule.schedule.timeZone;
  const lines = renderText(r).split("\n");
  const live = r.notice === "firing" || r.notice === "repeat";
  const body = [
    text(`${NOTICE_WORDS[r.notice]} \xB7 ${conditionText(m, rule.condition)}`, { size: "Large", weight: "Bolder", style: "heading", color: live ? "Attention" : r.notice === "resolved" ? "Good" : "Warning" }),
    text(`Alert ${rule.id}${r.firedAt && r.notice === "repeat" ? ` \xB7 firing since ${formatInstant(r.firedAt, tz)} (${tz})` : ""}`, { isSubtle: true, spacing: "None" })
  ];
  if (r.notice === "no_data" || r.notice === "source_error") {
    body.push(...lines.map((line) => text(line)));
  } else {
    const facts = [];
    if (r.value)
      facts.push(fact("Figure", formatResult(r.value, m)));
    if (rule.condition.kind === "threshold")
      facts.push(fact("Threshold", conditionText(m, rule.condition).slice(m.name.length + 1)));
    else {
      facts.push(fact("Rule", conditionText(m, rule.condition).slice(m.name.length + 1)));
      if (r.moved !== null)
        facts.push(fact("Moved", `${rule.condition.direction === "drops" ? "dropped" : "rose"} ${changeAmountText(m, rule.condition.unit, Math.abs(r.moved))}`));
    }
    if (r.comparison?.result) {
      const change = describeChange(r.comparison, m);
      facts.push(fact(comparisonTitle(r.comparison.against), `${formatResult(r.comparison.result, m)}${change ? ` (${changeArrow(r.comparison.change)} ${change})` : ""}`));
    }
    facts.push(fact("Period", `${rule.period}${r.current ? `: ${r.current.dates}` : ""} (${tz})`));
    if (rule.filters)
      facts.push(fact("Where", rule.filters));
    const n = r.value ? sampleSize(r.value, m) : void 0;
    if (n)
      facts.push(fact("Records", n.replace("n = ", "")));
    facts.push(fact("Checked", `${formatInstant(r.checkedAt, tz)} (${tz})`));
    body.push({ type: "FactSet", facts });
  }
  if (r.evidence)
    body.push(...evidence(r));
  const state = actedState(r, opts.actedBy);
  if (state)
    body.push(text(state, { weight: "Bolder", color: "Accent", separator: true }));
  if (live)
    body.push(text(`Look closer: \`${r.command}\``, { isSubtle: true, size: "Small", separator: !state }));
  const button = (title, command) => ({
    type: "Action.Execute",
    title,
    verb: TEAMS_ALERT_VERB,
    data: { command, ...opts.post ? { post: opts.post } : {} },
    fallback: { type: "Action.Submit", title, data: { verb: TEAMS_ALERT_VERB, command, ...opts.post ? { post: opts.post } : {} } }
  });
  const actions = live ? [button("Acknowledge", `alert ack ${rule.id}`), button("Snooze 24h", `alert snooze ${rule.id} 24h`), button("Mute rule", `alert mute ${rule.id}`)] : [];
  return card(body, actions, renderText(r).split("\n")[0]);
}
function actedState(r, by) {
  const rule = r.rule;
  const who = by ? ` by ${by}` : "";
  if (rule.muted)
    return `Rule muted${who}: it is not checked until unmuted.`;
  if (rule.snoozedUntil)
    return `Snoozed${who} until ${formatInstant(rule.snoozedUntil, rule.schedule.timeZone)} (${rule.schedule.timeZone}).`;
  if (rule.acknowledgedBy)
    return `Acknowledged by ${by ?? rule.acknowledgedBy}: no repeats until it resolves.`;
  return void 0;
}
function evidence(r) {
  const e = r.evidence;
  const m = r.rule.metric;
  const seg = e.segment;
  const key = seg.key ?? "(none)";
  const was = seg.previous ? `was ${formatResult(seg.previous, m)}, ${formatChange(seg.change ?? 0, m.unit, m.currency)}` : "new this period";
  const out = [
    text(`Moved most: ${seg.dimension} = ${key}, ${formatResult(seg.current, m)} (${was}; ${seg.share.toFixed(0)}% of records)`, { weight: "Bolder", separator: true })
  ];
  if (e.items && e.items.rows.length > 0) {
    const title = e.items.within ? `Worst ${e.items.dimension} within ${seg.dimension} = ${key}` : `Worst other ${e.items.dimension}s`;
    const table = {
      type: "Table",
      gridStyle: "default",
      firstRowAsHeader: true,
      showGridLines: false,
      columns: [{ width: 4 }, { width: 2 }, { width: 2 }],
      rows: [
        { type: "TableRow", style: "emphasis", cells: [cell(e.items.dimension), cell("value"), cell("n")] },
        ...e.items.rows.map((row) => ({
          type: "TableRow",
          cells: [cell(row.key ?? "(none)"), cell(formatResult(row.result, m), { horizontalAlignment: "Right" }), cell(row.result.n.toLocaleString("en-US"), { horizontalAlignment: "Right", isSubtle: true })]
        }))
      ]
    };
    out.push(text(title, { isSubtle: true, spacing: "Small" }));
    out.push(barChart(title, m, e.items.rows.map((row) => ({ label: row.key ?? "(none)", value: row.result.value })), table));
  }
  return out;
}
function helpCard(r) {
  return card([
    text("Customer-service metrics", { size: "Large", weight: "Bolder", style: "heading" }),
    text("Type a metric and a period: `<metric> [period] [by <dimension>] [vs previous|same-weekday|last-year] [where <field>=<value>]`"),
    text(r.examples.map((e) => `- ${e}`).join("\n")),
    { type: "FactSet", facts: r.metrics.map((m) => ({ title: m.id, value: m.name })) },
    text(`Periods: ${r.periods.join(", ")}`, { isSubtle: true, size: "Small" })
  ], [], "What I can answer: a metric, a period, and optionally a breakdown, a comparison or a filter.");
}
function defineCard(r) {
  const m = r.metric;
  const direction = { higher: "higher is better", lower: "lower is better", neutral: "neither direction is better" }[m.direction];
  const facts = [
    { title: "Direction", value: direction },
    { title: "Dataset", value: m.dataset },
    { title: "Freshness", value: r.freshness ? `${formatInstant(r.freshness, r.timeZone ?? "UTC")} ${r.timeZone ?? "UTC"}` : "no records yet" },
    ...r.scale ? [{ title: "Scale", value: r.scale }] : [],
    ...r.dimensions.length ? [{ title: "By / where", value: r.dimensions.join(", ") }] : [],
    ...m.aliases.length ? [{ title: "Also called", value: m.aliases.join(", ") }] : []
  ];
  return card([
    text(`${m.name} (${m.id})`, { size: "Large", weight: "Bolder", style: "heading" }),
    text(`**Formula:** ${m.formula}.`),
    { type: "FactSet", facts },
    text(`Try: ${r.examples.join(" \xB7 ")}`, { isSubtle: true, size: "Small" })
  ], [], `${m.name} (${m.id}): ${m.formula}`);
}
function errorCard(r) {
  return card([text(r.message, { color: r.cause === "user" || r.cause === "unavailable" ? "Default" : "Attention" }), ...r.hint ? [text(r.hint, { isSubtle: true })] : []], [], r.message);
}

// dist/adapters/teams/activities.js
var ADAPTIVE_CARD = "application/vnd.microsoft.card.adaptive";
function commandText(activity) {
  if (!activity.text)
    return "";
  let stripped = activity.text;
  try {
    stripped = TurnContext.removeRecipientMention({ ...activity }) ?? activity.text;
  } catch {
  }
  return decodeEntities(stripMarkup(stripped)).replace(/\s+/g, " ").trim();
}
var WRAPPING_TAGS = /* @__PURE__ */ new Set(["br", "p", "div", "span"]);
function stripMarkup(text2) {
  const lower = text2.toLowerCase();
  let out = "";
  let i = 0;
  let noCloseFrom = Infinity;
  while (i < text2.length) {
    const lt = text2.indexOf("<", i);
    if (lt < 0)
      break;
    const gt = text2.indexOf(">", lt + 1);
    if (gt < 0)
      break;
    const name = /^\/?([a-z0-9]+)/.exec(lower.slice(lt + 1, Math.min(gt, lt + 8)))?.[1];
    if (name === "at" && lower[lt + 1] !== "/" && gt < noCloseFrom) {
      const close = lower.indexOf("</at>", gt + 1);
      if (close >= 0) {
        out += `${text2.slice(i, lt)} `;
        i = close + 5;
        continue;
      }
      noCloseFrom = gt;
    }
    if (name !== void 0 && WRAPPING_TAGS.has(name)) {
      out += `${text2.slice(i, lt)} `;
      i = gt + 1;
      continue;
    }
    out += text2.slice(i, lt + 1);
    i = lt + 1;
  }
  return out + text2.slice(i);
}
var ENTITIES = { nbsp: " ", amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", "#39": "'" };
function decodeEntities(text2) {
  return text2.replace(/&(nbsp|amp|lt|gt|quot|apos|#39);/gi, (whole, name) => ENTITIES[name.toLowerCase()] ?? whole);
}
function conversationRoot(conversationId) {
  return conversationId.replace(/;messageid=[^;]*$/i, "");
}
function threadConversation(conversationId, rootMessageId) {
  return `${conversationRoot(conversationId)};messageid=${rootMessageId}`;
}
function tenantOf(activity) {
  const channelData = activity.channelData;
  const fromChannelData = typeof channelData?.tenant?.id === "string" ? channelData.tenant.id : void 0;
  return activity.conversation?.tenantId ?? fromChannelData ?? "";
}
function destinationOf(activity) {
  return { platform: "teams", workspace: tenantOf(activity), channel: conversationRoot(activity.conversation?.id ?? "") };
}
function requestOf(activity) {
  return { requester: { id: activity.from?.id ?? "", isAdmin: false }, destination: destinationOf(activity) };
}
function summaryOf(report, card2 = renderTeams(report)) {
  return card2.fallbackText ?? renderText(report).split("\n")[0] ?? "";
}
function cardAttachment(card2) {
  return { contentType: ADAPTIVE_CARD, content: card2 };
}
function cardMessage(report, opts = {}) {
  const card2 = renderTeams(report, opts);
  return { type: "message", summary: summaryOf(report, card2), attachments: [cardAttachment(card2)] };
}

export {
  TEAMS_RERUN_VERB,
  TEAMS_DETAILS_VERB,
  TEAMS_ALERT_VERB,
  teamsMarkdown,
  renderTeams,
  ADAPTIVE_CARD,
  commandText,
  stripMarkup,
  conversationRoot,
  threadConversation,
  tenantOf,
  destinationOf,
  requestOf,
  summaryOf,
  cardAttachment,
  cardMessage
};

/**
 * Report → Microsoft Teams Adaptive Card (version 1.5, what Teams renders;
 * the chart elements are Teams' own and need no more than 1.5). Pure. The
 * same content as the Slack answer: figure, comparison, interval, n, dates,
 * trend, breakdown, definition and freshness, with "By channel", "By agent"
 * and "Vs last year" buttons (Action.Execute, verb "rerun", data.command)
 * that re-run the command path and replace the card in place.
 *
 * Charts (Teams' `Chart.Line`, `Chart.HorizontalBar`): the trend of every
 * answer and of a digest's largest mover, a breakdown, an alert's evidence.
 * Each carries a `fallback` — the unicode sparkline or the table — for a
 * client that cannot draw it.
 *
 * Text is what Teams shows as it is meant: no backticks (Teams has no code
 * formatting; a command to type is bold), no columns aligned with spaces,
 * lines apart as separate paragraphs, lists as markdown lists.
 */
import type { AlertReport, DefineReport, DigestReport, ErrorReport, HelpReport, MetricInfo, MetricReport, Report } from "../report.ts";
import {
  answerNotes,
  noDataText,
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
  sampleSize,
  sparkline,
  moverText,
  pinnedCommand,
  stepNoun,
  summaryLine,
} from "./format.ts";
import { changeAmountText, conditionText, renderText, staleDigestLines, unavailableDigestLine } from "./text.ts";

/** Breakdown rows shown before "and N more". */
export const TEAMS_BREAKDOWN_ROWS = 15;
/** The verb a card button sends back; `data.command` is the command to run. */
export const TEAMS_RERUN_VERB = "rerun";
/** A digest's Details button: `data.command` is answered as a reply to the digest, which stays as it is. */
export const TEAMS_DETAILS_VERB = "details";
/**
 * An alert's Acknowledge / Snooze 24h / Mute rule: `data.command` is the
 * management command (`alert ack a-4fq`), `data.post` the outbox id of the
 * alert message, from which the card is drawn again showing who acted.
 */
export const TEAMS_ALERT_VERB = "alert";

export type CardElement = Record<string, unknown> & { type: string };
export interface AdaptiveCard {
  type: "AdaptiveCard";
  $schema: string;
  version: "1.5";
  body: CardElement[];
  actions?: CardElement[];
  msteams?: { width: "Full" };
  /** Teams shows this in notifications and the chat list. */
  fallbackText?: string;
}

/** What the Teams renderer needs besides the report. */
export interface TeamsRenderOptions {
  /** The outbox id of a scheduled post, carried by an alert's buttons so its card can be drawn again after a click. */
  post?: string;
  /** Who acknowledged, snoozed or muted an alert from its card, by name: shown in the card drawn again. */
  actedBy?: string;
}

const SCHEMA = "http://adaptivecards.io/schemas/adaptive-card.json";

function card(body: CardElement[], actions: CardElement[] = [], fallbackText?: string): AdaptiveCard {
  return {
    type: "AdaptiveCard",
    $schema: SCHEMA,
    version: "1.5",
    body,
    ...(actions.length ? { actions } : {}),
    msteams: { width: "Full" },
    ...(fallbackText ? { fallbackText: plainText(fallbackText) } : {}),
  };
}

/**
 * Text as Teams shows it: a command in backticks becomes bold (Teams has no
 * code formatting), any stray backtick goes, and a placeholder such as
 * `<metric>` is written in italics (Teams takes `<…>` for markup and drops it).
 * @example teamsMarkdown("Try `csat last-week`.") // "Try **csat last-week**."
 * @example teamsMarkdown("`alert ack <id>`") // "**alert ack _id_**"
 */
export function teamsMarkdown(value: string): string {
  return value
    .replace(/`([^`\n]+)`/g, "**$1**")
    .replace(/`/g, "")
    .replace(/<([a-z][a-z -]*)>/gi, "_$1_");
}

/** Text where no markdown is drawn (notifications, fallback text): backticks dropped. */
function plainText(value: string): string {
  return value.replace(/`/g, "");
}

const text = (value: string, extra: Record<string, unknown> = {}): CardElement => ({ type: "TextBlock", text: teamsMarkdown(value), wrap: true, ...extra });
const fact = (title: string, value: string) => ({ title, value: teamsMarkdown(value) });
const cell = (value: string, extra: Record<string, unknown> = {}): CardElement => ({ type: "TableCell", items: [text(value, extra)] });

export function renderTeams(report: Report, opts: TeamsRenderOptions = {}): AdaptiveCard {
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

/**
 * A plain-text report (lists, confirmations, sources) as a card: each
 * paragraph's lines apart, indented lines as a list (a deeper-indented line
 * continues the item above), runs of spaces that aligned columns as " · ".
 */
function textCard(whole: string): AdaptiveCard {
  const body: CardElement[] = [];
  for (const [p, paragraph] of whole.split("\n\n").entries()) {
    const lines: string[] = [];
    const items: string[] = [];
    const flush = () => {
      // The report's first line is its heading, in bold; the rest as written.
      if (lines.length && p === 0 && body.length === 0) body.push(text(lines.shift()!, { weight: "Bolder" }));
      if (lines.length) body.push(text(lines.join("\n\n"), { spacing: "Small" }));
      if (items.length) body.push(text(items.map((i) => `- ${i}`).join("\n")));
      lines.length = 0;
      items.length = 0;
    };
    for (const line of paragraph.split("\n")) {
      const indent = /^ */.exec(line)![0].length;
      const content = line.trim().replace(/ {2,}/g, " · ");
      if (!content) continue;
      if (indent >= 4 && items.length) items[items.length - 1] += ` · ${content}`;
      else if (indent > 0) {
        // A heading ("Digests (3):") goes before its list.
        if (lines.length && !items.length) flush();
        items.push(content);
      } else {
        if (items.length) flush();
        lines.push(content);
      }
    }
    flush();
  }
  return card(body, [], whole.split("\n")[0]);
}

// ---- charts -------------------------------------------------------------------

/** How a metric's values are drawn on a chart axis: seconds as minutes or hours, rounded. */
interface AxisScale {
  factor: number;
  title: string;
  digits: number;
}

function axisScale(metric: MetricInfo, values: number[]): AxisScale {
  const largest = Math.max(0, ...values.map(Math.abs));
  switch (metric.unit) {
    case "percent":
      return { factor: 1, title: "%", digits: 1 };
    case "nps":
      return { factor: 1, title: "NPS", digits: 1 };
    case "seconds":
      if (largest >= 7_200) return { factor: 1 / 3_600, title: "hours", digits: 1 };
      if (largest >= 120) return { factor: 1 / 60, title: "minutes", digits: 1 };
      return { factor: 1, title: "seconds", digits: 0 };
    case "currency":
      return { factor: 1, title: metric.currency, digits: 2 };
    case "count":
      return { factor: 1, title: "count", digits: 1 };
    default:
      return { factor: 1, title: metric.name, digits: 2 };
  }
}

const scaled = (value: number, scale: AxisScale) => Number((value * scale.factor).toFixed(scale.digits));

/** "2026-11-02..2026-11-08" → "2 Nov"; other labels ("2026-10", "last-week") as they are. */
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
function pointLabel(label: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})(\.\.|$)/.exec(label);
  return m ? `${Number(m[3])} ${MONTHS[Number(m[2]) - 1]}` : label;
}

/**
 * The trend (the asked period and the ones before it) as a line chart, its
 * fallback the sparkline. A period without data is left out of the line, never
 * drawn as 0; with fewer than two points there is no line, only the sparkline.
 */
export function trendChart(r: MetricReport): CardElement | undefined {
  const spark = sparkline(r.trend.map((t) => t.value));
  if (!spark) return undefined;
  const step = r.current.period.step;
  const title = `${r.metric.name}, last ${r.trend.length} ${stepNoun(step.unit, step.count)}`;
  const sparkText = text(`Last ${r.trend.length} ${stepNoun(step.unit, step.count)}: ${spark}`, { isSubtle: true });
  const points = r.trend.filter((t): t is { label: string; value: number } => t.value !== null);
  if (points.length < 2) return sparkText;
  const scale = axisScale(r.metric, points.map((p) => p.value));
  const values = points.map((p) => ({ x: pointLabel(p.label), y: scaled(p.value, scale) }));
  return {
    type: "Chart.Line",
    title,
    yAxisTitle: scale.title,
    yMin: axisFloor(values.map((v) => v.y)),
    data: [{ legend: r.metric.name, values }],
    fallback: sparkText,
  };
}

/**
 * Where a trend's axis starts: a round number a little below the lowest
 * point, so that a move of a few points shows (from 0, 78 % and 82 % look
 * the same); never below 0 when nothing is negative.
 * @example axisFloor([78.2, 81.4, 80.1]) // 76
 */
export function axisFloor(values: number[]): number {
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  const below = lo - Math.max((hi - lo) * 0.25, Math.abs(lo) * 0.02, 0.01);
  const step = 10 ** Math.floor(Math.log10(Math.max(hi - below, 1e-9)));
  const floor = Math.floor(below / step) * step;
  return lo >= 0 ? Math.max(0, Number(floor.toPrecision(12))) : Number(floor.toPrecision(12));
}

/** Rows as a horizontal bar chart (a label per bar, so long names read), falling back to `table`. */
function barChart(title: string, metric: MetricInfo, rows: Array<{ label: string; value: number }>, table: CardElement): CardElement {
  if (rows.length === 0) return table;
  const scale = axisScale(metric, rows.map((row) => row.value));
  return {
    type: "Chart.HorizontalBar",
    title: `${title} (${scale.title})`,
    // Each bar with its value, no axis.
    displayMode: "AbsoluteNoAxis",
    data: rows.map((row) => ({ x: row.label, y: scaled(row.value, scale) })),
    fallback: table,
  };
}

// ---- answers ------------------------------------------------------------------

function metricCard(r: MetricReport): AdaptiveCard {
  const { metric, result, comparison } = r;
  const filters = filterText(r);
  const body: CardElement[] = [
    text(`${metric.name} · ${r.current.period.label}`, { size: "Large", weight: "Bolder", style: "heading" }),
    text(`${datesLine(r)}${filters ? ` · where ${filters}` : ""}`, {
      isSubtle: true,
      spacing: "None",
    }),
  ];
  if (r.readAs) body.push({ type: "TextBlock", text: `Read as: **${escapeTeamsMarkdown(r.readAs)}**`, wrap: true, isSubtle: true, size: "Small", spacing: "None" });

  if (!result) {
    body.push(text(`**No data** — ${noDataText(r)}`));
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
            comparison.result
              ? text(`${changeArrow(comparison.change)} ${change ?? ""}`, { color: verdictColor(comparison.verdict) })
              : text("no data to compare with", { isSubtle: true }),
            ...(comparison.result
              ? [text(`${comparisonTitle(comparison.against).toLowerCase()}: ${formatResult(comparison.result, metric)} (${comparison.dates})`, { isSubtle: true, spacing: "None", size: "Small" })]
              : []),
          ],
        },
      ],
    });
    const facts: Array<{ title: string; value: string }> = [];
    const size = sampleSize(result, metric);
    if (size) facts.push(fact("Records", size.replace("n = ", "")));
    const interval = formatInterval(result, metric);
    if (interval) facts.push(fact("95% interval", interval));
    for (const extra of result.extras ?? []) facts.push(fact(extra.label, formatValue(extra.value, extra.unit, { currency: metric.currency })));
    if (facts.length) body.push({ type: "FactSet", facts });
    if (result.note) body.push(text(result.note, { isSubtle: true, size: "Small" }));
    const trend = trendChart(r);
    if (trend) body.push(trend);
  }

  if (r.breakdown && r.breakdown.rows.length > 0) body.push(...breakdown(r));
  for (const note of answerNotes(r)) body.push(text(`⚠ ${note}`, { size: "Small" }));

  body.push(text(`${metric.name}: ${metric.formula}.`, { isSubtle: true, size: "Small", separator: true }));
  body.push(
    text(r.freshness ? `Data up to ${formatInstant(r.freshness, r.timeZone)} ${r.timeZone}` : "No records in this dataset yet", {
      isSubtle: true,
      size: "Small",
      spacing: "None",
    }),
  );

  const actions = r.followUps.map((f) => ({
    type: "Action.Execute",
    title: f.label,
    verb: TEAMS_RERUN_VERB,
    data: { command: f.command },
  }));
  return card(body, actions, summaryLine(r));
}

function verdictColor(verdict: MetricReport["comparison"]["verdict"]): string {
  return verdict === "better" ? "Good" : verdict === "worse" ? "Attention" : "Default";
}

/** The breakdown as a bar chart of the rows with data, falling back to the table of every row shown. */
function breakdown(r: MetricReport): CardElement[] {
  const rows = r.breakdown!.rows;
  const shown = rows.slice(0, TEAMS_BREAKDOWN_ROWS);
  const table: CardElement = {
    type: "Table",
    gridStyle: "default",
    firstRowAsHeader: true,
    showGridLines: false,
    columns: [{ width: 1 }, { width: 5 }, { width: 3 }, { width: 3 }],
    rows: [
      { type: "TableRow", style: "emphasis", cells: [cell("#"), cell(r.breakdown!.dimension), cell("value"), cell(rows.some((x) => x.share !== undefined) ? "share" : "records")] },
      ...shown.map((row, i) => ({
        type: "TableRow",
        cells: [
          cell(String(i + 1)),
          cell(row.key ?? "(none)"),
          cell(row.result ? formatResult(row.result, r.metric) : "no data", { horizontalAlignment: "Right" }),
          cell(
            row.share !== undefined ? `${row.share.toFixed(1)}%` : row.result ? row.result.n.toLocaleString("en-US") : "",
            { horizontalAlignment: "Right", isSubtle: true },
          ),
        ],
      })),
    ],
  };
  const bars = shown.flatMap((row) => (row.result ? [{ label: row.key ?? "(none)", value: row.result.value }] : []));
  const elements: CardElement[] = [
    text(`By ${r.breakdown!.dimension}`, { weight: "Bolder", separator: true }),
    barChart(`${r.metric.name} by ${r.breakdown!.dimension}`, r.metric, bars, table),
  ];
  // The chart shows values; who has no data and how many records each value rests on are said in words.
  const withoutData = shown.filter((row) => !row.result).map((row) => row.key ?? "(none)");
  if (bars.length > 0 && withoutData.length > 0) elements.push(text(`No data: ${withoutData.join(", ")}`, { isSubtle: true, size: "Small" }));
  if (bars.length > 0) {
    const sizes = shown.flatMap((row) => (row.result ? [`${row.key ?? "(none)"} ${row.share !== undefined ? `${row.share.toFixed(1)}%` : `n = ${row.result.n.toLocaleString("en-US")}`}`] : []));
    elements.push(text(sizes.join(" · "), { isSubtle: true, size: "Small", spacing: "None" }));
  }
  if (rows.length > shown.length) elements.push(text(`…and ${rows.length - shown.length} more`, { isSubtle: true, size: "Small" }));
  return elements;
}

// ---- digests and alerts ---------------------------------------------------------

type DigestItem = DigestReport["items"][number];
const hasReport = (i: DigestItem): i is { metricId: string; report: MetricReport } => "report" in i;

/**
 * A digest at a glance: the largest mover on top with its trend chart, then
 * one row per metric — name, figure, change with arrow and verdict, n — and a
 * Details button per metric that posts the full answer as a reply.
 */
function digestCard(r: DigestReport): AdaptiveCard {
  const first = r.items.find(hasReport)?.report;
  const dates = first ? `${first.current.dates}${first.current.partial ? ", so far" : ""}` : r.period;
  const body: CardElement[] = [
    text(`Digest ${r.digestId} · ${r.period}`, { size: "Large", weight: "Bolder", style: "heading" }),
    text(`${dates} (${r.timeZone})`, { isSubtle: true, spacing: "None" }),
  ];
  for (const line of staleDigestLines(r)) body.push(text(line, { color: "Warning" }));

  const mover = r.mover ? r.items.find((i): i is { metricId: string; report: MetricReport } => hasReport(i) && i.metricId === r.mover!.metricId)?.report : undefined;
  const moved = moverText(r);
  if (mover && moved) {
    body.push(text(`Largest mover: ${moved}`, { weight: "Bolder", color: verdictColor(mover.comparison.verdict) }));
    const chart = trendChart(mover);
    if (chart) body.push(chart);
  } else {
    body.push(text("Nothing to compare with the previous period.", { isSubtle: true }));
  }

  const details = (m: MetricReport): CardElement => ({
    type: "ActionSet",
    // Pinned to the digest's dates: a click the next day still answers for the day the digest showed.
    actions: [{ type: "Action.Execute", title: "Details", verb: TEAMS_DETAILS_VERB, data: { command: pinnedCommand(m) }, fallback: { type: "Action.Submit", title: "Details", data: { verb: TEAMS_DETAILS_VERB, command: pinnedCommand(m) } } }],
  });
  const rows = digestRows(r).map((row): CardElement => {
    const m = row.report;
    if (!m) return { type: "TableRow", cells: [cell(row.name), cell(row.figure, { isSubtle: true }), cell(""), cell(""), cell("")] };
    return {
      type: "TableRow",
      cells: [
        cell(row.name, { weight: row.metricId === r.mover?.metricId ? "Bolder" : "Default" }),
        cell(row.figure, { horizontalAlignment: "Right", weight: "Bolder" }),
        cell(row.change, { color: verdictColor(m.comparison.verdict) }),
        cell(row.n, { horizontalAlignment: "Right", isSubtle: true }),
        { type: "TableCell", items: [details(m)] },
      ],
    };
  });
  body.push({
    type: "Table",
    gridStyle: "default",
    firstRowAsHeader: true,
    showGridLines: false,
    columns: [{ width: 4 }, { width: 2 }, { width: 4 }, { width: 1 }, { width: 3 }],
    rows: [{ type: "TableRow", style: "emphasis", cells: [cell("metric"), cell("figure"), cell("change"), cell("n"), cell("")] }, ...rows],
  });
  if (r.unavailable && r.unavailable.length > 0) body.push(text(unavailableDigestLine(r.unavailable), { isSubtle: true }));
  return card(body, [], renderText(r).split("\n")[0]);
}

const NOTICE_WORDS: Record<AlertReport["notice"], string> = {
  firing: "FIRING",
  repeat: "STILL FIRING",
  resolved: "RESOLVED",
  no_data: "NO DATA",
  source_error: "SOURCE ERROR",
};

/**
 * An alert at a glance: the state in the header; figure against threshold,
 * period and n as facts; the evidence as a bar chart (the table as its
 * fallback); Acknowledge / Snooze 24h / Mute rule as Action.Execute with an
 * Action.Submit fallback, each running `alert ack|snooze|mute <id>`.
 */
function alertCard(r: AlertReport, opts: TeamsRenderOptions): AdaptiveCard {
  const rule = r.rule;
  const m = rule.metric;
  const tz = rule.schedule.timeZone;
  const lines = renderText(r).split("\n");
  const live = r.notice === "firing" || r.notice === "repeat";
  const body: CardElement[] = [
    text(`${NOTICE_WORDS[r.notice]} · ${conditionText(m, rule.condition)}`, { size: "Large", weight: "Bolder", style: "heading", color: live ? "Attention" : r.notice === "resolved" ? "Good" : "Warning" }),
    text(`Alert ${rule.id}${r.firedAt && r.notice === "repeat" ? ` · firing since ${formatInstant(r.firedAt, tz)} (${tz})` : ""}`, { isSubtle: true, spacing: "None" }),
  ];
  if (r.notice === "no_data" || r.notice === "source_error") {
    // What happened and what happens next, each its own paragraph.
    body.push(...lines.map((line) => text(line)));
  } else {
    const facts: Array<{ title: string; value: string }> = [];
    if (r.value) facts.push(fact("Figure", formatResult(r.value, m)));
    if (rule.condition.kind === "threshold") facts.push(fact("Threshold", conditionText(m, rule.condition).slice(m.name.length + 1)));
    else {
      facts.push(fact("Rule", conditionText(m, rule.condition).slice(m.name.length + 1)));
      if (r.moved !== null) facts.push(fact("Moved", `${rule.condition.direction === "drops" ? "dropped" : "rose"} ${changeAmountText(m, rule.condition.unit, Math.abs(r.moved))}`));
    }
    if (r.comparison?.result) {
      const change = describeChange(r.comparison, m);
      facts.push(fact(comparisonTitle(r.comparison.against), `${formatResult(r.comparison.result, m)}${change ? ` (${changeArrow(r.comparison.change)} ${change})` : ""}`));
    }
    facts.push(fact("Period", `${rule.period}${r.current ? `: ${r.current.dates}` : ""} (${tz})`));
    if (rule.filters) facts.push(fact("Where", rule.filters));
    const n = r.value ? sampleSize(r.value, m) : undefined;
    if (n) facts.push(fact("Records", n.replace("n = ", "")));
    facts.push(fact("Checked", `${formatInstant(r.checkedAt, tz)} (${tz})`));
    body.push({ type: "FactSet", facts });
  }
  if (r.evidence) body.push(...evidence(r));
  const state = actedState(r, opts.actedBy);
  if (state) body.push(text(state, { weight: "Bolder", color: "Accent", separator: true }));
  if (live) body.push(text(`Look closer: \`${r.command}\``, { isSubtle: true, size: "Small", separator: !state }));

  const button = (title: string, command: string): CardElement => ({
    type: "Action.Execute",
    title,
    verb: TEAMS_ALERT_VERB,
    data: { command, ...(opts.post ? { post: opts.post } : {}) },
    fallback: { type: "Action.Submit", title, data: { verb: TEAMS_ALERT_VERB, command, ...(opts.post ? { post: opts.post } : {}) } },
  });
  const actions = live
    ? [button("Acknowledge", `alert ack ${rule.id}`), button("Snooze 24h", `alert snooze ${rule.id} 24h`), button("Mute rule", `alert mute ${rule.id}`)]
    : [];
  return card(body, actions, renderText(r).split("\n")[0]);
}

/** "Acknowledged by Ada Lovelace", "Snoozed until 25 Nov 2026 09:00 (UTC)", "Rule muted": what was done from the card. */
function actedState(r: AlertReport, by: string | undefined): string | undefined {
  const rule = r.rule;
  const who = by ? ` by ${by}` : "";
  if (rule.muted) return `Rule muted${who}: it is not checked until unmuted.`;
  if (rule.snoozedUntil) return `Snoozed${who} until ${formatInstant(rule.snoozedUntil, rule.schedule.timeZone)} (${rule.schedule.timeZone}).`;
  if (rule.acknowledgedBy) return `Acknowledged by ${by ?? rule.acknowledgedBy}: no repeats until it resolves.`;
  return undefined;
}

/** The segment that moved most, and its worst items as a bar chart over a small table. */
function evidence(r: AlertReport): CardElement[] {
  const e = r.evidence!;
  const m = r.rule.metric;
  const seg = e.segment;
  const key = seg.key ?? "(none)";
  const was = seg.previous ? `was ${formatResult(seg.previous, m)}, ${formatChange(seg.change ?? 0, m.unit, m.currency)}` : "new this period";
  const out: CardElement[] = [
    text(`Moved most: ${seg.dimension} = ${key}, ${formatResult(seg.current, m)} (${was}; ${seg.share.toFixed(0)}% of records)`, { weight: "Bolder", separator: true }),
  ];
  if (e.items && e.items.rows.length > 0) {
    const title = e.items.within ? `Worst ${e.items.dimension} within ${seg.dimension} = ${key}` : `Worst other ${e.items.dimension}s`;
    const table: CardElement = {
      type: "Table",
      gridStyle: "default",
      firstRowAsHeader: true,
      showGridLines: false,
      columns: [{ width: 4 }, { width: 2 }, { width: 2 }],
      rows: [
        { type: "TableRow", style: "emphasis", cells: [cell(e.items.dimension), cell("value"), cell("n")] },
        ...e.items.rows.map((row) => ({
          type: "TableRow",
          cells: [cell(row.key ?? "(none)"), cell(formatResult(row.result, m), { horizontalAlignment: "Right" }), cell(row.result.n.toLocaleString("en-US"), { horizontalAlignment: "Right", isSubtle: true })],
        })),
      ],
    };
    out.push(text(title, { isSubtle: true, spacing: "Small" }));
    out.push(barChart(title, m, e.items.rows.map((row) => ({ label: row.key ?? "(none)", value: row.result.value })), table));
  }
  return out;
}

function helpCard(r: HelpReport): AdaptiveCard {
  return card(
    [
      text("Customer-service metrics", { size: "Large", weight: "Bolder", style: "heading" }),
      text("Type a metric and a period: `<metric> [period] [by <dimension>] [vs previous|same-weekday|last-year] [where <field>=<value>]`"),
      text(r.examples.map((e) => `- ${e}`).join("\n")),
      { type: "FactSet", facts: r.metrics.map((m) => ({ title: m.id, value: m.name })) },
      text(`Periods: ${r.periods.join(", ")}`, { isSubtle: true, size: "Small" }),
    ],
    [],
    "What I can answer: a metric, a period, and optionally a breakdown, a comparison or a filter.",
  );
}

function defineCard(r: DefineReport): AdaptiveCard {
  const m = r.metric;
  const direction = { higher: "higher is better", lower: "lower is better", neutral: "neither direction is better" }[m.direction];
  const facts = [
    { title: "Direction", value: direction },
    { title: "Dataset", value: m.dataset },
    { title: "Freshness", value: r.freshness ? `${formatInstant(r.freshness, r.timeZone ?? "UTC")} ${r.timeZone ?? "UTC"}` : "no records yet" },
    ...(r.scale ? [{ title: "Scale", value: r.scale }] : []),
    ...(r.dimensions.length ? [{ title: "By / where", value: r.dimensions.join(", ") }] : []),
    ...(m.aliases.length ? [{ title: "Also called", value: m.aliases.join(", ") }] : []),
  ];
  return card(
    [
      text(`${m.name} (${m.id})`, { size: "Large", weight: "Bolder", style: "heading" }),
      text(`**Formula:** ${m.formula}.`),
      { type: "FactSet", facts },
      text(`Try: ${r.examples.join(" · ")}`, { isSubtle: true, size: "Small" }),
    ],
    [],
    `${m.name} (${m.id}): ${m.formula}`,
  );
}

function errorCard(r: ErrorReport): AdaptiveCard {
  const choices = r.choices ?? [];
  // One button per reading of an ambiguous question: the click runs that reading's command.
  const actions = choices.map((c) => ({
    type: "Action.Execute",
    title: c.label,
    verb: TEAMS_RERUN_VERB,
    data: { command: c.command },
    fallback: { type: "Action.Submit", title: c.label, data: { verb: TEAMS_RERUN_VERB, command: c.command } },
  }));
  return card(
    [
      text(r.message, { color: r.cause === "user" || r.cause === "unavailable" ? "Default" : "Attention" }),
      ...(r.hint && choices.length === 0 ? [text(r.hint, { isSubtle: true })] : []),
    ],
    actions,
    r.message,
  );
}

/**
 * Text with Teams' markdown characters shown as themselves (a value such as
 * `Mary_Jane*` is not italics), backticks dropped.
 * @example escapeTeamsMarkdown("agent=Mary_Jane") // "agent=Mary\\_Jane"
 */
export function escapeTeamsMarkdown(value: string): string {
  return value.replace(/`/g, "").replace(/([\\*_~[\]<>#])/g, "\\$1");
}

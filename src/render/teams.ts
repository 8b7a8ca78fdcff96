/**
 * Report → Microsoft Teams Adaptive Card (version 1.5). Pure. The same content
 * as the Slack answer: figure, comparison, interval, n, dates, sparkline,
 * breakdown, definition and freshness, with "By channel", "By agent" and
 * "Vs last year" buttons (Action.Execute, verb "rerun", data.command) that
 * re-run the command path and replace the card in place.
 */
import type { DefineReport, ErrorReport, HelpReport, MetricReport, Report } from "../report.ts";
import {
  answerNotes,
  noDataText,
  changeArrow,
  datesLine,
  describeChange,
  filterText,
  formatInstant,
  formatInterval,
  formatResult,
  formatValue,
  sampleSize,
  sparkline,
  stepNoun,
  summaryLine,
} from "./format.ts";
import { renderText } from "./text.ts";

/** Breakdown rows shown before "and N more". */
export const TEAMS_BREAKDOWN_ROWS = 15;
/** The verb a card button sends back; `data.command` is the command to run. */
export const TEAMS_RERUN_VERB = "rerun";

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

const SCHEMA = "http://adaptivecards.io/schemas/adaptive-card.json";

function card(body: CardElement[], actions: CardElement[] = [], fallbackText?: string): AdaptiveCard {
  return {
    type: "AdaptiveCard",
    $schema: SCHEMA,
    version: "1.5",
    body,
    ...(actions.length ? { actions } : {}),
    msteams: { width: "Full" },
    ...(fallbackText ? { fallbackText } : {}),
  };
}

const text = (value: string, extra: Record<string, unknown> = {}): CardElement => ({ type: "TextBlock", text: value, wrap: true, ...extra });

export function renderTeams(report: Report): AdaptiveCard {
  switch (report.kind) {
    case "metric":
      return metricCard(report);
    case "help":
      return helpCard(report);
    case "define":
      return defineCard(report);
    case "error":
      return errorCard(report);
    default:
      return card(
        renderText(report)
          .split("\n\n")
          .map((paragraph, i) => text(paragraph, i === 0 ? { weight: "Bolder" } : {})),
        [],
        renderText(report).split("\n")[0],
      );
  }
}

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

  if (!result) {
    body.push(text(`**No data** — ${noDataText(r)}`));
  } else {
    const change = describeChange(comparison, metric);
    const color = comparison.verdict === "better" ? "Good" : comparison.verdict === "worse" ? "Attention" : "Default";
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
              ? text(`${changeArrow(comparison.change)} ${change ?? ""}`, { color })
              : text("no data to compare with", { isSubtle: true }),
            ...(comparison.result
              ? [text(`${comparison.against === "last-year" ? "last year" : "previous period"}: ${formatResult(comparison.result, metric)} (${comparison.dates})`, { isSubtle: true, spacing: "None", size: "Small" })]
              : []),
          ],
        },
      ],
    });
    const facts: Array<{ title: string; value: string }> = [];
    const size = sampleSize(result, metric);
    if (size) facts.push({ title: "Records", value: size.replace("n = ", "") });
    const interval = formatInterval(result, metric);
    if (interval) facts.push({ title: "95% interval", value: interval });
    const spark = sparkline(r.trend.map((t) => t.value));
    if (spark) facts.push({ title: `Last ${r.trend.length} ${stepNoun(r.current.period.step.unit, r.current.period.step.count)}`, value: spark });
    for (const extra of result.extras ?? []) facts.push({ title: extra.label, value: formatValue(extra.value, extra.unit, { currency: metric.currency }) });
    body.push({ type: "FactSet", facts });
    if (result.note) body.push(text(result.note, { isSubtle: true, size: "Small" }));
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

function breakdown(r: MetricReport): CardElement[] {
  const rows = r.breakdown!.rows;
  const shown = rows.slice(0, TEAMS_BREAKDOWN_ROWS);
  const cell = (value: string, extra: Record<string, unknown> = {}) => ({ type: "TableCell", items: [text(value, extra)] });
  const elements: CardElement[] = [
    text(`By ${r.breakdown!.dimension}`, { weight: "Bolder", separator: true }),
    {
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
    },
  ];
  if (rows.length > shown.length) elements.push(text(`…and ${rows.length - shown.length} more`, { isSubtle: true, size: "Small" }));
  return elements;
}

function helpCard(r: HelpReport): AdaptiveCard {
  return card(
    [
      text("Customer-service metrics", { size: "Large", weight: "Bolder", style: "heading" }),
      text("Type a metric and a period: `<metric> [period] [by <dimension>] [vs previous|last-year] [where <field>=<value>]`"),
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
  return card(
    [text(r.message, { color: r.cause === "user" || r.cause === "unavailable" ? "Default" : "Attention" }), ...(r.hint ? [text(r.hint, { isSubtle: true })] : [])],
    [],
    r.message,
  );
}

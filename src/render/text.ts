/**
 * Report → plain text, for the console and as the fallback text of chat
 * messages. Pure: everything it shows is in the report.
 */
import type { DefineReport, ErrorReport, HelpReport, MetricReport, Report } from "../report.ts";
import {
  changeArrow,
  describeChange,
  formatInstant,
  formatInterval,
  formatResult,
  formatValue,
  sampleSize,
  sparkline,
  stepNoun,
} from "./format.ts";

/** How many breakdown rows the text shows before "and N more". */
export const TEXT_BREAKDOWN_ROWS = 15;

export function renderText(report: Report): string {
  switch (report.kind) {
    case "metric":
      return metricText(report);
    case "help":
      return helpText(report);
    case "define":
      return defineText(report);
    case "error":
      return errorText(report);
  }
}

function metricText(r: MetricReport): string {
  const { metric, result, comparison } = r;
  const lines: string[] = [];
  const filters = r.filters.map((f) => `${f.field} = ${f.values.join(" or ")}`).join(", ");
  lines.push(`${metric.name} — ${r.current.period.label}${filters ? ` where ${filters}` : ""}`);
  lines.push(`${r.current.dates} (${r.timeZone})${r.current.partial ? ", so far" : ""}`);
  lines.push("");

  if (!result) {
    lines.push(`No data: nothing in ${metric.dataset} for this period${filters ? " with these filters" : ""}.`);
  } else {
    const details = [sampleSize(result, metric), formatInterval(result, metric)?.replace(/^/, "95% interval ")].filter(Boolean);
    lines.push([formatResult(result, metric), details.join(" · ")].filter(Boolean).join("   "));
    for (const extra of result.extras ?? []) {
      lines.push(`  ${extra.label}: ${formatValue(extra.value, extra.unit, { currency: metric.currency })}`);
    }
    if (result.note) lines.push(`  (${result.note})`);
  }

  const against = comparison.against === "last-year" ? "the same dates last year" : "the previous period";
  if (comparison.result) {
    const change = describeChange(comparison, metric);
    const was = `${formatResult(comparison.result, metric)} in ${comparison.dates}`;
    lines.push(change ? `${changeArrow(comparison.change)} ${change} vs ${against} (${was})` : `vs ${against}: ${was}`);
  } else {
    lines.push(`vs ${against} (${comparison.dates}): no data to compare with`);
  }

  const spark = sparkline(r.trend.map((t) => t.value));
  if (spark) {
    const step = r.current.period.step;
    lines.push(`Last ${r.trend.length} ${stepNoun(step.unit, step.count)}: ${spark}`);
  }

  if (r.breakdown) {
    lines.push("", `By ${r.breakdown.dimension}:`);
    const shown = r.breakdown.rows.slice(0, TEXT_BREAKDOWN_ROWS);
    const width = Math.max(...shown.map((row) => (row.key ?? "(none)").length), 4);
    shown.forEach((row, i) => {
      const key = (row.key ?? "(none)").padEnd(width);
      const value = row.result ? formatResult(row.result, metric) : "no data";
      const share = row.share !== undefined ? ` (${row.share.toFixed(1)}%)` : "";
      const size = row.result ? sampleSize(row.result, metric) : undefined;
      const n = size ? `   ${size}` : "";
      lines.push(`${String(i + 1).padStart(3)}. ${key}  ${value.padStart(12)}${share}${n}`);
    });
    const more = r.breakdown.rows.length - shown.length;
    if (more > 0) lines.push(`     … and ${more} more`);
  }

  lines.push("");
  lines.push(`${metric.name}: ${metric.formula}.`);
  lines.push(r.freshness ? `Data up to ${formatInstant(r.freshness, r.timeZone)} ${r.timeZone}.` : "No records in this dataset yet.");
  return lines.join("\n");
}

function helpText(r: HelpReport): string {
  const width = Math.max(...r.metrics.map((m) => m.id.length));
  return [
    "Ask for a metric, a period, and optionally a breakdown, a comparison or a filter:",
    "  <metric> [period] [by <dimension>] [vs previous|last-year] [where <field>=<value>]",
    "",
    "Examples:",
    ...r.examples.map((e) => `  ${e}`),
    "",
    "Metrics:",
    ...r.metrics.map((m) => `  ${m.id.padEnd(width)}  ${m.name}${m.aliases.length ? ` (also: ${m.aliases.slice(0, 3).join(", ")})` : ""}`),
    "",
    `Periods: ${r.periods.join(", ")}`,
    "`define <metric>` explains a metric: its formula, scale, direction and how fresh its data is.",
  ].join("\n");
}

function defineText(r: DefineReport): string {
  const m = r.metric;
  const direction = { higher: "higher is better", lower: "lower is better", neutral: "neither higher nor lower is better" }[m.direction];
  return [
    `${m.name} (${m.id})`,
    `Formula: ${m.formula}.`,
    ...(r.scale ? [`Scale: ${r.scale}.`] : []),
    `Direction: ${direction}.`,
    `Data: the ${m.dataset} dataset${r.freshness ? `, latest record ${formatInstant(r.freshness, "UTC")} UTC` : ", no records yet"}.`,
    ...(r.dimensions.length ? [`Break down or filter by: ${r.dimensions.join(", ")}.`] : []),
    ...(m.aliases.length ? [`Also called: ${m.aliases.join(", ")}.`] : []),
    `Try: ${r.examples.join(" · ")}`,
  ].join("\n");
}

function errorText(r: ErrorReport): string {
  return r.hint ? `${r.message}\n${r.hint}` : r.message;
}

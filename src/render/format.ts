/**
 * Number, change and date wording shared by every renderer. Pure: the time
 * zone and currency come in as arguments.
 */
import { TZDate } from "@date-fns/tz";
import { format } from "date-fns/format";
import type { MetricValue, Unit } from "../metrics/types.ts";
import { localDayCount } from "../periods/localDayCount.ts";
import { periodLabel } from "../periods/periodLabel.ts";
import type { Comparison, Period } from "../periods/types.ts";
import type { ComparisonView, DigestReport, MetricInfo, MetricReport, SkippedView, SyncView } from "../report.ts";

const MINUS = "\u2212";

/** 60 → "60", 78.44 → "78.4". */
function oneDecimal(x: number): string {
  const s = x.toFixed(1);
  return s.endsWith(".0") ? s.slice(0, -2) : s;
}

function grouped(x: number, decimals: number): string {
  return x.toLocaleString("en-US", { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
}

/**
 * A duration in seconds as people say it.
 * @example formatDuration(150) // "2 min 30 s"
 */
export function formatDuration(totalSeconds: number): string {
  const s = Math.abs(totalSeconds);
  if (s < 59.5) return `${Math.round(s)} s`;
  if (s < 600) {
    const whole = Math.round(s);
    const rest = whole % 60;
    return rest === 0 ? `${whole / 60} min` : `${Math.floor(whole / 60)} min ${rest} s`;
  }
  if (s < 3600 - 30) return `${Math.round(s / 60)} min`;
  if (s < 86_400 - 30) {
    const minutes = Math.round(s / 60);
    const h = Math.floor(minutes / 60);
    const m = minutes % 60;
    return m === 0 ? `${h} h` : `${h} h ${m} min`;
  }
  const hours = Math.round(s / 3600);
  const d = Math.floor(hours / 24);
  const h = hours % 24;
  return h === 0 ? `${d} d` : `${d} d ${h} h`;
}

export interface ValueStyle {
  currency: string;
  scale?: { min: number; max: number };
  /** Decimals for percentages, NPS and scores (default 1): see `decimalsFor`. */
  decimals?: number;
}

/** Units whose figure is shown with a number of decimals that follows the interval. */
const FOLLOWS_INTERVAL: ReadonlySet<Unit> = new Set(["percent", "nps", "score"]);
/** The most decimals a figure is given, however narrow its interval. */
const MAX_DECIMALS = 4;

/**
 * Decimals for a result and its interval: one, or more until the interval's
 * two ends read differently — never more than that, so no figure claims
 * more precision than its data supports. The same rule on every platform.
 * @example decimalsFor({ value: 3.404, interval: { lo: 3.362, hi: 3.446 }, … }, "score") // 2: "3.40 / 5 · 3.36–3.45"
 * @example decimalsFor({ value: 78.4, interval: { lo: 74.1, hi: 82.2 }, … }, "percent") // 1
 */
export function decimalsFor(result: Pick<MetricValue, "interval">, unit: Unit): number {
  const base = 1;
  if (!result.interval || !FOLLOWS_INTERVAL.has(unit)) return base;
  const { lo, hi } = result.interval;
  if (!(hi > lo)) return base;
  for (let d = base; d < MAX_DECIMALS; d++) if (lo.toFixed(d) !== hi.toFixed(d)) return d;
  return MAX_DECIMALS;
}

/**
 * A metric value in its unit.
 * @example formatValue(60, "percent", { currency: "USD" }) // "60.0%"
 */
export function formatValue(value: number, unit: Unit, style: ValueStyle): string {
  switch (unit) {
    case "percent":
      return `${value.toFixed(style.decimals ?? 1)}%`;
    case "nps":
      return (style.decimals ?? 1) > 1 ? value.toFixed(style.decimals) : oneDecimal(value);
    case "score":
      return style.scale ? `${value.toFixed(style.decimals ?? 1)} / ${style.scale.max}` : value.toFixed(style.decimals ?? 1);
    case "seconds":
      return formatDuration(value);
    case "count":
      return Number.isInteger(value) || Math.abs(value) >= 1000 ? grouped(value, 0) : grouped(value, 1);
    case "number":
      return Math.abs(value) < 10 ? value.toFixed(2) : grouped(value, 1);
    case "currency":
      return value.toLocaleString("en-US", {
        style: "currency",
        currency: style.currency,
        maximumFractionDigits: Math.abs(value) >= 100 ? 0 : 2,
        minimumFractionDigits: Math.abs(value) >= 100 ? 0 : 2,
      });
  }
}

/** The value of a result with its own scale, to the decimals its interval supports (`decimalsFor`). */
export function formatResult(result: MetricValue, metric: MetricInfo): string {
  return formatValue(result.value, metric.unit, resultStyle(result, metric));
}

function resultStyle(result: MetricValue, metric: MetricInfo): ValueStyle {
  return { currency: metric.currency, decimals: decimalsFor(result, metric.unit), ...(result.scale ? { scale: result.scale } : {}) };
}

/**
 * A change with its sign and unit: percentages and NPS in points.
 * @example formatChange(3.2, "percent", "USD") // "+3.2 pts"
 * @example formatChange(-840, "seconds", "USD") // "−14 min"
 */
export function formatChange(change: number, unit: Unit, currency: string): string {
  if (change === 0) return unit === "percent" || unit === "nps" ? "±0 pts" : "±0";
  const sign = change > 0 ? "+" : MINUS;
  const size = Math.abs(change);
  switch (unit) {
    case "percent":
    case "nps":
      // A change too small for one decimal keeps two, so it never reads "+0 pts" beside an arrow.
      return `${sign}${size < 0.05 ? size.toFixed(2) : oneDecimal(size)} pts`;
    case "score":
      return `${sign}${size < 0.1 ? size.toFixed(2) : size.toFixed(1)}`;
    default:
      return `${sign}${formatValue(size, unit, { currency })}`;
  }
}

/** The 95 % interval in the metric's unit, to the figure's decimals: "74.1–82.2%", "3.36–3.45", "3 min 10 s – 3 min 52 s". */
export function formatInterval(result: MetricValue, metric: MetricInfo): string | undefined {
  if (!result.interval) return undefined;
  const { lo, hi } = result.interval;
  const style = resultStyle(result, metric);
  const d = style.decimals ?? 1;
  if (metric.unit === "percent") return `${lo.toFixed(d)}–${hi.toFixed(d)}%`;
  if (metric.unit === "score" || metric.unit === "nps") return `${lo.toFixed(d)}–${hi.toFixed(d)}`;
  if (metric.unit === "count") return `${grouped(Math.round(lo), 0)}–${grouped(Math.round(hi), 0)}`;
  if (metric.unit === "number") return `${formatValue(lo, "number", style)}–${formatValue(hi, "number", style)}`;
  return `${formatValue(lo, metric.unit, style)} – ${formatValue(hi, metric.unit, style)}`;
}

/**
 * "up 3.2 pts — better", "down 14 min — better", "up 12 — within sampling noise".
 * The word follows the metric's direction: for lower-is-better a fall is better.
 */
export function describeChange(comparison: ComparisonView, metric: MetricInfo): string | undefined {
  const { change, verdict, significant } = comparison;
  if (change === null || verdict === null) return undefined;
  if (verdict === "unchanged") return "unchanged";
  const moved = `${change > 0 ? "up" : "down"} ${formatChange(change, metric.unit, metric.currency).replace(/^[+\u2212]/, "")}`;
  const judged = verdict === "better" || verdict === "worse" ? verdict : undefined;
  if (significant === false) return `${moved} — within sampling noise`;
  if (significant === true) return judged ? `${moved} — ${judged}, beyond sampling noise` : `${moved} — beyond sampling noise`;
  return judged ? `${moved} — ${judged}` : moved;
}

/**
 * "n = 283" — left out when it would only repeat the figure (a count of tickets is its own n).
 * @example sampleSize({ value: 951, n: 951, … }, countMetric) // undefined
 */
export function sampleSize(result: MetricValue, metric: MetricInfo): string | undefined {
  if (metric.unit === "count" && result.n === result.value) return undefined;
  return `n = ${result.n.toLocaleString("en-US")}`;
}

/** ▲ / ▼ / ▬ for a change. */
export function changeArrow(change: number | null): string {
  if (change === null || change === 0) return "▬";
  return change > 0 ? "▲" : "▼";
}

const BARS = "▁▂▃▄▅▆▇█";

/**
 * A unicode sparkline; a period without data is a gap.
 * @example sparkline([1, 2, null, 4]) // "▁▃ █"
 */
export function sparkline(values: Array<number | null>): string {
  const present = values.filter((v): v is number => v !== null);
  if (present.length === 0) return "";
  const min = Math.min(...present);
  const max = Math.max(...present);
  return values
    .map((v) => {
      if (v === null) return " ";
      if (max === min) return BARS[3];
      return BARS[Math.round(((v - min) / (max - min)) * (BARS.length - 1))];
    })
    .join("");
}

/** "22 Nov 2026 14:03" in the given zone. */
export function formatInstant(instant: Date, timeZone: string): string {
  return format(new TZDate(instant.getTime(), timeZone), "d MMM yyyy HH:mm");
}

/** "week", "month" … for "the last 8 weeks". */
export function stepNoun(unit: string, count: number): string {
  if (count === 1) return `${unit}s`;
  return `${count}-${unit} periods`;
}

/** One line for notifications: "CSAT last-week: 79.2% (▲ +2.4 pts)". */
export function summaryLine(r: MetricReport): string {
  const { metric, result, comparison } = r;
  if (!result) return `${metric.name} ${r.current.period.label}: no data`;
  const change = comparison.change !== null ? ` (${changeArrow(comparison.change)} ${formatChange(comparison.change, metric.unit, metric.currency)})` : "";
  return `${metric.name} ${r.current.period.label}: ${formatResult(result, metric)}${change}`;
}

/**
 * How long ago an instant was, as people say it.
 * @example formatAge(new Date("2026-11-22T11:05:00Z"), new Date("2026-11-22T14:05:00Z")) // "3 h ago"
 */
export function formatAge(instant: Date, now: Date): string {
  const ms = now.getTime() - instant.getTime();
  if (ms < 0) return "after now";
  if (ms < 60_000) return "just now";
  const minutes = Math.round(ms / 60_000);
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.round(ms / 3_600_000);
  if (hours < 48) return `${hours} h ago`;
  return `${Math.round(ms / 86_400_000).toLocaleString("en-US")} days ago`;
}

/**
 * The filters of a report in words, or "" when there are none.
 * @example filterText(report) // "channel = email or chat, team = billing"
 */
export function filterText(r: MetricReport): string {
  // Values are what people typed: each is cut, and so is the whole, so no heading or section outgrows its platform's limit.
  return shorten(r.filters.map((f) => `${f.field} = ${f.values.map((v) => shorten(v, VALUE_CHARS)).join(" or ")}`).join(", "), FILTERS_CHARS);
}

/** The longest a value someone typed is shown (a filter value, a word the bot did not understand). */
export const VALUE_CHARS = 60;
/** The longest all the filters of an answer are shown. */
export const FILTERS_CHARS = 300;

/**
 * Text cut to at most `max` characters, the cut marked with an ellipsis.
 * @example shorten("a very long channel name", 10) // "a very lo…"
 */
export function shorten(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, Math.max(0, max - 1))}…`;
}

/**
 * The period's concrete dates with its zone, and whether it is still running.
 * @example datesLine(report) // "Mon 9 Nov – Sun 15 Nov 2026 (UTC)" or "1 Nov – 22 Nov 2026 14:05 (UTC), so far"
 */
export function datesLine(r: MetricReport): string {
  return `${r.current.dates} (${r.timeZone})${r.current.partial ? ", so far" : ""}`;
}


/**
 * A help desk's sync in words, for `sources` and stale digests.
 * @example syncText(view, now) // "Zendesk (acme.zendesk.com): last synced 3 h ago (every 15 min) — stale"
 */
export function syncText(s: SyncView, now: Date): string {
  const every = formatDuration(Math.round(s.intervalMs / 1000));
  const last = s.lastSuccessAt ? `last synced ${formatAge(s.lastSuccessAt, now)}` : "not synced yet";
  const error = s.lastError ? `; last error${s.lastErrorAt ? ` (${formatAge(s.lastErrorAt, now)})` : ""}: ${s.lastError}` : "";
  return `${s.source}: ${last} (every ${every})${s.stale ? " — stale" : ""}${error}`;
}

/**
 * What a figure is compared with, in words; with the comparison's period, a
 * same-weekday comparison says how many weeks back it reaches.
 * @example againstText({ against: "same-weekday", period: mondayBefore }) // "the same weekday a week earlier"
 * @example againstText({ against: "last-year" }) // "the same dates last year"
 */
export function againstText(comparison: { against: Comparison; period?: Period }): string {
  if (comparison.against === "previous") return "the previous period";
  if (comparison.against === "last-year") return "the same dates last year";
  const p = comparison.period;
  const days = p ? localDayCount(p) : 1;
  const weeks = Math.max(1, Math.ceil(days / 7));
  return `the same weekday${days > 1 ? "s" : ""} ${weeks === 1 ? "a week" : `${weeks} weeks`} earlier`;
}

/**
 * A short title for what a figure is compared with, for a field or a label.
 * @example comparisonTitle("same-weekday") // "Same weekday, a week earlier"
 */
export function comparisonTitle(against: Comparison): string {
  return { previous: "Previous period", "same-weekday": "Same weekday, a week earlier", "last-year": "Last year" }[against];
}

/**
 * Why an answer has no figure, after "No data": the same words on every platform.
 * @example noDataText(r) // "no 0–10 (NPS) answers among 1,668 survey answers in this period."
 * @example noDataText(r) // "nothing in tickets for this period with these filters."
 */
export function noDataText(r: MetricReport): string {
  const n = r.noData;
  const filtered = r.filters.length > 0 ? " with these filters" : "";
  if (n?.why === "none-counted") {
    return `no ${n.counted ?? `rows ${r.metric.name} counts`} among ${count(n.rows)} ${n.noun} in this period${filtered}.`;
  }
  if (n?.why === "all-skipped") {
    const main = n.mainReason ? ` (${n.mainReason.reason}: ${count(n.mainReason.count)})` : "";
    const where = n.scope === "period" ? ` in this period` : "";
    return `all ${count(n.rows)} row${n.rows === 1 ? "" : "s"} of ${r.metric.dataset}${where} could not be read${main}, so none could be used. \`sources\` lists why; fix the mapping or the file in DATA_DIR.`;
  }
  return `nothing in ${r.metric.dataset} for this period${filtered}.`;
}

/**
 * Rows of the period the source could not use, in one line.
 * @example skippedText(view, "tickets") // "312 rows of tickets in this period were skipped, most for channel: value not in the value map (290); they are not in the figures."
 */
export function skippedText(s: SkippedView, dataset: string): string {
  const undated = s.undated ? ` (and ${count(s.undated)} with no readable date, period unknown)` : "";
  const most = s.reasonCount === s.count ? `all for ${s.reason}` : `most for ${s.reason} (${count(s.reasonCount)})`;
  return `${count(s.count)} row${s.count === 1 ? "" : "s"} of ${dataset} in this period ${s.count === 1 ? "was" : "were"} skipped${undated}, ${most}; they are not in the figures.`;
}

/**
 * A breakdown's rows left out because their value of the dimension could not be used.
 * @example droppedText(view, "channel") // "290 rows left out of the breakdown: channel: value not in the value map."
 */
export function droppedText(s: SkippedView, dimension: string): string {
  return `${count(s.count)} row${s.count === 1 ? "" : "s"} left out of this ${dimension} breakdown: ${s.reason}.`;
}

function count(n: number): string {
  return n.toLocaleString("en-US");
}

/** What an answer should say about rows it could not use: the period's skipped rows and a breakdown's dropped ones, a line each. */
export function answerNotes(r: MetricReport): string[] {
  const dropped = r.breakdown?.dropped;
  // Said once: not again under a "No data" that already says every row was unreadable, nor beside a breakdown line saying the same rows.
  const skipped = r.skipped && r.noData?.why !== "all-skipped" && !(dropped && dropped.count === r.skipped.count) ? r.skipped : undefined;
  return [...(skipped ? [skippedText(skipped, r.metric.dataset)] : []), ...(dropped ? [droppedText(dropped, r.breakdown!.dimension)] : [])];
}

/**
 * The digest's largest mover in words, or null when nothing could be compared.
 * @example moverText(digest) // "Customer satisfaction (CSAT) ▼ down 1.1 pts — worse (2.1× its sampling noise)"
 */
export function moverText(r: DigestReport): string | null {
  const mover = r.mover ? r.items.find((i): i is { metricId: string; report: MetricReport } => "report" in i && i.metricId === r.mover!.metricId)?.report : undefined;
  if (!r.mover || !mover) return null;
  const change = describeChange(mover.comparison, mover.metric) ?? "changed";
  const size = r.mover.z !== null ? `${Math.abs(r.mover.z).toFixed(1)}× its sampling noise` : r.mover.relative !== null ? `${Math.round(Math.abs(r.mover.relative) * 100)}% of its previous value` : "";
  return `${mover.metric.name} ${changeArrow(mover.comparison.change)} ${change}${size ? ` (${size})` : ""}`;
}

/**
 * A digest row's change: arrow, amount, verdict, and "(noise)" when within sampling noise.
 * @example digestChange(report) // "▼ −1.1 pts, worse (noise)"
 */
export function digestChange(m: MetricReport): string {
  const c = m.comparison;
  if (c.change === null) return "no previous data";
  const verdict = c.verdict === "better" || c.verdict === "worse" ? `, ${c.verdict}` : "";
  return `${changeArrow(c.change)} ${formatChange(c.change, m.metric.unit, m.metric.currency)}${verdict}${c.significant === false ? " (noise)" : ""}`;
}

/** One metric of a digest as its table shows it, on every platform. */
export interface DigestRow {
  metricId: string;
  name: string;
  /** The figure, "no data", or why there is none ("source unavailable", the error's message). */
  figure: string;
  /** Arrow, amount, verdict (see digestChange); "" without a figure. */
  change: string;
  /** The sample size without "n = "; "" where it says nothing (a count's n is the count). */
  n: string;
  /** The metric's answer; null when it failed. */
  report: MetricReport | null;
}

/**
 * The digest's rows, in its order: name, figure, change, n.
 * @example digestRows(digest)[0] // { name: "Customer satisfaction (CSAT)", figure: "81.8%", change: "▼ −7.5 pts, worse (noise)", n: "297", … }
 */
export function digestRows(r: DigestReport): DigestRow[] {
  return r.items.map((item) => {
    if (!("report" in item)) return { metricId: item.metricId, name: item.name, figure: item.error.cause === "source" ? "source unavailable" : item.error.message, change: "", n: "", report: null };
    const m = item.report;
    if (!m.result) return { metricId: item.metricId, name: m.metric.name, figure: "no data", change: "", n: "", report: m };
    return { metricId: item.metricId, name: m.metric.name, figure: formatResult(m.result, m.metric), change: digestChange(m), n: sampleSize(m.result, m.metric)?.replace("n = ", "") ?? "", report: m };
  });
}

/**
 * A report's command with its period pinned to the dates it covered, so that
 * running it later (a digest's Details button, clicked the next day) answers
 * for the same dates, not for a "yesterday" that has moved on.
 * @example pinnedCommand(report) // "csat 2026-11-22" for "csat yesterday" answered on 23 November
 */
export function pinnedCommand(r: MetricReport): string {
  const p = r.current.period;
  const [id, label] = r.command.split(" ");
  if (label !== p.label) return r.command;
  return `${id} ${periodLabel(p.start, p.end, p.timeZone)}${r.command.slice(`${id} ${label}`.length)}`;
}

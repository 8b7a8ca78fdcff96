import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);
import {
  format,
  localDayCount,
  periodLabel
} from "./chunk-ZFLCWV4S.js";
import {
  TZDate
} from "./chunk-IJGJCVMD.js";

// dist/src/render/format.js
var MINUS = "\u2212";
function oneDecimal(x) {
  const s = x.toFixed(1);
  return s.endsWith(".0") ? s.slice(0, -2) : s;
}
function grouped(x, decimals) {
  return x.toLocaleString("en-US", { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
}
function formatDuration(totalSeconds) {
  const s = Math.abs(totalSeconds);
  if (s < 59.5)
    return `${Math.round(s)} s`;
  if (s < 600) {
    const whole = Math.round(s);
    const rest = whole % 60;
    return rest === 0 ? `${whole / 60} min` : `${Math.floor(whole / 60)} min ${rest} s`;
  }
  if (s < 3600 - 30)
    return `${Math.round(s / 60)} min`;
  if (s < 86400 - 30) {
    const minutes = Math.round(s / 60);
    const h2 = Math.floor(minutes / 60);
    const m = minutes % 60;
    return m === 0 ? `${h2} h` : `${h2} h ${m} min`;
  }
  const hours = Math.round(s / 3600);
  const d = Math.floor(hours / 24);
  const h = hours % 24;
  return h === 0 ? `${d} d` : `${d} d ${h} h`;
}
var FOLLOWS_INTERVAL = /* @__PURE__ */ new Set(["percent", "nps", "score"]);
var MAX_DECIMALS = 4;
function decimalsFor(result, unit) {
  const base = 1;
  if (!result.interval || !FOLLOWS_INTERVAL.has(unit))
    return base;
  const { lo, hi } = result.interval;
  if (!(hi > lo))
    return base;
  for (let d = base; d < MAX_DECIMALS; d++)
    if (lo.toFixed(d) !== hi.toFixed(d))
      return d;
  return MAX_DECIMALS;
}
function formatValue(value, unit, style) {
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
      return Number.isInteger(value) || Math.abs(value) >= 1e3 ? grouped(value, 0) : grouped(value, 1);
    case "number":
      return Math.abs(value) < 10 ? value.toFixed(2) : grouped(value, 1);
    case "currency":
      return value.toLocaleString("en-US", {
        style: "currency",
        currency: style.currency,
        maximumFractionDigits: Math.abs(value) >= 100 ? 0 : 2,
        minimumFractionDigits: Math.abs(value) >= 100 ? 0 : 2
      });
  }
}
function formatResult(result, metric) {
  return formatValue(result.value, metric.unit, resultStyle(result, metric));
}
function resultStyle(result, metric) {
  return { currency: metric.currency, decimals: decimalsFor(result, metric.unit), ...result.scale ? { scale: result.scale } : {} };
}
function formatChange(change, unit, currency) {
  if (change === 0)
    return unit === "percent" || unit === "nps" ? "\xB10 pts" : "\xB10";
  const sign = change > 0 ? "+" : MINUS;
  const size = Math.abs(change);
  switch (unit) {
    case "percent":
    case "nps":
      return `${sign}${size < 0.05 ? size.toFixed(2) : oneDecimal(size)} pts`;
    case "score":
      return `${sign}${size < 0.1 ? size.toFixed(2) : size.toFixed(1)}`;
    default:
      return `${sign}${formatValue(size, unit, { currency })}`;
  }
}
function formatInterval(result, metric) {
  if (!result.interval)
    return void 0;
  const { lo, hi } = result.interval;
  const style = resultStyle(result, metric);
  const d = style.decimals ?? 1;
  if (metric.unit === "percent")
    return `${lo.toFixed(d)}\u2013${hi.toFixed(d)}%`;
  if (metric.unit === "score" || metric.unit === "nps")
    return `${lo.toFixed(d)}\u2013${hi.toFixed(d)}`;
  if (metric.unit === "count")
    return `${grouped(Math.round(lo), 0)}\u2013${grouped(Math.round(hi), 0)}`;
  if (metric.unit === "number")
    return `${formatValue(lo, "number", style)}\u2013${formatValue(hi, "number", style)}`;
  return `${formatValue(lo, metric.unit, style)} \u2013 ${formatValue(hi, metric.unit, style)}`;
}
function describeChange(comparison, metric) {
  const { change, verdict, significant } = comparison;
  if (change === null || verdict === null)
    return void 0;
  if (verdict === "unchanged")
    return "unchanged";
  const moved = `${change > 0 ? "up" : "down"} ${formatChange(change, metric.unit, metric.currency).replace(/^[+\u2212]/, "")}`;
  const judged = verdict === "better" || verdict === "worse" ? verdict : void 0;
  if (significant === false)
    return `${moved} \u2014 within sampling noise`;
  if (significant === true)
    return judged ? `${moved} \u2014 ${judged}, beyond sampling noise` : `${moved} \u2014 beyond sampling noise`;
  return judged ? `${moved} \u2014 ${judged}` : moved;
}
function sampleSize(result, metric) {
  if (metric.unit === "count" && result.n === result.value)
    return void 0;
  return `n = ${result.n.toLocaleString("en-US")}`;
}
function changeArrow(change) {
  if (change === null || change === 0)
    return "\u25AC";
  return change > 0 ? "\u25B2" : "\u25BC";
}
var BARS = "\u2581\u2582\u2583\u2584\u2585\u2586\u2587\u2588";
function sparkline(values) {
  const present = values.filter((v) => v !== null);
  if (present.length === 0)
    return "";
  const min = Math.min(...present);
  const max = Math.max(...present);
  return values.map((v) => {
    if (v === null)
      return " ";
    if (max === min)
      return BARS[3];
    return BARS[Math.round((v - min) / (max - min) * (BARS.length - 1))];
  }).join("");
}
function formatInstant(instant, timeZone) {
  return format(new TZDate(instant.getTime(), timeZone), "d MMM yyyy HH:mm");
}
function stepNoun(unit, count2) {
  if (count2 === 1)
    return `${unit}s`;
  return `${count2}-${unit} periods`;
}
function summaryLine(r) {
  const { metric, result, comparison } = r;
  if (!result)
    return `${metric.name} ${r.current.period.label}: no data`;
  const change = comparison.change !== null ? ` (${changeArrow(comparison.change)} ${formatChange(comparison.change, metric.unit, metric.currency)})` : "";
  return `${metric.name} ${r.current.period.label}: ${formatResult(result, metric)}${change}`;
}
function formatAge(instant, now) {
  const ms = now.getTime() - instant.getTime();
  if (ms < 0)
    return "after now";
  if (ms < 6e4)
    return "just now";
  const minutes = Math.round(ms / 6e4);
  if (minutes < 60)
    return `${minutes} min ago`;
  const hours = Math.round(ms / 36e5);
  if (hours < 48)
    return `${hours} h ago`;
  return `${Math.round(ms / 864e5).toLocaleString("en-US")} days ago`;
}
function filterText(r) {
  return shorten(r.filters.map((f) => `${f.field} = ${f.values.map((v) => shorten(v, VALUE_CHARS)).join(" or ")}`).join(", "), FILTERS_CHARS);
}
var VALUE_CHARS = 60;
var FILTERS_CHARS = 300;
function shorten(text, max) {
  return text.length <= max ? text : `${text.slice(0, Math.max(0, max - 1))}\u2026`;
}
function datesLine(r) {
  return `${r.current.dates} (${r.timeZone})${r.current.partial ? ", so far" : ""}`;
}
function syncText(s, now) {
  const every = formatDuration(Math.round(s.intervalMs / 1e3));
  const last = s.lastSuccessAt ? `last synced ${formatAge(s.lastSuccessAt, now)}` : "not synced yet";
  const error = s.lastError ? `; last error${s.lastErrorAt ? ` (${formatAge(s.lastErrorAt, now)})` : ""}: ${s.lastError}` : "";
  return `${s.source}: ${last} (every ${every})${s.stale ? " \u2014 stale" : ""}${error}`;
}
function againstText(comparison) {
  if (comparison.against === "previous")
    return "the previous period";
  if (comparison.against === "last-year")
    return "the same dates last year";
  const p = comparison.period;
  const days = p ? localDayCount(p) : 1;
  const weeks = Math.max(1, Math.ceil(days / 7));
  return `the same weekday${days > 1 ? "s" : ""} ${weeks === 1 ? "a week" : `${weeks} weeks`} earlier`;
}
function comparisonTitle(against) {
  return { previous: "Previous period", "same-weekday": "Same weekday, a week earlier", "last-year": "Last year" }[against];
}
function noDataText(r) {
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
function skippedText(s, dataset) {
  const undated = s.undated ? ` (and ${count(s.undated)} with no readable date, period unknown)` : "";
  const most = s.reasonCount === s.count ? `all for ${s.reason}` : `most for ${s.reason} (${count(s.reasonCount)})`;
  return `${count(s.count)} row${s.count === 1 ? "" : "s"} of ${dataset} in this period ${s.count === 1 ? "was" : "were"} skipped${undated}, ${most}; they are not in the figures.`;
}
function droppedText(s, dimension) {
  return `${count(s.count)} row${s.count === 1 ? "" : "s"} left out of this ${dimension} breakdown: ${s.reason}.`;
}
function count(n) {
  return n.toLocaleString("en-US");
}
function answerNotes(r) {
  const dropped = r.breakdown?.dropped;
  const skipped = r.skipped && r.noData?.why !== "all-skipped" && !(dropped && dropped.count === r.skipped.count) ? r.skipped : void 0;
  return [...skipped ? [skippedText(skipped, r.metric.dataset)] : [], ...dropped ? [droppedText(dropped, r.breakdown.dimension)] : []];
}
function moverText(r) {
  const mover = r.mover ? r.items.find((i) => "report" in i && i.metricId === r.mover.metricId)?.report : void 0;
  if (!r.mover || !mover)
    return null;
  const change = describeChange(mover.comparison, mover.metric) ?? "changed";
  const size = r.mover.z !== null ? `${Math.abs(r.mover.z).toFixed(1)}\xD7 its sampling noise` : r.mover.relative !== null ? `${Math.round(Math.abs(r.mover.relative) * 100)}% of its previous value` : "";
  return `${mover.metric.name} ${changeArrow(mover.comparison.change)} ${change}${size ? ` (${size})` : ""}`;
}
function digestChange(m) {
  const c = m.comparison;
  if (c.change === null)
    return "no previous data";
  const verdict = c.verdict === "better" || c.verdict === "worse" ? `, ${c.verdict}` : "";
  return `${changeArrow(c.change)} ${formatChange(c.change, m.metric.unit, m.metric.currency)}${verdict}${c.significant === false ? " (noise)" : ""}`;
}
function digestRows(r) {
  return r.items.map((item) => {
    if (!("report" in item))
      return { metricId: item.metricId, name: item.name, figure: item.error.cause === "source" ? "source unavailable" : item.error.message, change: "", n: "", report: null };
    const m = item.report;
    if (!m.result)
      return { metricId: item.metricId, name: m.metric.name, figure: "no data", change: "", n: "", report: m };
    return { metricId: item.metricId, name: m.metric.name, figure: formatResult(m.result, m.metric), change: digestChange(m), n: sampleSize(m.result, m.metric)?.replace("n = ", "") ?? "", report: m };
  });
}
function pinnedCommand(r) {
  const p = r.current.period;
  const [id, label] = r.command.split(" ");
  if (label !== p.label)
    return r.command;
  return `${id} ${periodLabel(p.start, p.end, p.timeZone)}${r.command.slice(`${id} ${label}`.length)}`;
}

export {
  formatDuration,
  formatValue,
  formatResult,
  formatChange,
  formatInterval,
  describeChange,
  sampleSize,
  changeArrow,
  sparkline,
  formatInstant,
  stepNoun,
  summaryLine,
  formatAge,
  filterText,
  shorten,
  datesLine,
  syncText,
  againstText,
  comparisonTitle,
  noDataText,
  answerNotes,
  moverText,
  digestChange,
  digestRows,
  pinnedCommand
};

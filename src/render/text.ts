/**
 * Report → plain text, for the console and as the fallback text of chat
 * messages. Pure: everything it shows is in the report.
 */
import type { DefineReport, ErrorReport, HelpReport, MetricReport, Report } from "../report.ts";
import type { AlertReport, AlertRuleView, DigestReport, DigestView, ManageReport, MetricInfo } from "../report.ts";
import type { AlertCondition } from "../store/store.ts";
import type { Comparison } from "../periods/types.ts";
import { neededFields } from "../errors.ts";
import type { SourcesReport } from "../report.ts";
import {
  againstText,
  answerNotes,
  noDataText,
  changeArrow,
  datesLine,
  describeChange,
  filterText,
  formatAge,
  formatInstant,
  formatInterval,
  formatResult,
  formatValue,
  formatChange,
  formatDuration,
  digestChange,
  moverText,
  shorten,
  sampleSize,
  sparkline,
  syncText,
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
    case "manage":
      return manageText(report);
    case "digest":
      return digestText(report);
    case "alert":
      return alertText(report);
    case "sources":
      return sourcesText(report);
  }
}

function metricText(r: MetricReport): string {
  const { metric, result, comparison } = r;
  const lines: string[] = [];
  const filters = filterText(r);
  lines.push(`${metric.name} — ${r.current.period.label}${filters ? ` where ${filters}` : ""}`);
  lines.push(datesLine(r));
  if (r.readAs) lines.push(readAsLine(r.readAs));
  lines.push("");

  if (!result) {
    lines.push(`No data: ${noDataText(r)}`);
  } else {
    const details = [sampleSize(result, metric), formatInterval(result, metric)?.replace(/^/, "95% interval ")].filter(Boolean);
    lines.push([formatResult(result, metric), details.join(" · ")].filter(Boolean).join("   "));
    for (const extra of result.extras ?? []) {
      lines.push(`  ${extra.label}: ${formatValue(extra.value, extra.unit, { currency: metric.currency })}`);
    }
    if (result.note) lines.push(`  (${result.note})`);
  }

  const against = againstText(comparison);
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

  const notes = answerNotes(r);
  if (notes.length > 0) lines.push("", ...notes);

  lines.push("");
  lines.push(`${metric.name}: ${metric.formula}.`);
  lines.push(r.freshness ? `Data up to ${formatInstant(r.freshness, r.timeZone)} ${r.timeZone}.` : "No records in this dataset yet.");
  return lines.join("\n");
}

function helpText(r: HelpReport): string {
  const width = Math.max(...r.metrics.map((m) => m.id.length));
  return [
    "Ask for a metric, a period, and optionally a breakdown, a comparison or a filter:",
    "  <metric> [period] [by <dimension>] [vs previous|same-weekday|last-year] [where <field>=<value>]",
    "",
    "Examples:",
    ...r.examples.map((e) => `  ${e}`),
    "",
    "Metrics:",
    ...r.metrics.map((m) => `  ${m.id.padEnd(width)}  ${m.name}${m.aliases.length ? ` (also: ${m.aliases.slice(0, 3).join(", ")})` : ""}`),
    "",
    `Periods: ${r.periods.join(", ")}`,
    "`define <metric>` explains a metric: its formula, scale, direction and how fresh its data is.",
    "Digests: `digest add daily 09:00 csat nps frt [vs previous|same-weekday|last-year]`, `digest preview [<id>]`, `digest send <id>`, `digest list`; alerts: `alert add csat < 80% over last-7-days`, `alert list`.",
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
    `Data: the ${m.dataset} dataset${r.freshness ? `, latest record ${formatInstant(r.freshness, r.timeZone ?? "UTC")} ${r.timeZone ?? "UTC"}` : ", no records yet"}.`,
    ...(r.dimensions.length ? [`Break down or filter by: ${r.dimensions.join(", ")}.`] : []),
    ...(m.aliases.length ? [`Also called: ${m.aliases.join(", ")}.`] : []),
    `Try: ${r.examples.join(" · ")}`,
  ].join("\n");
}

function errorText(r: ErrorReport): string {
  // A question with several readings: each as a command to type.
  if (r.choices && r.choices.length > 0) return [r.message, "Type one of:", ...r.choices.map((c) => `  ${c.command}`)].join("\n");
  return r.hint ? `${r.message}\n${r.hint}` : r.message;
}

// ---- digests and alerts ------------------------------------------------------

const OP_WORDS: Record<"<" | "<=" | ">" | ">=", string> = { ">": "above", ">=": "at or above", "<": "below", "<=": "at or below" };

/** "Churn rate above 5.0%", "CSAT drops by 5 pts vs the same weekday a week earlier" (`against`: the rule's comparison). */
/**
 * How a question was read, for a person to check and correct.
 * @example readAsLine("csat last-week where channel=email") // "Read as: csat last-week where channel=email"
 */
export function readAsLine(command: string): string {
  return `Read as: ${command}`;
}

export function conditionText(metric: MetricInfo, condition: AlertCondition, comparison: Comparison = "previous"): string {
  if (condition.kind === "threshold") {
    return `${metric.name} ${OP_WORDS[condition.op]} ${formatValue(condition.value, metric.unit, { currency: metric.currency })}`;
  }
  const against = againstText({ against: comparison });
  return `${metric.name} ${condition.direction} by ${changeAmountText(metric, condition.unit, condition.by)} vs ${against}`;
}

/** A rule's change amount in its unit: "5 pts", "10%", "14 min". */
export function changeAmountText(metric: MetricInfo, unit: "pts" | "%" | "abs", amount: number): string {
  const rounded = Math.round(amount * 10) / 10;
  if (unit === "pts") return `${rounded} pts`;
  if (unit === "%") return `${rounded}%`;
  return formatChange(amount, metric.unit, metric.currency).replace(/^[+\u2212]/, "");
}

const STATUS_WORDS: Record<NonNullable<AlertRuleView["status"]>, string> = {
  ok: "ok",
  pending: "pending (breaching, not firing yet)",
  firing: "FIRING",
  resolved: "resolved",
  no_data: "no data",
  source_error: "source error",
};

/** A rule's filters as listed: what people typed, cut so that a list stays a list. */
const RULE_FILTER_CHARS = 120;

function at(instant: Date, timeZone: string): string {
  return `${formatInstant(instant, timeZone)} (${timeZone})`;
}

/** " vs same-weekday" as a digest or rule is listed; " (by default)" when nobody chose it: its period's rhythm. */
function vsWords(item: DigestView | AlertRuleView): string {
  return item.comparison ? ` vs ${item.comparison}${item.comparisonChosen ? "" : " (by default)"}` : "";
}

function digestItemLine(d: DigestView, here: string): string {
  const state = d.paused ? "paused" : d.schedule.next ? `next ${at(d.schedule.next, d.schedule.timeZone)}` : "no further runs";
  const where = d.channel === here ? "" : ` · posts in ${d.channel}`;
  return `${d.id}  ${d.schedule.words} (${d.schedule.timeZone}) · ${d.metrics.map((m) => m.id).join(", ")} for ${d.period}${vsWords(d)} · ${state}${where}`;
}

function alertItemLines(a: AlertRuleView, here: string): string[] {
  const scope = `${a.period}${a.filters ? ` where ${shorten(a.filters, RULE_FILTER_CHARS)}` : ""}`;
  const state = a.muted ? "muted" : a.status ? STATUS_WORDS[a.status] : "not checked yet";
  const extras = [
    a.snoozedUntil && !a.muted ? `snoozed until ${at(a.snoozedUntil, a.schedule.timeZone)}` : "",
    a.acknowledgedBy && a.status === "firing" ? `acknowledged by ${a.acknowledgedBy}` : "",
  ].filter(Boolean);
  const next = !a.muted && a.schedule.next ? ` · next check ${at(a.schedule.next, a.schedule.timeZone)}` : "";
  const where = a.channel === here ? "" : ` · posts in ${a.channel}`;
  return [
    `${a.id}  ${conditionText(a.metric, a.condition, a.comparison)} over ${scope}${a.condition.kind === "threshold" && a.comparisonChosen ? vsWords(a) : ""} · ${state}${extras.length ? ` (${extras.join(", ")})` : ""}`,
    `       checked ${a.schedule.words} (${a.schedule.timeZone})${next} · min-n ${a.minN} · for ${a.forChecks} · cooldown ${a.cooldownMs > 0 ? formatDuration(a.cooldownMs / 1000) : "none"}${where}`,
  ];
}

function manageText(r: ManageReport): string {
  const noun = r.subject;
  if (r.action === "list") {
    if (r.items.length === 0) {
      return noun === "digest"
        ? "No digests yet.\nAn admin can add one, e.g. `digest add daily 09:00` or `digest add weekly mon 09:00 metrics csat,nps`."
        : "No alerts yet.\nAn admin can add one, e.g. `alert add csat < 80% over last-7-days` or `alert add churn_rate > 5% over last-30-days`.";
    }
    const lines = r.items.flatMap((item) => (item.kind === "digest" ? [digestItemLine(item, r.channel)] : alertItemLines(item, r.channel)));
    const hint = noun === "digest" ? "Admins: `digest pause|resume|remove <id>`." : "Admins: `alert mute|unmute|remove|snooze <id>`; anyone: `alert ack <id>`.";
    const title = noun === "digest" ? "Digests" : "Alerts";
    const page = r.page;
    if (!page || page.pages === 1) return [`${title} (${r.items.length}):`, ...lines.map((l) => `  ${l}`), "", hint].join("\n");
    const last = page.first + r.items.length - 1;
    const after = page.total - last;
    const more = after > 0 ? `${after} more — use \`${noun} list ${page.number + 1}\` (page ${page.number + 1} of ${page.pages}).` : `That is the last page; \`${noun} list\` starts again.`;
    return [`${title} ${page.first}–${last} of ${page.total}:`, ...lines.map((l) => `  ${l}`), "", more, hint].join("\n");
  }
  const item = r.items[0];
  if (!item) return `Done: ${noun} ${r.action}.`;
  if (item.kind === "digest") {
    const what = `${item.metrics.map((m) => m.name).join(", ")} for ${item.period}${vsWords(item)}, ${item.schedule.words} (${item.schedule.timeZone})`;
    switch (r.action) {
      case "added":
        return [
          `Digest ${item.id} added: ${what}, posted here.`,
          item.schedule.next ? `First one: ${at(item.schedule.next, item.schedule.timeZone)}.` : "It has no scheduled runs.",
          `Pause it with \`digest pause ${item.id}\`, remove it with \`digest remove ${item.id}\`.`,
        ].join("\n");
      case "sent":
        return `Digest ${item.id} is being posted now${item.channel === r.channel ? " here" : ` in ${item.channel}`} (${what}).${item.paused ? "\nIt stays paused: this was a one-off." : ""}`;
      case "paused":
        return `Digest ${item.id} paused (${what}).\nResume it with \`digest resume ${item.id}\`.`;
      case "resumed":
        return `Digest ${item.id} resumed: ${what}.${item.schedule.next ? `\nNext: ${at(item.schedule.next, item.schedule.timeZone)}.` : ""}`;
      default:
        return `Digest ${item.id} removed (${what}).`;
    }
  }
  const rule = `${conditionText(item.metric, item.condition, item.comparison)} over ${item.period}${item.filters ? ` where ${shorten(item.filters, RULE_FILTER_CHARS)}` : ""}`;
  switch (r.action) {
    case "added":
      return [
        `Alert ${item.id} added: ${rule}.`,
        `Checked ${item.schedule.words} (${item.schedule.timeZone})${item.schedule.next ? `, first at ${at(item.schedule.next, item.schedule.timeZone)}` : ""}; fires after ${item.forChecks} breaching check${item.forChecks === 1 ? "" : "s"} in a row, with at least ${item.minN} record${item.minN === 1 ? "" : "s"}; repeats at most every ${item.cooldownMs > 0 ? formatDuration(item.cooldownMs / 1000) : "check"} while it lasts.`,
        `Mute it with \`alert mute ${item.id}\`, remove it with \`alert remove ${item.id}\`.`,
      ].join("\n");
    case "muted":
      return `Alert ${item.id} muted: it will not be checked (${rule}).\nUnmute it with \`alert unmute ${item.id}\`.`;
    case "unmuted":
      return `Alert ${item.id} unmuted: ${rule}.${item.schedule.next ? `\nNext check: ${at(item.schedule.next, item.schedule.timeZone)}.` : ""}`;
    case "acknowledged":
      return `Alert ${item.id} acknowledged${item.acknowledgedBy ? ` by ${item.acknowledgedBy}` : ""}: no repeats until it resolves (${rule}).`;
    case "snoozed":
      return `Alert ${item.id} snoozed${item.snoozedUntil ? ` until ${at(item.snoozedUntil, item.schedule.timeZone)}` : ""}: nothing is posted for it until then, except a recovery (${rule}).`;
    default:
      return `Alert ${item.id} removed (${rule}).`;
  }
}

/** A digest's warnings about help desks whose copy is stale, a line each, the same on every platform. */
export function staleDigestLines(r: DigestReport): string[] {
  return (r.stale ?? []).map((s) => `⚠ Stale data — ${syncText(s, r.builtAt ?? r.scheduledAt)}. Figures may miss the latest records.`);
}

function digestText(r: DigestReport): string {
  const first = r.items.find((i): i is { metricId: string; report: MetricReport } => "report" in i)?.report;
  const dates = first ? `${first.current.dates}${first.current.partial ? ", so far" : ""}` : r.period;
  const against = first ? ` · vs ${first.comparison.dates}` : "";
  const lines = [`Digest ${r.digestId} — ${r.period}: ${dates} (${r.timeZone})${against}`];
  lines.push(...staleDigestLines(r));
  const mover = moverText(r);
  lines.push(mover ? `Largest mover: ${mover}` : `Nothing to compare with ${first ? againstText(first.comparison) : "the previous period"}.`);
  lines.push("");
  const names = r.items.map((i) => ("report" in i ? i.report.metric.name : i.name));
  const width = Math.min(28, Math.max(...names.map((n) => n.length)));
  r.items.forEach((item, i) => {
    const name = names[i]!.padEnd(width);
    if ("error" in item) {
      lines.push(`${name}  ${item.error.cause === "source" ? "source unavailable" : item.error.message}`);
      return;
    }
    const m = item.report;
    if (!m.result) {
      lines.push(`${name}  no data`);
      return;
    }
    const value = formatResult(m.result, m.metric).padEnd(11);
    const change = digestChange(m);
    const spark = sparkline(m.trend.map((t) => t.value));
    lines.push(`${name}  ${value} ${change.padEnd(26)} ${spark}`.trimEnd());
  });
  if (r.unavailable && r.unavailable.length > 0) lines.push("", unavailableDigestLine(r.unavailable));
  const vs = r.comparison && r.comparison !== "previous" ? ` vs ${r.comparison}` : "";
  lines.push("", `Ask \`${r.items[0]?.metricId ?? r.unavailable?.[0]?.metricId ?? "csat"} ${r.period}${vs}\` (or any metric) for the detail behind a line.`);
  return lines.join("\n");
}

/**
 * The metrics a digest left out, in one line.
 * @example "Left out, not available from your data: Ticket backlog, Resolution rate (they need `resolved_at` in tickets). `sources` says how to map it."
 */
export function unavailableDigestLine(unavailable: NonNullable<DigestReport["unavailable"]>): string {
  const names = unavailable.map((u) => u.name).join(", ");
  const fields = unavailable.flatMap((u) => u.missing).filter((m, i, all) => all.findIndex((o) => o.dataset === m.dataset && o.field === m.field) === i);
  return `Left out, not available from your data: ${names} (${unavailable.length === 1 ? "it needs" : "they need"} ${neededFields(fields)}). \`sources\` says how to map ${fields.length === 1 ? "it" : "them"}.`;
}

function alertText(r: AlertReport): string {
  const rule = r.rule;
  const m = rule.metric;
  const tz = rule.schedule.timeZone;
  const cond = conditionText(m, rule.condition, r.comparison?.against ?? rule.comparison);
  const scope = `${rule.period}${rule.filters ? ` where ${rule.filters}` : ""}`;
  const value = r.value ? formatResult(r.value, m) : null;
  const lines: string[] = [];
  const figure = (): string => {
    if (!r.value || !value) return "";
    if (rule.condition.kind === "change" && r.comparison?.result) {
      const moved = r.moved !== null ? `${rule.condition.direction === "drops" ? "dropped" : "rose"} ${changeAmountText(m, rule.condition.unit, Math.abs(r.moved))}` : "moved";
      return `${m.name} ${moved} (${formatResult(r.comparison.result, m)} → ${value})`;
    }
    return `${m.name} is ${value}`;
  };
  const tail = cond.slice(m.name.length + 1);
  const judged = rule.condition.kind === "threshold" ? `${figure()}, ${tail}` : `${figure()} — rule: ${tail}`;
  switch (r.notice) {
    case "firing":
      lines.push(`FIRING · alert ${rule.id}: ${judged}`);
      break;
    case "repeat":
      lines.push(`STILL FIRING · alert ${rule.id}${r.firedAt ? ` (since ${at(r.firedAt, tz)})` : ""}: ${judged}`);
      break;
    case "resolved":
      lines.push(`RESOLVED · alert ${rule.id}: ${figure()} — no longer ${tail}`);
      break;
    case "no_data":
      lines.push(`NO DATA · alert ${rule.id} (${cond} over ${scope}): nothing to judge${r.current ? ` in ${r.current.dates}` : ""}.`);
      lines.push("This is not a breach; the rule judges again as soon as there is data.");
      break;
    case "source_error":
      lines.push(`SOURCE ERROR · alert ${rule.id} (${cond} over ${scope}): the data source${r.source ? ` (${r.source})` : ""} could not be read at ${at(r.checkedAt, tz)}.`);
      lines.push(`This is not a breach and not "no data"; the rule is checked again${rule.schedule.next ? ` at ${at(rule.schedule.next, tz)}` : " at its next run"}.`);
      break;
  }
  if (r.notice === "firing" || r.notice === "repeat" || r.notice === "resolved") {
    const n = r.value ? sampleSize(r.value, m) : undefined;
    lines.push(`${scope}${r.current ? `: ${r.current.dates}` : ""} (${tz}) · ${[n, `checked ${formatInstant(r.checkedAt, tz)}`].filter(Boolean).join(" · ")}`);
    if (rule.condition.kind === "threshold" && r.comparison?.result) {
      const change = describeChange(r.comparison, m);
      const against = againstText(r.comparison);
      lines.push(`vs ${against} (${r.comparison.dates}): ${formatResult(r.comparison.result, m)}${change ? ` (${changeArrow(r.comparison.change)} ${change})` : ""}`);
    }
  }
  if (r.evidence) {
    const e = r.evidence;
    const seg = e.segment;
    const key = seg.key ?? "(none)";
    const was = seg.previous ? `was ${formatResult(seg.previous, m)}, ${formatChange(seg.change ?? 0, m.unit, m.currency)}` : "new this period";
    lines.push("", `Moved most: ${seg.dimension} = ${key}, ${formatResult(seg.current, m)} (${was}; ${seg.share.toFixed(0)}% of records)`);
    if (e.items) {
      const rows = e.items.rows.map((row) => `${row.key ?? "(none)"} ${formatResult(row.result, m)}${sampleSize(row.result, m) ? ` (${sampleSize(row.result, m)})` : ""}`);
      lines.push(`${e.items.within ? `Worst ${e.items.dimension} within ${seg.dimension} = ${key}` : `Worst other ${e.items.dimension}s`}: ${rows.join(" · ")}`);
    }
  }
  if (r.notice === "firing" || r.notice === "repeat") {
    lines.push("", `Look closer: \`${r.command}\``);
    lines.push(`Acknowledge: \`alert ack ${rule.id}\` · snooze: \`alert snooze ${rule.id} 24h\` · mute: \`alert mute ${rule.id}\``);
  }
  return lines.join("\n");
}

/**
 * Metrics the data cannot answer, grouped by what they lack: "cannot answer backlog, resolution_rate: tickets has no `resolved_at`",
 * then how to provide each field, once.
 */
function unavailableLines(cannot: NonNullable<SourcesReport["datasets"][number]["unavailable"]>): string[] {
  const byWhy = new Map<string, string[]>();
  const fixes = new Map<string, string>();
  for (const c of cannot) {
    const why = c.missing.map((m) => m.why).join("; ");
    byWhy.set(why, [...(byWhy.get(why) ?? []), c.metric]);
    for (const m of c.missing) fixes.set(`${m.dataset}.${m.field}`, m.fix);
  }
  return [...[...byWhy].map(([why, metrics]) => `cannot answer ${metrics.join(", ")}: ${why}`), ...[...fixes.values()].map((f) => `  → ${f}`)];
}

function sourcesText(r: SourcesReport): string {
  const lines = [`Data sources — ${r.connector}`, `Times in ${r.timeZone}.`];
  const empty: string[] = [];
  for (const d of r.datasets) {
    if (d.source === null) {
      empty.push(d.dataset);
      continue;
    }
    const skippedTotal = d.skipped.reduce((a, s) => a + s.count, 0);
    const used = `${d.rows.toLocaleString("en-US")} row${d.rows === 1 ? "" : "s"} used`;
    const skipped =
      skippedTotal > 0
        ? `; ${skippedTotal.toLocaleString("en-US")} skipped: ${d.skipped.map((s) => `${s.reason} ${s.count.toLocaleString("en-US")}`).join(", ")}`
        : "; none skipped";
    lines.push("", `${d.dataset} — ${d.row}`, `  from ${d.source}`);
    // A file that could not be used: the dataset does not answer until it is fixed.
    for (const p of d.problems) lines.push(`  ⚠ ${p}`);
    if (d.problems.length > 0) lines.push(`  questions about ${d.dataset} answer with this until the file is fixed`);
    lines.push(`  ${used}${skipped}`);
    if (d.firstAt && d.latestAt) {
      lines.push(
        `  covers ${formatInstant(d.firstAt, r.timeZone)} – ${formatInstant(d.latestAt, r.timeZone)}; latest record ${formatAge(d.latestAt, r.now)}`,
      );
    }
    const cannot = d.unavailable ?? [];
    const can = d.metrics.filter((m) => !cannot.some((c) => c.metric === m));
    if (cannot.length === 0 && d.metrics.length > 0) lines.push(`  metrics: ${d.metrics.join(", ")}`);
    if (cannot.length > 0) {
      lines.push(`  can answer: ${can.length > 0 ? can.join(", ") : "none"}`);
      lines.push(...unavailableLines(cannot).map((l) => `  ${l}`));
    }
  }
  if (empty.length > 0) lines.push("", `No data: ${empty.join(", ")}.`);
  if (r.syncs && r.syncs.length > 0) lines.push("", "Help desks (a copy is kept here, so answers never wait on them):", ...r.syncs.map((s) => `  ${syncText(s, r.now)}`));
  return lines.join("\n");
}

import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);
import {
  againstText,
  answerNotes,
  changeArrow,
  datesLine,
  describeChange,
  digestChange,
  filterText,
  formatAge,
  formatChange,
  formatDuration,
  formatInstant,
  formatInterval,
  formatResult,
  formatValue,
  moverText,
  noDataText,
  sampleSize,
  shorten,
  sparkline,
  stepNoun,
  syncText
} from "./chunk-EHXIIG3R.js";
import {
  neededFields
} from "./chunk-LJ4WEFEH.js";

// dist/src/render/text.js
var TEXT_BREAKDOWN_ROWS = 15;
function renderText(report) {
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
function metricText(r) {
  const { metric, result, comparison } = r;
  const lines = [];
  const filters = filterText(r);
  lines.push(`${metric.name} \u2014 ${r.current.period.label}${filters ? ` where ${filters}` : ""}`);
  lines.push(datesLine(r));
  lines.push("");
  if (!result) {
    lines.push(`No data: ${noDataText(r)}`);
  } else {
    const details = [sampleSize(result, metric), formatInterval(result, metric)?.replace(/^/, "95% interval ")].filter(Boolean);
    lines.push([formatResult(result, metric), details.join(" \xB7 ")].filter(Boolean).join("   "));
    for (const extra of result.extras ?? []) {
      lines.push(`  ${extra.label}: ${formatValue(extra.value, extra.unit, { currency: metric.currency })}`);
    }
    if (result.note)
      lines.push(`  (${result.note})`);
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
      const share = row.share !== void 0 ? ` (${row.share.toFixed(1)}%)` : "";
      const size = row.result ? sampleSize(row.result, metric) : void 0;
      const n = size ? `   ${size}` : "";
      lines.push(`${String(i + 1).padStart(3)}. ${key}  ${value.padStart(12)}${share}${n}`);
    });
    const more = r.breakdown.rows.length - shown.length;
    if (more > 0)
      lines.push(`     \u2026 and ${more} more`);
  }
  const notes = answerNotes(r);
  if (notes.length > 0)
    lines.push("", ...notes);
  lines.push("");
  lines.push(`${metric.name}: ${metric.formula}.`);
  lines.push(r.freshness ? `Data up to ${formatInstant(r.freshness, r.timeZone)} ${r.timeZone}.` : "No records in this dataset yet.");
  return lines.join("\n");
}
function helpText(r) {
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
    "Digests: `digest add daily 09:00 csat nps frt [vs previous|same-weekday|last-year]`, `digest preview [<id>]`, `digest send <id>`, `digest list`; alerts: `alert add csat < 80% over last-7-days`, `alert list`."
  ].join("\n");
}
function defineText(r) {
  const m = r.metric;
  const direction = { higher: "higher is better", lower: "lower is better", neutral: "neither higher nor lower is better" }[m.direction];
  return [
    `${m.name} (${m.id})`,
    `Formula: ${m.formula}.`,
    ...r.scale ? [`Scale: ${r.scale}.`] : [],
    `Direction: ${direction}.`,
    `Data: the ${m.dataset} dataset${r.freshness ? `, latest record ${formatInstant(r.freshness, r.timeZone ?? "UTC")} ${r.timeZone ?? "UTC"}` : ", no records yet"}.`,
    ...r.dimensions.length ? [`Break down or filter by: ${r.dimensions.join(", ")}.`] : [],
    ...m.aliases.length ? [`Also called: ${m.aliases.join(", ")}.`] : [],
    `Try: ${r.examples.join(" \xB7 ")}`
  ].join("\n");
}
function errorText(r) {
  return r.hint ? `${r.message}
${r.hint}` : r.message;
}
var OP_WORDS = { ">": "above", ">=": "at or above", "<": "below", "<=": "at or below" };
function conditionText(metric, condition, comparison = "previous") {
  if (condition.kind === "threshold") {
    return `${metric.name} ${OP_WORDS[condition.op]} ${formatValue(condition.value, metric.unit, { currency: metric.currency })}`;
  }
  const against = againstText({ against: comparison });
  return `${metric.name} ${condition.direction} by ${changeAmountText(metric, condition.unit, condition.by)} vs ${against}`;
}
function changeAmountText(metric, unit, amount) {
  const rounded = Math.round(amount * 10) / 10;
  if (unit === "pts")
    return `${rounded} pts`;
  if (unit === "%")
    return `${rounded}%`;
  return formatChange(amount, metric.unit, metric.currency).replace(/^[+\u2212]/, "");
}
var STATUS_WORDS = {
  ok: "ok",
  pending: "pending (breaching, not firing yet)",
  firing: "FIRING",
  resolved: "resolved",
  no_data: "no data",
  source_error: "source error"
};
var RULE_FILTER_CHARS = 120;
function at(instant, timeZone) {
  return `${formatInstant(instant, timeZone)} (${timeZone})`;
}
function vsWords(item) {
  return item.comparison ? ` vs ${item.comparison}${item.comparisonChosen ? "" : " (by default)"}` : "";
}
function digestItemLine(d, here) {
  const state = d.paused ? "paused" : d.schedule.next ? `next ${at(d.schedule.next, d.schedule.timeZone)}` : "no further runs";
  const where = d.channel === here ? "" : ` \xB7 posts in ${d.channel}`;
  return `${d.id}  ${d.schedule.words} (${d.schedule.timeZone}) \xB7 ${d.metrics.map((m) => m.id).join(", ")} for ${d.period}${vsWords(d)} \xB7 ${state}${where}`;
}
function alertItemLines(a, here) {
  const scope = `${a.period}${a.filters ? ` where ${shorten(a.filters, RULE_FILTER_CHARS)}` : ""}`;
  const state = a.muted ? "muted" : a.status ? STATUS_WORDS[a.status] : "not checked yet";
  const extras = [
    a.snoozedUntil && !a.muted ? `snoozed until ${at(a.snoozedUntil, a.schedule.timeZone)}` : "",
    a.acknowledgedBy && a.status === "firing" ? `acknowledged by ${a.acknowledgedBy}` : ""
  ].filter(Boolean);
  const next = !a.muted && a.schedule.next ? ` \xB7 next check ${at(a.schedule.next, a.schedule.timeZone)}` : "";
  const where = a.channel === here ? "" : ` \xB7 posts in ${a.channel}`;
  return [
    `${a.id}  ${conditionText(a.metric, a.condition, a.comparison)} over ${scope}${a.condition.kind === "threshold" && a.comparisonChosen ? vsWords(a) : ""} \xB7 ${state}${extras.length ? ` (${extras.join(", ")})` : ""}`,
    `       checked ${a.schedule.words} (${a.schedule.timeZone})${next} \xB7 min-n ${a.minN} \xB7 for ${a.forChecks} \xB7 cooldown ${a.cooldownMs > 0 ? formatDuration(a.cooldownMs / 1e3) : "none"}${where}`
  ];
}
function manageText(r) {
  const noun = r.subject;
  if (r.action === "list") {
    if (r.items.length === 0) {
      return noun === "digest" ? "No digests yet.\nAn admin can add one, e.g. `digest add daily 09:00` or `digest add weekly mon 09:00 metrics csat,nps`." : "No alerts yet.\nAn admin can add one, e.g. `alert add csat < 80% over last-7-days` or `alert add churn_rate > 5% over last-30-days`.";
    }
    const lines = r.items.flatMap((item2) => item2.kind === "digest" ? [digestItemLine(item2, r.channel)] : alertItemLines(item2, r.channel));
    const hint = noun === "digest" ? "Admins: `digest pause|resume|remove <id>`." : "Admins: `alert mute|unmute|remove|snooze <id>`; anyone: `alert ack <id>`.";
    const title = noun === "digest" ? "Digests" : "Alerts";
    const page = r.page;
    if (!page || page.pages === 1)
      return [`${title} (${r.items.length}):`, ...lines.map((l) => `  ${l}`), "", hint].join("\n");
    const last = page.first + r.items.length - 1;
    const after = page.total - last;
    const more = after > 0 ? `${after} more \u2014 use \`${noun} list ${page.number + 1}\` (page ${page.number + 1} of ${page.pages}).` : `That is the last page; \`${noun} list\` starts again.`;
    return [`${title} ${page.first}\u2013${last} of ${page.total}:`, ...lines.map((l) => `  ${l}`), "", more, hint].join("\n");
  }
  const item = r.items[0];
  if (!item)
    return `Done: ${noun} ${r.action}.`;
  if (item.kind === "digest") {
    const what = `${item.metrics.map((m) => m.name).join(", ")} for ${item.period}${vsWords(item)}, ${item.schedule.words} (${item.schedule.timeZone})`;
    switch (r.action) {
      case "added":
        return [
          `Digest ${item.id} added: ${what}, posted here.`,
          item.schedule.next ? `First one: ${at(item.schedule.next, item.schedule.timeZone)}.` : "It has no scheduled runs.",
          `Pause it with \`digest pause ${item.id}\`, remove it with \`digest remove ${item.id}\`.`
        ].join("\n");
      case "sent":
        return `Digest ${item.id} is being posted now${item.channel === r.channel ? " here" : ` in ${item.channel}`} (${what}).${item.paused ? "\nIt stays paused: this was a one-off." : ""}`;
      case "paused":
        return `Digest ${item.id} paused (${what}).
Resume it with \`digest resume ${item.id}\`.`;
      case "resumed":
        return `Digest ${item.id} resumed: ${what}.${item.schedule.next ? `
Next: ${at(item.schedule.next, item.schedule.timeZone)}.` : ""}`;
      default:
        return `Digest ${item.id} removed (${what}).`;
    }
  }
  const rule = `${conditionText(item.metric, item.condition, item.comparison)} over ${item.period}${item.filters ? ` where ${shorten(item.filters, RULE_FILTER_CHARS)}` : ""}`;
  switch (r.action) {
    case "added":
      return [
        `Alert ${item.id} added: ${rule}.`,
        `Checked ${item.schedule.words} (${item.schedule.timeZone})${item.schedule.next ? `, first at ${at(item.schedule.next, item.schedule.timeZone)}` : ""}; fires after ${item.forChecks} breaching check${item.forChecks === 1 ? "" : "s"} in a row, with at least ${item.minN} record${item.minN === 1 ? "" : "s"}; repeats at most every ${item.cooldownMs > 0 ? formatDuration(item.cooldownMs / 1e3) : "check"} while it lasts.`,
        `Mute it with \`alert mute ${item.id}\`, remove it with \`alert remove ${item.id}\`.`
      ].join("\n");
    case "muted":
      return `Alert ${item.id} muted: it will not be checked (${rule}).
Unmute it with \`alert unmute ${item.id}\`.`;
    case "unmuted":
      return `Alert ${item.id} unmuted: ${rule}.${item.schedule.next ? `
Next check: ${at(item.schedule.next, item.schedule.timeZone)}.` : ""}`;
    case "acknowledged":
      return `Alert ${item.id} acknowledged${item.acknowledgedBy ? ` by ${item.acknowledgedBy}` : ""}: no repeats until it resolves (${rule}).`;
    case "snoozed":
      return `Alert ${item.id} snoozed${item.snoozedUntil ? ` until ${at(item.snoozedUntil, item.schedule.timeZone)}` : ""}: nothing is posted for it until then, except a recovery (${rule}).`;
    default:
      return `Alert ${item.id} removed (${rule}).`;
  }
}
function staleDigestLines(r) {
  return (r.stale ?? []).map((s) => `\u26A0 Stale data \u2014 ${syncText(s, r.builtAt ?? r.scheduledAt)}. Figures may miss the latest records.`);
}
function digestText(r) {
  const first = r.items.find((i) => "report" in i)?.report;
  const dates = first ? `${first.current.dates}${first.current.partial ? ", so far" : ""}` : r.period;
  const against = first ? ` \xB7 vs ${first.comparison.dates}` : "";
  const lines = [`Digest ${r.digestId} \u2014 ${r.period}: ${dates} (${r.timeZone})${against}`];
  lines.push(...staleDigestLines(r));
  const mover = moverText(r);
  lines.push(mover ? `Largest mover: ${mover}` : `Nothing to compare with ${first ? againstText(first.comparison) : "the previous period"}.`);
  lines.push("");
  const names = r.items.map((i) => "report" in i ? i.report.metric.name : i.name);
  const width = Math.min(28, Math.max(...names.map((n) => n.length)));
  r.items.forEach((item, i) => {
    const name = names[i].padEnd(width);
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
  if (r.unavailable && r.unavailable.length > 0)
    lines.push("", unavailableDigestLine(r.unavailable));
  const vs = r.comparison && r.comparison !== "previous" ? ` vs ${r.comparison}` : "";
  lines.push("", `Ask \`${r.items[0]?.metricId ?? r.unavailable?.[0]?.metricId ?? "csat"} ${r.period}${vs}\` (or any metric) for the detail behind a line.`);
  return lines.join("\n");
}
function unavailableDigestLine(unavailable) {
  const names = unavailable.map((u) => u.name).join(", ");
  const fields = unavailable.flatMap((u) => u.missing).filter((m, i, all) => all.findIndex((o) => o.dataset === m.dataset && o.field === m.field) === i);
  return `Left out, not available from your data: ${names} (${unavailable.length === 1 ? "it needs" : "they need"} ${neededFields(fields)}). \`sources\` says how to map ${fields.length === 1 ? "it" : "them"}.`;
}
function alertText(r) {
  const rule = r.rule;
  const m = rule.metric;
  const tz = rule.schedule.timeZone;
  const cond = conditionText(m, rule.condition, r.comparison?.against ?? rule.comparison);
  const scope = `${rule.period}${rule.filters ? ` where ${rule.filters}` : ""}`;
  const value = r.value ? formatResult(r.value, m) : null;
  const lines = [];
  const figure = () => {
    if (!r.value || !value)
      return "";
    if (rule.condition.kind === "change" && r.comparison?.result) {
      const moved = r.moved !== null ? `${rule.condition.direction === "drops" ? "dropped" : "rose"} ${changeAmountText(m, rule.condition.unit, Math.abs(r.moved))}` : "moved";
      return `${m.name} ${moved} (${formatResult(r.comparison.result, m)} \u2192 ${value})`;
    }
    return `${m.name} is ${value}`;
  };
  const tail = cond.slice(m.name.length + 1);
  const judged = rule.condition.kind === "threshold" ? `${figure()}, ${tail}` : `${figure()} \u2014 rule: ${tail}`;
  switch (r.notice) {
    case "firing":
      lines.push(`FIRING \xB7 alert ${rule.id}: ${judged}`);
      break;
    case "repeat":
      lines.push(`STILL FIRING \xB7 alert ${rule.id}${r.firedAt ? ` (since ${at(r.firedAt, tz)})` : ""}: ${judged}`);
      break;
    case "resolved":
      lines.push(`RESOLVED \xB7 alert ${rule.id}: ${figure()} \u2014 no longer ${tail}`);
      break;
    case "no_data":
      lines.push(`NO DATA \xB7 alert ${rule.id} (${cond} over ${scope}): nothing to judge${r.current ? ` in ${r.current.dates}` : ""}.`);
      lines.push("This is not a breach; the rule judges again as soon as there is data.");
      break;
    case "source_error":
      lines.push(`SOURCE ERROR \xB7 alert ${rule.id} (${cond} over ${scope}): the data source${r.source ? ` (${r.source})` : ""} could not be read at ${at(r.checkedAt, tz)}.`);
      lines.push(`This is not a breach and not "no data"; the rule is checked again${rule.schedule.next ? ` at ${at(rule.schedule.next, tz)}` : " at its next run"}.`);
      break;
  }
  if (r.notice === "firing" || r.notice === "repeat" || r.notice === "resolved") {
    const n = r.value ? sampleSize(r.value, m) : void 0;
    lines.push(`${scope}${r.current ? `: ${r.current.dates}` : ""} (${tz}) \xB7 ${[n, `checked ${formatInstant(r.checkedAt, tz)}`].filter(Boolean).join(" \xB7 ")}`);
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
      lines.push(`${e.items.within ? `Worst ${e.items.dimension} within ${seg.dimension} = ${key}` : `Worst other ${e.items.dimension}s`}: ${rows.join(" \xB7 ")}`);
    }
  }
  if (r.notice === "firing" || r.notice === "repeat") {
    lines.push("", `Look closer: \`${r.command}\``);
    lines.push(`Acknowledge: \`alert ack ${rule.id}\` \xB7 snooze: \`alert snooze ${rule.id} 24h\` \xB7 mute: \`alert mute ${rule.id}\``);
  }
  return lines.join("\n");
}
function unavailableLines(cannot) {
  const byWhy = /* @__PURE__ */ new Map();
  const fixes = /* @__PURE__ */ new Map();
  for (const c of cannot) {
    const why = c.missing.map((m) => m.why).join("; ");
    byWhy.set(why, [...byWhy.get(why) ?? [], c.metric]);
    for (const m of c.missing)
      fixes.set(`${m.dataset}.${m.field}`, m.fix);
  }
  return [...[...byWhy].map(([why, metrics]) => `cannot answer ${metrics.join(", ")}: ${why}`), ...[...fixes.values()].map((f) => `  \u2192 ${f}`)];
}
function sourcesText(r) {
  const lines = [`Data sources \u2014 ${r.connector}`, `Times in ${r.timeZone}.`];
  const empty = [];
  for (const d of r.datasets) {
    if (d.source === null) {
      empty.push(d.dataset);
      continue;
    }
    const skippedTotal = d.skipped.reduce((a, s) => a + s.count, 0);
    const used = `${d.rows.toLocaleString("en-US")} row${d.rows === 1 ? "" : "s"} used`;
    const skipped = skippedTotal > 0 ? `; ${skippedTotal.toLocaleString("en-US")} skipped: ${d.skipped.map((s) => `${s.reason} ${s.count.toLocaleString("en-US")}`).join(", ")}` : "; none skipped";
    lines.push("", `${d.dataset} \u2014 ${d.row}`, `  from ${d.source}`);
    for (const p of d.problems)
      lines.push(`  \u26A0 ${p}`);
    if (d.problems.length > 0)
      lines.push(`  questions about ${d.dataset} answer with this until the file is fixed`);
    lines.push(`  ${used}${skipped}`);
    if (d.firstAt && d.latestAt) {
      lines.push(`  covers ${formatInstant(d.firstAt, r.timeZone)} \u2013 ${formatInstant(d.latestAt, r.timeZone)}; latest record ${formatAge(d.latestAt, r.now)}`);
    }
    const cannot = d.unavailable ?? [];
    const can = d.metrics.filter((m) => !cannot.some((c) => c.metric === m));
    if (cannot.length === 0 && d.metrics.length > 0)
      lines.push(`  metrics: ${d.metrics.join(", ")}`);
    if (cannot.length > 0) {
      lines.push(`  can answer: ${can.length > 0 ? can.join(", ") : "none"}`);
      lines.push(...unavailableLines(cannot).map((l) => `  ${l}`));
    }
  }
  if (empty.length > 0)
    lines.push("", `No data: ${empty.join(", ")}.`);
  if (r.syncs && r.syncs.length > 0)
    lines.push("", "Help desks (a copy is kept here, so answers never wait on them):", ...r.syncs.map((s) => `  ${syncText(s, r.now)}`));
  return lines.join("\n");
}

export {
  TEXT_BREAKDOWN_ROWS,
  renderText,
  conditionText,
  changeAmountText,
  staleDigestLines,
  unavailableDigestLine
};

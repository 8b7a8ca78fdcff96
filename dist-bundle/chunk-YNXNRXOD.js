import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);
import {
  measureRanges
} from "./chunk-BKWQTBMA.js";
import {
  CATALOG,
  DEFAULT_DIGEST_METRICS,
  DEFAULT_DIGEST_PERIOD,
  changeIsSignificant,
  directionOf,
  findMetric,
  manageKind,
  npsStandardError,
  parseCommand,
  parseManageCommand,
  within
} from "./chunk-OZNSLHGJ.js";
import {
  inputProblem
} from "./chunk-COQMF2KY.js";
import {
  shorten
} from "./chunk-EHXIIG3R.js";
import {
  DEFAULT_METRIC_OPTIONS
} from "./chunk-HOYQVK22.js";
import {
  PERIOD_EXAMPLES,
  comparisonPeriod,
  describePeriod,
  describeSchedule,
  nextRunAt,
  parsePeriod,
  rhythmComparison,
  shiftPeriod
} from "./chunk-CSHTK5G7.js";
import {
  localDayCount,
  normalizeDates
} from "./chunk-ZFLCWV4S.js";
import {
  fixedClock
} from "./chunk-4RZMS7CF.js";
import {
  addMonths,
  toDate
} from "./chunk-AEFEDGW7.js";
import {
  suggest
} from "./chunk-JKOOICHZ.js";
import {
  DataProblemError,
  SourceError,
  UnavailableError,
  UserError,
  faultId,
  isUserError
} from "./chunk-LJ4WEFEH.js";
import {
  TZDate
} from "./chunk-IJGJCVMD.js";
import {
  DATASETS,
  DATASET_IDS,
  dimensionsOf
} from "./chunk-56SDGBO4.js";

// dist/src/schedule/alertState.js
function initialAlertState(ruleId) {
  return {
    ruleId,
    status: "ok",
    breaches: 0,
    lastValue: null,
    lastCheckedAt: null,
    firedAt: null,
    notifiedAt: null,
    thread: null,
    snoozedUntil: null,
    acknowledgedBy: null
  };
}
function breaches(condition, minN, obs) {
  if (obs.n < minN)
    return null;
  if (condition.kind === "threshold") {
    switch (condition.op) {
      case ">":
        return obs.value > condition.value;
      case ">=":
        return obs.value >= condition.value;
      case "<":
        return obs.value < condition.value;
      case "<=":
        return obs.value <= condition.value;
    }
  }
  const moved = movedBy(condition, obs.value, obs.previous?.value ?? null);
  if (moved === null || obs.previous == null || obs.previous.n < minN)
    return null;
  return moved >= condition.by - 1e-9;
}
function movedBy(condition, value, previous) {
  if (previous === null)
    return null;
  const delta = condition.direction === "drops" ? previous - value : value - previous;
  if (condition.unit !== "%")
    return delta;
  if (previous === 0)
    return delta === 0 ? 0 : delta > 0 ? Infinity : -Infinity;
  return delta / Math.abs(previous) * 100;
}
function nextAlertState(rule, prev, obs, now) {
  const p = prev ?? initialAlertState(rule.id);
  if (rule.muted)
    return { state: p, notify: null };
  const t = now.getTime();
  const snoozed = p.snoozedUntil !== null && p.snoozedUntil.getTime() > t;
  const closed = p.status === "resolved" ? { ...p, firedAt: null, thread: null, acknowledgedBy: null } : p;
  if (obs.kind === "source_error" || obs.kind === "no_data") {
    const entering = p.status !== obs.kind;
    return {
      state: { ...closed, status: obs.kind, lastCheckedAt: now, lastValue: obs.kind === "no_data" ? null : p.lastValue },
      notify: entering && !snoozed ? obs.kind : null
    };
  }
  const breach = breaches(rule.condition, rule.minN, obs);
  if (breach === null) {
    if (rule.condition.kind === "change" && obs.n >= rule.minN && obs.previous == null) {
      return nextAlertState(rule, prev, { kind: "no_data" }, now);
    }
    return { state: { ...p, lastCheckedAt: now }, notify: null };
  }
  const base = { ...closed, lastCheckedAt: now, lastValue: obs.value };
  const open = base.firedAt !== null;
  const announced = open && base.notifiedAt !== null && base.notifiedAt.getTime() >= base.firedAt.getTime();
  if (!breach) {
    if (!open)
      return { state: { ...base, status: "ok", breaches: 0 }, notify: null };
    return { state: { ...base, status: "resolved", breaches: 0 }, notify: announced ? "resolved" : null };
  }
  const count = base.breaches + 1;
  const cooled = base.notifiedAt === null || t - base.notifiedAt.getTime() >= rule.cooldownMs;
  if (open) {
    const quiet = snoozed || !cooled || announced && base.acknowledgedBy !== null;
    if (quiet)
      return { state: { ...base, status: "firing", breaches: count }, notify: null };
    return { state: { ...base, status: "firing", breaches: count, notifiedAt: now }, notify: announced ? "repeat" : "firing" };
  }
  if (count < rule.forChecks)
    return { state: { ...base, status: "pending", breaches: count }, notify: null };
  const episode = { ...base, status: "firing", breaches: count, firedAt: now, thread: null, acknowledgedBy: null };
  if (snoozed || !cooled)
    return { state: episode, notify: null };
  return { state: { ...episode, notifiedAt: now }, notify: "firing" };
}

// dist/src/schedule/actions.js
async function acknowledgeAlert(store, ruleId, userId, now) {
  return updateState(store, ruleId, (s) => ({
    ...s,
    acknowledgedBy: userId,
    snoozedUntil: s.snoozedUntil && s.snoozedUntil.getTime() > now.getTime() ? s.snoozedUntil : null
  }));
}
async function snoozeAlert(store, ruleId, until) {
  return updateState(store, ruleId, (s) => ({ ...s, snoozedUntil: until }));
}
async function muteRule(store, ruleId) {
  return setMuted(store, ruleId, true);
}
async function unmuteRule(store, ruleId) {
  return setMuted(store, ruleId, false);
}
async function setMuted(store, ruleId, muted) {
  const rule = await store.getAlertRule(ruleId);
  if (!rule)
    return null;
  const next = { ...rule, muted };
  await store.saveAlertRule(next);
  return next;
}
async function updateState(store, ruleId, change) {
  if (!await store.getAlertRule(ruleId))
    return null;
  const next = change(await store.getAlertState(ruleId) ?? initialAlertState(ruleId));
  await store.saveAlertState(next);
  return next;
}

// node_modules/date-fns/compareAsc.js
function compareAsc(dateLeft, dateRight) {
  const diff = +toDate(dateLeft) - +toDate(dateRight);
  if (diff < 0) return -1;
  else if (diff > 0) return 1;
  return diff;
}

// node_modules/date-fns/differenceInCalendarMonths.js
function differenceInCalendarMonths(laterDate, earlierDate, options) {
  const [laterDate_, earlierDate_] = normalizeDates(
    options?.in,
    laterDate,
    earlierDate
  );
  const yearsDiff = laterDate_.getFullYear() - earlierDate_.getFullYear();
  const monthsDiff = laterDate_.getMonth() - earlierDate_.getMonth();
  return yearsDiff * 12 + monthsDiff;
}

// node_modules/date-fns/endOfDay.js
function endOfDay(date, options) {
  const _date = toDate(date, options?.in);
  _date.setHours(23, 59, 59, 999);
  return _date;
}

// node_modules/date-fns/endOfMonth.js
function endOfMonth(date, options) {
  const _date = toDate(date, options?.in);
  const month = _date.getMonth();
  _date.setFullYear(_date.getFullYear(), month + 1, 0);
  _date.setHours(23, 59, 59, 999);
  return _date;
}

// node_modules/date-fns/isLastDayOfMonth.js
function isLastDayOfMonth(date, options) {
  const _date = toDate(date, options?.in);
  return +endOfDay(_date, options) === +endOfMonth(_date, options);
}

// node_modules/date-fns/differenceInMonths.js
function differenceInMonths(laterDate, earlierDate, options) {
  const [laterDate_, workingLaterDate, earlierDate_] = normalizeDates(
    options?.in,
    laterDate,
    laterDate,
    earlierDate
  );
  const sign = compareAsc(workingLaterDate, earlierDate_);
  const difference = Math.abs(
    differenceInCalendarMonths(workingLaterDate, earlierDate_)
  );
  if (difference < 1) return 0;
  if (workingLaterDate.getMonth() === 1 && workingLaterDate.getDate() > 27)
    workingLaterDate.setDate(30);
  workingLaterDate.setMonth(workingLaterDate.getMonth() - sign * difference);
  let isLastMonthNotFull = compareAsc(workingLaterDate, earlierDate_) === -sign;
  if (isLastDayOfMonth(laterDate_) && difference === 1 && compareAsc(laterDate_, earlierDate_) === 1) {
    isLastMonthNotFull = false;
  }
  const result = sign * (difference - +isLastMonthNotFull);
  return result === 0 ? 0 : result;
}

// dist/src/connectors/availability.js
var ALL_TIME = { start: /* @__PURE__ */ new Date("1970-01-01T00:00:00Z"), end: /* @__PURE__ */ new Date("9999-12-31T00:00:00Z") };
async function missingFields(connector, infos, needs) {
  const byDataset = /* @__PURE__ */ new Map();
  for (const n of needs)
    byDataset.set(n.dataset, [.../* @__PURE__ */ new Set([...byDataset.get(n.dataset) ?? [], n.field])]);
  const found = await Promise.all([...byDataset].map(async ([dataset, fields]) => {
    const info = infos.find((i) => i.dataset === dataset);
    if (!info || info.rows === 0 || (info.problems?.length ?? 0) > 0)
      return [];
    const absent = new Map((info.absent ?? []).map((a) => [a.field, a.fix]));
    const out = fields.flatMap((field) => {
      const fix = absent.get(field);
      return fix === void 0 ? [] : [{ dataset, field, why: `${dataset} has no \`${field}\``, fix }];
    });
    const present = fields.filter((f) => !absent.has(f));
    if (present.length === 0)
      return out;
    const counts = await filledCounts(connector, info, present);
    present.forEach((field, i) => {
      if (counts[i] !== 0)
        return;
      out.push({
        dataset,
        field,
        why: `every \`${field}\` in ${dataset} is empty (${info.rows.toLocaleString("en-US")} rows)`,
        fix: `Check what \`${field}\` is mapped to in mapping.json: that column has no values the bot can read (\`sources\` shows rows skipped and why).`
      });
    });
    return out;
  }));
  return found.flat();
}
var FILLED = /* @__PURE__ */ new WeakMap();
async function filledCounts(connector, info, fields) {
  let cache = FILLED.get(connector);
  if (cache === void 0)
    FILLED.set(connector, cache = /* @__PURE__ */ new Map());
  const state = `${info.dataset}|${info.source}|${info.rows}|${info.firstAt?.getTime()}|${info.latestAt?.getTime()}|${info.skipped.map((s) => `${s.reason}:${s.count}`).join(",")}`;
  const key = (field) => `${state}|${field}`;
  const missing = fields.filter((f) => !cache.has(key(f)));
  if (missing.length > 0) {
    const measures = Object.fromEntries(missing.map((f, i) => [`f${i}`, { agg: "count", where: { notNull: f } }]));
    const result = await connector.measure({ dataset: info.dataset, measures, range: ALL_TIME, filters: [], timeZone: "UTC" });
    if (cache.size > 1e3)
      cache.clear();
    missing.forEach((f, i) => {
      const v = result.total[`f${i}`];
      cache.set(key(f), typeof v === "number" ? v : void 0);
    });
  }
  return fields.map((f) => cache.get(key(f)));
}

// dist/src/metrics/fieldsNeeded.js
function fieldsNeeded(def, options) {
  const seen = /* @__PURE__ */ new Map();
  for (const spec of Object.values(def.measures(options))) {
    const dataset = spec.dataset ?? def.dataset;
    for (const field of ofMeasure(spec))
      seen.set(`${dataset}.${field}`, { dataset, field });
  }
  return [...seen.values()];
}
function ofMeasure(m) {
  const out = m.where ? ofCond(m.where) : /* @__PURE__ */ new Set();
  const add = (s) => s.forEach((f) => out.add(f));
  switch (m.agg) {
    case "moments":
    case "quantile":
      add(ofExpr(m.of));
      break;
    case "distinct":
      m.keys.forEach((k) => out.add(typeof k === "string" ? k : k.localDay));
      break;
    case "keyedMoments":
      out.add(m.key);
      add(ofExpr(m.num));
      add(ofExpr(m.den));
      break;
    case "count":
      break;
  }
  return out;
}
function ofExpr(e) {
  if ("field" in e)
    return /* @__PURE__ */ new Set([e.field]);
  if ("op" in e)
    return /* @__PURE__ */ new Set([...ofExpr(e.a), ...ofExpr(e.b)]);
  if ("seconds" in e)
    return /* @__PURE__ */ new Set([...ofExpr(e.seconds.from), ...ofExpr(e.seconds.to)]);
  if ("coalesce" in e)
    return e.coalesce.length > 0 ? ofExpr(e.coalesce[e.coalesce.length - 1]) : /* @__PURE__ */ new Set();
  return /* @__PURE__ */ new Set();
}
function ofCond(c) {
  if ("cmp" in c)
    return /* @__PURE__ */ new Set([...ofExpr(c.a), ...ofExpr(c.b)]);
  if ("isNull" in c)
    return /* @__PURE__ */ new Set([c.isNull]);
  if ("notNull" in c)
    return /* @__PURE__ */ new Set([c.notNull]);
  if ("eq" in c)
    return /* @__PURE__ */ new Set([c.eq]);
  if ("and" in c)
    return new Set(c.and.flatMap((x) => [...ofCond(x)]));
  if ("or" in c) {
    const branches = c.or.map(ofCond);
    return new Set([...branches[0] ?? []].filter((f) => branches.every((b) => b.has(f))));
  }
  return ofCond(c.not);
}

// dist/src/commands/command.js
function formatCommand(command) {
  if (command.kind === "help")
    return "help";
  if (command.kind === "define")
    return `define ${command.metricId}`;
  if (command.kind === "sources")
    return "sources";
  const parts = [command.metricId, command.period.label];
  if (command.by)
    parts.push("by", command.by);
  if (command.vs !== "previous")
    parts.push("vs", command.vs);
  if (command.filters.length > 0) {
    parts.push("where", ...command.filters.map((f) => `${f.field}=${f.values.map(quoteIfNeeded).join(",")}`));
  }
  return parts.join(" ");
}
function quoteIfNeeded(value) {
  return /[\s,"=]/.test(value) ? `"${value.replace(/"/g, "")}"` : value;
}

// dist/src/commands/run.js
var TREND_LENGTH = 8;
async function runCommand(command, deps, now) {
  if (command.kind === "help")
    return helpReport();
  if (command.kind === "sources")
    return sourcesReport(deps, now);
  const def = findMetric(command.metricId);
  if (!def)
    throw new Error(`command names unknown metric ${command.metricId}`);
  if (command.kind === "define")
    return defineReport(def, deps);
  return metricReport(command, def, deps, now);
}
async function metricReport(command, def, deps, now) {
  const asked = command.period;
  if (asked.start.getTime() >= now.getTime()) {
    throw new UserError("future_period", `${asked.label} (${describePeriod(asked)}) hasn't started yet, so there is nothing to report.`, `Ask about a period that has begun, e.g. \`${def.id} this-week\` or \`${def.id} last-month\`.`);
  }
  const current = asked.end > now ? { ...asked, end: now } : asked;
  const against = comparisonPeriod(current, command.vs);
  const trendPeriods = Array.from({ length: TREND_LENGTH - 1 }, (_, i) => shiftPeriod(current, i - (TREND_LENGTH - 1)));
  const q = { def, deps, filters: command.filters };
  const [[now_, previous, ...trend], infos] = await Promise.all([
    evaluate(q, [current, against, ...trendPeriods], command.by),
    deps.connector.describe()
  ]);
  const missing = await missingFields(deps.connector, infos, fieldsNeeded(def, deps.options));
  if (missing.length > 0)
    throw new UnavailableError(def, missing);
  const freshness = infos.find((d) => d.dataset === def.dataset)?.latestAt ?? null;
  const direction = directionOf(def, deps.options);
  const report = {
    kind: "metric",
    command: formatCommand(command),
    followUps: followUps(command, def),
    metric: metricInfo(def, deps.options),
    current: { ...view(current, now), period: asked, partial: asked.end > now },
    timeZone: asked.timeZone,
    filters: command.filters,
    result: now_.total,
    comparison: compare(now_.total, previous.total, { ...view(against, now), against: command.vs }, direction),
    trend: [...trendPeriods.map((p, i) => ({ label: p.label, value: trend[i].total?.value ?? null })), {
      label: asked.label,
      value: now_.total?.value ?? null
    }],
    freshness
  };
  const info = infos.find((d) => d.dataset === def.dataset);
  const skippedNow = info && info.skipped.length > 0 ? await deps.connector.skippedIn?.(def.dataset, { start: current.start, end: current.end }) : void 0;
  const skippedTotal = skippedNow?.reasons.reduce((a, r) => a + r.count, 0) ?? 0;
  if (skippedNow && skippedTotal > 0) {
    const main = skippedNow.reasons[0];
    report.skipped = { count: skippedTotal, reason: main.reason, reasonCount: main.count, ...skippedNow.undated > 0 ? { undated: skippedNow.undated } : {} };
  }
  if (!now_.total) {
    report.noData = await whyNoData(q, current, info, report.skipped);
  }
  if (command.by && now_.groups) {
    const groups = now_.groups.filter((g) => g.key !== null || g.result !== null);
    if (groups.length > 0) {
      report.breakdown = { dimension: command.by, rows: rankRows(groups, def.unit, direction) };
      const dropped = (skippedNow?.reasons ?? []).filter((r) => r.reason.startsWith(`${command.by}:`));
      const count = dropped.reduce((a, r) => a + r.count, 0);
      if (count > 0)
        report.breakdown.dropped = { count, reason: dropped[0].reason, reasonCount: dropped[0].count };
    }
  }
  return report;
}
var ROW_NOUNS = {
  tickets: "tickets",
  responses: "replies",
  surveys: "survey answers",
  calls: "calls",
  customers: "customers",
  orders: "orders",
  feedback: "feedback items",
  quality_reviews: "QA scores",
  sessions: "sessions",
  engagement: "participation records"
};
async function whyNoData(q, period, info, skipped) {
  const { def, deps } = q;
  const noun = ROW_NOUNS[def.dataset];
  const everSkipped = info?.skipped.reduce((a, s) => a + s.count, 0) ?? 0;
  if (info && info.rows === 0 && everSkipped > 0) {
    const main = [...info.skipped].sort((a, b) => b.count - a.count)[0];
    return { why: "all-skipped", scope: "dataset", rows: everSkipped, noun, mainReason: { reason: main.reason, count: main.count } };
  }
  const { total } = await deps.connector.measure({
    dataset: def.dataset,
    measures: { rows: { agg: "count", where: within(DATASETS[def.dataset].timeField) } },
    range: { start: period.start, end: period.end },
    filters: q.filters,
    timeZone: period.timeZone
  });
  const rows = typeof total.rows === "number" ? total.rows : 0;
  if (rows > 0)
    return { why: "none-counted", rows, noun, ...def.counted ? { counted: def.counted } : {} };
  if (skipped && skipped.count > 0 && q.filters.length === 0) {
    return { why: "all-skipped", scope: "period", rows: skipped.count, noun, mainReason: { reason: skipped.reason, count: skipped.reasonCount } };
  }
  return { why: "no-rows", rows: 0, noun };
}
function followUps(command, def) {
  const dimensions = dimensionsOf(def.dataset);
  const offers = [];
  for (const [kind, dimension, label] of [
    ["by-channel", "channel", "By channel"],
    ["by-agent", "agent", "By agent"]
  ]) {
    if (dimensions.includes(dimension) && command.by !== dimension) {
      offers.push({ kind, label, command: formatCommand({ ...command, by: dimension }) });
    }
  }
  if (command.vs !== "last-year")
    offers.push({ kind: "vs-last-year", label: "Vs last year", command: formatCommand({ ...command, vs: "last-year" }) });
  return offers;
}
async function evaluate(q, periods, groupBy) {
  const { def, deps } = q;
  const byDataset = /* @__PURE__ */ new Map();
  for (const [name, spec] of Object.entries(def.measures(deps.options))) {
    const { dataset = def.dataset, ...measure } = spec;
    byDataset.set(dataset, { ...byDataset.get(dataset), [name]: measure });
  }
  const timeZone = periods[0].timeZone;
  const results = await Promise.all([...byDataset].map(async ([dataset, measures]) => {
    const fields = DATASETS[dataset].fields;
    const grouped = groupBy !== void 0 && groupBy in fields;
    const results2 = await measureRanges(deps.connector, {
      dataset,
      measures,
      ranges: periods.map((p) => ({ start: p.start, end: p.end })),
      // A measure on a secondary dataset takes only the filters that dataset can answer.
      filters: q.filters.filter((f) => f.field in fields),
      ...grouped ? { groupBy } : {},
      timeZone
    });
    return { grouped, results: results2 };
  }));
  return periods.map((period, i) => {
    const ctx = { options: deps.options, periodDays: localDayCount(period), periodYears: calendarYears(period) };
    const totals = Object.assign({}, ...results.map((r) => r.results[i].total));
    const evaluation = { total: def.compute(totals, ctx) };
    if (groupBy !== void 0 && i === 0) {
      const keys = new Set(results.flatMap((r) => r.grouped ? (r.results[i].groups ?? []).map((g) => g.key) : []));
      evaluation.groups = [...keys].map((key) => {
        const values = Object.assign({}, ...results.map((r) => r.grouped ? (r.results[i].groups ?? []).find((g) => g.key === key)?.values ?? {} : r.results[i].total));
        return { key, result: def.compute(values, ctx) };
      });
    }
    return evaluation;
  });
}
function calendarYears(period) {
  const start = new TZDate(period.start.getTime(), period.timeZone);
  const end = new TZDate(period.end.getTime(), period.timeZone);
  const months = differenceInMonths(end, start);
  const from = addMonths(start, months).getTime();
  const to = addMonths(start, months + 1).getTime();
  return (months + (end.getTime() - from) / (to - from)) / 12;
}
function compare(current, previous, base, direction) {
  if (!current || !previous)
    return { ...base, result: previous, change: null, significant: null, verdict: null };
  const change = current.value - previous.value;
  let verdict;
  if (Math.abs(change) <= 1e-9 * Math.max(1, Math.abs(previous.value)))
    verdict = "unchanged";
  else if (direction === "neutral")
    verdict = "changed";
  else
    verdict = change > 0 === (direction === "higher") ? "better" : "worse";
  return {
    ...base,
    result: previous,
    change,
    significant: changeIsSignificant(current.sampling, previous.sampling),
    verdict
  };
}
function rankRows(groups, unit, direction) {
  const sign = direction === "lower" ? 1 : -1;
  const rows = [...groups].sort((a, b) => {
    if (!a.result || !b.result)
      return (a.result ? 0 : 1) - (b.result ? 0 : 1);
    return sign * (a.result.value - b.result.value) || b.result.n - a.result.n;
  });
  if (unit !== "count")
    return rows;
  const sum = rows.reduce((acc, r) => acc + (r.result?.value ?? 0), 0);
  return rows.map((r) => r.result && sum > 0 ? { ...r, share: r.result.value / sum * 100 } : r);
}
function view(period, now) {
  return { period, dates: describePeriod(period), partial: period.end > now };
}
async function latestRecord(connector, dataset) {
  const info = await connector.describe();
  return info.find((d) => d.dataset === dataset)?.latestAt ?? null;
}
function metricInfo(def, options) {
  return {
    id: def.id,
    name: def.name,
    aliases: def.aliases,
    unit: def.unit,
    direction: directionOf(def, options),
    formula: def.formula,
    dataset: def.dataset,
    currency: options.currency
  };
}
function helpReport() {
  return {
    kind: "help",
    metrics: CATALOG.map((d) => ({ id: d.id, name: d.name, aliases: d.aliases })),
    periods: PERIOD_EXAMPLES,
    examples: [
      "csat last-week",
      "frt this-month by agent",
      "nps 2026-Q3 vs last-year",
      "csat last-30-days where channel=email",
      "churn last-month",
      "define ces"
    ]
  };
}
async function defineReport(def, deps) {
  const info = metricInfo(def, deps.options);
  const dimensions = dimensionsOf(def.dataset);
  const report = {
    kind: "define",
    metric: info,
    dimensions,
    freshness: await latestRecord(deps.connector, def.dataset),
    timeZone: deps.timeZone ?? "UTC",
    examples: [`${def.id} last-week`, ...dimensions[0] ? [`${def.id} last-month by ${dimensions[0]}`] : [], `${def.id} this-quarter vs last-year`]
  };
  if (def.scale)
    report.scale = def.scale(deps.options);
  return report;
}
function syncView(s) {
  return { source: s.label, lastSuccessAt: s.lastSuccessAt, lastError: s.lastError, lastErrorAt: s.lastErrorAt, intervalMs: s.intervalMs, stale: s.stale };
}
async function sourcesReport(deps, now) {
  const [infos, syncs] = await Promise.all([deps.connector.describe(), deps.sync?.status()]);
  const needs = new Map(CATALOG.map((d) => [d.id, fieldsNeeded(d, deps.options)]));
  const missing = await missingFields(deps.connector, infos, [...needs.values()].flat());
  const unavailable = (metric) => {
    const mine = missing.filter((m) => needs.get(metric.id).some((n) => n.dataset === m.dataset && n.field === m.field));
    return mine.length > 0 ? [{ metric: metric.id, missing: mine }] : [];
  };
  return {
    kind: "sources",
    ...syncs ? { syncs: syncs.map(syncView) } : {},
    connector: deps.connector.description ?? deps.connector.name,
    now,
    timeZone: deps.timeZone ?? "UTC",
    datasets: DATASET_IDS.map((dataset) => {
      const info = infos.find((i) => i.dataset === dataset);
      const metrics = CATALOG.filter((d) => d.dataset === dataset).map((d) => d.id);
      const row = DATASETS[dataset].row;
      if (!info)
        return { dataset, row, metrics, source: null, rows: 0, skipped: [], firstAt: null, latestAt: null, problems: [] };
      const skipped = [...info.skipped].sort((a, b) => b.count - a.count);
      const cannot = CATALOG.filter((d) => d.dataset === dataset).flatMap(unavailable);
      return {
        dataset,
        row,
        metrics,
        source: info.source,
        rows: info.rows,
        skipped,
        firstAt: info.firstAt,
        latestAt: info.latestAt,
        problems: info.problems ?? [],
        ...cannot.length > 0 ? { unavailable: cannot } : {}
      };
    })
  };
}

// dist/src/schedule/comparison.js
function scheduledComparison(choice, period, at, timeZone, weekStartsOn = 1) {
  if (choice)
    return choice;
  try {
    return rhythmComparison(parsePeriod(period, { now: at, timeZone, weekStartsOn }));
  } catch {
    return "previous";
  }
}
function vsClause(comparison) {
  return comparison === "previous" ? "" : ` vs ${comparison}`;
}

// dist/src/schedule/engineAt.js
function engineAt(engine, at, timeZone) {
  return { ...engine, clock: fixedClock(at), timeZone };
}

// dist/src/schedule/digest.js
async function buildDigest(digest, engine, now, shared) {
  const at = engineAt(engine, now, digest.schedule.timeZone);
  const stale = engine.sync ? (await engine.sync.status()).filter((s) => s.stale).map(syncView) : [];
  const comparison = scheduledComparison(digest.comparison, digest.period, now, digest.schedule.timeZone, engine.weekStartsOn);
  const items = await Promise.all(digest.metrics.map(async (metricId) => {
    const text = `${metricId} ${digest.period}${vsClause(comparison)}`;
    const key = `${now.toISOString()}|${digest.schedule.timeZone}|${text}`;
    let pending = shared?.get(key);
    if (pending === void 0) {
      pending = answer(text, at);
      shared?.set(key, pending);
    }
    const report = await pending;
    if (report.kind === "metric")
      return { metricId, report };
    const name = findMetric(metricId)?.name ?? metricId;
    if (report.kind === "error")
      return { metricId, name, error: report };
    const error = { kind: "error", cause: "fault", message: `\`${metricId}\` did not give a metric (got ${report.kind}).` };
    return { metricId, name, error };
  }));
  const unavailable = items.flatMap((i) => "error" in i && i.error.cause === "unavailable" ? [{ metricId: i.metricId, name: i.name, missing: i.error.missing ?? [] }] : []);
  return {
    kind: "digest",
    digestId: digest.id,
    scheduledAt: now,
    timeZone: digest.schedule.timeZone,
    period: digest.period,
    comparison,
    items: items.filter((i) => !("error" in i && i.error.cause === "unavailable")),
    ...unavailable.length > 0 ? { unavailable } : {},
    mover: largestMover(items.flatMap((i) => "report" in i ? [i.report] : [])),
    ...stale.length > 0 ? { stale, builtAt: engine.clock.now() } : {}
  };
}
function largestMover(reports) {
  const candidates = reports.flatMap((r) => {
    const change = r.comparison.change;
    const previous = r.comparison.result;
    if (change === null || !r.result || !previous)
      return [];
    return [{
      metricId: r.metric.id,
      z: changeZ(r.result.sampling, previous.sampling, change),
      relative: previous.value === 0 ? null : change / Math.abs(previous.value),
      worse: r.comparison.verdict === "worse"
    }];
  });
  const withZ = candidates.filter((c) => c.z !== null);
  const pool = withZ.length > 0 ? withZ : candidates.filter((c) => c.relative !== null);
  const size = (c) => Math.abs((withZ.length > 0 ? c.z : c.relative) ?? 0);
  let best;
  for (const c of pool) {
    if (!best || size(c) > size(best) + 1e-12 || Math.abs(size(c) - size(best)) <= 1e-12 && c.worse && !best.worse)
      best = c;
  }
  if (!best || size(best) === 0)
    return null;
  return { metricId: best.metricId, z: best.z, relative: best.relative };
}
function changeZ(current, previous, change) {
  const v1 = variance(current);
  const v2 = variance(previous);
  if (v1 === null || v2 === null || current.kind !== previous.kind)
    return null;
  const se = Math.sqrt(v1 + v2);
  if (!(se > 0))
    return null;
  return change / se;
}
function variance(s) {
  switch (s.kind) {
    case "proportion": {
      if (!(s.n > 0))
        return null;
      const p = (s.successes + 1) / (s.n + 2);
      return 100 * 100 * p * (1 - p) / s.n;
    }
    case "nps": {
      const se = npsStandardError(s.promoters, s.detractors, s.n);
      return se === null ? null : se * se;
    }
    case "mean":
      return s.n >= 2 ? s.sd * s.sd / s.n : null;
    case "count":
      return Math.max(s.count, 1);
    case "none":
      return null;
  }
}

// dist/src/schedule/payload.js
function outboxId(run, part) {
  return `${run.scheduleId}@${run.scheduledAt.toISOString()}/${part}`;
}
var ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/;
function readPayload(raw) {
  const payload = reviveDates(raw);
  if (typeof payload !== "object" || payload === null || payload.kind !== "digest" && payload.kind !== "alert") {
    throw new Error(`not a scheduler payload: ${JSON.stringify(raw)?.slice(0, 200)}`);
  }
  return payload;
}
function reviveDates(value) {
  if (typeof value === "string")
    return ISO_INSTANT.test(value) ? new Date(value) : value;
  if (Array.isArray(value))
    return value.map(reviveDates);
  if (value instanceof Date || typeof value !== "object" || value === null)
    return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, reviveDates(v)]));
}

// dist/src/schedule/ids.js
var ALPHABET = "23456789abcdefghjkmnpqrstuvwxyz";
function shortId(prefix, length = 3, random = Math.random) {
  let id = `${prefix}-`;
  for (let i = 0; i < length; i++)
    id += ALPHABET[Math.floor(random() * ALPHABET.length) % ALPHABET.length];
  return id;
}
async function freeId(prefix, taken, random = Math.random) {
  for (let attempt = 0; attempt < 40; attempt++) {
    const id = shortId(prefix, 3 + Math.floor(attempt / 8), random);
    if (!await taken(id))
      return id;
  }
  throw new Error(`could not find a free ${prefix}- id`);
}

// dist/src/schedule/views.js
function scheduleView(schedule, now) {
  return { cron: schedule.cron, timeZone: schedule.timeZone, words: describeSchedule(schedule), next: nextRunAt(schedule, now) };
}
function digestView(digest, now) {
  return {
    kind: "digest",
    id: digest.id,
    channel: digest.destination.channel,
    schedule: scheduleView(digest.schedule, now),
    metrics: digest.metrics.map((id) => ({ id, name: findMetric(id)?.name ?? id })),
    period: digest.period,
    ...comparisonView(digest.comparison, digest.period, digest.schedule, now),
    paused: digest.paused
  };
}
function alertRuleView(rule, state, options, now) {
  return {
    kind: "alert",
    id: rule.id,
    channel: rule.destination.channel,
    schedule: scheduleView(rule.schedule, now),
    metric: ruleMetric(rule.metric, options),
    condition: rule.condition,
    period: rule.period,
    filters: rule.filters,
    ...comparisonView(rule.comparison, rule.period, rule.schedule, now),
    minN: rule.minN,
    forChecks: rule.forChecks,
    cooldownMs: rule.cooldownMs,
    muted: rule.muted,
    status: state?.status ?? null,
    snoozedUntil: state?.snoozedUntil ?? null,
    acknowledgedBy: state?.acknowledgedBy ?? null
  };
}
function comparisonView(choice, period, schedule, now) {
  const at = nextRunAt(schedule, now) ?? now;
  return { comparison: scheduledComparison(choice, period, at, schedule.timeZone), comparisonChosen: choice !== void 0 };
}
function ruleMetric(id, options) {
  const def = findMetric(id);
  if (def)
    return metricInfo(def, options);
  return { id, name: id, aliases: [], unit: "number", direction: "neutral", formula: "", dataset: "", currency: options.currency };
}

// dist/src/schedule/manage.js
var NOT_ADMIN_MESSAGE = "Only workspace admins can add or change digests and alerts \u2014 ask one of them, or ask for `digest list`.";
function canManage(requester, admins) {
  return requester.isAdmin || admins.includes(requester.id);
}
var OPEN_TO_ALL = /* @__PURE__ */ new Set(["digest_list", "digest_preview", "alert_list", "alert_ack"]);
var SEND_AGAIN_AFTER_MS = 6e4;
function assertMayRun(kind, requester, admins) {
  if (!OPEN_TO_ALL.has(kind) && !canManage(requester, admins)) {
    throw new UserError("bad_option", NOT_ADMIN_MESSAGE, "Anyone can see what is scheduled with `digest list` and `alert list`.");
  }
}
async function runManageCommand(cmd, deps) {
  const { store, destination } = deps;
  const now = deps.clock.now();
  const options = deps.options ?? DEFAULT_METRIC_OPTIONS;
  assertMayRun(cmd.kind, deps.requester, deps.admins);
  const report = (subject, action, items) => ({
    kind: "manage",
    subject,
    action,
    items,
    channel: destination.channel
  });
  const changed = async () => {
    await deps.onChange?.();
  };
  switch (cmd.kind) {
    case "digest_list": {
      const digests = sortByChannel(await store.listDigests({ workspace: destination.workspace }), destination);
      const page = pageOf(digests, cmd.page);
      return { ...report("digest", "list", page.items.map((d) => digestView(d, now))), page: page.info };
    }
    case "alert_list": {
      const rules = sortByChannel(await store.listAlertRules({ workspace: destination.workspace }), destination);
      const page = pageOf(rules, cmd.page);
      const states = await Promise.all(page.items.map((r) => store.getAlertState(r.id)));
      return { ...report("alert", "list", page.items.map((r, i) => alertRuleView(r, states[i] ?? null, options, now))), page: page.info };
    }
    case "digest_add": {
      const digest = {
        id: await freeId("d", async (id) => await store.getDigest(id) !== null, deps.random),
        destination,
        schedule: cmd.schedule,
        metrics: cmd.metrics,
        period: cmd.period,
        ...cmd.comparison ? { comparison: cmd.comparison } : {},
        paused: false,
        createdBy: deps.requester.id,
        createdAt: now
      };
      await store.saveDigest(digest);
      await changed();
      return report("digest", "added", [digestView(digest, now)]);
    }
    case "digest_preview": {
      const digest = cmd.id ? await findDigest(store, cmd.id, destination) : cmd.draft ? draftDigest(cmd.draft, deps, now) : await channelDigest(store, deps, now);
      return buildDigest(digest, engineOf(deps), now);
    }
    case "digest_send": {
      const digest = await findDigest(store, cmd.id, destination);
      await sendDigest(digest, deps, now);
      return report("digest", "sent", [digestView(digest, now)]);
    }
    case "digest_pause":
    case "digest_resume": {
      const digest = await findDigest(store, cmd.id, destination);
      const next = { ...digest, paused: cmd.kind === "digest_pause" };
      await store.saveDigest(next);
      await changed();
      return report("digest", cmd.kind === "digest_pause" ? "paused" : "resumed", [digestView(next, now)]);
    }
    case "digest_remove": {
      const digest = await findDigest(store, cmd.id, destination);
      await store.deleteDigest(digest.id);
      await changed();
      return report("digest", "removed", [digestView(digest, now)]);
    }
    case "alert_add": {
      const rule = {
        id: await freeId("a", async (id) => await store.getAlertRule(id) !== null, deps.random),
        destination,
        metric: cmd.metric,
        condition: cmd.condition,
        period: cmd.period,
        filters: cmd.filters,
        ...cmd.comparison ? { comparison: cmd.comparison } : {},
        schedule: cmd.schedule,
        minN: cmd.minN,
        forChecks: cmd.forChecks,
        cooldownMs: cmd.cooldownMs,
        muted: false,
        createdBy: deps.requester.id,
        createdAt: now
      };
      await store.saveAlertRule(rule);
      await changed();
      return report("alert", "added", [alertRuleView(rule, null, options, now)]);
    }
    case "alert_remove": {
      const rule = await findRule(store, cmd.id, destination);
      const state = await store.getAlertState(rule.id);
      await store.deleteAlertRule(rule.id);
      await changed();
      return report("alert", "removed", [alertRuleView(rule, state, options, now)]);
    }
    case "alert_mute":
    case "alert_unmute": {
      const rule = await findRule(store, cmd.id, destination);
      const next = (cmd.kind === "alert_mute" ? await muteRule(store, rule.id) : await unmuteRule(store, rule.id)) ?? rule;
      await changed();
      return report("alert", cmd.kind === "alert_mute" ? "muted" : "unmuted", [alertRuleView(next, await store.getAlertState(rule.id), options, now)]);
    }
    case "alert_ack": {
      const rule = await findRule(store, cmd.id, destination);
      const state = await acknowledgeAlert(store, rule.id, deps.requester.id, now);
      return report("alert", "acknowledged", [alertRuleView(rule, state, options, now)]);
    }
    case "alert_snooze": {
      const rule = await findRule(store, cmd.id, destination);
      const state = await snoozeAlert(store, rule.id, new Date(now.getTime() + cmd.forMs));
      return report("alert", "snoozed", [alertRuleView(rule, state, options, now)]);
    }
  }
}
function engineOf(deps) {
  if (!deps.engine)
    throw new Error("digest preview/send need the engine in ManageDeps");
  return deps.engine;
}
function draftDigest(draft, deps, now) {
  return { id: "preview", destination: deps.destination, ...draft, paused: false, createdBy: deps.requester.id, createdAt: now };
}
async function channelDigest(store, deps, now) {
  const here = await store.listDigests({ workspace: deps.destination.workspace, channel: deps.destination.channel });
  if (here.length === 1)
    return here[0];
  const timeZone = deps.engine?.timeZone ?? "UTC";
  return draftDigest({ schedule: { cron: "0 9 * * *", timeZone }, metrics: [...DEFAULT_DIGEST_METRICS], period: DEFAULT_DIGEST_PERIOD.daily }, deps, now);
}
async function sendDigest(digest, deps, now) {
  const { store } = deps;
  const minute = new Date(Math.floor(now.getTime() / SEND_AGAIN_AFTER_MS) * SEND_AGAIN_AFTER_MS);
  const key = { scheduleId: `${digest.id}/send`, scheduledAt: minute };
  const last = await store.lastRun(key.scheduleId);
  const owner = `digest-send:${deps.requester.id}`;
  if (last && last.getTime() >= minute.getTime() - SEND_AGAIN_AFTER_MS || !await store.claimRun(key, owner, SEND_AGAIN_AFTER_MS, now)) {
    const again = new Date((last ?? minute).getTime() + 2 * SEND_AGAIN_AFTER_MS);
    throw new UserError("bad_option", `Digest \`${digest.id}\` was sent a moment ago, so it is not posted again: one send a minute at most.`, `It is on its way to ${digest.destination.channel}. To send it once more, wait until ${again.toISOString().slice(11, 16)} UTC.`);
  }
  try {
    const report = await buildDigest(digest, engineOf(deps), now);
    await store.enqueue({ id: outboxId(key, "post"), run: key, destination: digest.destination, payload: { kind: "digest", report }, replaceOf: null, threadOf: null, nextAttemptAt: now });
    await store.finishRun(key, owner, "done", now);
  } catch (error) {
    await store.finishRun(key, owner, "failed", now).catch(() => void 0);
    throw error;
  }
  deps.onOutbox?.();
}
var LIST_PAGE_SIZE = 20;
function pageOf(items, page = 1) {
  const pages = Math.max(1, Math.ceil(items.length / LIST_PAGE_SIZE));
  const number = Math.min(Math.max(1, page), pages);
  const start = (number - 1) * LIST_PAGE_SIZE;
  return { items: items.slice(start, start + LIST_PAGE_SIZE), info: { number, pages, first: start + 1, total: items.length } };
}
function sortByChannel(items, here) {
  return [...items].sort((a, b) => Number(a.destination.channel !== here.channel) - Number(b.destination.channel !== here.channel) || a.createdAt.getTime() - b.createdAt.getTime());
}
async function findDigest(store, id, here) {
  const digest = await store.getDigest(id);
  if (digest && digest.destination.workspace === here.workspace)
    return digest;
  const ids = (await store.listDigests({ workspace: here.workspace })).map((d) => d.id);
  throw notFound("digest", id, ids);
}
async function findRule(store, id, here) {
  const rule = await store.getAlertRule(id);
  if (rule && rule.destination.workspace === here.workspace)
    return rule;
  const ids = (await store.listAlertRules({ workspace: here.workspace })).map((r) => r.id);
  throw notFound("alert", id, ids);
}
function notFound(subject, id, ids) {
  const guess = suggest(id, ids);
  return new UserError("bad_option", `There is no ${subject} \`${id}\` here${guess ? ` \u2014 did you mean \`${guess}\`?` : "."}`, ids.length > 0 ? `\`${subject} list\` shows them all with their ids.` : `There are no ${subject}s yet: add one with \`${subject} add \u2026\`.`);
}

// dist/src/commands/answer.js
var CONSOLE_REQUEST = {
  requester: { id: "console", isAdmin: true },
  destination: { platform: "console", workspace: "local", channel: "console" }
};
async function answer(text, engine, request = CONSOLE_REQUEST) {
  const now = engine.clock.now();
  try {
    const problem = inputProblem(text);
    if (problem)
      throw problem;
    const kind = engine.store ? manageKind(text) : null;
    if (kind)
      assertMayRun(kind, request.requester, engine.admins ?? []);
    const manage = parseManageCommand(text, { timeZone: engine.timeZone, weekStartsOn: engine.weekStartsOn });
    if (manage) {
      if (!engine.store) {
        throw new UserError("config", "Digests and alerts are not available here: the bot has no store configured.", "Run the bot with `npm start` (it keeps them in DATA_DIR) or set DATABASE_URL.");
      }
      return await runManageCommand(manage, {
        store: engine.store,
        clock: engine.clock,
        requester: request.requester,
        admins: engine.admins ?? [],
        destination: request.destination,
        options: engine.options,
        ...engine.onScheduleChange ? { onChange: engine.onScheduleChange } : {},
        ...engine.onOutbox ? { onOutbox: engine.onOutbox } : {},
        engine
      });
    }
    const command = parseCommand(text, {
      periods: { now, timeZone: engine.timeZone, weekStartsOn: engine.weekStartsOn },
      defaultPeriod: engine.defaultPeriod
    });
    return await runCommand(command, engine, now);
  } catch (error) {
    return errorReport(error, text, engine.log);
  }
}
function errorReport(error, text, log) {
  if (isUserError(error)) {
    return { kind: "error", cause: "user", message: shortenEchoes(error.message), ...error.hint ? { hint: error.hint } : {} };
  }
  if (error instanceof UnavailableError) {
    return {
      kind: "error",
      cause: "unavailable",
      message: error.message,
      hint: [...new Set(error.missing.map((m) => m.fix))].join("\n"),
      missing: error.missing.map((m) => ({ ...m }))
    };
  }
  if (error instanceof DataProblemError) {
    return {
      kind: "error",
      cause: "source",
      message: error.problems.join("\n"),
      hint: 'This is not "no data": the other datasets keep answering. Fix or replace the file in DATA_DIR (the bot reads it again by itself); `sources` lists what is wrong.'
    };
  }
  if (error instanceof SourceError) {
    log.warn("data source unavailable", { source: error.source, error });
    return {
      kind: "error",
      cause: "source",
      message: `The data source (${error.source}) is unavailable right now, so there is no answer yet.`,
      hint: 'This is not "no data": try again in a minute; if it persists, an admin can check `sources`.'
    };
  }
  const id = faultId();
  log.error("command failed", { faultId: id, command: text, error });
  return {
    kind: "error",
    cause: "fault",
    faultId: id,
    message: `Sorry \u2014 something went wrong on our side (error ${id}). It has been logged.`
  };
}
var ECHO_CHARS = 60;
var MESSAGE_CHARS = 600;
function shortenEchoes(message) {
  const cut = message.replace(/`([^`]*)`/g, (_whole, quoted) => `\`${shorten(quoted, ECHO_CHARS)}\``);
  return shorten(cut, MESSAGE_CHARS);
}

export {
  movedBy,
  nextAlertState,
  runCommand,
  scheduledComparison,
  vsClause,
  engineAt,
  buildDigest,
  outboxId,
  readPayload,
  alertRuleView,
  NOT_ADMIN_MESSAGE,
  CONSOLE_REQUEST,
  answer,
  errorReport,
  shortenEchoes
};

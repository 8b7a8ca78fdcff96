/**
 * Command → Report. Asks the connector for the measures a metric needs over
 * the period, the comparison period and the trend, and lets the metric core
 * turn them into values. No metric arithmetic happens here.
 */
import { TZDate } from "@date-fns/tz";
import { addMonths } from "date-fns/addMonths";
import { differenceInMonths } from "date-fns/differenceInMonths";
import { measureRanges, type Connector } from "../connectors/connector.ts";
import { DATASETS, DATASET_IDS, type DatasetId, dimensionsOf } from "../measures/datasets.ts";
import { within, type Filter, type Measure, type MeasureValues } from "../measures/measures.ts";
import type { DatasetInfo } from "../connectors/connector.ts";
import { missingFields } from "../connectors/availability.ts";
import { UnavailableError, UserError } from "../errors.ts";
import { fieldsNeeded } from "../metrics/fieldsNeeded.ts";
import { CATALOG, directionOf, findMetric } from "../metrics/catalog/index.ts";
import { changeIsSignificant } from "../metrics/statistics/index.ts";
import type { ComputeContext, MetricDefinition, MetricOptions, MetricValue } from "../metrics/types.ts";
import { comparisonPeriod, describePeriod, localDayCount, PERIOD_EXAMPLES, shiftPeriod } from "../periods/index.ts";
import type { Period } from "../periods/types.ts";
import type {
  BreakdownRow,
  ComparisonView,
  DefineReport,
  FollowUp,
  HelpReport,
  MetricInfo,
  MetricReport,
  NoDataView,
  PeriodView,
  SkippedView,
  Report,
  SourcesReport,
  SyncView,
  Verdict,
} from "../report.ts";
import type { SyncStatus } from "../ingest/helpdesk/engine.ts";
import { formatCommand, type Command } from "./command.ts";

export interface RunDeps {
  connector: Connector;
  options: MetricOptions;
  /** The team's zone (BOT_TIMEZONE), in which `sources` and `define` show times (UTC when absent). */
  timeZone?: string;
  /** Help-desk sync, for `sources`. */
  sync?: { status(): Promise<SyncStatus[]> };
}

/** How many equal periods the sparkline shows, the current one included. */
export const TREND_LENGTH = 8;

export async function runCommand(command: Command, deps: RunDeps, now: Date): Promise<Report> {
  if (command.kind === "help") return helpReport();
  if (command.kind === "sources") return sourcesReport(deps, now);
  const def = findMetric(command.metricId);
  if (!def) throw new Error(`command names unknown metric ${command.metricId}`);
  if (command.kind === "define") return defineReport(def, deps);
  return metricReport(command, def, deps, now);
}

async function metricReport(
  command: Extract<Command, { kind: "metric" }>,
  def: MetricDefinition,
  deps: RunDeps,
  now: Date,
): Promise<MetricReport> {
  const asked = command.period;
  if (asked.start.getTime() >= now.getTime()) {
    throw new UserError(
      "future_period",
      `${asked.label} (${describePeriod(asked)}) hasn't started yet, so there is nothing to report.`,
      `Ask about a period that has begun, e.g. \`${def.id} this-week\` or \`${def.id} last-month\`.`,
    );
  }
  // A running period is measured up to now, and compared like for like with the same span before it.
  const current: Period = asked.end > now ? { ...asked, end: now } : asked;
  const against = comparisonPeriod(current, command.vs);
  const trendPeriods = Array.from({ length: TREND_LENGTH - 1 }, (_, i) => shiftPeriod(current, i - (TREND_LENGTH - 1)));

  const q = { def, deps, filters: command.filters };
  // Every period in one question to the connector: one pass over each dataset (the groups are kept for the current period only).
  // A figure only where the data has every field the metric needs: checked while the periods are measured.
  const described = deps.connector.describe();
  const [[now_, previous, ...trend], missing] = await Promise.all([
    evaluate(q, [current, against, ...trendPeriods], command.by),
    described.then((infos) => missingFields(deps.connector, infos, fieldsNeeded(def, deps.options))),
  ]) as [[Evaluation, Evaluation, ...Evaluation[]], Awaited<ReturnType<typeof missingFields>>];
  if (missing.length > 0) throw new UnavailableError(def, missing);
  const infos = await described;
  const freshness = infos.find((d) => d.dataset === def.dataset)?.latestAt ?? null;

  const direction = directionOf(def, deps.options);
  const report: MetricReport = {
    kind: "metric",
    command: formatCommand(command),
    followUps: followUps(command, def),
    metric: metricInfo(def, deps.options),
    current: { ...view(current, now), period: asked, partial: asked.end > now },
    timeZone: asked.timeZone,
    filters: command.filters,
    result: now_.total,
    comparison: compare(now_.total, previous.total, { ...view(against, now), against: command.vs }, direction),
    trend: [...trendPeriods.map((p, i) => ({ label: p.label, value: trend[i]!.total?.value ?? null })), {
      label: asked.label,
      value: now_.total?.value ?? null,
    }],
    freshness,
  };
  // Rows of the period the source could not use: said in the answer, and why there is no figure when there is none.
  const info = infos.find((d) => d.dataset === def.dataset);
  // Asked only of a dataset that has skipped rows at all, so an answer over clean data costs nothing more.
  const skippedNow = info && info.skipped.length > 0 ? await deps.connector.skippedIn?.(def.dataset, { start: current.start, end: current.end }) : undefined;
  const skippedTotal = skippedNow?.reasons.reduce((a, r) => a + r.count, 0) ?? 0;
  if (skippedNow && skippedTotal > 0) {
    const main = skippedNow.reasons[0]!;
    report.skipped = { count: skippedTotal, reason: main.reason, reasonCount: main.count, ...(skippedNow.undated > 0 ? { undated: skippedNow.undated } : {}) };
  }
  if (!now_.total) {
    report.noData = await whyNoData(q, current, info, report.skipped);
  }
  if (command.by && now_.groups) {
    // Records with no value for the dimension are listed only when they carry data.
    const groups = now_.groups.filter((g) => g.key !== null || g.result !== null);
    // Only groups with data in the period come back; none at all is no breakdown (the answer says "No data").
    if (groups.length > 0) {
      report.breakdown = { dimension: command.by, rows: rankRows(groups, def.unit, direction) };
      // Rows whose value of the dimension could not be used (not in its value map …) are in no row of the breakdown.
      const dropped = (skippedNow?.reasons ?? []).filter((r) => r.reason.startsWith(`${command.by}:`));
      const count = dropped.reduce((a, r) => a + r.count, 0);
      if (count > 0) report.breakdown.dropped = { count, reason: dropped[0]!.reason, reasonCount: dropped[0]!.count };
    }
  }
  return report;
}

/** What one row of each dataset is called in "no data" answers. */
const ROW_NOUNS: Record<DatasetId, string> = {
  tickets: "tickets",
  responses: "replies",
  surveys: "survey answers",
  calls: "calls",
  customers: "customers",
  orders: "orders",
  feedback: "feedback items",
  quality_reviews: "QA scores",
  sessions: "sessions",
  engagement: "participation records",
};

/**
 * Why a metric has no figure for a period: every row of its dataset was
 * unreadable (in the period, or at all); rows, but none of the kind it counts;
 * or nothing in the period.
 */
async function whyNoData(
  q: { def: MetricDefinition; deps: RunDeps; filters: Filter[] },
  period: Period,
  info: DatasetInfo | undefined,
  skipped: SkippedView | undefined,
): Promise<NoDataView> {
  const { def, deps } = q;
  const noun = ROW_NOUNS[def.dataset];
  const everSkipped = info?.skipped.reduce((a, s) => a + s.count, 0) ?? 0;
  if (info && info.rows === 0 && everSkipped > 0) {
    const main = [...info.skipped].sort((a, b) => b.count - a.count)[0]!;
    return { why: "all-skipped", scope: "dataset", rows: everSkipped, noun, mainReason: { reason: main.reason, count: main.count } };
  }
  const { total } = await deps.connector.measure({
    dataset: def.dataset,
    measures: { rows: { agg: "count", where: within(DATASETS[def.dataset].timeField) } },
    range: { start: period.start, end: period.end },
    filters: q.filters,
    timeZone: period.timeZone,
  });
  const rows = typeof total.rows === "number" ? total.rows : 0;
  if (rows > 0) return { why: "none-counted", rows, noun, ...(def.counted ? { counted: def.counted } : {}) };
  if (skipped && skipped.count > 0 && q.filters.length === 0) {
    return { why: "all-skipped", scope: "period", rows: skipped.count, noun, mainReason: { reason: skipped.reason, count: skipped.reasonCount } };
  }
  return { why: "no-rows", rows: 0, noun };
}

/** The same question by channel, by agent, and against last year, where the metric's data allows. */
function followUps(command: Extract<Command, { kind: "metric" }>, def: MetricDefinition): FollowUp[] {
  const dimensions = dimensionsOf(def.dataset);
  const offers: FollowUp[] = [];
  for (const [kind, dimension, label] of [
    ["by-channel", "channel", "By channel"],
    ["by-agent", "agent", "By agent"],
  ] as const) {
    if (dimensions.includes(dimension) && command.by !== dimension) {
      offers.push({ kind, label, command: formatCommand({ ...command, by: dimension }) });
    }
  }
  if (command.vs !== "last-year") offers.push({ kind: "vs-last-year", label: "Vs last year", command: formatCommand({ ...command, vs: "last-year" }) });
  return offers;
}

interface Evaluation {
  total: MetricValue | null;
  groups?: Array<{ key: string | null; result: MetricValue | null }>;
}

/** The metric over each period (all in one question per dataset), optionally per value of a dimension for the first. */
async function evaluate(
  q: { def: MetricDefinition; deps: RunDeps; filters: Filter[] },
  periods: readonly Period[],
  groupBy?: string,
): Promise<Evaluation[]> {
  const { def, deps } = q;
  // One question per dataset over every period; the measures only the current period shows are asked of it alone.
  const currentOnly = new Set(def.currentOnly ?? []);
  const parts = new Map<DatasetId, { measures: Record<string, Measure>; firstOnly: string[] }>();
  for (const [name, spec] of Object.entries(def.measures(deps.options))) {
    const { dataset = def.dataset, ...measure } = spec;
    const part = parts.get(dataset) ?? { measures: {}, firstOnly: [] };
    part.measures[name] = measure as Measure;
    if (currentOnly.has(name)) part.firstOnly.push(name);
    parts.set(dataset, part);
  }
  const timeZone = periods[0]!.timeZone;
  const results = await Promise.all(
    [...parts].map(async ([dataset, { measures, firstOnly }]) => {
      const fields = DATASETS[dataset].fields;
      const grouped = groupBy !== undefined && groupBy in fields;
      const answers = await measureRanges(deps.connector, {
        dataset,
        measures,
        ranges: periods.map((p) => ({ start: p.start, end: p.end })),
        ...(firstOnly.length > 0 ? { firstOnly } : {}),
        // A measure on a secondary dataset takes only the filters that dataset can answer.
        filters: q.filters.filter((f) => f.field in fields),
        ...(grouped ? { groupBy } : {}),
        timeZone,
      });
      return { grouped, results: answers };
    }),
  );
  return periods.map((period, i) => {
    // Only a few formulas read a period's days or years (DAU, CLV): worked out when read, not for every metric's every period.
    const ctx: ComputeContext = {
      options: deps.options,
      get periodDays() {
        return localDayCount(period);
      },
      get periodYears() {
        return calendarYears(period);
      },
    };
    const totals: MeasureValues = Object.assign({}, ...results.map((r) => r.results[i]!.total));
    const evaluation: Evaluation = { total: def.compute(totals, ctx) };
    if (groupBy !== undefined && i === 0) {
      const keys = new Set(results.flatMap((r) => (r.grouped ? (r.results[i]!.groups ?? []).map((g) => g.key) : [])));
      evaluation.groups = [...keys].map((key) => {
        const values: MeasureValues = Object.assign(
          {},
          ...results.map((r) => (r.grouped ? (r.results[i]!.groups ?? []).find((g) => g.key === key)?.values ?? {} : r.results[i]!.total)),
        );
        return { key, result: def.compute(values, ctx) };
      });
    }
    return evaluation;
  });
}

/** Whole calendar months between start and end in the zone, plus the elapsed fraction of the next, over 12. */
function calendarYears(period: Period): number {
  const start = new TZDate(period.start.getTime(), period.timeZone);
  const end = new TZDate(period.end.getTime(), period.timeZone);
  const months = differenceInMonths(end, start);
  const from = addMonths(start, months).getTime();
  const to = addMonths(start, months + 1).getTime();
  return (months + (end.getTime() - from) / (to - from)) / 12;
}

function compare(
  current: MetricValue | null,
  previous: MetricValue | null,
  base: Omit<ComparisonView, "result" | "change" | "significant" | "verdict">,
  direction: MetricInfo["direction"],
): ComparisonView {
  if (!current || !previous) return { ...base, result: previous, change: null, significant: null, verdict: null };
  const change = current.value - previous.value;
  let verdict: Verdict;
  if (Math.abs(change) <= 1e-9 * Math.max(1, Math.abs(previous.value))) verdict = "unchanged";
  else if (direction === "neutral") verdict = "changed";
  else verdict = (change > 0) === (direction === "higher") ? "better" : "worse";
  return {
    ...base,
    result: previous,
    change,
    significant: changeIsSignificant(current.sampling, previous.sampling),
    verdict,
  };
}

/** Best first by the metric's direction (largest first when neutral); rows without data last. */
function rankRows(
  groups: Array<{ key: string | null; result: MetricValue | null }>,
  unit: MetricInfo["unit"],
  direction: MetricInfo["direction"],
): BreakdownRow[] {
  const sign = direction === "lower" ? 1 : -1;
  const rows = [...groups].sort((a, b) => {
    if (!a.result || !b.result) return (a.result ? 0 : 1) - (b.result ? 0 : 1);
    return sign * (a.result.value - b.result.value) || b.result.n - a.result.n;
  });
  if (unit !== "count") return rows;
  const sum = rows.reduce((acc, r) => acc + (r.result?.value ?? 0), 0);
  return rows.map((r) => (r.result && sum > 0 ? { ...r, share: (r.result.value / sum) * 100 } : r));
}

function view(period: Period, now: Date): PeriodView {
  return { period, dates: describePeriod(period), partial: period.end > now };
}

async function latestRecord(connector: Connector, dataset: DatasetId): Promise<Date | null> {
  const info = await connector.describe();
  return info.find((d) => d.dataset === dataset)?.latestAt ?? null;
}

export function metricInfo(def: MetricDefinition, options: MetricOptions): MetricInfo {
  return {
    id: def.id,
    name: def.name,
    aliases: def.aliases,
    unit: def.unit,
    direction: directionOf(def, options),
    formula: def.formula,
    dataset: def.dataset,
    currency: options.currency,
  };
}

export function helpReport(): HelpReport {
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
      "define ces",
    ],
  };
}

async function defineReport(def: MetricDefinition, deps: RunDeps): Promise<DefineReport> {
  const info = metricInfo(def, deps.options);
  const dimensions = dimensionsOf(def.dataset);
  const report: DefineReport = {
    kind: "define",
    metric: info,
    dimensions,
    freshness: await latestRecord(deps.connector, def.dataset),
    timeZone: deps.timeZone ?? "UTC",
    examples: [`${def.id} last-week`, ...(dimensions[0] ? [`${def.id} last-month by ${dimensions[0]}`] : []), `${def.id} this-quarter vs last-year`],
  };
  if (def.scale) report.scale = def.scale(deps.options);
  return report;
}

/** A help desk's sync health, as `sources` and digests show it. */
export function syncView(s: SyncStatus): SyncView {
  return { source: s.label, lastSuccessAt: s.lastSuccessAt, lastError: s.lastError, lastErrorAt: s.lastErrorAt, intervalMs: s.intervalMs, stale: s.stale };
}

/** Every dataset: its source, rows used and skipped, coverage and freshness. */
export async function sourcesReport(deps: RunDeps, now: Date): Promise<SourcesReport> {
  const [infos, syncs] = await Promise.all([deps.connector.describe(), deps.sync?.status()]);
  const needs = new Map(CATALOG.map((d) => [d.id, fieldsNeeded(d, deps.options)]));
  const missing = await missingFields(deps.connector, infos, [...needs.values()].flat());
  const unavailable = (metric: MetricDefinition) => {
    const mine = missing.filter((m) => needs.get(metric.id)!.some((n) => n.dataset === m.dataset && n.field === m.field));
    return mine.length > 0 ? [{ metric: metric.id, missing: mine }] : [];
  };
  return {
    kind: "sources",
    ...(syncs ? { syncs: syncs.map(syncView) } : {}),
    connector: deps.connector.description ?? deps.connector.name,
    now,
    timeZone: deps.timeZone ?? "UTC",
    datasets: DATASET_IDS.map((dataset) => {
      const info = infos.find((i) => i.dataset === dataset);
      const metrics = CATALOG.filter((d) => d.dataset === dataset).map((d) => d.id);
      const row = DATASETS[dataset].row;
      if (!info) return { dataset, row, metrics, source: null, rows: 0, skipped: [], firstAt: null, latestAt: null, problems: [] };
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
        ...(cannot.length > 0 ? { unavailable: cannot } : {}),
      };
    }),
  };
}

/**
 * One alert check through the command path: the rule as a question
 * (`churn_rate last-30-days where segment=smb`) asked at the scheduled
 * instant in the rule's zone; what it saw as an observation for the state
 * machine; and, when it fires, the evidence behind it — all from breakdown
 * reports (`… by channel`), never from rows.
 */
import type { Engine } from "../commands/answer.ts";
import type { Command } from "../commands/command.ts";
import { parseCommand } from "../commands/parse.ts";
import { runCommand } from "../commands/run.ts";
import { dimensionsOf } from "../measures/datasets.ts";
import { isUserError, SourceError, UnavailableError } from "../errors.ts";
import { findMetric } from "../metrics/catalog/index.ts";
import type { MetricValue } from "../metrics/types.ts";
import type { AlertEvidence, AlertNotice, AlertReport, BreakdownRow, MetricReport } from "../report.ts";
import type { AlertCondition, AlertRule, AlertState } from "../store/store.ts";
import type { WeekStart } from "../periods/types.ts";
import { movedBy, type AlertObservation } from "./alertState.ts";
import { scheduledComparison, vsClause } from "./comparison.ts";
import { engineAt } from "./engineAt.ts";
import { alertRuleView } from "./views.ts";

export interface AlertCheck {
  observation: AlertObservation;
  /** The question that was asked, and its answer (null on a source error). */
  command: Extract<Command, { kind: "metric" }> | null;
  report: MetricReport | null;
}

/**
 * The rule as a question someone could type at `at`, with the comparison
 * the rule asks with there (its own, or its period's rhythm).
 * @example alertQuestion(rule, at) // "csat yesterday vs same-weekday where channel=email"
 */
export function alertQuestion(rule: AlertRule, at: Date, weekStartsOn?: WeekStart): string {
  const vs = vsClause(scheduledComparison(rule.comparison, rule.period, at, rule.schedule.timeZone, weekStartsOn));
  return `${rule.metric} ${rule.period}${vs}${rule.filters ? ` where ${rule.filters}` : ""}`;
}

/**
 * Asks the rule's question at `at`. A source that cannot be read is a
 * "source_error" observation; a period with nothing in it is "no_data"; any
 * other failure is a fault and is thrown.
 */
export async function checkAlert(rule: AlertRule, engine: Engine, at: Date): Promise<AlertCheck> {
  const scoped = engineAt(engine, at, rule.schedule.timeZone);
  let command: Command;
  try {
    command = parseCommand(alertQuestion(rule, at, engine.weekStartsOn), {
      periods: { now: at, timeZone: rule.schedule.timeZone, weekStartsOn: engine.weekStartsOn },
      defaultPeriod: rule.period,
    });
  } catch (e) {
    if (isUserError(e) && e.code === "future_period") return { observation: { kind: "no_data" }, command: null, report: null };
    throw e;
  }
  if (command.kind !== "metric") throw new Error(`alert ${rule.id} asks "${alertQuestion(rule, at, engine.weekStartsOn)}", which is not a metric question`);
  let report;
  try {
    report = await runCommand(command, scoped, at);
  } catch (e) {
    if (e instanceof SourceError) {
      engine.log.warn("alert check: data source unavailable", { rule: rule.id, source: e.source, error: e });
      return { observation: { kind: "source_error", source: e.source }, command, report: null };
    }
    if (isUserError(e) && e.code === "future_period") return { observation: { kind: "no_data" }, command, report: null };
    // The data lacks a field the metric needs: never a breach; the no-data notice goes out once, like any "no data".
    if (e instanceof UnavailableError) {
      engine.log.warn("alert check: metric not available from the data", { rule: rule.id, metric: rule.metric, missing: e.missing.map((m) => `${m.dataset}.${m.field}`) });
      return { observation: { kind: "no_data" }, command, report: null };
    }
    throw e;
  }
  if (report.kind !== "metric") throw new Error(`alert ${rule.id}: expected a metric report, got ${report.kind}`);
  if (!report.result) return { observation: { kind: "no_data" }, command, report };
  const previous = report.comparison.result;
  return {
    observation: {
      kind: "value",
      value: report.result.value,
      n: report.result.n,
      ...(rule.condition.kind === "change" ? { previous: previous ? { value: previous.value, n: previous.n } : null } : {}),
    },
    command,
    report,
  };
}

/** Which way is bad for this rule: up for `>` and `rises`, down for `<` and `drops`. */
export function badDirection(condition: AlertCondition): "up" | "down" {
  if (condition.kind === "threshold") return condition.op === ">" || condition.op === ">=" ? "up" : "down";
  return condition.direction === "rises" ? "up" : "down";
}

/** Dimensions people understand best first, when choosing where to look for the worst items. */
const ITEM_DIMENSIONS = ["agent", "team", "channel", "topic", "criterion", "priority", "segment", "plan", "source", "programme", "sentiment"];

/**
 * The evidence behind a firing rule:
 * - the segment: over every dimension of the metric's dataset (but those the
 *   rule already pins to one value, and those with a single value in the
 *   period), the value that moved most against the
 *   comparison period in the rule's bad direction, weighted by its size — its
 *   change × its share of the records for rates, scores and times (about its
 *   contribution to the overall change), its change alone for counts;
 * - the worst items behind it: within that segment, the three worst values of
 *   the most actionable other dimension (agent, then team, channel …) with
 *   enough records; when the dataset has no other dimension, the three worst
 *   other segments of the same one.
 * Null when no segment moved the bad way.
 */
export async function findEvidence(rule: AlertRule, command: Extract<Command, { kind: "metric" }>, report: MetricReport, engine: Engine, at: Date): Promise<AlertEvidence | null> {
  const def = findMetric(rule.metric);
  if (!def) return null;
  const scoped = engineAt(engine, at, rule.schedule.timeZone);
  const pinned = new Set(command.filters.filter((f) => f.values.length === 1).map((f) => f.field));
  const dims = dimensionsOf(def.dataset).filter((d) => !pinned.has(d));
  if (dims.length === 0) return null;
  const bad = badDirection(rule.condition);
  const previousPeriod = report.comparison.period;

  const breakdowns = await Promise.all(
    dims.map(async (dimension) => {
      const [now, before] = await Promise.all([
        runCommand({ ...command, by: dimension }, scoped, at),
        runCommand({ ...command, period: previousPeriod, by: dimension }, scoped, at),
      ]);
      return {
        dimension,
        current: now.kind === "metric" ? (now.breakdown?.rows ?? []) : [],
        previous: before.kind === "metric" ? (before.breakdown?.rows ?? []) : [],
      };
    }),
  );
  const segment = pickSegment(breakdowns, report.metric.unit === "count", bad);
  if (!segment) return null;

  const minItemN = Math.max(3, Math.ceil(rule.minN / 10));
  const worst = (rows: BreakdownRow[], skip?: string | null) =>
    rows
      .filter((r): r is BreakdownRow & { result: MetricValue } => r.result !== null && r.result.n >= minItemN && r.key !== skip)
      .sort((a, b) => (bad === "up" ? b.result.value - a.result.value : a.result.value - b.result.value) || b.result.n - a.result.n)
      .slice(0, 3)
      .map((r) => ({ key: r.key, result: r.result }));

  let items: AlertEvidence["items"] = null;
  const other = ITEM_DIMENSIONS.find((d) => d !== segment.dimension && dims.includes(d)) ?? dims.find((d) => d !== segment.dimension);
  if (other && segment.key !== null) {
    const within = await runCommand({ ...command, filters: [...command.filters, { field: segment.dimension, values: [segment.key] }], by: other }, scoped, at);
    const rows = within.kind === "metric" ? worst(within.breakdown?.rows ?? []) : [];
    if (rows.length > 0) items = { dimension: other, within: true, rows };
  } else if (!other) {
    const same = breakdowns.find((b) => b.dimension === segment.dimension);
    const rows = worst(same?.current ?? [], segment.key);
    if (rows.length > 0) items = { dimension: segment.dimension, within: false, rows };
  }
  const { impact: _impact, ...shown } = segment;
  return { segment: shown, items };
}

/**
 * The segment that moved most the bad way, weighted by size (see
 * `findEvidence`); null when none did. Pure, over breakdown rows.
 */
export function pickSegment(
  breakdowns: Array<{ dimension: string; current: BreakdownRow[]; previous: BreakdownRow[] }>,
  isCount: boolean,
  bad: "up" | "down",
): (AlertEvidence["segment"] & { impact: number }) | null {
  let best: (AlertEvidence["segment"] & { impact: number }) | null = null;
  for (const { dimension, current, previous } of breakdowns) {
    const total = current.reduce((acc, r) => acc + (r.result?.n ?? 0), 0);
    // A dimension with one value (say, no team recorded at all) is the whole population, not a segment of it.
    if (total <= 0 || current.filter((r) => r.result).length < 2) continue;
    for (const row of current) {
      if (!row.result) continue;
      const before = previous.find((p) => p.key === row.key)?.result ?? null;
      const change = before ? row.result.value - before.value : isCount ? row.result.value : null;
      if (change === null) continue;
      const share = (row.result.n / total) * 100;
      const signed = bad === "up" ? change : -change;
      const impact = isCount ? signed : signed * (share / 100);
      if (impact > 0 && (!best || impact > best.impact)) {
        best = { dimension, key: row.key, current: row.result, previous: before, change: before ? change : null, share, impact };
      }
    }
  }
  return best;
}

/** The message for one notice of a rule, from its check and the state after it. */
export function alertReport(
  rule: AlertRule,
  state: AlertState,
  notice: AlertNotice,
  check: AlertCheck,
  evidence: AlertEvidence | null,
  engine: Engine,
  at: Date,
): AlertReport {
  const report = check.report;
  const value = report?.result ?? null;
  const previous = report?.comparison.result ?? null;
  const moved = rule.condition.kind === "change" && value && previous ? movedBy(rule.condition, value.value, previous.value) : null;
  const question = report?.command ?? alertQuestion(rule, at, engine.weekStartsOn);
  const look = evidence ? `${question} by ${evidence.segment.dimension}` : question;
  return {
    kind: "alert",
    notice,
    rule: alertRuleView(rule, state, engine.options, at),
    status: state.status,
    checkedAt: at,
    current: report ? report.current : null,
    value,
    comparison: report ? report.comparison : null,
    moved: moved !== null && Number.isFinite(moved) ? moved : null,
    firedAt: state.firedAt,
    breaches: state.breaches,
    evidence,
    command: look,
    ...(check.observation.kind === "source_error" && check.observation.source ? { source: check.observation.source } : {}),
  };
}

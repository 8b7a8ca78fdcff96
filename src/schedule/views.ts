/** Digests and rules as the reports show them: ids, schedules in words, next run, state. */
import { metricInfo } from "../commands/run.ts";
import { findMetric } from "../metrics/catalog/index.ts";
import type { MetricOptions } from "../metrics/types.ts";
import type { Comparison } from "../periods/types.ts";
import type { AlertRuleView, DigestView, MetricInfo, ScheduleView } from "../report.ts";
import type { AlertRule, AlertState, Digest, Schedule } from "../store/store.ts";
import { scheduledComparison } from "./comparison.ts";
import { describeSchedule, nextRunAt } from "./cron.ts";

export function scheduleView(schedule: Schedule, now: Date): ScheduleView {
  return { cron: schedule.cron, timeZone: schedule.timeZone, words: describeSchedule(schedule), next: nextRunAt(schedule, now) };
}

export function digestView(digest: Digest, now: Date): DigestView {
  return {
    kind: "digest",
    id: digest.id,
    channel: digest.destination.channel,
    schedule: scheduleView(digest.schedule, now),
    metrics: digest.metrics.map((id) => ({ id, name: findMetric(id)?.name ?? id })),
    period: digest.period,
    ...comparisonView(digest.comparison, digest.period, digest.schedule, now),
    paused: digest.paused,
  };
}

export function alertRuleView(rule: AlertRule, state: AlertState | null, options: MetricOptions, now: Date): AlertRuleView {
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
    acknowledgedBy: state?.acknowledgedBy ?? null,
  };
}

/** The comparison as the next run will ask it (its period resolved then), and whether it was chosen. */
function comparisonView(choice: Comparison | undefined, period: string, schedule: Schedule, now: Date): { comparison: Comparison; comparisonChosen: boolean } {
  const at = nextRunAt(schedule, now) ?? now;
  return { comparison: scheduledComparison(choice, period, at, schedule.timeZone), comparisonChosen: choice !== undefined };
}

function ruleMetric(id: string, options: MetricOptions): MetricInfo {
  const def = findMetric(id);
  if (def) return metricInfo(def, options);
  // A metric removed from the catalog since the rule was made: still listable, so it can be removed.
  return { id, name: id, aliases: [], unit: "number", direction: "neutral", formula: "", dataset: "", currency: options.currency };
}

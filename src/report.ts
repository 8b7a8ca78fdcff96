/**
 * The platform-neutral answer. Every way in (console, Slack, Teams, a digest)
 * produces one of these; only render/ knows what a chat platform looks like.
 */
import type { Filter } from "./connectors/measures.ts";
import type { Direction, MetricValue, Unit } from "./metrics/types.ts";
import type { Comparison, Period } from "./periods/types.ts";

export interface MetricInfo {
  id: string;
  name: string;
  aliases: string[];
  unit: Unit;
  direction: Direction;
  formula: string;
  dataset: string;
  currency: string;
}

export interface PeriodView {
  period: Period;
  /** Concrete dates in the team's zone: "Mon 9 Nov – Sun 15 Nov 2026". */
  dates: string;
  /** The period is still running; figures are "so far". */
  partial: boolean;
}

/** "better" / "worse" follow the metric's direction; "changed" is for neutral metrics. */
export type Verdict = "better" | "worse" | "unchanged" | "changed";

export interface ComparisonView extends PeriodView {
  against: Comparison;
  result: MetricValue | null;
  /** current − previous in the metric's unit (points for percentages); null when either side has no data. */
  change: number | null;
  /** Outside sampling noise at 95 %; null when the metric has no sampling model or too little data. */
  significant: boolean | null;
  verdict: Verdict | null;
}

export interface BreakdownRow {
  /** The dimension's value; null where the records have none. */
  key: string | null;
  result: MetricValue | null;
  /** For counts: this row's share of the total, 0–100. */
  share?: number;
}

/** A related question offered as a button under an answer ("By channel", "Vs last year"). */
export interface FollowUp {
  kind: "by-channel" | "by-agent" | "vs-last-year";
  label: string;
  /** The command it runs, as typed. */
  command: string;
}

export interface MetricReport {
  kind: "metric";
  /** The command as it would be typed to get this report again. */
  command: string;
  /** Related questions: the same command by channel / by agent / vs last year, where the metric allows. */
  followUps: FollowUp[];
  metric: MetricInfo;
  current: PeriodView;
  timeZone: string;
  filters: Filter[];
  /** null: no data in the period. */
  result: MetricValue | null;
  comparison: ComparisonView;
  /** The last 8 equal periods, oldest first, ending with the current one. */
  trend: Array<{ label: string; value: number | null }>;
  breakdown?: { dimension: string; rows: BreakdownRow[] };
  /** Latest record in the metric's dataset. */
  freshness: Date | null;
}

export interface HelpReport {
  kind: "help";
  metrics: Array<{ id: string; name: string; aliases: string[] }>;
  periods: readonly string[];
  examples: string[];
}

export interface DefineReport {
  kind: "define";
  metric: MetricInfo;
  dimensions: string[];
  scale?: string;
  freshness: Date | null;
  examples: string[];
}

export interface ErrorReport {
  kind: "error";
  /** "user": the person can fix it; "source": data unreachable; "fault": our bug, with an id in the logs. */
  cause: "user" | "source" | "fault";
  message: string;
  hint?: string;
  faultId?: string;
}

export type Report = MetricReport | HelpReport | DefineReport | ErrorReport;

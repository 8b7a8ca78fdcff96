/**
 * The platform-neutral answer. Every way in (console, Slack, Teams, a digest)
 * produces one of these; only render/ knows what a chat platform looks like.
 */
import type { Filter } from "./measures/measures.ts";
import type { Direction, MetricValue, Unit } from "./metrics/types.ts";
import type { Comparison, Period } from "./periods/types.ts";
import type { AlertCondition, AlertStatus } from "./store/store.ts";

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
  /** How the question was read (the command), when what was typed was not already that: "Read as: csat last-week where channel=email". */
  readAs?: string;
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
  breakdown?: {
    dimension: string;
    rows: BreakdownRow[];
    /** Rows of the period left out because their value of the dimension could not be used (not in the value map …). */
    dropped?: SkippedView;
  };
  /** Latest record in the metric's dataset. */
  freshness: Date | null;
  /** Why there is no figure, when `result` is null (absent: no rows in the period). */
  noData?: NoDataView;
  /** Rows of the metric's dataset in the period that could not be used (absent: none). */
  skipped?: SkippedView;
}

/**
 * Why a metric has no figure:
 * - "no-rows": nothing in the dataset for the period (and filters);
 * - "none-counted": rows, but none of the kind the metric counts ("no 0–10 answers among 1,668 survey answers");
 * - "all-skipped": every row of the dataset failed to parse, so none could be used.
 */
export interface NoDataView {
  why: "no-rows" | "none-counted" | "all-skipped";
  /** Rows of the dataset in the period ("none-counted"), or rows skipped in all ("all-skipped"). */
  rows: number;
  /** "survey answers". */
  noun: string;
  /** What the metric counts: "0–10 (NPS) answers" ("none-counted"). */
  counted?: string;
  /** "all-skipped": every row of the dataset, or every row of the period (the dataset has readable rows elsewhere). */
  scope?: "dataset" | "period";
  /** The main reason rows were skipped, with its count ("all-skipped"). */
  mainReason?: { reason: string; count: number };
}

/** Rows skipped in a period: how many, and the main reason with its count. */
export interface SkippedView {
  count: number;
  reason: string;
  reasonCount: number;
  /** Skipped rows whose time could not be read at all (their period is unknown). */
  undated?: number;
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
  /** The team's zone (BOT_TIMEZONE), in which freshness is shown (UTC when absent). */
  timeZone?: string;
  examples: string[];
}

export interface ErrorReport {
  kind: "error";
  /**
   * "user": the person can fix it; "source": data unreachable; "fault": our bug, with an id in the logs;
   * "unavailable": the team's data lacks a field the metric needs (`missing` says which), so no figure.
   */
  cause: "user" | "source" | "fault" | "unavailable";
  message: string;
  hint?: string;
  faultId?: string;
  /** For a question with several readings ("ambiguous"): each reading and the command that asks it, offered as buttons. */
  choices?: Array<{ label: string; command: string }>;
  /** For "unavailable": the fields the data does not provide, why, and how to provide each. */
  missing?: MissingFieldView[];
}

/** A field a metric needs that the team's data does not provide. */
export interface MissingFieldView {
  dataset: string;
  field: string;
  /** "tickets has no `resolved_at`", "every `resolved_at` in tickets is empty (1,897 rows)". */
  why: string;
  /** How to provide it (what to map in mapping.json, which column to add). */
  fix: string;
}

export type Report = MetricReport | HelpReport | DefineReport | ErrorReport | ManageReport | DigestReport | AlertReport | SourcesReport;

/** One dataset in `sources`. */
export interface SourceView {
  dataset: string;
  /** What one row is: "a support request". */
  row: string;
  /** Metric ids that read this dataset. */
  metrics: string[];
  /** The file(s) or table the rows come from; null when the dataset has no data. */
  source: string | null;
  /** Rows used. */
  rows: number;
  /** Rows excluded, per reason, most first. */
  skipped: Array<{ reason: string; count: number }>;
  /** Time coverage of the dataset's time field; null when there are no rows. */
  firstAt: Date | null;
  /** Freshness: the latest record. */
  latestAt: Date | null;
  /** Files feeding it that could not be used, each saying why; while there is one, questions about it answer with it. */
  problems: string[];
  /** Of `metrics`, those the data cannot answer (a field they need is missing), with the fields and how to provide them. */
  unavailable?: Array<{ metric: string; missing: MissingFieldView[] }>;
}

/** One help desk the bot keeps a copy of: its last sync and whether the copy is stale. */
export interface SyncView {
  /** "Zendesk (acme.zendesk.com)". */
  source: string;
  /** Last sync that finished every stream; null: none yet. */
  lastSuccessAt: Date | null;
  /** The last run's error; null when it succeeded. */
  lastError: string | null;
  lastErrorAt: Date | null;
  /** Time between scheduled syncs, ms. */
  intervalMs: number;
  /** Older than two intervals. */
  stale: boolean;
}

/** The answer to `sources`: where each dataset comes from, what was used and skipped, and how fresh it is. */
export interface SourcesReport {
  kind: "sources";
  /** The connector, for people: "DuckDB over the files in /srv/data". */
  connector: string;
  /** When the report was made, for "latest record 3 h ago". */
  now: Date;
  timeZone: string;
  /** Every dataset of the catalog, in catalog order. */
  datasets: SourceView[];
  /** Help desks synced into the store (absent when none is configured). */
  syncs?: SyncView[];
}

// ---- digests and alerts (src/schedule/) -------------------------------------

/** When a digest or alert runs: as stored, in words, and the next instant. */
export interface ScheduleView {
  cron: string;
  timeZone: string;
  /** "every weekday at 08:30", "every Monday at 09:00", "cron 0 9 * * 1-5". */
  words: string;
  /** The next scheduled instant after the report was made; null when there is none. */
  next: Date | null;
}

export interface DigestView {
  kind: "digest";
  id: string;
  /** The channel it posts to. */
  channel: string;
  schedule: ScheduleView;
  metrics: Array<{ id: string; name: string }>;
  /** Period words resolved at each run, e.g. "yesterday". */
  period: string;
  /** What its figures are compared with at the next run (its `vs`, else its period's rhythm). */
  comparison?: Comparison;
  /** The comparison was chosen with `vs` (absent or false: by the period's rhythm). */
  comparisonChosen?: boolean;
  paused: boolean;
}

export interface AlertRuleView {
  kind: "alert";
  id: string;
  channel: string;
  schedule: ScheduleView;
  metric: MetricInfo;
  condition: AlertCondition;
  /** Period words judged at each check, e.g. "last-30-days". */
  period: string;
  /** `where` filters, e.g. "channel=email"; empty for none. */
  filters: string;
  /** What the period is compared with at the next check (its `vs`, else its period's rhythm). */
  comparison?: Comparison;
  /** The comparison was chosen with `vs` (absent or false: by the period's rhythm). */
  comparisonChosen?: boolean;
  minN: number;
  forChecks: number;
  cooldownMs: number;
  muted: boolean;
  /** null: never checked yet. */
  status: AlertStatus | null;
  snoozedUntil: Date | null;
  acknowledgedBy: string | null;
}

/** The answer to `digest …` / `alert …` management commands: a confirmation or a list. */
export interface ManageReport {
  kind: "manage";
  subject: "digest" | "alert";
  action: "list" | "added" | "sent" | "paused" | "resumed" | "removed" | "muted" | "unmuted" | "acknowledged" | "snoozed";
  items: Array<DigestView | AlertRuleView>;
  /** The channel the command came from (items posting elsewhere say where). */
  channel: string;
  /** A list's page: `items` are numbers first … first + items.length − 1 of `total`. */
  page?: { number: number; pages: number; first: number; total: number };
}

/** The metric of a digest that moved most, and how that was judged. */
export interface LargestMover {
  metricId: string;
  /** The change divided by its standard error (sampling noise); null when the metric has no sampling model. */
  z: number | null;
  /** The change relative to the previous value (0.1 = 10 %); null when the previous value is 0. */
  relative: number | null;
}

export interface DigestReport {
  kind: "digest";
  digestId: string;
  /** The scheduled instant this digest is for; periods are resolved at it. */
  scheduledAt: Date;
  timeZone: string;
  /** Period words, e.g. "yesterday". */
  period: string;
  /** What every metric (and so the largest mover) is compared with; absent in digests built before it was recorded. */
  comparison?: Comparison;
  /** One entry per metric in the digest's order: its report, or why there is none. */
  items: Array<{ metricId: string; report: MetricReport } | { metricId: string; name: string; error: ErrorReport }>;
  mover: LargestMover | null;
  /** Metrics left out because the data lacks a field they need (shown once, in one line); absent or empty: none. */
  unavailable?: Array<{ metricId: string; name: string; missing: MissingFieldView[] }>;
  /** Help desks whose copy is older than two sync intervals when the digest was built (absent or empty: all fresh). */
  stale?: SyncView[];
  /** When the digest was built, which staleness is judged at (absent for a digest built without sync). */
  builtAt?: Date;
}

export type AlertNotice = "firing" | "repeat" | "resolved" | "no_data" | "source_error";

/** What is behind a firing alert: the segment that moved most the wrong way, and the worst items in it. */
export interface AlertEvidence {
  segment: {
    dimension: string;
    key: string | null;
    current: MetricValue;
    previous: MetricValue | null;
    /** current − previous in the metric's unit; null when the segment had no data before. */
    change: number | null;
    /** The segment's share of the records, 0–100. */
    share: number;
  };
  /** Within the segment, the worst values of another dimension (or the worst other segments). */
  items: { dimension: string; within: boolean; rows: Array<{ key: string | null; result: MetricValue }> } | null;
}

/** One alert message: a rule's state change or repeat, with the figures and evidence behind it. */
export interface AlertReport {
  kind: "alert";
  notice: AlertNotice;
  rule: AlertRuleView;
  status: AlertStatus;
  /** The scheduled instant of the check. */
  checkedAt: Date;
  /** The period judged, concrete; null when the source could not be read. */
  current: PeriodView | null;
  value: MetricValue | null;
  /** The comparison period (for change rules, what the change is measured against). */
  comparison: ComparisonView | null;
  /** Change rules: the move in the rule's unit (pts, % or the metric's unit), positive in the rule's direction. */
  moved: number | null;
  /** When the current episode started firing. */
  firedAt: Date | null;
  breaches: number;
  evidence: AlertEvidence | null;
  /** What to type to look closer, e.g. "csat last-7-days by channel". */
  command: string;
  /** For a source error: the data source that failed. */
  source?: string;
}

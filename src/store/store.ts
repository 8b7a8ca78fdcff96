/**
 * The Store port: everything the bot must remember across restarts and share
 * between replicas. Two implementations: SQLite (a file in DATA_DIR, the
 * embedded default) and Postgres (DATABASE_URL, for several replicas). The
 * same test suite runs against both.
 *
 * Instants are `Date`s; every id is a string. Methods that change state are
 * atomic on their own; the ones that arbitrate between replicas (`claimRun`,
 * `claimOutbox`) are safe under concurrent calls from several processes.
 *
 * A claim (of a run or of a post) belongs to a process, its `owner`. Each
 * process renews a heartbeat in the Store (`heartbeat`); a claim is free for
 * others when its lease ran out *or* when its owner's heartbeat stopped — so
 * after a crash nothing waits for a long lease, and a process that stops
 * cleanly hands its claims over at once (`releaseOwner`).
 */

import type { Comparison } from "../periods/types.ts";

/** Where something is posted: a platform and a conversation on it. */
export interface Destination {
  platform: "slack" | "teams" | "console";
  /** Slack team id / Teams tenant id / "local". */
  workspace: string;
  /** Slack channel id / Teams conversation id / "console". */
  channel: string;
}

/** When something runs: a cron expression evaluated in an IANA zone. */
export interface Schedule {
  cron: string;
  timeZone: string;
}

export interface Digest {
  id: string;
  destination: Destination;
  schedule: Schedule;
  /** Metric ids, in the order shown. */
  metrics: string[];
  /** Period words resolved at run time, e.g. "yesterday", "last-week". */
  period: string;
  /** What each metric is compared with (`vs …`); absent: by the period's rhythm (`rhythmComparison`). */
  comparison?: Comparison;
  paused: boolean;
  createdBy: string;
  createdAt: Date;
}

export type AlertStatus = "ok" | "pending" | "firing" | "resolved" | "no_data" | "source_error";

/**
 * A threshold (`churn_rate > 5%`) or a relative drop/rise (`csat drops 5 pts`),
 * the change measured against the rule's `comparison`.
 */
export type AlertCondition =
  | { kind: "threshold"; op: ">" | ">=" | "<" | "<="; value: number }
  | { kind: "change"; direction: "drops" | "rises"; by: number; unit: "pts" | "%" | "abs" };

export interface AlertRule {
  id: string;
  destination: Destination;
  metric: string;
  condition: AlertCondition;
  /** Period words judged at each check, e.g. "last-30-days". */
  period: string;
  /** `where` filters as typed, e.g. "channel=email"; empty for none. */
  filters: string;
  /**
   * What the period is compared with (`vs …`): the change a change rule
   * watches, and the evidence of any rule. Absent: by the period's rhythm
   * (`rhythmComparison`).
   */
  comparison?: Comparison;
  schedule: Schedule;
  /** Below this many records the rule does not judge. */
  minN: number;
  /** Consecutive breaches before firing. */
  forChecks: number;
  cooldownMs: number;
  muted: boolean;
  createdBy: string;
  createdAt: Date;
}

/** A posted message that can be edited or replied to in a thread. */
export interface MessageRef {
  platform: Destination["platform"];
  /** Slack: channel + ts; Teams: conversation id + activity id. */
  channel: string;
  id: string;
}

export interface AlertState {
  ruleId: string;
  status: AlertStatus;
  /** Consecutive breaching checks so far. */
  breaches: number;
  lastValue: number | null;
  lastCheckedAt: Date | null;
  /** When the current episode started firing. */
  firedAt: Date | null;
  /** Last time a message was posted for this rule (for the cooldown). */
  notifiedAt: Date | null;
  /** The parent message of the current episode's thread. */
  thread: MessageRef | null;
  snoozedUntil: Date | null;
  acknowledgedBy: string | null;
}

/** One scheduled run (a digest post or an alert check) at one scheduled instant. */
export interface RunKey {
  scheduleId: string;
  scheduledAt: Date;
}

export type RunStatus = "claimed" | "done" | "skipped" | "failed";

export interface OutboxEntry {
  id: string;
  /** The run that produced it, or null for a one-off post. */
  run: RunKey | null;
  destination: Destination;
  /** A platform-neutral payload (e.g. a Report or digest), serialisable as JSON. */
  payload: unknown;
  /** Edit this message instead of posting a new one / post in its thread. */
  replaceOf: MessageRef | null;
  threadOf: MessageRef | null;
  /** Times it was taken for sending: `claimOutbox` counts one each time. */
  attempts: number;
  nextAttemptAt: Date;
  status: "pending" | "sending" | "delivered" | "dead";
  lastError: string | null;
  delivered: MessageRef | null;
}

/** A post claimed for sending by one process. */
export interface ClaimedPost {
  entry: OutboxEntry;
  /**
   * An earlier send may have reached the platform without its outcome being
   * recorded (its sender died mid-send, or the send failed in a way that does
   * not prove it was refused): look for it before sending again.
   */
  inDoubt: boolean;
  /** When this post was first taken for sending: where to start looking for it. */
  firstSentAt: Date;
}

export interface Store {
  // --- digests
  saveDigest(digest: Digest): Promise<void>;
  getDigest(id: string): Promise<Digest | null>;
  listDigests(filter?: { workspace?: string; channel?: string }): Promise<Digest[]>;
  deleteDigest(id: string): Promise<boolean>;

  // --- alert rules and their state
  saveAlertRule(rule: AlertRule): Promise<void>;
  getAlertRule(id: string): Promise<AlertRule | null>;
  listAlertRules(filter?: { workspace?: string; channel?: string }): Promise<AlertRule[]>;
  /** Deletes the rule and its state. */
  deleteAlertRule(id: string): Promise<boolean>;
  getAlertState(ruleId: string): Promise<AlertState | null>;
  /** Does nothing when the rule no longer exists (deleted while it was being checked). */
  saveAlertState(state: AlertState): Promise<void>;

  // --- exactly-once runs
  /**
   * Claim a run for `owner` with a lease. True when this caller now owns it:
   * the run was never claimed, or its previous claim is still `claimed` with
   * an expired lease (the owner died mid-run). False when someone else holds
   * it or it already finished. A lease ending at T still holds at T.
   * False too when `owner` itself already holds it, so a run triggered twice
   * in one process runs once.
   */
  claimRun(key: RunKey, owner: string, leaseMs: number, now: Date): Promise<boolean>;
  /**
   * Only the owner still holding the claim can finish it; after its lease
   * expired and another owner reclaimed the run, its call changes nothing.
   * A run never claimed is recorded as finished (e.g. `skipped` when too old to catch up).
   */
  finishRun(key: RunKey, owner: string, status: Exclude<RunStatus, "claimed">, now: Date): Promise<void>;
  /** The latest scheduled instant of this schedule whose run finished or is claimed. */
  lastRun(scheduleId: string): Promise<Date | null>;
  /** Runs still `claimed` whose lease expired or whose owner's heartbeat stopped (to resume after a crash). */
  abandonedRuns(now: Date): Promise<RunKey[]>;

  // --- processes
  /** `owner` is alive until `now + ttlMs`: its claims are its own until then, whatever their leases. */
  heartbeat(owner: string, now: Date, ttlMs: number): Promise<void>;
  /** `owner` stops: its heartbeat ends now, so its claims (runs and posts) are free for others at once. */
  releaseOwner(owner: string, now: Date): Promise<void>;

  // --- outbox: posts are written before they are sent, retried until delivered
  /** An id already in the outbox is left as it is, so a resumed run can enqueue its post again. */
  enqueue(entry: Omit<OutboxEntry, "attempts" | "status" | "lastError" | "delivered">): Promise<void>;
  /**
   * Up to `limit` entries that could be sent at `now`, in the order enqueued,
   * without taking them: pending ones that are due, and `sending` ones whose
   * lease expired or whose owner's heartbeat stopped.
   */
  dueOutbox(now: Date, limit: number): Promise<OutboxEntry[]>;
  /**
   * Atomically takes one entry for `owner` while it sends it: marked
   * `sending` until `now + leaseMs` (longer than the send may take), its
   * attempt counted. Null when it is not due, is delivered or dead, or another
   * live process is sending it.
   */
  claimOutbox(id: string, owner: string, now: Date, leaseMs: number): Promise<ClaimedPost | null>;
  /**
   * Renews `owner`'s claim on an entry it is sending, to `now + leaseMs`.
   * False when it no longer holds it (its lease ran out and another process
   * took the entry): it must then not send it.
   */
  holdOutbox(id: string, owner: string, now: Date, leaseMs: number): Promise<boolean>;
  markDelivered(id: string, ref: MessageRef, now: Date): Promise<void>;
  /**
   * Back to `pending` at `nextAttemptAt`, or `dead` when `dead` is true (given
   * up, kept for inspection). No effect on a delivered or dead entry.
   * `inDoubt`: the failure does not prove the platform refused the post (a
   * timeout, a dropped connection, a 5xx), so the next sender looks for it first.
   */
  markFailed(id: string, error: string, nextAttemptAt: Date, dead: boolean, opts?: { inDoubt?: boolean }): Promise<void>;
  getOutbox(id: string): Promise<OutboxEntry | null>;

  // --- chat platform installations
  /** Slack installation as Bolt gives it, keyed by enterprise and/or team id. */
  saveSlackInstallation(key: { enterpriseId?: string; teamId?: string }, installation: unknown): Promise<void>;
  getSlackInstallation(key: { enterpriseId?: string; teamId?: string }): Promise<unknown | null>;
  deleteSlackInstallation(key: { enterpriseId?: string; teamId?: string }): Promise<void>;
  /** Teams conversation reference (as botbuilder gives it), keyed by conversation id. */
  saveConversationReference(conversationId: string, reference: unknown, now: Date): Promise<void>;
  getConversationReference(conversationId: string): Promise<unknown | null>;
  listConversationReferences(): Promise<Array<{ conversationId: string; reference: unknown }>>;

  // --- what a Slack workspace's clients cannot show
  /** Block types (`data_visualization`, `table`) Slack refused with `invalid_blocks` in this workspace, sorted; empty when none. */
  refusedSlackBlocks(workspace: string): Promise<string[]>;
  /** Remembers that this workspace refused these block types, so later posts there leave them out (also after a restart). */
  refuseSlackBlocks(workspace: string, blockTypes: readonly string[], now: Date): Promise<void>;

  // --- help-desk OAuth grants (encrypted at rest by secrets.ts)
  /** The grant a help desk gave (e.g. Zendesk's access and refresh tokens), replacing the one before. */
  saveHelpdeskGrant(source: string, grant: unknown, now: Date): Promise<void>;
  getHelpdeskGrant(source: string): Promise<unknown | null>;
  /** Forgets the grant (revoked, or an admin disconnected the help desk). */
  deleteHelpdeskGrant(source: string): Promise<void>;

  close(): Promise<void>;
}

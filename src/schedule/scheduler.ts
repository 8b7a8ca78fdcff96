/**
 * Runs digests and alert checks at their scheduled instants, exactly once
 * across replicas, and delivers what they produce through an outbox.
 *
 * A run is one schedule at one scheduled instant (its RunKey). Every run is
 * claimed in the Store before anything happens, with a lease; whoever wins
 * the claim builds the digest or checks the alert, writes the post(s) to the
 * outbox under ids derived from the run key (so re-doing a run enqueues
 * nothing twice), and finishes the run. A run whose owner died (lease
 * expired, still "claimed") is re-done by the next tick of any replica.
 *
 * Due runs: the latest scheduled instant at or before `now` that is later
 * than the schedule's last run (or, never run, than its creation). When it
 * is at most `catchUpMs` old it runs, once — earlier missed instants are
 * skipped with a log line; when it is older, it is recorded as skipped with a
 * log line. So after a restart, a digest missed 2 hours ago goes out once,
 * and one missed 2 days ago does not go out late.
 *
 * Delivery: `dispatchOutbox` takes due entries (the store arbitrates between
 * replicas), posts each through the poster of its platform, and marks it
 * delivered; a failure is retried with exponential backoff and jitter, and
 * after `maxAttempts` the entry is marked dead with an error log line. An
 * alert's first message of an episode becomes its thread: repeats, the
 * recovery and no-data/source-error notices go into the thread, and the
 * first message is edited to show the current state.
 *
 * `start()` wires node-cron (one job per schedule, in its zone) and a
 * periodic sweep (catch-up tick + dispatch), and runs a sweep at once.
 */
import { forEachConcurrently } from "../concurrency.ts";
import { backoffMs } from "../retry.ts";
import { randomBytes } from "node:crypto";
import { hostname } from "node:os";
import { schedule as cronSchedule } from "node-cron";
import type { Engine } from "../commands/answer.ts";
import type { Clock } from "../clock.ts";
import type { Logger } from "../log.ts";
import type { AlertRule, Digest, OutboxEntry, RunKey, Schedule, Store } from "../store/store.ts";
import { alertReport, checkAlert, findEvidence } from "./alertCheck.ts";
import { holdIfNotAllowed, type AllowedDestination } from "./allowed.ts";
import { nextAlertState } from "./alertState.ts";
import { latestRunAt, runsBetween } from "./cron.ts";
import { buildDigest, type DigestAnswers } from "./digest.ts";
import { outboxId, readPayload, type OutboxPayload } from "./payload.ts";
import type { Posters } from "./poster.ts";

export interface OutboxPolicy {
  /** Attempts before an entry is given up as dead (logged as an error, kept in the store). */
  maxAttempts: number;
  /** Delay after the first failure; doubles with each further one, up to `maxDelayMs`; ±50 % jitter. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** Entries taken per dispatch. */
  batch: number;
  /** How long a taken entry is reserved for its sender; after that another replica may send it. */
  sendLeaseMs: number;
  /** A post that takes longer counts as failed (and is retried). */
  postTimeoutMs: number;
  /** How long a thread reply waits before looking again for its thread's first message. */
  threadWaitMs: number;
}

export const DEFAULT_OUTBOX_POLICY: OutboxPolicy = {
  maxAttempts: 8,
  baseDelayMs: 30_000,
  maxDelayMs: 30 * 60_000,
  batch: 20,
  sendLeaseMs: 2 * 60_000,
  postTimeoutMs: 60_000,
  threadWaitMs: 15_000,
};

/** How the scheduler starts timers: node-cron by default; tests pass a fake. */
export interface CronJobs {
  schedule(expression: string, run: () => void, opts: { timezone: string; name: string }): CronJob;
}

export interface CronJob {
  stop(): unknown;
  destroy?(): unknown;
}

const nodeCronJobs: CronJobs = {
  schedule: (expression, run, opts) => cronSchedule(expression, run, { timezone: opts.timezone, name: opts.name, noOverlap: true }),
};

export interface SchedulerOptions {
  store: Store;
  engine: Engine;
  posters: Posters;
  clock: Clock;
  log: Logger;
  /** Unique per process, e.g. `${hostname}:${pid}:${random}`: who holds a claim. */
  owner: string;
  /** Missed runs at most this old still run (once) after a restart. Default 6 h. */
  catchUpMs?: number;
  /** How long a claimed run may take before another replica may take it over. Default 10 min. */
  leaseMs?: number;
  outbox?: Partial<OutboxPolicy>;
  /** Period of the sweep (tick + dispatch) that `start()` runs besides the cron jobs. Default 30 s. */
  sweepMs?: number;
  cron?: CronJobs;
  /** Jitter source (tests). */
  random?: () => number;
  /**
   * Runs built at once within a tick (default 8): 1,000 digests due at 09:00
   * overlap their queries instead of waiting in line. Claims keep each run single.
   */
  concurrency?: number;
  /** Where digests and alerts may post (allowed.ts); checked when a run executes. Everywhere when absent. */
  allowed?: AllowedDestination;
}

export interface TickResult {
  /** Runs done by this tick (new and resumed). */
  ran: RunKey[];
  /** Runs of abandoned claims this tick took over. */
  resumed: RunKey[];
  /** Missed runs recorded as skipped (older than the catch-up window). */
  skipped: RunKey[];
  /** Runs that failed (logged); not retried. */
  failed: RunKey[];
}

export interface DispatchResult {
  delivered: string[];
  retrying: string[];
  dead: string[];
  /** Thread replies waiting for their thread's first message. */
  waiting: string[];
}

type Scheduled = { kind: "digest"; item: Digest } | { kind: "alert"; item: AlertRule };

export const DEFAULT_CATCH_UP_MS = 6 * 3_600_000;
export const DEFAULT_LEASE_MS = 10 * 60_000;

export class Scheduler {
  private readonly store: Store;
  private readonly engine: Engine;
  private readonly posters: Posters;
  private readonly clock: Clock;
  private readonly log: Logger;
  private readonly owner: string;
  private readonly catchUpMs: number;
  private readonly leaseMs: number;
  private readonly policy: OutboxPolicy;
  private readonly sweepMs: number;
  private readonly cron: CronJobs;
  private readonly random: () => number;
  private readonly concurrency: number;
  private readonly allowed: AllowedDestination | undefined;
  /** Answers shared by the digests of the tick in progress. */
  private shared: DigestAnswers | undefined;
  private jobs: CronJob[] = [];
  private sweepTimer: ReturnType<typeof setInterval> | null = null;
  private ticking: Promise<unknown> = Promise.resolve();
  private dispatching: Promise<unknown> = Promise.resolve();
  private running = false;
  private readonly sweeps = new Set<Promise<void>>();

  constructor(opts: SchedulerOptions) {
    this.store = opts.store;
    this.engine = opts.engine;
    this.posters = opts.posters;
    this.clock = opts.clock;
    this.log = opts.log;
    this.owner = opts.owner;
    this.catchUpMs = opts.catchUpMs ?? DEFAULT_CATCH_UP_MS;
    this.leaseMs = opts.leaseMs ?? DEFAULT_LEASE_MS;
    this.policy = { ...DEFAULT_OUTBOX_POLICY, ...opts.outbox };
    this.sweepMs = opts.sweepMs ?? 30_000;
    this.cron = opts.cron ?? nodeCronJobs;
    this.random = opts.random ?? Math.random;
    this.concurrency = Math.max(1, opts.concurrency ?? 8);
    this.allowed = opts.allowed;
  }

  // ---- running schedules ---------------------------------------------------------

  /**
   * Does every run due at `now`: first runs abandoned by a dead owner, then
   * each active schedule's latest due instant (see the file comment). Ticks
   * of one scheduler never overlap; replicas are kept apart by the claims.
   */
  tick(now: Date = this.clock.now()): Promise<TickResult> {
    const next = this.ticking.then(() => this.tickNow(now));
    this.ticking = next.catch(() => undefined);
    return next;
  }

  private async tickNow(now: Date): Promise<TickResult> {
    const result: TickResult = { ran: [], resumed: [], skipped: [], failed: [] };
    // Digests of this tick share answers to the same question at the same instant (answer() never throws).
    this.shared = new Map();
    await forEachConcurrently(await this.store.abandonedRuns(now), this.concurrency, async (key) => {
      if (!(await this.store.claimRun(key, this.owner, this.leaseMs, now))) return;
      this.log.warn("taking over a run abandoned by a stopped process", { schedule: key.scheduleId, scheduledAt: key.scheduledAt.toISOString() });
      result.resumed.push(key);
      await this.execute(key, now, result);
    });
    await forEachConcurrently(await this.active(), this.concurrency, (scheduled) => this.runDue(scheduled, now, result));
    this.shared = undefined;
    return result;
  }

  private async active(): Promise<Scheduled[]> {
    const [digests, rules] = await Promise.all([this.store.listDigests(), this.store.listAlertRules()]);
    return [
      ...digests.filter((d) => !d.paused).map((item): Scheduled => ({ kind: "digest", item })),
      ...rules.filter((r) => !r.muted).map((item): Scheduled => ({ kind: "alert", item })),
    ];
  }

  private async runDue(scheduled: Scheduled, now: Date, result: TickResult): Promise<void> {
    const { id, schedule, createdAt } = scheduled.item;
    const latest = latestRunAt(schedule, now);
    if (!latest) return;
    const last = await this.store.lastRun(id);
    const floor = last ?? createdAt;
    if (latest.getTime() <= floor.getTime()) return;
    const key: RunKey = { scheduleId: id, scheduledAt: latest };
    const ago = now.getTime() - latest.getTime();
    if (ago > this.catchUpMs) {
      if (!(await this.store.claimRun(key, this.owner, this.leaseMs, now))) return;
      await this.store.finishRun(key, this.owner, "skipped", now);
      this.log.warn(`skipped a missed ${scheduled.kind} run: it was due ${hours(ago)} ago, beyond the ${hours(this.catchUpMs)} catch-up window`, {
        schedule: id,
        scheduledAt: latest.toISOString(),
        missed: missedCount(schedule, floor, latest) + 1,
      });
      result.skipped.push(key);
      return;
    }
    if (!(await this.store.claimRun(key, this.owner, this.leaseMs, now))) return;
    const earlier = missedCount(schedule, floor, latest);
    if (earlier > 0) {
      this.log.warn(`catching up a missed ${scheduled.kind} run once; ${earlier} earlier missed run${earlier === 1 ? "" : "s"} skipped`, {
        schedule: id,
        scheduledAt: latest.toISOString(),
        since: floor.toISOString(),
      });
    } else if (ago > 60_000) {
      this.log.info(`catching up a missed ${scheduled.kind} run`, { schedule: id, scheduledAt: latest.toISOString() });
    }
    await this.execute(key, now, result);
  }

  /** Does one claimed run and finishes it: done, skipped (gone, paused, muted, stale) or failed (logged). */
  private async execute(key: RunKey, now: Date, result: TickResult): Promise<void> {
    try {
      const digest = await this.store.getDigest(key.scheduleId);
      let status: "done" | "skipped" = "skipped";
      if (digest) {
        if (!digest.paused && (await this.mayPost({ kind: "digest", item: digest }))) status = await this.runDigest(digest, key, now);
      } else {
        const rule = await this.store.getAlertRule(key.scheduleId);
        if (rule && !rule.muted && (await this.mayPost({ kind: "alert", item: rule }))) status = await this.runAlert(rule, key, now);
      }
      await this.store.finishRun(key, this.owner, status, now);
      if (status === "done") result.ran.push(key);
    } catch (error) {
      result.failed.push(key);
      this.log.error("scheduled run failed", { schedule: key.scheduleId, scheduledAt: key.scheduledAt.toISOString(), error });
      await this.store.finishRun(key, this.owner, "failed", now).catch((e: unknown) => this.log.error("could not record a failed run", { error: e }));
    }
  }

  /** The destination is still allowed; if not, the digest is paused or the rule muted (allowed.ts). */
  private mayPost(scheduled: Scheduled): Promise<boolean> {
    return this.allowed ? holdIfNotAllowed(scheduled, this.allowed, this.store, this.log) : Promise.resolve(true);
  }

  private async runDigest(digest: Digest, key: RunKey, now: Date): Promise<"done"> {
    const report = await buildDigest(digest, this.engine, key.scheduledAt, this.shared);
    await this.enqueue(outboxId(key, "post"), key, digest.destination, { kind: "digest", report }, now);
    return "done";
  }

  private async runAlert(rule: AlertRule, key: RunKey, now: Date): Promise<"done" | "skipped"> {
    const at = key.scheduledAt;
    const prev = await this.store.getAlertState(rule.id);
    // An older run re-done after a crash must not judge over a newer check.
    if (prev?.lastCheckedAt && prev.lastCheckedAt.getTime() > at.getTime()) return "skipped";
    if (prev?.lastCheckedAt && prev.lastCheckedAt.getTime() === at.getTime()) return "done";
    const check = await checkAlert(rule, this.engine, at);
    const { state, notify } = nextAlertState(rule, prev, check.observation, at);

    const parentId = state.firedAt ? episodeFirstId(rule.id, state.firedAt) : null;
    if (parentId && !state.thread) state.thread = (await this.store.getOutbox(parentId))?.delivered ?? null;

    if (notify) {
      const evidence =
        (notify === "firing" || notify === "repeat") && check.command && check.report
          ? await findEvidence(rule, check.command, check.report, this.engine, at).catch((error: unknown) => {
              this.log.warn("alert evidence unavailable", { rule: rule.id, error });
              return null;
            })
          : null;
      const report = alertReport(rule, state, notify, check, evidence, this.engine, at);
      const episode = state.firedAt;
      const inThread = episode !== null && notify !== "firing" && state.notifiedAt !== null && state.notifiedAt.getTime() >= episode.getTime();
      const base = { kind: "alert" as const, report, ruleId: rule.id, episode };
      if (notify === "firing" && parentId) {
        await this.enqueue(parentId, key, rule.destination, { ...base, role: "message", startsThread: true, parentEntry: null }, now);
      } else if (inThread && parentId) {
        const thread = state.thread;
        const parentEntry = thread ? null : parentId;
        await this.enqueue(outboxId(key, "reply"), key, rule.destination, { ...base, role: "message", startsThread: false, parentEntry }, now, { threadOf: thread });
        await this.enqueue(outboxId(key, "edit"), key, rule.destination, { ...base, role: "edit", startsThread: false, parentEntry }, now, { replaceOf: thread });
      } else {
        await this.enqueue(outboxId(key, "post"), key, rule.destination, { ...base, episode: null, role: "message", startsThread: false, parentEntry: null }, now);
      }
    }
    // Posts first, state second: a run re-done after a crash recomputes the same posts, which are already there.
    await this.store.saveAlertState(state);
    return "done";
  }

  private async enqueue(
    id: string,
    run: RunKey,
    destination: Digest["destination"],
    payload: OutboxPayload,
    now: Date,
    refs: { threadOf?: OutboxEntry["threadOf"]; replaceOf?: OutboxEntry["replaceOf"] } = {},
  ): Promise<void> {
    await this.store.enqueue({
      id,
      run,
      destination,
      payload,
      replaceOf: refs.replaceOf ?? null,
      threadOf: refs.threadOf ?? null,
      nextAttemptAt: now,
    });
  }

  // ---- delivering --------------------------------------------------------------------

  /** Posts what is due in the outbox. Dispatches of one scheduler never overlap. */
  dispatchOutbox(now: Date = this.clock.now()): Promise<DispatchResult> {
    const next = this.dispatching.then(() => this.dispatchNow(now));
    this.dispatching = next.catch(() => undefined);
    return next;
  }

  private async dispatchNow(now: Date): Promise<DispatchResult> {
    const result: DispatchResult = { delivered: [], retrying: [], dead: [], waiting: [] };
    const entries = await this.store.takeDueOutbox(now, this.policy.batch, this.policy.sendLeaseMs);
    // One at a time, oldest first: keeps a channel's messages in order and within platform rate limits.
    for (const entry of entries) await this.deliver(entry, now, result);
    return result;
  }

  private async deliver(entry: OutboxEntry, now: Date, result: DispatchResult): Promise<void> {
    let payload: OutboxPayload;
    try {
      payload = readPayload(entry.payload);
    } catch (error) {
      await this.giveUp(entry, `unreadable payload: ${message(error)}`, now, result);
      return;
    }
    const poster = this.posters[entry.destination.platform];
    if (!poster) {
      await this.failed(entry, `no poster for ${entry.destination.platform}`, now, result);
      return;
    }
    let threadOf = entry.threadOf;
    let replaceOf = entry.replaceOf;
    const role = payload.kind === "alert" ? payload.role : "message";
    if (payload.kind === "alert" && payload.parentEntry && !threadOf && !replaceOf) {
      const parent = await this.store.getOutbox(payload.parentEntry);
      if (parent?.status === "delivered" && parent.delivered) {
        if (role === "edit") replaceOf = parent.delivered;
        else threadOf = parent.delivered;
      } else if (parent && (parent.status === "pending" || parent.status === "sending")) {
        await this.store.markFailed(entry.id, "waiting for the thread's first message", new Date(now.getTime() + this.policy.threadWaitMs), false);
        result.waiting.push(entry.id);
        return;
      } else if (role === "edit") {
        await this.giveUp(entry, "the message to edit was never delivered", now, result);
        return;
      }
      // A reply whose thread never started is posted on its own.
    }
    if (role === "edit" && !replaceOf) {
      await this.giveUp(entry, "an edit with no message to edit", now, result);
      return;
    }

    const report = payload.report;
    try {
      let ref;
      if (role === "edit") {
        await this.withTimeout(poster.update(replaceOf!, report));
        ref = replaceOf!;
      } else {
        ref = await this.withTimeout(poster.post(entry.destination, report, threadOf ? { threadOf } : {}));
      }
      await this.store.markDelivered(entry.id, ref, now);
      result.delivered.push(entry.id);
      if (payload.kind === "alert" && payload.startsThread && payload.episode) await this.rememberThread(payload.ruleId, payload.episode, ref);
    } catch (error) {
      await this.failed(entry, message(error), now, result);
    }
  }

  /** The first message of an episode is its thread: later messages reply to it and edit it. */
  private async rememberThread(ruleId: string, episode: Date, ref: NonNullable<OutboxEntry["delivered"]>): Promise<void> {
    try {
      const state = await this.store.getAlertState(ruleId);
      if (state && !state.thread && state.firedAt?.getTime() === episode.getTime()) await this.store.saveAlertState({ ...state, thread: ref });
    } catch (error) {
      // The next check finds the thread in the outbox anyway.
      this.log.warn("could not save an alert's thread", { rule: ruleId, error });
    }
  }

  private async failed(entry: OutboxEntry, error: string, now: Date, result: DispatchResult): Promise<void> {
    if (entry.attempts >= this.policy.maxAttempts) {
      await this.giveUp(entry, error, now, result);
      return;
    }
    const delay = backoffMs(entry.attempts, this.policy, this.random);
    const at = new Date(now.getTime() + delay);
    await this.store.markFailed(entry.id, error, at, false);
    this.log.warn("post failed; will retry", { outbox: entry.id, platform: entry.destination.platform, channel: entry.destination.channel, attempts: entry.attempts, retryAt: at.toISOString(), error });
    result.retrying.push(entry.id);
  }

  private async giveUp(entry: OutboxEntry, error: string, now: Date, result: DispatchResult): Promise<void> {
    await this.store.markFailed(entry.id, error, now, true);
    this.log.error("post given up: it will not be delivered", {
      outbox: entry.id,
      platform: entry.destination.platform,
      workspace: entry.destination.workspace,
      channel: entry.destination.channel,
      attempts: entry.attempts,
      error,
    });
    result.dead.push(entry.id);
  }

  private withTimeout<T>(promise: Promise<T>): Promise<T> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`the post took longer than ${this.policy.postTimeoutMs} ms`)), this.policy.postTimeoutMs);
      timer.unref?.();
    });
    return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
  }

  // ---- wiring ----------------------------------------------------------------------------

  /**
   * Starts one node-cron job per active schedule in its zone, and a sweep
   * every `sweepMs` (catch-up tick + dispatch, which also covers schedules
   * added on another replica and posts waiting for a retry); runs a sweep now.
   */
  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    await this.reload();
    this.sweepTimer = setInterval(() => void this.sweep(), this.sweepMs);
    this.sweepTimer.unref?.();
    await this.sweep();
  }

  /** Re-reads the schedules and re-creates the cron jobs (after a digest or rule changed). */
  async reload(): Promise<void> {
    this.stopJobs();
    if (!this.running) return;
    for (const { kind, item } of await this.active()) {
      try {
        this.jobs.push(this.cron.schedule(item.schedule.cron, () => void this.sweep(), { timezone: item.schedule.timeZone, name: `${kind}:${item.id}` }));
      } catch (error) {
        // The sweep still runs it, up to sweepMs late.
        this.log.warn("could not start a cron job; the periodic sweep will run it", { schedule: item.id, cron: item.schedule.cron, error });
      }
    }
  }

  /** Stops the cron jobs and the sweep, and waits for the tick and dispatch in progress. */
  async stop(): Promise<void> {
    this.running = false;
    this.stopJobs();
    if (this.sweepTimer) clearInterval(this.sweepTimer);
    this.sweepTimer = null;
    await Promise.all([...this.sweeps, this.ticking, this.dispatching]);
  }

  /** One tick and one dispatch at the clock's now; failures are logged, never thrown. */
  sweep(): Promise<void> {
    const done = (async () => {
      try {
        await this.tick(this.clock.now());
        await this.dispatchOutbox(this.clock.now());
      } catch (error) {
        this.log.error("scheduler sweep failed", { error });
      }
    })();
    this.sweeps.add(done);
    void done.finally(() => this.sweeps.delete(done));
    return done;
  }

  private stopJobs(): void {
    for (const job of this.jobs) {
      if (job.destroy) void job.destroy();
      else void job.stop();
    }
    this.jobs = [];
  }
}

/** An owner id unique to this process, for claims: `host:pid:random`. */
export function processOwner(): string {
  return `${hostname()}:${process.pid}:${randomBytes(4).toString("hex")}`;
}

/** The outbox id of an episode's first message: its thread. */
export function episodeFirstId(ruleId: string, firedAt: Date): string {
  return `${ruleId}@${firedAt.toISOString()}/first`;
}

/**
 * Delay before the next attempt after `attempts` failed ones: base × 2^(attempts−1),
 * capped, with "equal jitter" (between half and all of it) so replicas do not retry in step.
 */

function missedCount(schedule: Schedule, after: Date, before: Date): number {
  return runsBetween(schedule, after, new Date(before.getTime() - 1)).length;
}

function hours(ms: number): string {
  const h = ms / 3_600_000;
  return h >= 48 ? `${Math.round(h / 24)} days` : h >= 1 ? `${Math.round(h * 10) / 10} h` : `${Math.round(ms / 60_000)} min`;
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

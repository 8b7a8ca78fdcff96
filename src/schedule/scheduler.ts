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
 * Delivery: every post goes through the outbox. `dispatchOutbox` lists the
 * due entries and claims each one on its own, only while it sends it, with a
 * lease longer than the send's timeout — a replica never takes a post another
 * live one is sending. A channel's posts go out one after another in the
 * order enqueued; channels go side by side, so one slow channel holds up no
 * other. A post sent with the outbox id as its key (Slack message metadata)
 * can be found again: a post whose earlier send has no recorded outcome (its
 * sender was killed, or it timed out) is looked for on the platform before it
 * is sent again. A failure is retried with exponential backoff and jitter,
 * and after `maxAttempts` the entry is marked dead with an error log line. An
 * alert's first message of an episode becomes its thread: repeats, the
 * recovery and no-data/source-error notices go into the thread, and the
 * first message is edited to show the current state.
 *
 * Claims belong to a process: it renews a heartbeat in the Store, and the
 * claims of a process whose heartbeat stopped are free at once — after a
 * crash, runs and posts go out again within seconds, not after a lease of
 * minutes; `stop()` hands them over immediately.
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
import type { AlertRule, ClaimedPost, Digest, MessageRef, OutboxEntry, RunKey, Schedule, Store } from "../store/store.ts";
import { alertReport, checkAlert, findEvidence } from "./alertCheck.ts";
import { holdIfNotAllowed, type AllowedDestination } from "./allowed.ts";
import { nextAlertState } from "./alertState.ts";
import { latestRunAt, runsBetween } from "./cron.ts";
import { buildDigest, type DigestAnswers } from "./digest.ts";
import { outboxId, readPayload, type OutboxPayload } from "./payload.ts";
import type { Poster, Posters } from "./poster.ts";

export interface OutboxPolicy {
  /** Attempts before an entry is given up as dead (logged as an error, kept in the store). */
  maxAttempts: number;
  /** Delay after the first failure; doubles with each further one, up to `maxDelayMs`; ±50 % jitter. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** Due entries looked at per dispatch. */
  batch: number;
  /** Channels sent to side by side by one process. */
  channels: number;
  /** How long a claimed post is reserved for its sender (longer than twice `postTimeoutMs`); after that another replica may send it. */
  sendLeaseMs: number;
  /** A look-up that takes longer fails; a send gets twice this, then counts as failed (retried after looking for it). */
  postTimeoutMs: number;
  /** How long a thread reply waits before looking again for its thread's first message. */
  threadWaitMs: number;
  /** A post in doubt not found on the platform is looked for once more after this long before it is sent again. */
  settleMs: number;
}

export const DEFAULT_OUTBOX_POLICY: OutboxPolicy = {
  maxAttempts: 8,
  baseDelayMs: 30_000,
  maxDelayMs: 30 * 60_000,
  batch: 500,
  channels: 32,
  sendLeaseMs: 150_000,
  postTimeoutMs: 60_000,
  threadWaitMs: 15_000,
  settleMs: 5_000,
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
  /** Period of the quick look for due posts and for work a stopped process left. Default 5 s. */
  dispatchMs?: number;
  /** How often this process renews its heartbeat. Default 5 s. */
  heartbeatMs?: number;
  /** A process whose heartbeat is this old is gone, and its claims are free. Default 20 s. */
  processTtlMs?: number;
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
  private readonly dispatchMs: number;
  private readonly heartbeatMs: number;
  private readonly processTtlMs: number;
  private readonly cron: CronJobs;
  private readonly random: () => number;
  private readonly concurrency: number;
  private readonly allowed: AllowedDestination | undefined;
  /** Answers shared by the digests of the tick in progress. */
  private shared: DigestAnswers | undefined;
  private jobs: CronJob[] = [];
  private timers: Array<ReturnType<typeof setInterval>> = [];
  /** The sender of each channel this process is sending to now. */
  private readonly senders = new Map<string, Promise<void>>();
  private stopping = false;
  /** When (performance.now()) this process's last heartbeat was written: it is alive until then + processTtlMs. */
  private beatAt = 0;
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
    this.dispatchMs = opts.dispatchMs ?? 5_000;
    this.heartbeatMs = opts.heartbeatMs ?? 5_000;
    this.processTtlMs = opts.processTtlMs ?? 20_000;
    if (!(this.processTtlMs > this.heartbeatMs)) throw new RangeError(`processTtlMs (${this.processTtlMs}) must be longer than heartbeatMs (${this.heartbeatMs})`);
    if (!(this.policy.sendLeaseMs > 2 * this.policy.postTimeoutMs)) {
      throw new RangeError(
        `sendLeaseMs (${this.policy.sendLeaseMs}) must be longer than twice postTimeoutMs (${this.policy.postTimeoutMs}), or a slow send could be taken over while it runs`,
      );
    }
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
      if (this.stopping) return;
      if (!(await this.store.claimRun(key, this.owner, this.leaseMs, now))) return;
      this.log.warn("taking over a run abandoned by a stopped process", { schedule: key.scheduleId, scheduledAt: key.scheduledAt.toISOString() });
      result.resumed.push(key);
      await this.execute(key, now, result);
    });
    await forEachConcurrently(await this.active(), this.concurrency, async (scheduled) => {
      if (!this.stopping) await this.runDue(scheduled, now, result);
    });
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

  /**
   * Sends what is due in the outbox and resolves when those sends are done.
   * Each post is claimed on its own, only while it is sent (see the file
   * comment); a channel's posts go one after another, in the order enqueued,
   * and channels go side by side (up to `policy.channels`). A channel this
   * process is already sending to is left to that sender.
   */
  async dispatchOutbox(now: Date = this.clock.now()): Promise<DispatchResult> {
    const { senders, result } = await this.launch(now);
    await Promise.all(senders);
    return result;
  }

  /** Starts the senders of what is due at `now` (launches of one scheduler never overlap); does not wait for them. */
  private launch(now: Date): Promise<{ senders: Array<Promise<void>>; result: DispatchResult }> {
    const result: DispatchResult = { delivered: [], retrying: [], dead: [], waiting: [] };
    const launched = this.dispatching.then(async () => ({ senders: await this.launchSenders(now, result), result }));
    this.dispatching = launched.catch(() => undefined);
    return launched;
  }

  /** Picks the due posts and starts a sender per channel not already being sent to. */
  private async launchSenders(now: Date, result: DispatchResult): Promise<Array<Promise<void>>> {
    if (this.stopping) return [];
    const channels = new Map<string, OutboxEntry[]>();
    for (const entry of await this.store.dueOutbox(now, this.policy.batch)) {
      const { platform, workspace, channel } = entry.destination;
      const key = JSON.stringify([platform, workspace, channel]);
      channels.set(key, [...(channels.get(key) ?? []), entry]);
    }
    const senders: Array<Promise<void>> = [];
    for (const [key, entries] of channels) {
      if (this.senders.has(key)) continue;
      if (this.senders.size >= this.policy.channels) break;
      const sender = this.sendInOrder(entries, now, result).finally(() => this.senders.delete(key));
      this.senders.set(key, sender);
      senders.push(sender);
    }
    return senders;
  }

  private async sendInOrder(entries: OutboxEntry[], now: Date, result: DispatchResult): Promise<void> {
    for (const due of entries) {
      if (this.stopping) return;
      try {
        const at = laterOf(now, this.clock.now());
        const claimed = await this.store.claimOutbox(due.id, this.owner, at, this.policy.sendLeaseMs);
        if (claimed) await this.deliver(claimed, at, result);
      } catch (error) {
        // The store failed: the entry stays as it was and is taken again by a later dispatch.
        this.log.error("could not send an outbox entry", { outbox: due.id, error });
      }
    }
  }

  private async deliver({ entry, inDoubt, firstSentAt }: ClaimedPost, now: Date, result: DispatchResult): Promise<void> {
    let payload: OutboxPayload;
    try {
      payload = readPayload(entry.payload);
    } catch (error) {
      await this.giveUp(entry, `unreadable payload: ${message(error)}`, now, result);
      return;
    }
    const poster = this.posters[entry.destination.platform];
    if (!poster) {
      await this.failed(entry, `no poster for ${entry.destination.platform}`, now, result, false);
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
    // A message the platform gave no id for (Teams may answer 2xx without one) was delivered but can be neither edited nor replied to.
    if (threadOf && threadOf.id === "") threadOf = null;
    if (role === "edit" && (!replaceOf || replaceOf.id === "")) {
      await this.giveUp(entry, replaceOf ? "the message to edit cannot be edited: the platform gave no id for it" : "an edit with no message to edit", now, result);
      return;
    }

    if (role === "message" && inDoubt && (await this.foundDelivered(poster, entry, firstSentAt, threadOf, payload, now, result))) return;

    // Still ours, for a full lease from now? (A slow look-up, or a stalled process, may have let it go to another.)
    const at = laterOf(now, this.clock.now());
    if (!(await this.store.holdOutbox(entry.id, this.owner, at, this.policy.sendLeaseMs))) {
      this.log.warn("lost the claim on a post before sending it; its new sender has it", { outbox: entry.id, channel: entry.destination.channel });
      return;
    }
    // A process whose heartbeat lapsed (it stalled) may already be counted as gone, its posts taken over: it sends nothing more.
    if (this.heartbeatLapsing()) {
      this.log.warn("this process's heartbeat is lapsing; leaving the post to another replica", { outbox: entry.id, channel: entry.destination.channel });
      return;
    }
    const report = payload.report;
    try {
      let ref;
      if (role === "edit") {
        await this.settled(poster.update(replaceOf!, report, { key: entry.id }), entry);
        ref = replaceOf!;
      } else {
        ref = await this.settled(poster.post(entry.destination, report, { ...(threadOf ? { threadOf } : {}), key: entry.id }), entry);
      }
      await this.store.markDelivered(entry.id, ref, now);
      result.delivered.push(entry.id);
      if (payload.kind === "alert" && payload.startsThread && payload.episode) await this.rememberThread(payload.ruleId, payload.episode, ref);
    } catch (error) {
      // An edit is the same edit however often it is made; a post whose refusal is not certain may have gone out.
      const doubt = role === "message" && !(poster.refused?.(error) ?? false);
      await this.failed(entry, message(error), now, result, doubt);
    }
  }

  /**
   * A post sent before whose outcome was not recorded (its sender died, or the
   * send failed without a clear refusal): looked for on the platform first.
   * True when this attempt is over: it was there (now recorded as delivered),
   * or the look failed for now (retried later). False: send it.
   */
  private async foundDelivered(
    poster: Poster,
    entry: OutboxEntry,
    firstSentAt: Date,
    threadOf: MessageRef | null,
    payload: OutboxPayload,
    now: Date,
    result: DispatchResult,
  ): Promise<boolean> {
    const where = { outbox: entry.id, platform: entry.destination.platform, channel: entry.destination.channel };
    if (!poster.findPosted) {
      this.log.warn("sending again a post whose earlier send has no recorded outcome; this platform offers no way to check, so a duplicate is possible", where);
      return false;
    }
    // A margin before the first send: the platform's clock and ours may differ a little.
    const since = new Date(firstSentAt.getTime() - 5 * 60_000);
    const findPosted = poster.findPosted.bind(poster);
    const look = () => this.withTimeout(findPosted(entry.destination, entry.id, { since, ...(threadOf ? { threadOf } : {}) }));
    let found;
    try {
      found = await look();
      // Not there yet: an earlier sender that stalled (rather than died) may still be delivering it. Look once more a little later.
      if (found === null) {
        await new Promise((resolve) => setTimeout(resolve, this.policy.settleMs));
        found = await look();
      }
    } catch (error) {
      // Not sent blind: tried again (and looked for again) later.
      await this.failed(entry, `could not check whether an earlier send arrived: ${message(error)}`, now, result, true);
      return true;
    }
    if (found === null) {
      this.log.info("an earlier send of this post did not arrive; sending it again", where);
      return false;
    }
    if ("cannotCheck" in found) {
      this.log.warn("cannot check whether an earlier send of this post arrived; sending again, so a duplicate is possible", { ...where, reason: found.cannotCheck });
      return false;
    }
    await this.store.markDelivered(entry.id, found, now);
    result.delivered.push(entry.id);
    this.log.info("found an earlier send of this post already delivered; not sending it again", where);
    if (payload.kind === "alert" && payload.startsThread && payload.episode) await this.rememberThread(payload.ruleId, payload.episode, found);
    return true;
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

  private async failed(entry: OutboxEntry, error: string, now: Date, result: DispatchResult, inDoubt: boolean): Promise<void> {
    if (entry.attempts >= this.policy.maxAttempts) {
      await this.giveUp(entry, error, now, result);
      return;
    }
    const delay = backoffMs(entry.attempts, this.policy, this.random);
    const at = new Date(now.getTime() + delay);
    await this.store.markFailed(entry.id, error, at, false, { inDoubt });
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

  /**
   * A send's outcome. Past `postTimeoutMs` the claim is still held (the lease
   * covers twice that), and the send gets as long again to settle: a slow
   * answer that comes is still recorded, and a retry never races a send that
   * may yet land. Still nothing then: a failure, in doubt.
   */
  private async settled<T>(send: Promise<T>, entry: OutboxEntry): Promise<T> {
    try {
      return await this.withTimeout(send);
    } catch (error) {
      if (!(error instanceof PostTimeout)) throw error;
      this.log.warn("a post is slow; waiting for its answer before anything else is tried", { outbox: entry.id, channel: entry.destination.channel, waitedMs: this.policy.postTimeoutMs });
      return await this.withTimeout(send);
    }
  }

  private withTimeout<T>(promise: Promise<T>): Promise<T> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new PostTimeout(this.policy.postTimeoutMs)), this.policy.postTimeoutMs);
      timer.unref?.();
    });
    return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
  }

  // ---- wiring ----------------------------------------------------------------------------

  /**
   * Starts the heartbeat (this process's claims are its own while it beats),
   * one node-cron job per active schedule in its zone, a sweep every
   * `sweepMs` (catch-up tick + dispatch, which also covers schedules added on
   * another replica), and a quick look every `dispatchMs` for due posts and
   * for runs and posts a stopped process left; runs a sweep now.
   */
  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    this.stopping = false;
    await this.beat();
    this.timers.push(setInterval(() => void this.beat(), this.heartbeatMs));
    await this.reload();
    this.timers.push(setInterval(() => void this.sweep(), this.sweepMs));
    this.timers.push(setInterval(() => void this.recover(), this.dispatchMs));
    for (const timer of this.timers) timer.unref?.();
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

  /**
   * Stops: no new run or send starts; the ones in progress get up to
   * `graceMs` to finish; then this process's claims are handed over at once
   * (a send still in flight then is checked for by whoever takes it).
   */
  async stop(graceMs = 7_000): Promise<void> {
    const started = this.running;
    this.running = false;
    this.stopping = true;
    this.stopJobs();
    for (const timer of this.timers) clearInterval(timer);
    this.timers = [];
    const inProgress = Promise.all([...this.sweeps, this.ticking, this.dispatching, ...this.senders.values()]);
    let timer: ReturnType<typeof setTimeout> | undefined;
    const late = await Promise.race([
      inProgress.then(() => false),
      new Promise<boolean>((resolve) => {
        timer = setTimeout(() => resolve(true), graceMs);
        timer.unref?.();
      }),
    ]);
    clearTimeout(timer);
    if (late) this.log.warn("stopping with work still in progress; another replica or the next start takes it over", { sending: this.senders.size });
    if (started) await this.store.releaseOwner(this.owner, this.clock.now()).catch((error: unknown) => this.log.warn("could not hand this process's claims over", { error }));
  }

  /** One tick and one dispatch at the clock's now; failures are logged, never thrown. */
  sweep(): Promise<void> {
    return this.track(async () => {
      await this.tick(this.clock.now());
      await this.dispatchOutbox(this.clock.now());
    });
  }

  /**
   * Starts sending what is due now (a post just written to the outbox, such
   * as `digest send`), without waiting for the next look; failures are
   * logged. The outbox's claims keep each post single, whoever sends it.
   */
  deliverSoon(): void {
    if (!this.running || this.stopping) return;
    void this.track(async () => {
      await this.launch(this.clock.now());
    });
  }

  /**
   * Between sweeps: runs left by a stopped process are re-done, and due posts
   * start going out, without waiting for sends already in progress.
   */
  private recover(): Promise<void> {
    return this.track(async () => {
      const now = this.clock.now();
      if ((await this.store.abandonedRuns(now)).length > 0) await this.tick(now);
      await this.launch(this.clock.now());
    });
  }

  private track(work: () => Promise<void>): Promise<void> {
    const done = (async () => {
      try {
        await work();
      } catch (error) {
        this.log.error("scheduler sweep failed", { error });
      }
    })();
    this.sweeps.add(done);
    void done.finally(() => this.sweeps.delete(done));
    return done;
  }

  /**
   * True while started, when this process's last heartbeat is in the last
   * quarter of its life or over (measured on this process's own monotonic
   * clock: a stall shows, whatever the scheduler's clock says).
   */
  private heartbeatLapsing(): boolean {
    if (!this.running) return false;
    return performance.now() > this.beatAt + (this.processTtlMs * 3) / 4;
  }

  private async beat(): Promise<void> {
    try {
      const started = performance.now();
      await this.store.heartbeat(this.owner, this.clock.now(), this.processTtlMs);
      this.beatAt = started;
    } catch (error) {
      this.log.warn("could not renew this process's heartbeat", { error });
    }
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

function missedCount(schedule: Schedule, after: Date, before: Date): number {
  return runsBetween(schedule, after, new Date(before.getTime() - 1)).length;
}

function hours(ms: number): string {
  const h = ms / 3_600_000;
  return h >= 48 ? `${Math.round(h / 24)} days` : h >= 1 ? `${Math.round(h * 10) / 10} h` : `${Math.round(ms / 60_000)} min`;
}

class PostTimeout extends Error {
  constructor(ms: number) {
    super(`the platform did not answer within ${ms} ms`);
  }
}

function laterOf(a: Date, b: Date): Date {
  return a.getTime() >= b.getTime() ? a : b;
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

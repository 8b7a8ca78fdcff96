/**
 * The Store contract: one suite, registered once per implementation
 * (`sqlite.test.ts`, `postgres.test.ts`) over a factory of empty backings.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { MIGRATIONS } from "../../src/store/migrations.ts";
import type { AlertRule, AlertState, Destination, Digest, OutboxEntry, RunKey, Store } from "../../src/store/store.ts";
import { initialAlertState } from "../../src/schedule/alertState.ts";

/** An empty database (a new SQLite file, a new Postgres schema) that stores can be opened on. */
export interface StoreBacking {
  /** A new store instance on this backing: its own connection(s), as another process would have. */
  open(): Promise<Store>;
  /** The versions `schema_migrations` records, in any order. */
  migrationVersions(): Promise<number[]>;
  /** Removes the backing; every store opened on it is closed by then. */
  dispose(): Promise<void>;
}

const GENERAL: Destination = { platform: "slack", workspace: "T0ACME", channel: "C0GENERAL" };
const SUPPORT: Destination = { platform: "slack", workspace: "T0ACME", channel: "C0SUPPORT" };
const TEAMS: Destination = { platform: "teams", workspace: "contoso-tenant", channel: "19:ops@thread.tacv2" };

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const digest = (id: string, overrides: Partial<Digest> = {}): Digest => ({
  id,
  destination: GENERAL,
  schedule: { cron: "0 9 * * 1-5", timeZone: "Europe/Vilnius" },
  metrics: ["nps", "csat", "frt"],
  period: "yesterday",
  paused: false,
  createdBy: "U0ADMIN",
  createdAt: new Date("2026-11-20T08:15:30.123Z"),
  ...overrides,
});

const alertRule = (id: string, overrides: Partial<AlertRule> = {}): AlertRule => ({
  id,
  destination: SUPPORT,
  metric: "churn_rate",
  condition: { kind: "threshold", op: ">", value: 0.05 },
  period: "last-30-days",
  filters: "",
  schedule: { cron: "0 9 * * *", timeZone: "America/New_York" },
  minN: 30,
  forChecks: 2,
  cooldownMs: DAY,
  muted: false,
  createdBy: "U0ADMIN",
  createdAt: new Date("2026-11-20T10:00:00Z"),
  ...overrides,
});

const firing = (ruleId: string): AlertState => ({
  ruleId,
  status: "firing",
  breaches: 2,
  lastValue: 0.0725,
  lastCheckedAt: new Date("2026-11-23T14:00:00.250Z"),
  firedAt: new Date("2026-11-23T14:00:00.250Z"),
  notifiedAt: new Date("2026-11-23T14:00:01Z"),
  thread: { platform: "slack", channel: "C0SUPPORT", id: "1795960801.000100" },
  snoozedUntil: new Date("2026-11-24T14:00:00Z"),
  acknowledgedBy: "U0LEAD",
});

type NewEntry = Parameters<Store["enqueue"]>[0];

const entry = (id: string, overrides: Partial<NewEntry> = {}): NewEntry => ({
  id,
  run: { scheduleId: "digest-daily", scheduledAt: new Date("2026-11-23T09:00:00Z") },
  destination: GENERAL,
  payload: {
    kind: "digest",
    title: "Daily digest — Monday 23 November 2026 ✓",
    metrics: [
      { id: "csat", value: 0.871, change: -0.012, sparkline: [0.88, 0.9, 0.86, null] },
      { id: "ticket_volume", value: 9_007_199_254_740_991, change: 0 },
    ],
    largestMover: { id: "csat", improved: false },
  },
  replaceOf: null,
  threadOf: null,
  nextAttemptAt: new Date("2026-11-23T09:00:00Z"),
  ...overrides,
});

const run = (scheduleId: string, iso: string): RunKey => ({ scheduleId, scheduledAt: new Date(iso) });
const at = (iso: string) => new Date(iso);

export function storeContract(newBacking: () => Promise<StoreBacking>): void {
  let backing: StoreBacking;
  let opened: Store[];
  let store: Store;

  async function open(on: StoreBacking = backing): Promise<Store> {
    const s = await on.open();
    opened.push(s);
    return s;
  }

  beforeEach(async () => {
    opened = [];
    backing = await newBacking();
    store = await open();
  });

  afterEach(async () => {
    await Promise.all(opened.map((s) => s.close()));
    await backing.dispose();
  });

  describe("digests", () => {
    it("round trips a digest with its destination, schedule, metrics in order and creation instant to the millisecond", async () => {
      const d = digest("dg-1");
      await store.saveDigest(d);
      expect(await store.getDigest("dg-1")).toEqual(d);
    });

    it("replaces a digest saved again with the same id, e.g. when it is paused", async () => {
      await store.saveDigest(digest("dg-1"));
      await store.saveDigest(digest("dg-1", { paused: true, metrics: ["csat"] }));
      expect(await store.getDigest("dg-1")).toEqual(digest("dg-1", { paused: true, metrics: ["csat"] }));
      expect(await store.listDigests()).toHaveLength(1);
    });

    it("gives null for a digest that does not exist", async () => {
      expect(await store.getDigest("dg-missing")).toBeNull();
    });

    it("lists digests by workspace, by workspace and channel, and all of them without a filter, oldest first", async () => {
      const general = digest("dg-general", { createdAt: at("2026-11-20T09:00:00Z") });
      const support = digest("dg-support", { destination: SUPPORT, createdAt: at("2026-11-19T09:00:00Z") });
      const teams = digest("dg-teams", { destination: TEAMS, createdAt: at("2026-11-21T09:00:00Z") });
      for (const d of [general, support, teams]) await store.saveDigest(d);

      expect(await store.listDigests()).toEqual([support, general, teams]);
      expect(await store.listDigests({ workspace: "T0ACME" })).toEqual([support, general]);
      expect(await store.listDigests({ workspace: "T0ACME", channel: "C0GENERAL" })).toEqual([general]);
      expect(await store.listDigests({ workspace: "contoso-tenant", channel: "C0GENERAL" })).toEqual([]);
    });

    it("deletes a digest and says whether there was one", async () => {
      await store.saveDigest(digest("dg-1"));
      expect(await store.deleteDigest("dg-1")).toBe(true);
      expect(await store.getDigest("dg-1")).toBeNull();
      expect(await store.deleteDigest("dg-1")).toBe(false);
    });
  });

  describe("alert rules and their state", () => {
    it("round trips a threshold rule and a relative change rule, including a cooldown of 30 days", async () => {
      const threshold = alertRule("al-churn", { cooldownMs: 30 * DAY, muted: true });
      const change = alertRule("al-csat", {
        metric: "csat",
        condition: { kind: "change", direction: "drops", by: 5, unit: "pts", vs: "previous" },
        period: "last-7-days",
        filters: "channel=email",
        minN: 0,
        forChecks: 1,
      });
      await store.saveAlertRule(threshold);
      await store.saveAlertRule(change);
      expect(await store.getAlertRule("al-churn")).toEqual(threshold);
      expect(await store.getAlertRule("al-csat")).toEqual(change);
      expect(await store.getAlertRule("al-missing")).toBeNull();
    });

    it("lists alert rules by workspace and by channel, oldest first", async () => {
      const support = alertRule("al-support", { createdAt: at("2026-11-20T10:00:00Z") });
      const general = alertRule("al-general", { destination: GENERAL, createdAt: at("2026-11-18T10:00:00Z") });
      const teams = alertRule("al-teams", { destination: TEAMS });
      for (const r of [support, general, teams]) await store.saveAlertRule(r);

      expect(await store.listAlertRules()).toEqual([general, support, teams]);
      expect(await store.listAlertRules({ workspace: "T0ACME" })).toEqual([general, support]);
      expect(await store.listAlertRules({ workspace: "T0ACME", channel: "C0SUPPORT" })).toEqual([support]);
      expect(await store.listAlertRules({ channel: "19:ops@thread.tacv2" })).toEqual([teams]);
    });

    it("round trips a firing state with its thread, and replaces it when saved again", async () => {
      await store.saveAlertRule(alertRule("al-1"));
      await store.saveAlertState(firing("al-1"));
      expect(await store.getAlertState("al-1")).toEqual(firing("al-1"));

      const resolved: AlertState = { ...initialAlertState("al-1"), status: "resolved" };
      await store.saveAlertState(resolved);
      expect(await store.getAlertState("al-1")).toEqual(resolved);
    });

    it("has no state for a rule never checked", async () => {
      await store.saveAlertRule(alertRule("al-1"));
      expect(await store.getAlertState("al-1")).toBeNull();
    });

    it("keeps a rule's state when the rule is saved again (muted)", async () => {
      await store.saveAlertRule(alertRule("al-1"));
      await store.saveAlertState(firing("al-1"));
      await store.saveAlertRule(alertRule("al-1", { muted: true }));
      expect(await store.getAlertState("al-1")).toEqual(firing("al-1"));
    });

    it("deletes an alert rule's state with the rule", async () => {
      await store.saveAlertRule(alertRule("al-1"));
      await store.saveAlertRule(alertRule("al-2"));
      await store.saveAlertState(firing("al-1"));
      await store.saveAlertState(firing("al-2"));

      expect(await store.deleteAlertRule("al-1")).toBe(true);
      expect(await store.getAlertRule("al-1")).toBeNull();
      expect(await store.getAlertState("al-1")).toBeNull();
      expect(await store.getAlertState("al-2")).toEqual(firing("al-2"));
      expect(await store.deleteAlertRule("al-1")).toBe(false);
    });

    it("drops state saved for a rule deleted while it was being checked", async () => {
      await store.saveAlertState(firing("al-deleted"));
      expect(await store.getAlertState("al-deleted")).toBeNull();
    });
  });

  describe("exactly-once runs", () => {
    const NINE = run("digest-daily", "2026-11-23T09:00:00Z");

    it("lets the first owner claim a run and a second owner lose it while the lease lasts", async () => {
      expect(await store.claimRun(NINE, "replica-a", 5 * MINUTE, at("2026-11-23T09:00:00.010Z"))).toBe(true);
      expect(await store.claimRun(NINE, "replica-b", 5 * MINUTE, at("2026-11-23T09:00:00.020Z"))).toBe(false);
      expect(await store.claimRun(NINE, "replica-b", 5 * MINUTE, at("2026-11-23T09:05:00.010Z"))).toBe(false);
    });

    it("does not let an owner claim a run it already holds a second time", async () => {
      expect(await store.claimRun(NINE, "replica-a", 5 * MINUTE, at("2026-11-23T09:00:00Z"))).toBe(true);
      expect(await store.claimRun(NINE, "replica-a", 5 * MINUTE, at("2026-11-23T09:00:01Z"))).toBe(false);
    });

    it("never lets a finished run be claimed again, even long after its lease would have ended", async () => {
      await store.claimRun(NINE, "replica-a", 5 * MINUTE, at("2026-11-23T09:00:00Z"));
      await store.finishRun(NINE, "replica-a", "done", at("2026-11-23T09:00:02Z"));
      expect(await store.claimRun(NINE, "replica-a", 5 * MINUTE, at("2026-11-23T09:00:03Z"))).toBe(false);
      expect(await store.claimRun(NINE, "replica-b", 5 * MINUTE, at("2026-11-30T09:00:00Z"))).toBe(false);
      expect(await store.abandonedRuns(at("2026-11-30T09:00:00Z"))).toEqual([]);
    });

    it("lets another owner reclaim a run whose claim expired without finishing (the owner died)", async () => {
      await store.claimRun(NINE, "replica-a", 5 * MINUTE, at("2026-11-23T09:00:00Z"));
      // The lease ends at 09:05:00; it still holds at that very instant.
      expect(await store.claimRun(NINE, "replica-b", 5 * MINUTE, at("2026-11-23T09:05:00Z"))).toBe(false);
      expect(await store.claimRun(NINE, "replica-b", 5 * MINUTE, at("2026-11-23T09:05:00.001Z"))).toBe(true);
      expect(await store.claimRun(NINE, "replica-c", 5 * MINUTE, at("2026-11-23T09:05:00.002Z"))).toBe(false);
    });

    it("ignores the late finish of an owner whose expired claim was taken over", async () => {
      await store.claimRun(NINE, "replica-a", 5 * MINUTE, at("2026-11-23T09:00:00Z"));
      await store.claimRun(NINE, "replica-b", 5 * MINUTE, at("2026-11-23T09:06:00Z"));
      await store.finishRun(NINE, "replica-a", "failed", at("2026-11-23T09:06:30Z"));
      // Still replica-b's claim: it expires at 09:11 and is then abandoned, not failed.
      expect(await store.abandonedRuns(at("2026-11-23T09:11:00.001Z"))).toEqual([NINE]);
      await store.finishRun(NINE, "replica-b", "done", at("2026-11-23T09:07:00Z"));
      expect(await store.abandonedRuns(at("2026-11-23T09:11:00.001Z"))).toEqual([]);
    });

    it("records a run never claimed as skipped, which then cannot be claimed", async () => {
      const old = run("digest-daily", "2026-11-20T09:00:00Z");
      await store.finishRun(old, "replica-a", "skipped", at("2026-11-23T08:00:00Z"));
      expect(await store.claimRun(old, "replica-b", 5 * MINUTE, at("2026-11-23T08:00:01Z"))).toBe(false);
      expect(await store.lastRun("digest-daily")).toEqual(at("2026-11-20T09:00:00Z"));
    });

    it("claims the scheduled instants of one schedule independently", async () => {
      expect(await store.claimRun(run("digest-daily", "2026-11-23T09:00:00Z"), "replica-a", MINUTE, at("2026-11-24T09:00:00Z"))).toBe(true);
      expect(await store.claimRun(run("digest-daily", "2026-11-24T09:00:00Z"), "replica-b", MINUTE, at("2026-11-24T09:00:00Z"))).toBe(true);
      expect(await store.claimRun(run("alert-churn", "2026-11-24T09:00:00Z"), "replica-b", MINUTE, at("2026-11-24T09:00:00Z"))).toBe(true);
    });

    it("remembers as lastRun the latest scheduled instant claimed or finished, per schedule", async () => {
      expect(await store.lastRun("digest-daily")).toBeNull();
      await store.claimRun(run("digest-daily", "2026-11-22T09:00:00Z"), "replica-a", MINUTE, at("2026-11-22T09:00:00Z"));
      await store.finishRun(run("digest-daily", "2026-11-22T09:00:00Z"), "replica-a", "done", at("2026-11-22T09:00:01Z"));
      await store.claimRun(run("digest-daily", "2026-11-23T09:00:00Z"), "replica-a", MINUTE, at("2026-11-23T09:00:00Z"));
      await store.claimRun(run("digest-daily", "2026-11-21T09:00:00Z"), "replica-a", MINUTE, at("2026-11-23T09:00:01Z"));
      await store.claimRun(run("alert-churn", "2026-11-24T09:00:00Z"), "replica-a", MINUTE, at("2026-11-24T09:00:00Z"));

      expect(await store.lastRun("digest-daily")).toEqual(at("2026-11-23T09:00:00Z"));
      expect(await store.lastRun("alert-churn")).toEqual(at("2026-11-24T09:00:00Z"));
      expect(await store.lastRun("digest-weekly")).toBeNull();
    });

    it("lists as abandoned only runs still claimed whose lease has expired, oldest first", async () => {
      await store.claimRun(run("digest-daily", "2026-11-23T09:00:00Z"), "replica-a", 5 * MINUTE, at("2026-11-23T09:00:00Z"));
      await store.claimRun(run("alert-churn", "2026-11-23T08:00:00Z"), "replica-a", 5 * MINUTE, at("2026-11-23T09:00:00Z"));
      await store.claimRun(run("digest-weekly", "2026-11-23T08:30:00Z"), "replica-a", 5 * MINUTE, at("2026-11-23T09:00:00Z"));
      await store.finishRun(run("digest-weekly", "2026-11-23T08:30:00Z"), "replica-a", "done", at("2026-11-23T09:00:01Z"));
      await store.claimRun(run("alert-csat", "2026-11-23T09:00:00Z"), "replica-b", HOUR, at("2026-11-23T09:00:00Z"));

      expect(await store.abandonedRuns(at("2026-11-23T09:05:00Z"))).toEqual([]);
      expect(await store.abandonedRuns(at("2026-11-23T09:30:00Z"))).toEqual([
        run("alert-churn", "2026-11-23T08:00:00Z"),
        run("digest-daily", "2026-11-23T09:00:00Z"),
      ]);
    });

    it("lets three store instances racing for the same 50 runs claim each exactly once in total", async () => {
      const racers = [store, await open(), await open()];
      const keys = Array.from({ length: 50 }, (_, i) =>
        run(`digest-${i % 5}`, new Date(Date.parse("2026-11-23T09:00:00Z") + Math.floor(i / 5) * DAY).toISOString()),
      );
      const now = at("2026-12-03T09:00:00Z");
      const wins = await Promise.all(racers.map((s, r) => Promise.all(keys.map((key) => s.claimRun(key, `replica-${r}`, 5 * MINUTE, now)))));

      const winnersPerRun = keys.map((_, i) => wins.filter((w) => w[i]).length);
      expect(winnersPerRun).toEqual(keys.map(() => 1));
    });
  });

  describe("outbox", () => {
    const NINE = at("2026-11-23T09:00:00Z");

    it("reads an enqueued entry back as pending with no attempts, its run and payload intact", async () => {
      await store.enqueue(entry("ob-1"));
      const expected: OutboxEntry = { ...entry("ob-1"), attempts: 0, status: "pending", lastError: null, delivered: null };
      expect(await store.getOutbox("ob-1")).toEqual(expected);
      expect(await store.getOutbox("ob-missing")).toBeNull();
    });

    it("round trips a one-off post that replaces one message and replies in the thread of another", async () => {
      const reply = entry("ob-reply", {
        run: null,
        destination: TEAMS,
        payload: "Resolved: churn is back under 5 %",
        replaceOf: { platform: "teams", channel: "19:ops@thread.tacv2", id: "1795960801001" },
        threadOf: { platform: "teams", channel: "19:ops@thread.tacv2", id: "1795960800000" },
      });
      await store.enqueue(reply);
      expect(await store.getOutbox("ob-reply")).toEqual({ ...reply, attempts: 0, status: "pending", lastError: null, delivered: null });
    });

    /** Every due entry, claimed one by one by `owner`: what a sender would take at `now`. */
    async function takeDue(s: Store, now: Date, owner = "replica-a", leaseMs = MINUTE): Promise<OutboxEntry[]> {
      const taken: OutboxEntry[] = [];
      for (const due of await s.dueOutbox(now, 100)) {
        const claimed = await s.claimOutbox(due.id, owner, now, leaseMs);
        if (claimed) taken.push(claimed.entry);
      }
      return taken;
    }

    it("keeps the first entry when an id already in the outbox is enqueued again", async () => {
      await store.enqueue(entry("ob-1"));
      await store.enqueue(entry("ob-1", { payload: "second", nextAttemptAt: at("2026-11-23T10:00:00Z") }));
      expect((await store.getOutbox("ob-1"))?.payload).toEqual(entry("ob-1").payload);
      expect(await takeDue(store, NINE)).toHaveLength(1);
    });

    it("does not offer or claim an entry before its nextAttemptAt, and does at that instant", async () => {
      await store.enqueue(entry("ob-1"));
      expect(await store.dueOutbox(at("2026-11-23T08:59:59.999Z"), 10)).toEqual([]);
      expect(await store.claimOutbox("ob-1", "replica-a", at("2026-11-23T08:59:59.999Z"), MINUTE)).toBeNull();
      expect((await store.dueOutbox(NINE, 10)).map((e) => e.id)).toEqual(["ob-1"]);
      expect((await store.claimOutbox("ob-1", "replica-a", NINE, MINUTE))?.entry.id).toBe("ob-1");
    });

    it("claims a due entry once: marked sending with its attempt counted, and not again while the lease lasts", async () => {
      await store.enqueue(entry("ob-1"));
      const claimed = await store.claimOutbox("ob-1", "replica-a", NINE, MINUTE);
      expect(claimed).toEqual({ entry: { ...entry("ob-1"), attempts: 1, status: "sending", lastError: null, delivered: null }, inDoubt: false, firstSentAt: NINE });
      expect(await store.getOutbox("ob-1")).toEqual(claimed?.entry);
      expect(await store.claimOutbox("ob-1", "replica-b", at("2026-11-23T09:00:30Z"), MINUTE)).toBeNull();
      expect(await store.claimOutbox("ob-1", "replica-a", at("2026-11-23T09:01:00Z"), MINUTE)).toBeNull();
      expect(await store.dueOutbox(at("2026-11-23T09:01:00Z"), 10)).toEqual([]);
    });

    it("offers due entries in the order they were enqueued, at most the limit, without taking them", async () => {
      await store.enqueue(entry("ob-c", { nextAttemptAt: at("2026-11-23T09:00:00Z") }));
      await store.enqueue(entry("ob-a", { nextAttemptAt: at("2026-11-23T09:00:00Z") }));
      await store.enqueue(entry("ob-b", { nextAttemptAt: at("2026-11-23T08:00:00Z") }));
      await store.enqueue(entry("ob-d", { nextAttemptAt: at("2026-11-23T09:00:00Z") }));

      expect((await store.dueOutbox(NINE, 3)).map((e) => e.id)).toEqual(["ob-c", "ob-a", "ob-b"]);
      expect((await store.dueOutbox(NINE, 10)).map((e) => e.id)).toEqual(["ob-c", "ob-a", "ob-b", "ob-d"]);
      expect((await store.getOutbox("ob-c"))?.status).toBe("pending");
    });

    it("gives back an entry whose sending lease expired, counting a second attempt, as in doubt since the first send", async () => {
      await store.enqueue(entry("ob-1"));
      await store.claimOutbox("ob-1", "replica-a", NINE, MINUTE);
      const again = await store.claimOutbox("ob-1", "replica-b", at("2026-11-23T09:01:00.001Z"), MINUTE);
      expect(again && [again.entry.status, again.entry.attempts, again.inDoubt, again.firstSentAt]).toEqual(["sending", 2, true, NINE]);
    });

    it("frees a post and a run of a process whose heartbeat stopped at once, long before their leases end", async () => {
      await store.heartbeat("replica-a", NINE, 15_000);
      await store.enqueue(entry("ob-1"));
      await store.claimOutbox("ob-1", "replica-a", NINE, HOUR);
      const run: RunKey = { scheduleId: "digest-daily", scheduledAt: NINE };
      await store.claimRun(run, "replica-a", HOUR, NINE);

      // Alive: its heartbeat holds until 09:00:15.
      expect(await store.claimOutbox("ob-1", "replica-b", at("2026-11-23T09:00:15Z"), MINUTE)).toBeNull();
      expect(await store.claimRun(run, "replica-b", MINUTE, at("2026-11-23T09:00:15Z"))).toBe(false);
      expect(await store.abandonedRuns(at("2026-11-23T09:00:15Z"))).toEqual([]);
      // Its heartbeat stopped (killed): everything it held is free a moment later.
      const later = at("2026-11-23T09:00:15.001Z");
      expect((await store.dueOutbox(later, 10)).map((e) => e.id)).toEqual(["ob-1"]);
      expect(await store.abandonedRuns(later)).toEqual([run]);
      expect((await store.claimOutbox("ob-1", "replica-b", later, MINUTE))?.inDoubt).toBe(true);
      expect(await store.claimRun(run, "replica-b", MINUTE, later)).toBe(true);
    });

    it("keeps a live process's claims past their leases' ends only while it beats, and hands them over when it stops", async () => {
      await store.heartbeat("replica-a", NINE, 15_000);
      await store.enqueue(entry("ob-1"));
      await store.claimOutbox("ob-1", "replica-a", NINE, MINUTE);
      await store.heartbeat("replica-a", at("2026-11-23T09:00:10Z"), 15_000);
      // The lease holds until 09:01; the heartbeat until 09:00:25: both must hold for the claim to stay.
      expect(await store.claimOutbox("ob-1", "replica-b", at("2026-11-23T09:00:20Z"), MINUTE)).toBeNull();
      await store.releaseOwner("replica-a", at("2026-11-23T09:00:21Z"));
      expect(await store.claimOutbox("ob-1", "replica-b", at("2026-11-23T09:00:21Z"), MINUTE)).not.toBeNull();
    });

    it("renews a claim only for the owner still holding it, before its lease ran out", async () => {
      await store.enqueue(entry("ob-1"));
      await store.claimOutbox("ob-1", "replica-a", NINE, MINUTE);
      expect(await store.holdOutbox("ob-1", "replica-b", at("2026-11-23T09:00:30Z"), MINUTE)).toBe(false);
      expect(await store.holdOutbox("ob-1", "replica-a", at("2026-11-23T09:00:30Z"), MINUTE)).toBe(true);
      // Renewed until 09:01:30: not free at 09:01:10.
      expect(await store.claimOutbox("ob-1", "replica-b", at("2026-11-23T09:01:10Z"), MINUTE)).toBeNull();
      // Lapsed and taken by another: the first owner may not renew it, nor send it.
      expect(await store.claimOutbox("ob-1", "replica-b", at("2026-11-23T09:01:30.001Z"), MINUTE)).not.toBeNull();
      expect(await store.holdOutbox("ob-1", "replica-a", at("2026-11-23T09:01:31Z"), MINUTE)).toBe(false);
    });

    it("keeps a process unknown to the heartbeat table to its lease", async () => {
      await store.enqueue(entry("ob-1"));
      await store.claimOutbox("ob-1", "no-heartbeat", NINE, MINUTE);
      expect(await store.claimOutbox("ob-1", "replica-b", at("2026-11-23T09:01:00Z"), MINUTE)).toBeNull();
      expect(await store.claimOutbox("ob-1", "replica-b", at("2026-11-23T09:01:00.001Z"), MINUTE)).not.toBeNull();
    });

    it("puts a failed entry back to pending at its next attempt, with the error, in doubt only when said so", async () => {
      await store.enqueue(entry("ob-1"));
      await store.claimOutbox("ob-1", "replica-a", NINE, MINUTE);
      await store.markFailed("ob-1", "slack: ratelimited (Retry-After 30)", at("2026-11-23T09:00:30Z"), false);

      expect(await store.getOutbox("ob-1")).toMatchObject({
        status: "pending",
        attempts: 1,
        lastError: "slack: ratelimited (Retry-After 30)",
        nextAttemptAt: at("2026-11-23T09:00:30Z"),
      });
      expect(await store.claimOutbox("ob-1", "replica-a", at("2026-11-23T09:00:29.999Z"), MINUTE)).toBeNull();
      const second = await store.claimOutbox("ob-1", "replica-a", at("2026-11-23T09:00:30Z"), MINUTE);
      expect(second && [second.entry.attempts, second.inDoubt]).toEqual([2, false]);

      await store.markFailed("ob-1", "the post took longer than 60000 ms", at("2026-11-23T09:01:30Z"), false, { inDoubt: true });
      expect((await store.claimOutbox("ob-1", "replica-b", at("2026-11-23T09:01:30Z"), MINUTE))?.inDoubt).toBe(true);
    });

    it("keeps a dead entry, with its error, for inspection and never takes it again", async () => {
      await store.enqueue(entry("ob-1"));
      await store.claimOutbox("ob-1", "replica-a", NINE, MINUTE);
      await store.markFailed("ob-1", "channel_not_found", at("2026-11-23T09:05:00Z"), true);

      expect(await store.getOutbox("ob-1")).toMatchObject({ status: "dead", lastError: "channel_not_found", attempts: 1 });
      expect(await takeDue(store, at("2026-12-23T09:00:00Z"))).toEqual([]);
    });

    it("stores the message ref of a delivered entry and never takes it again, even if a late failure is reported", async () => {
      await store.enqueue(entry("ob-1"));
      await store.claimOutbox("ob-1", "replica-a", NINE, MINUTE);
      const ref = { platform: "slack", channel: "C0GENERAL", id: "1795942800.000200" } as const;
      await store.markDelivered("ob-1", ref, at("2026-11-23T09:00:01Z"));
      await store.markFailed("ob-1", "timeout", at("2026-11-23T09:01:00Z"), false);

      expect(await store.getOutbox("ob-1")).toMatchObject({ status: "delivered", delivered: ref, attempts: 1, lastError: null });
      expect(await takeDue(store, at("2026-12-23T09:00:00Z"))).toEqual([]);
    });

    it("lets three store instances racing over 100 due entries claim every entry exactly once", async () => {
      const racers = [store, await open(), await open()];
      await Promise.all(Array.from({ length: 100 }, (_, i) => store.enqueue(entry(`ob-${String(i).padStart(3, "0")}`))));

      const takenBy = await Promise.all(racers.map((s, r) => takeDue(s, NINE, `replica-${r}`)));

      const all = takenBy.flat().map((e) => e.id).sort();
      expect(all).toEqual(Array.from({ length: 100 }, (_, i) => `ob-${String(i).padStart(3, "0")}`));
      expect(await takeDue(store, NINE)).toEqual([]);
    });
  });

  describe("chat platform installations", () => {
    it("keeps Slack installations of a team, of an enterprise and of a team within an enterprise apart", async () => {
      await store.saveSlackInstallation({ teamId: "T0ACME" }, { team: { id: "T0ACME" }, bot: { token: "xoxb-acme", scopes: ["chat:write"] } });
      await store.saveSlackInstallation({ enterpriseId: "E0GRID" }, { enterprise: { id: "E0GRID" }, isEnterpriseInstall: true });
      await store.saveSlackInstallation({ enterpriseId: "E0GRID", teamId: "T0ACME" }, { team: { id: "T0ACME" }, enterprise: { id: "E0GRID" } });

      expect(await store.getSlackInstallation({ teamId: "T0ACME" })).toEqual({ team: { id: "T0ACME" }, bot: { token: "xoxb-acme", scopes: ["chat:write"] } });
      expect(await store.getSlackInstallation({ enterpriseId: "E0GRID" })).toEqual({ enterprise: { id: "E0GRID" }, isEnterpriseInstall: true });
      expect(await store.getSlackInstallation({ enterpriseId: "E0GRID", teamId: "T0ACME" })).toEqual({ team: { id: "T0ACME" }, enterprise: { id: "E0GRID" } });
      expect(await store.getSlackInstallation({ teamId: "T0OTHER" })).toBeNull();
    });

    it("replaces a Slack installation saved again, and forgets it when deleted", async () => {
      await store.saveSlackInstallation({ teamId: "T0ACME" }, { bot: { token: "xoxb-old" } });
      await store.saveSlackInstallation({ teamId: "T0ACME" }, { bot: { token: "xoxb-new" } });
      expect(await store.getSlackInstallation({ teamId: "T0ACME" })).toEqual({ bot: { token: "xoxb-new" } });

      await store.deleteSlackInstallation({ teamId: "T0ACME" });
      expect(await store.getSlackInstallation({ teamId: "T0ACME" })).toBeNull();
    });

    it("refuses a Slack installation key with neither an enterprise nor a team", async () => {
      await expect(store.saveSlackInstallation({}, { bot: {} })).rejects.toThrow(/enterpriseId, a teamId or both/);
    });

    it("keeps the latest Teams conversation reference per conversation and lists them by conversation id", async () => {
      const reference = (activityId: string) => ({
        activityId,
        bot: { id: "28:bot", name: "Metrics" },
        conversation: { id: "19:ops@thread.tacv2", tenantId: "contoso-tenant", conversationType: "channel" },
        serviceUrl: "https://smba.trafficmanager.net/emea/",
        channelId: "msteams",
      });
      await store.saveConversationReference("19:ops@thread.tacv2", reference("1"), at("2026-11-20T10:00:00Z"));
      await store.saveConversationReference("a:1personal", { conversation: { id: "a:1personal" } }, at("2026-11-20T11:00:00Z"));
      await store.saveConversationReference("19:ops@thread.tacv2", reference("2"), at("2026-11-21T10:00:00Z"));

      expect(await store.getConversationReference("19:ops@thread.tacv2")).toEqual(reference("2"));
      expect(await store.getConversationReference("19:missing")).toBeNull();
      expect(await store.listConversationReferences()).toEqual([
        { conversationId: "19:ops@thread.tacv2", reference: reference("2") },
        { conversationId: "a:1personal", reference: { conversation: { id: "a:1personal" } } },
      ]);
    });
  });

  describe("Slack block types a workspace refused", () => {
    it("remembers per workspace which block types Slack refused, once each, for every store opened later", async () => {
      expect(await store.refusedSlackBlocks("T0ACME")).toEqual([]);
      await store.refuseSlackBlocks("T0ACME", ["data_visualization"], at("2026-11-20T10:00:00Z"));
      await store.refuseSlackBlocks("T0ACME", ["table", "data_visualization"], at("2026-11-20T11:00:00Z"));
      const later = await open();
      expect(await later.refusedSlackBlocks("T0ACME")).toEqual(["data_visualization", "table"]);
      expect(await later.refusedSlackBlocks("T0OTHER")).toEqual([]);
    });
  });

  describe("migrations", () => {
    const ALL_VERSIONS = MIGRATIONS.map((m) => m.version);

    it("applies no migration twice when the same database is opened again, and keeps what was stored", async () => {
      await store.saveDigest(digest("dg-1"));
      const again = await open();
      expect(await again.getDigest("dg-1")).toEqual(digest("dg-1"));
      expect((await backing.migrationVersions()).sort((a, b) => a - b)).toEqual(ALL_VERSIONS);
    });

    it("migrates an empty database once when three stores open it at the same time", async () => {
      const empty = await newBacking();
      try {
        const stores = await Promise.all([open(empty), open(empty), open(empty)]);
        await stores[0]?.saveDigest(digest("dg-1"));
        expect(await stores[2]?.getDigest("dg-1")).toEqual(digest("dg-1"));
        expect((await empty.migrationVersions()).sort((a, b) => a - b)).toEqual(ALL_VERSIONS);
      } finally {
        await Promise.all(opened.splice(1).map((s) => s.close()));
        await empty.dispose();
      }
    });
  });
}

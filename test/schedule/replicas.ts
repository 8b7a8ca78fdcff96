/**
 * Exactly-once scenarios, run against each store (SQLite file; Postgres via
 * the gate): several schedulers on one store, and processes that stop in the
 * middle of a run or a post.
 */
import { afterEach, beforeEach, expect, it } from "vitest";
import type { Engine } from "../../src/commands/answer.ts";
import type { Connector } from "../../src/connectors/connector.ts";
import { Scheduler, type SchedulerOptions } from "../../src/schedule/scheduler.ts";
import type { Store } from "../../src/store/store.ts";
import { engineOver } from "../helpers.ts";
import { answers, digestFixture, recordingLogger, RecordingPoster, ruleFixture, testClock, until } from "./support.ts";

export interface Backing {
  /** Another connection to the same database (another replica's store). */
  open(): Promise<Store>;
  dispose(): Promise<void>;
}

/** Monday 23 November 2026, 09:00:00.2 UTC: a daily 09:00 UTC digest is due. */
const DUE = new Date("2026-11-23T09:00:00.200Z");
const NINE = new Date("2026-11-23T09:00:00Z");
const LEASE = 60_000;

const data = { surveys: [...answers("2026-11-22T10:00:00Z", 70, 30), ...answers("2026-11-21T10:00:00Z", 90, 10)] };

/** A connector whose every query starts and never finishes: a process stuck (or killed) mid-run. */
function hangingConnector(): Connector {
  return { name: "hangs", describe: () => new Promise(() => undefined), measure: () => new Promise(() => undefined) };
}

/** The store, but finishing a run never returns: the process dies right after writing its posts. */
function dyingBeforeFinish(store: Store): Store {
  return new Proxy(store, {
    get(target, prop, receiver) {
      if (prop === "finishRun") return () => new Promise(() => undefined);
      const value = Reflect.get(target, prop, receiver) as unknown;
      return typeof value === "function" ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}

export function replicaScenarios(makeBacking: () => Promise<Backing>): void {
  let backing: Backing;
  let stores: Store[];
  beforeEach(async () => {
    backing = await makeBacking();
    stores = [];
  });
  afterEach(async () => {
    await Promise.all(stores.map((s) => s.close().catch(() => undefined)));
    await backing.dispose();
  });

  async function replica(owner: string, poster: RecordingPoster, extra: Partial<SchedulerOptions> & { engine?: Engine; wrap?: (s: Store) => Store } = {}) {
    const store = await backing.open();
    stores.push(store);
    const log = recordingLogger();
    const { wrap, ...rest } = extra;
    const scheduler = new Scheduler({
      store: wrap ? wrap(store) : store,
      engine: engineOver(data),
      posters: { console: poster },
      clock: testClock(DUE),
      log,
      owner,
      leaseMs: LEASE,
      outbox: { sendLeaseMs: LEASE, postTimeoutMs: LEASE / 3, settleMs: 10 },
      random: () => 0.5,
      ...rest,
    });
    return { scheduler, store, log };
  }

  it("posts each digest exactly once when three schedulers tick and dispatch at the same moment, two days running", async () => {
    const posters = [new RecordingPoster("a"), new RecordingPoster("b"), new RecordingPoster("c")];
    const replicas = await Promise.all(posters.map((p, i) => replica(`replica-${i}`, p)));
    const ids = ["d-111", "d-222", "d-333", "d-444", "d-555", "d-666"];
    for (const id of ids) await replicas[0]!.store.saveDigest(digestFixture({ id, metrics: ["csat"] }));
    // CSAT over the last 7 days is 80 % on both days: below 85 %, so the rule fires, then repeats (no cooldown).
    await replicas[0]!.store.saveAlertRule(ruleFixture({ id: "a-111", condition: { kind: "threshold", op: "<", value: 85 }, period: "last-7-days", cooldownMs: 0 }));

    for (const day of [0, 1]) {
      const now = new Date(DUE.getTime() + day * 86_400_000);
      const ticks = await Promise.all(replicas.map((r) => r.scheduler.tick(now)));
      expect(ticks.flatMap((t) => t.ran).length).toBe(ids.length + 1);
      await Promise.all(replicas.map((r) => r.scheduler.dispatchOutbox(now)));
      await Promise.all(replicas.map((r) => r.scheduler.dispatchOutbox(new Date(now.getTime() + 1000))));
    }
    const posts = posters.flatMap((p) => p.posts);
    const digests = posts.flatMap((p) => (p.message.kind === "digest" ? [`${p.message.digestId} ${p.message.scheduledAt.toISOString()}`] : []));
    expect(digests.length).toBe(ids.length * 2);
    expect(new Set(digests).size).toBe(ids.length * 2);
    // The alert fired on day 0 and repeated on day 1 (cooldown 0) — once each: one message, one reply, one edit.
    const alerts = posts.flatMap((p) => (p.message.kind === "alert" ? [p.message] : [])).sort((a, b) => a.checkedAt.getTime() - b.checkedAt.getTime());
    expect(alerts.map((a) => a.notice)).toEqual(["firing", "repeat"]);
    expect(posters.flatMap((p) => p.updates).length).toBe(1);
  });

  it("re-does a run whose scheduler stopped mid-run, once the lease expires, and posts it once", async () => {
    const stuck = await replica("stuck", new RecordingPoster("stuck"), { engine: engineOver({}, { connector: hangingConnector() }) });
    await stuck.store.saveDigest(digestFixture({ id: "d-777" }));
    void stuck.scheduler.tick(DUE); // claims the 09:00 run, then hangs building it: never awaited, like a killed process

    const poster = new RecordingPoster("fresh");
    const fresh = await replica("fresh", poster);
    // While the lease holds, the run is someone else's.
    await until(async () => (await fresh.store.lastRun("d-777"))?.getTime() === NINE.getTime());
    expect((await fresh.scheduler.tick(new Date(DUE.getTime() + LEASE / 2))).ran).toEqual([]);
    const after = new Date(DUE.getTime() + LEASE + 1000);
    const tick = await fresh.scheduler.tick(after);
    expect(tick.resumed).toEqual([{ scheduleId: "d-777", scheduledAt: NINE }]);
    expect(tick.ran).toEqual([{ scheduleId: "d-777", scheduledAt: NINE }]);
    expect(fresh.log.lines.some((l) => l.message.includes("abandoned"))).toBe(true);
    await fresh.scheduler.dispatchOutbox(after);
    expect((await fresh.scheduler.tick(new Date(after.getTime() + LEASE * 3))).ran).toEqual([]);
    await fresh.scheduler.dispatchOutbox(new Date(after.getTime() + LEASE * 3));
    expect(poster.posts.map((p) => p.message.kind === "digest" && p.message.digestId)).toEqual(["d-777"]);
  });

  it("does not enqueue twice when a scheduler died after writing its post but before finishing the run", async () => {
    const dying = await replica("dying", new RecordingPoster("dying"), { wrap: dyingBeforeFinish });
    await dying.store.saveDigest(digestFixture({ id: "d-888" }));
    void dying.scheduler.tick(DUE);
    await until(async () => (await dying.store.getOutbox(`d-888@${NINE.toISOString()}/post`)) !== null);

    const poster = new RecordingPoster("fresh");
    const fresh = await replica("fresh", poster);
    const after = new Date(DUE.getTime() + LEASE + 1000);
    expect((await fresh.scheduler.tick(after)).resumed.length).toBe(1);
    await fresh.scheduler.dispatchOutbox(after);
    await fresh.scheduler.dispatchOutbox(new Date(after.getTime() + LEASE * 2));
    expect(poster.posts.length).toBe(1);
  });

  it("lets another scheduler send a post whose sender hung, after the send lease, exactly once", async () => {
    const hung = new RecordingPoster("hung").hang();
    const first = await replica("first", hung);
    await first.store.saveDigest(digestFixture({ id: "d-999" }));
    await first.scheduler.tick(DUE);
    void first.scheduler.dispatchOutbox(DUE); // takes the entry and never returns from posting
    await until(async () => hung.attempts === 1);

    const poster = new RecordingPoster("second");
    const second = await replica("second", poster);
    expect((await second.scheduler.dispatchOutbox(new Date(DUE.getTime() + LEASE / 2))).delivered).toEqual([]);
    const later = new Date(DUE.getTime() + LEASE + 1000);
    expect((await second.scheduler.dispatchOutbox(later)).delivered.length).toBe(1);
    expect((await second.scheduler.dispatchOutbox(new Date(later.getTime() + LEASE * 2))).delivered).toEqual([]);
    expect(poster.posts.length).toBe(1);
    expect(hung.posts.length).toBe(0);
  });
}

import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { LogLevel, WebClient } from "@slack/web-api";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { SlackPoster } from "../../adapters/slack/poster.ts";
import { answer, type Request } from "../../src/commands/answer.ts";
import { renderText } from "../../src/render/text.ts";
import { startFakeSlackApi } from "../fakes/slack-api.ts";
import type { Engine } from "../../src/commands/answer.ts";
import type { Connector } from "../../src/connectors/connector.ts";
import type { Row } from "../../src/measures/datasets.ts";
import { createMemoryConnector } from "../../src/connectors/memory.ts";
import { SourceError } from "../../src/errors.ts";
import { ConsolePoster } from "../../src/schedule/poster.ts";
import { buildDigest } from "../../src/schedule/digest.ts";
import { backoffMs } from "../../src/retry.ts";
import { Scheduler, type CronJobs, type SchedulerOptions } from "../../src/schedule/scheduler.ts";
import { openSqliteStore } from "../../src/store/sqlite.ts";
import type { Store } from "../../src/store/store.ts";
import { engineOver } from "../helpers.ts";
import { replicaScenarios } from "./replicas.ts";
import { answers, digestFixture, HERE, recordingLogger, RecordingPoster, ruleFixture, sqliteStore, testClock, until, type TestClock } from "./support.ts";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

let store: Store;
let dispose: () => Promise<void>;
beforeEach(async () => {
  ({ store, dispose } = await sqliteStore());
});
afterEach(async () => {
  await dispose();
});

function scheduler(poster: RecordingPoster, clock: TestClock, extra: Partial<SchedulerOptions> & { engine?: Engine } = {}) {
  const log = recordingLogger();
  const s = new Scheduler({
    store,
    engine: engineOver({ surveys: answers("2026-11-22T10:00:00Z", 70, 30) }),
    posters: { console: poster },
    clock,
    log,
    owner: "test",
    random: () => 0.5,
    ...extra,
    // A post in doubt that is not found is looked for again after a moment: a short one here.
    outbox: { settleMs: 10, ...extra.outbox },
  });
  return { scheduler: s, log };
}

/** Ticks and dispatches at `now`. */
async function at(s: Scheduler, clock: TestClock, now: Date | string) {
  clock.set(now);
  const tick = await s.tick(clock.now());
  const dispatch = await s.dispatchOutbox(clock.now());
  return { tick, dispatch };
}

const digestIds = (poster: RecordingPoster) => poster.posts.flatMap((p) => (p.message.kind === "digest" ? [`${p.message.digestId} ${p.message.scheduledAt.toISOString()}`] : []));

describe("running digests on time", () => {
  it("asks the data once for digests that show the same metrics over the same period at the same instant", async () => {
    const clock = testClock("2026-11-23T09:00:10Z");
    const poster = new RecordingPoster();
    const base = createMemoryConnector({ surveys: answers("2026-11-22T10:00:00Z", 70, 30) }, { name: "counted" });
    let calls = 0;
    // Every question the digests ask reaches the data through one of these two (a period at a time, or an answer's periods at once).
    const counted: Connector = { ...base, measure: (q) => (calls++, base.measure(q)), measurePeriods: (q) => (calls++, base.measurePeriods!(q)) };
    const engine = engineOver({}, { connector: counted });
    // One digest alone, built outside any tick: what one digest asks (once what the data holds is known: it is asked once, then kept).
    await buildDigest(digestFixture(), engine, new Date("2026-11-23T09:00:00Z"));
    calls = 0;
    await buildDigest(digestFixture(), engine, new Date("2026-11-23T09:00:00Z"));
    const forOne = calls;
    expect(forOne).toBeGreaterThan(0);
    calls = 0;
    const { scheduler: s } = scheduler(poster, clock, { engine });
    for (let i = 0; i < 10; i++) await store.saveDigest(digestFixture({ id: `d-${i}`, destination: { platform: "console", workspace: "local", channel: `c${i}` } }));
    // Another zone is another "yesterday": asked separately.
    await store.saveDigest(digestFixture({ id: "d-tokyo", schedule: { cron: "0 18 * * *", timeZone: "Asia/Tokyo" }, destination: { platform: "console", workspace: "local", channel: "c-tokyo" } }));
    const tick = await s.tick(clock.now());
    await s.dispatchOutbox(clock.now());
    expect(tick.ran).toHaveLength(11);
    expect(calls).toBe(2 * forOne);
    const posted = poster.posts.filter((p) => p.message.kind === "digest");
    expect(posted).toHaveLength(11);
    const value = (p: (typeof posted)[number]) => (p.message.kind === "digest" && "report" in p.message.items[0]! ? p.message.items[0].report.result?.value : undefined);
    expect(new Set(posted.map(value))).toEqual(new Set([70]));
  });

  it("builds digests due in the same minute side by side (up to its concurrency), each posted once", async () => {
    const clock = testClock("2026-11-23T09:00:10Z");
    const poster = new RecordingPoster();
    const base = createMemoryConnector({ surveys: answers("2026-11-22T10:00:00Z", 70, 30) }, { name: "slow" });
    let inFlight = 0;
    let most = 0;
    const held = async <T>(work: () => Promise<T>): Promise<T> => {
      inFlight++;
      most = Math.max(most, inFlight);
      await new Promise((r) => setTimeout(r, 5));
      inFlight--;
      return work();
    };
    const slow: Connector = { ...base, measure: (q) => held(() => base.measure(q)), measurePeriods: (q) => held(() => base.measurePeriods!(q)) };
    const run = async (concurrency: number) => {
      inFlight = 0;
      most = 0;
      const { scheduler: s } = scheduler(poster, clock, { engine: engineOver({}, { connector: slow }), concurrency });
      const tick = await s.tick(clock.now());
      await s.dispatchOutbox(clock.now());
      return { ran: tick.ran.length, most };
    };
    // Twelve different questions (metric × period), so no answer is shared.
    const metrics = ["csat", "nps", "ces", "csat_score"];
    const periods = ["yesterday", "last-7-days", "last-week"];
    for (let i = 0; i < 12; i++) {
      await store.saveDigest(digestFixture({ id: `d-${i}`, metrics: [metrics[i % 4]!], period: periods[i % 3]!, destination: { platform: "console", workspace: "local", channel: `c${i}` } }));
    }
    // What one digest has in flight at most, built alone (its questions go together).
    await buildDigest(digestFixture({ metrics: ["csat"], period: "last-week" }), engineOver({}, { connector: slow }), new Date("2026-11-23T09:00:00Z"));
    const one = most;
    expect(one).toBeGreaterThan(0);
    const side = await run(4);
    expect(side.ran).toBe(12);
    // Four digests at once overlap more than one digest can.
    expect(side.most).toBeGreaterThan(one);
    expect(new Set(digestIds(poster)).size).toBe(12);
    expect(digestIds(poster)).toHaveLength(12);
    // The next minute finds nothing due: each run was claimed exactly once.
    clock.set("2026-11-23T09:01:00Z");
    expect((await run(4)).ran).toBe(0);
  });

  it("posts a daily 09:00 digest at 09:00, not before, and not twice", async () => {
    const clock = testClock("2026-11-23T08:59:00Z");
    const poster = new RecordingPoster();
    const { scheduler: s } = scheduler(poster, clock);
    await store.saveDigest(digestFixture({ id: "d-7k3" }));
    expect((await at(s, clock, "2026-11-23T08:59:59.999Z")).tick.ran).toEqual([]);
    const nine = await at(s, clock, "2026-11-23T09:00:00.050Z");
    expect(nine.tick.ran).toEqual([{ scheduleId: "d-7k3", scheduledAt: new Date("2026-11-23T09:00:00Z") }]);
    expect(nine.dispatch.delivered).toEqual(["d-7k3@2026-11-23T09:00:00.000Z/post"]);
    await at(s, clock, "2026-11-23T09:00:30Z");
    await at(s, clock, "2026-11-23T15:00:00Z");
    expect(digestIds(poster)).toEqual(["d-7k3 2026-11-23T09:00:00.000Z"]);
    const posted = poster.posts[0]!.message;
    expect(posted.kind === "digest" && posted.items[0] && "report" in posted.items[0] && posted.items[0].report.result?.value).toBe(70);
    expect(await store.lastRun("d-7k3")).toEqual(new Date("2026-11-23T09:00:00Z"));
  });

  it("does not run a schedule for instants before it was created, nor paused digests or muted rules", async () => {
    const clock = testClock("2026-11-23T09:30:00Z");
    const poster = new RecordingPoster();
    const { scheduler: s } = scheduler(poster, clock);
    await store.saveDigest(digestFixture({ id: "d-new", createdAt: new Date("2026-11-23T09:10:00Z") }));
    await store.saveDigest(digestFixture({ id: "d-off", paused: true }));
    await store.saveAlertRule(ruleFixture({ id: "a-off", muted: true }));
    expect((await at(s, clock, "2026-11-23T09:30:00Z")).tick.ran).toEqual([]);
    expect((await at(s, clock, "2026-11-24T09:00:00Z")).tick.ran.map((k) => k.scheduleId)).toEqual(["d-new"]);
  });

  it.each([
    ["spring", "Europe/Vilnius", "2026-03-24T21:00:00Z", ["25", "26", "27", "28"].map((d) => `2026-03-${d}T07:00:00.000Z`).concat(["29", "30", "31"].map((d) => `2026-03-${d}T06:00:00.000Z`))],
    ["autumn", "Europe/Vilnius", "2026-10-21T21:00:00Z", ["22", "23", "24"].map((d) => `2026-10-${d}T06:00:00.000Z`).concat(["25", "26", "27", "28"].map((d) => `2026-10-${d}T07:00:00.000Z`))],
  ])("fires daily 09:00 at 09:00 local each day through the %s daylight-saving change in %s", async (_season, timeZone, start, expected) => {
    const clock = testClock(start);
    const poster = new RecordingPoster();
    const { scheduler: s } = scheduler(poster, clock);
    await store.saveDigest(digestFixture({ id: "d-dst", schedule: { cron: "0 9 * * *", timeZone }, createdAt: new Date(start) }));
    const ranAt: string[] = [];
    // Every 30 minutes for a week: the run happens in the tick at its instant, not later.
    for (let t = new Date(start).getTime(); t <= new Date(start).getTime() + 7 * DAY; t += 30 * 60_000) {
      const { tick } = await at(s, clock, new Date(t));
      if (tick.ran.length > 0) ranAt.push(new Date(t).toISOString());
    }
    expect(ranAt).toEqual(expected);
    expect(digestIds(poster)).toEqual(expected.map((e) => `d-dst ${e}`));
    const local = new Intl.DateTimeFormat("en-GB", { timeZone, hour: "2-digit", minute: "2-digit" });
    expect(new Set(ranAt.map((iso) => local.format(new Date(iso))))).toEqual(new Set(["09:00"]));
  });
});

describe("catching up after a restart", () => {
  async function ranYesterday(id: string, day = "2026-11-22"): Promise<void> {
    const key = { scheduleId: id, scheduledAt: new Date(`${day}T09:00:00Z`) };
    await store.claimRun(key, "old-process", 60_000, key.scheduledAt);
    await store.finishRun(key, "old-process", "done", key.scheduledAt);
  }

  it("runs a digest missed 2 hours ago once, and says so", async () => {
    await store.saveDigest(digestFixture({ id: "d-cu" }));
    await ranYesterday("d-cu");
    const clock = testClock("2026-11-23T11:00:00Z");
    const poster = new RecordingPoster();
    const { scheduler: s, log } = scheduler(poster, clock);
    expect((await at(s, clock, "2026-11-23T11:00:00Z")).tick.ran).toEqual([{ scheduleId: "d-cu", scheduledAt: new Date("2026-11-23T09:00:00Z") }]);
    expect((await at(s, clock, "2026-11-23T11:00:30Z")).tick.ran).toEqual([]);
    expect(digestIds(poster)).toEqual(["d-cu 2026-11-23T09:00:00.000Z"]);
    expect(log.lines.map((l) => l.message)).toContain("catching up a missed digest run");
  });

  it("runs only the latest of several missed runs, logging the earlier ones as skipped", async () => {
    await store.saveDigest(digestFixture({ id: "d-many" }));
    await ranYesterday("d-many", "2026-11-20");
    const clock = testClock("2026-11-23T11:00:00Z");
    const poster = new RecordingPoster();
    const { scheduler: s, log } = scheduler(poster, clock);
    await at(s, clock, "2026-11-23T11:00:00Z");
    expect(digestIds(poster)).toEqual(["d-many 2026-11-23T09:00:00.000Z"]);
    expect(log.lines).toContainEqual(expect.objectContaining({ level: "warn", message: "catching up a missed digest run once; 2 earlier missed runs skipped" }));
  });

  it("skips a run missed 2 days ago with one log line, and runs the next one on time", async () => {
    await store.saveDigest(digestFixture({ id: "d-wk", schedule: { cron: "0 9 * * 1", timeZone: "UTC" } }));
    await ranYesterday("d-wk", "2026-11-16");
    const clock = testClock("2026-11-25T09:00:00Z");
    const poster = new RecordingPoster();
    const { scheduler: s, log } = scheduler(poster, clock);
    const wednesday = await at(s, clock, "2026-11-25T09:00:00Z");
    expect(wednesday.tick.skipped).toEqual([{ scheduleId: "d-wk", scheduledAt: new Date("2026-11-23T09:00:00Z") }]);
    await at(s, clock, "2026-11-25T09:30:00Z");
    const skips = log.lines.filter((l) => l.message.startsWith("skipped a missed digest run"));
    expect(skips).toEqual([
      expect.objectContaining({ level: "warn", message: "skipped a missed digest run: it was due 2 days ago, beyond the 6 h catch-up window" }),
    ]);
    expect(poster.posts).toEqual([]);
    await at(s, clock, "2026-11-30T09:00:00Z");
    expect(digestIds(poster)).toEqual(["d-wk 2026-11-30T09:00:00.000Z"]);
  });
});

describe("delivering through the outbox", () => {
  it("delivers a post that fails twice once, retrying with exponential backoff", async () => {
    await store.saveDigest(digestFixture({ id: "d-rt" }));
    const clock = testClock("2026-11-23T09:00:00Z");
    const poster = new RecordingPoster().failNext(2);
    const { scheduler: s, log } = scheduler(poster, clock);
    const first = await at(s, clock, "2026-11-23T09:00:00Z");
    const id = "d-rt@2026-11-23T09:00:00.000Z/post";
    expect(first.dispatch.retrying).toEqual([id]);
    // base 30 s, equal jitter at 0.5: 22.5 s, then 45 s.
    expect((await store.getOutbox(id))?.nextAttemptAt).toEqual(new Date("2026-11-23T09:00:22.500Z"));
    expect((await s.dispatchOutbox(new Date("2026-11-23T09:00:22Z"))).retrying).toEqual([]);
    expect((await s.dispatchOutbox(new Date("2026-11-23T09:00:22.500Z"))).retrying).toEqual([id]);
    expect((await store.getOutbox(id))?.nextAttemptAt).toEqual(new Date("2026-11-23T09:01:07.500Z"));
    expect((await s.dispatchOutbox(new Date("2026-11-23T09:01:07.500Z"))).delivered).toEqual([id]);
    expect((await s.dispatchOutbox(new Date("2026-11-23T10:00:00Z"))).delivered).toEqual([]);
    expect(poster.posts.length).toBe(1);
    expect(await store.getOutbox(id)).toMatchObject({ status: "delivered", attempts: 3, delivered: poster.posts[0]!.ref });
    expect(log.lines.filter((l) => l.message === "post failed; will retry").length).toBe(2);
  });

  it("looks for a post whose send failed after it landed, finds it, and does not send it again", async () => {
    await store.saveDigest(digestFixture({ id: "d-lost" }));
    const clock = testClock("2026-11-23T09:00:00Z");
    const poster = new RecordingPoster().landThenFail(1);
    const { scheduler: s, log } = scheduler(poster, clock);
    const id = "d-lost@2026-11-23T09:00:00.000Z/post";
    expect((await at(s, clock, "2026-11-23T09:00:00Z")).dispatch.retrying).toEqual([id]);
    expect(poster.lookups).toBe(0);
    const again = await s.dispatchOutbox(new Date("2026-11-23T09:01:00Z"));
    expect(again.delivered).toEqual([id]);
    expect(poster.lookups).toBe(1);
    expect(poster.posts.map((p) => p.key)).toEqual([id]);
    expect(await store.getOutbox(id)).toMatchObject({ status: "delivered", delivered: poster.posts[0]!.ref });
    expect(log.lines.some((l) => l.message.includes("found an earlier send of this post already delivered"))).toBe(true);
  });

  it("does not look for a post the platform refused outright before sending it again", async () => {
    await store.saveDigest(digestFixture({ id: "d-refused" }));
    const clock = testClock("2026-11-23T09:00:00Z");
    const poster = Object.assign(new RecordingPoster().failNext(1), { refused: () => true });
    const { scheduler: s } = scheduler(poster, clock);
    await at(s, clock, "2026-11-23T09:00:00Z");
    expect((await s.dispatchOutbox(new Date("2026-11-23T09:01:00Z"))).delivered).toHaveLength(1);
    expect(poster.lookups).toBe(0);
  });

  it("takes over at once a post whose sender's heartbeat stopped, finds it delivered, and does not send it twice", async () => {
    await store.saveDigest(digestFixture({ id: "d-killed" }));
    const id = "d-killed@2026-11-23T09:00:00.000Z/post";
    const clock = testClock("2026-11-23T09:00:00Z");
    const poster = new RecordingPoster();
    const { scheduler: s } = scheduler(poster, clock);
    await s.tick(clock.now());
    // A process claimed it and sent it, then was killed before recording the outcome.
    await store.heartbeat("killed", clock.now(), 20_000);
    await store.claimOutbox(id, "killed", clock.now(), 150_000);
    await poster.post(HERE, { kind: "error", cause: "user", message: "the digest" }, { key: id });
    // Alive (its heartbeat holds): nothing is taken from it.
    expect((await s.dispatchOutbox(new Date("2026-11-23T09:00:19Z"))).delivered).toEqual([]);
    // 20 s after its last beat, long before the 150 s lease: found, recorded, not sent again.
    expect((await s.dispatchOutbox(new Date("2026-11-23T09:00:20.001Z"))).delivered).toEqual([id]);
    expect(poster.posts).toHaveLength(1);
    expect(poster.lookups).toBe(1);
  });

  it("sends to many channels side by side, each channel's posts in order, so one slow channel holds up no other", async () => {
    const clock = testClock("2026-11-23T09:00:00Z");
    const poster = new RecordingPoster();
    let release = () => undefined as void;
    poster.holds.set("slow", new Promise<void>((r) => (release = r)));
    for (let i = 0; i < 10; i++) await store.saveDigest(digestFixture({ id: `d-fast-${i}`, destination: { ...HERE, channel: `fast-${i}` } }));
    const { scheduler: s } = scheduler(poster, clock);
    await s.tick(clock.now());
    for (const id of ["slow-2", "slow-1", "slow-3"]) {
      const report = { kind: "error" as const, cause: "user" as const, message: id };
      await store.enqueue({ id, run: null, destination: { ...HERE, channel: "slow" }, payload: { kind: "digest", report }, replaceOf: null, threadOf: null, nextAttemptAt: clock.now() });
    }
    const dispatch = s.dispatchOutbox(clock.now());
    await until(() => poster.posts.length === 10);
    expect(poster.posts.every((p) => p.destination.channel.startsWith("fast-"))).toBe(true);
    release();
    expect((await dispatch).delivered).toHaveLength(13);
    expect(poster.posts.slice(10).map((p) => p.key)).toEqual(["slow-2", "slow-1", "slow-3"]);
  });

  it("records a slow post that answers after its timeout, instead of sending it again", async () => {
    await store.saveDigest(digestFixture({ id: "d-slowpoke" }));
    const clock = testClock("2026-11-23T09:00:00Z");
    const poster = new RecordingPoster();
    let release = () => undefined as void;
    poster.holds.set(HERE.channel, new Promise<void>((r) => (release = r)));
    const { scheduler: s, log } = scheduler(poster, clock, { outbox: { postTimeoutMs: 50, sendLeaseMs: 1_000 } });
    await s.tick(clock.now());
    const dispatch = s.dispatchOutbox(clock.now());
    await until(() => log.lines.some((l) => l.message.startsWith("a post is slow")));
    release();
    expect((await dispatch).delivered).toEqual(["d-slowpoke@2026-11-23T09:00:00.000Z/post"]);
    expect(poster.posts).toHaveLength(1);
  });

  it("gives a post up after the last attempt with an error line, and keeps it in the store", async () => {
    await store.saveDigest(digestFixture({ id: "d-dead" }));
    const clock = testClock("2026-11-23T09:00:00Z");
    const poster = new RecordingPoster().failNext(100);
    const { scheduler: s, log } = scheduler(poster, clock, { outbox: { maxAttempts: 3 } });
    await at(s, clock, "2026-11-23T09:00:00Z");
    for (let i = 0; i < 5; i++) await s.dispatchOutbox(new Date(Date.parse("2026-11-23T10:00:00Z") + i * HOUR));
    expect(poster.attempts).toBe(3);
    const id = "d-dead@2026-11-23T09:00:00.000Z/post";
    expect(await store.getOutbox(id)).toMatchObject({ status: "dead", attempts: 3, lastError: "fake platform: 503 Service Unavailable" });
    expect(log.lines).toContainEqual(expect.objectContaining({ level: "error", message: "post given up: it will not be delivered", fields: expect.objectContaining({ outbox: id, attempts: 3 }) }));
  });

  it("backs off exponentially up to a cap, with jitter between half and all of the delay", () => {
    const policy = { baseDelayMs: 1000, maxDelayMs: 10_000 };
    expect([1, 2, 3, 4, 5].map((n) => backoffMs(n, policy, () => 1))).toEqual([1000, 2000, 4000, 8000, 10_000]);
    expect([1, 2, 3].map((n) => backoffMs(n, policy, () => 0))).toEqual([500, 1000, 2000]);
  });

  it("prints digests through the console poster", async () => {
    await store.saveDigest(digestFixture({ id: "d-con" }));
    let out = "";
    const clock = testClock("2026-11-23T09:00:00Z");
    const s = new Scheduler({
      store,
      engine: engineOver({ surveys: answers("2026-11-22T10:00:00Z", 70, 30) }),
      posters: { console: new ConsolePoster({ write: (t: string) => (out += t) }) },
      clock,
      log: recordingLogger(),
      owner: "console",
    });
    await s.tick(clock.now());
    await s.dispatchOutbox(clock.now());
    expect(out).toContain("── console-1 ──\nDigest d-con — yesterday: Sun 22 Nov 2026 (UTC)");
  });
});

describe("alerts through the scheduler", () => {
  /** CSAT per day: below 80 % on 22 and 23 November, fine after (and a week before, which a one-day rule compares with). */
  const days: Array<[string, number]> = [
    ["2026-11-15", 90],
    ["2026-11-16", 90],
    ["2026-11-21", 90],
    ["2026-11-22", 60],
    ["2026-11-23", 65],
    ["2026-11-24", 90],
    ["2026-11-25", 92],
  ];
  const rows: Row[] = days.flatMap(([day, pct]) => [
    ...answers(`${day}T10:00:00Z`, pct / 2, 50 - pct / 2, { channel: "email" }),
    ...answers(`${day}T11:00:00Z`, 45, 5, { channel: "chat" }),
  ]);
  const rule = ruleFixture({ id: "a-csat", condition: { kind: "threshold", op: "<", value: 80 }, period: "yesterday", cooldownMs: DAY, minN: 30 });

  it("fires once, repeats in the thread after the cooldown and edits the first message, and posts one recovery", async () => {
    await store.saveAlertRule(rule);
    const clock = testClock("2026-11-23T09:00:00Z");
    const poster = new RecordingPoster();
    const { scheduler: s } = scheduler(poster, clock, { engine: engineOver({ surveys: rows }) });
    for (const day of ["23", "24", "25", "26"]) await at(s, clock, `2026-11-${day}T09:00:00Z`);

    const notices = poster.posts.map((p) => (p.message.kind === "alert" ? p.message.notice : p.message.kind));
    expect(notices).toEqual(["firing", "repeat", "resolved"]);
    const [firing, repeat, resolved] = poster.posts;
    expect(firing!.threadOf).toBeNull();
    expect(repeat!.threadOf).toEqual(firing!.ref);
    expect(resolved!.threadOf).toEqual(firing!.ref);
    expect(poster.updates.map((u) => [u.ref, u.message.kind === "alert" && u.message.status])).toEqual([
      [firing!.ref, "firing"],
      [firing!.ref, "resolved"],
    ]);
    const firingMessage = firing!.message;
    expect(firingMessage.kind === "alert" && firingMessage.evidence?.segment).toMatchObject({ dimension: "channel", key: "email" });
    expect(await store.getAlertState("a-csat")).toMatchObject({ status: "ok", firedAt: null, thread: null });
  });

  it("saves the first message of an episode as the alert's thread when it is delivered", async () => {
    await store.saveAlertRule(rule);
    const clock = testClock("2026-11-23T09:00:00Z");
    const poster = new RecordingPoster();
    const { scheduler: s } = scheduler(poster, clock, { engine: engineOver({ surveys: rows }) });
    await at(s, clock, "2026-11-23T09:00:00Z");
    expect((await store.getAlertState("a-csat"))?.thread).toEqual(poster.posts[0]!.ref);
  });

  it("holds a thread reply until the episode's first message is delivered, so the thread is kept", async () => {
    await store.saveAlertRule({ ...rule, schedule: { cron: "0 * * * *", timeZone: "UTC" }, cooldownMs: 0 });
    const clock = testClock("2026-11-23T09:00:00Z");
    const poster = new RecordingPoster().failNext(2);
    const { scheduler: s } = scheduler(poster, clock, { engine: engineOver({ surveys: rows }) });
    await at(s, clock, "2026-11-23T09:00:00Z"); // fires; the post fails, and will fail once more
    clock.set("2026-11-23T10:00:00Z");
    await s.tick(clock.now()); // repeats while the first message is still waiting for its retry
    const waited: string[] = [];
    for (let i = 0; i < 10; i++) {
      const d = await s.dispatchOutbox(clock.now());
      waited.push(...d.waiting);
      clock.advance(20_000);
    }
    expect(waited.length).toBeGreaterThan(0);
    expect(poster.posts.map((p) => (p.message.kind === "alert" ? p.message.notice : ""))).toEqual(["firing", "repeat"]);
    expect(poster.posts[1]!.threadOf).toEqual(poster.posts[0]!.ref);
    expect(poster.updates.map((u) => u.ref)).toEqual([poster.posts[0]!.ref]);
  });

  it("gives one source-error notice through an outage and counts no breach", async () => {
    await store.saveAlertRule({ ...rule, forChecks: 2 });
    const memory = createMemoryConnector({ surveys: rows }, { name: "memory" });
    let down = false;
    const flaky: Connector = {
      name: "flaky",
      describe: () => memory.describe(),
      measure: (q) => (down ? Promise.reject(new SourceError("connection refused", "warehouse")) : memory.measure(q)),
    };
    const clock = testClock("2026-11-23T09:00:00Z");
    const poster = new RecordingPoster();
    const { scheduler: s } = scheduler(poster, clock, { engine: engineOver({}, { connector: flaky }) });
    await at(s, clock, "2026-11-23T09:00:00Z"); // 22 Nov breaches: 1 of 2
    down = true;
    for (const day of ["24", "25", "26"]) await at(s, clock, `2026-11-${day}T09:00:00Z`);
    expect(poster.posts.map((p) => (p.message.kind === "alert" ? p.message.notice : ""))).toEqual(["source_error"]);
    expect(await store.getAlertState("a-csat")).toMatchObject({ status: "source_error", breaches: 1 });
  });
});

describe("starting and stopping", () => {
  it("starts one cron job per active schedule in its zone, catches up at once, reloads and stops", async () => {
    await store.saveDigest(digestFixture({ id: "d-one", schedule: { cron: "30 8 * * 1-5", timeZone: "Europe/Vilnius" } }));
    await store.saveDigest(digestFixture({ id: "d-two", paused: true }));
    await store.saveAlertRule(ruleFixture({ id: "a-one", schedule: { cron: "0 * * * *", timeZone: "UTC" } }));
    const jobs: Array<{ expression: string; timezone: string; name: string; stopped: boolean; run: () => void }> = [];
    const cron: CronJobs = {
      schedule: (expression, run, opts) => {
        const job = { expression, ...opts, stopped: false, run };
        jobs.push(job);
        return { stop: () => (job.stopped = true) };
      },
    };
    // Monday 23 November 2026 07:00 UTC: the 08:30 Vilnius digest (06:30 UTC) is 30 minutes late.
    const clock = testClock("2026-11-23T07:00:00Z");
    const poster = new RecordingPoster();
    const { scheduler: s } = scheduler(poster, clock, { cron });
    await s.start();
    expect(jobs.map((j) => [j.expression, j.timezone, j.name])).toEqual([
      ["30 8 * * 1-5", "Europe/Vilnius", "digest:d-one"],
      ["0 * * * *", "UTC", "alert:a-one"],
    ]);
    expect(digestIds(poster)).toEqual(["d-one 2026-11-23T06:30:00.000Z"]);

    await store.saveDigest(digestFixture({ id: "d-two", paused: false }));
    await s.reload();
    expect(jobs.filter((j) => !j.stopped).map((j) => j.name)).toEqual(["digest:d-one", "digest:d-two", "alert:a-one"]);

    // A cron job firing is a sweep: the next day's 08:30 goes out when its job fires.
    clock.set("2026-11-24T06:30:00.010Z");
    jobs.find((j) => j.name === "digest:d-one" && !j.stopped)!.run();
    await until(() => digestIds(poster).includes("d-one 2026-11-24T06:30:00.000Z"));
    await s.stop();
    expect(jobs.every((j) => j.stopped)).toBe(true);
  });
});

describe("digest send", () => {
  it("posts the digest to its Slack channel once through the outbox, however often it is clicked within the minute", async () => {
    const slack = await startFakeSlackApi();
    const clock = testClock("2026-11-23T10:15:20Z");
    const client = new WebClient("xoxb-send-test", { slackApiUrl: slack.url, retryConfig: { retries: 0 }, logLevel: LogLevel.ERROR });
    const cron: CronJobs = { schedule: () => ({ stop: () => undefined }) };
    let s: Scheduler | undefined;
    const engine = engineOver(
      { surveys: answers("2026-11-22T10:00:00Z", 70, 30) },
      { clock, store, admins: [], onOutbox: () => s?.deliverSoon() },
    );
    s = new Scheduler({ store, engine, posters: { slack: new SlackPoster(async () => client) }, clock, log: recordingLogger(), owner: "test", cron, sweepMs: DAY, dispatchMs: DAY });
    try {
      await s.start();
      const destination = { platform: "slack" as const, workspace: "T0001", channel: "C0SUPPORT" };
      await store.saveDigest(digestFixture({ id: "d-7k3", destination, metrics: ["csat"] }));
      const admin: Request = { requester: { id: "U0LEADADMN", isAdmin: true }, destination: { ...destination, channel: "C0OTHER" } };
      const member: Request = { requester: { id: "U0MEMBER", isAdmin: false }, destination };

      const refused = await answer("digest send d-7k3", engine, member);
      expect(refused).toMatchObject({ kind: "error", cause: "user" });
      const [first, second] = await Promise.all([answer("digest send d-7k3", engine, admin), answer("digest send d-7k3", engine, admin)]);
      const reports = [first!, second!];
      // One confirmation; the other click is told it was just sent.
      expect(reports.filter((r) => r.kind === "manage")).toHaveLength(1);
      expect(renderText(reports.find((r) => r.kind === "manage")!)).toContain("Digest d-7k3 is being posted now in C0SUPPORT");
      expect(reports.find((r) => r.kind === "error")).toMatchObject({ cause: "user", message: expect.stringContaining("was sent a moment ago") });

      // Sent at once (deliverSoon), without waiting for a sweep.
      const [post] = await slack.waitFor("chat.postMessage", 1);
      expect(post!.params).toMatchObject({ channel: "C0SUPPORT", metadata: { event_type: "cs_metrics_bot_post", event_payload: { outbox_id: "d-7k3/send@2026-11-23T10:15:00.000Z/post" } } });
      expect(String(post!.params["text"])).toContain("Digest d-7k3");

      clock.set("2026-11-23T10:15:50Z");
      expect(await answer("digest send d-7k3", engine, admin)).toMatchObject({ kind: "error" });
      await s.dispatchOutbox(clock.now());
      await s.sweep();
      expect(slack.delivered("chat.postMessage")).toHaveLength(1);
    } finally {
      await s.stop(100);
      await slack.close();
    }
  });
});

describe("on a SQLite file shared by several schedulers", () => {
  replicaScenarios(async () => {
    const dir = await mkdtemp(join(tmpdir(), "schedule-replicas-"));
    return {
      open: () => openSqliteStore(join(dir, "bot.sqlite")),
      dispose: () => rm(dir, { recursive: true, force: true }),
    };
  });
});

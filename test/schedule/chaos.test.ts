/**
 * Delivery under chaos, over many seeds: two replicas of the real scheduler,
 * each its own process, on one store (a SQLite file; a Postgres schema),
 * posting through the real Slack poster to the fake Slack Web API — which
 * answers slowly, rate-limits (429), and sometimes fails with a 5xx *after*
 * the message landed, or so slowly that the send times out. Replicas are
 * killed with SIGKILL at random moments and started again.
 *
 * The promise checked: every digest and every alert's first message appears
 * in its channel exactly once (counted by the outbox id each post carries as
 * message metadata), and the store records each as delivered with that very
 * message.
 *
 * CHAOS_SEEDS=n runs n seeds per store (default 3 on SQLite, 2 on Postgres);
 * CHAOS_SEED=k runs only seed k.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { mulberry32 } from "../../src/ingest/sample/random.ts";
import { openPostgresStore } from "../../src/store/postgres.ts";
import { openSqliteStore } from "../../src/store/sqlite.ts";
import type { Store } from "../../src/store/store.ts";
import { startFakeSlackApi, type ChaosDecision, type FakeSlackApi } from "../fakes/slack-api.ts";
import { describePostgres, dropSchema, uniqueSchemaName } from "../support/postgres.ts";
import { chaosDigests, chaosRules, expectedPosts, TIMELINE_START, type ChaosReplicaSettings } from "./chaosSetup.ts";
import { until } from "./support.ts";

const REPLICA = fileURLToPath(new URL("./chaosReplica.ts", import.meta.url));
const only = process.env.CHAOS_SEED ? [Number(process.env.CHAOS_SEED)] : undefined;
const seeds = (count: number) => only ?? Array.from({ length: Number(process.env.CHAOS_SEEDS ?? count) }, (_, i) => i + 1);

/** Slack as a bad day makes it: slow, rate-limiting, failing after posting, sometimes slower than the send timeout. */
function badDay(rand: () => number): (method: string) => ChaosDecision | undefined {
  return (method) => {
    const roll = rand();
    if (method === "chat.postMessage") {
      if (roll < 0.1) return { failure: { kind: "ratelimited", retryAfter: 0 } };
      if (roll < 0.2) return { latencyMs: 50 + rand() * 200, failure: { kind: "after", status: 503 } };
      if (roll < 0.27) return { latencyMs: 2_500 }; // longer than the 1.5 s send timeout; the post has landed all the same
      return { latencyMs: 50 + rand() * 400 };
    }
    if (method === "conversations.history" || method === "conversations.replies") {
      if (roll < 0.15) return { failure: { kind: "ratelimited", retryAfter: 0 } };
      return { latencyMs: 20 + rand() * 100 };
    }
    return undefined;
  };
}

interface Replica {
  name: string;
  child: ChildProcess;
  /** Resolves with the exit code, or the signal that ended it. */
  exited: Promise<number | string | null>;
  stderr: string[];
}

function startReplica(name: string, settings: Omit<ChaosReplicaSettings, "name">): Promise<Replica> {
  const child = spawn(process.execPath, ["--import", "tsx", REPLICA, JSON.stringify({ ...settings, name })], { stdio: ["ignore", "pipe", "pipe"] });
  const stderr: string[] = [];
  child.stderr!.on("data", (chunk: Buffer) => stderr.push(chunk.toString("utf8")));
  const exited = new Promise<number | string | null>((resolve) => child.once("exit", (code, signal) => resolve(code ?? signal)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`replica ${name} did not start in 60 s: ${stderr.join("")}`)), 60_000);
    child.stdout!.on("data", (chunk: Buffer) => {
      if (chunk.toString("utf8").includes("ready")) {
        clearTimeout(timer);
        resolve({ name, child, exited, stderr });
      }
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`replica ${name} exited (${code}) before it was ready: ${stderr.join("")}`));
    });
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Backing {
  settings: ChaosReplicaSettings["store"];
  open(): Promise<Store>;
  dispose(): Promise<void>;
}

let running: Replica[] = [];
afterEach(async () => {
  for (const r of running) r.child.kill("SIGKILL");
  await Promise.all(running.map((r) => r.exited));
  running = [];
});

async function chaosRun(seed: number, backing: Backing): Promise<void> {
  // Seeded, so a failing seed can be run again as it was (CHAOS_SEED=k).
  const rand = mulberry32(seed);
  const slack: FakeSlackApi = await startFakeSlackApi();
  const store = await backing.open();
  try {
    const digests = chaosDigests(12);
    const rules = chaosRules(2);
    for (const d of digests) await store.saveDigest(d);
    for (const r of rules) await store.saveAlertRule(r);
    slack.chaos = badDay(rand);
    // Whatever the seed, the first post lands but is answered 503, and the second is rate-limited.
    slack.failNextAfterEffect("chat.postMessage", 503);
    slack.rateLimitNext("chat.postMessage", 0);

    const settings = { store: backing.settings, slackApiUrl: slack.url, timelineStart: TIMELINE_START, startedAt: Date.now() };
    running = await Promise.all(["a", "b"].map((name) => startReplica(name, settings)));
    const everyone = [...running];

    // Up to three kills, each of a random replica at a random moment, started again a little later.
    const kills = 1 + Math.floor(rand() * 3);
    for (let k = 0; k < kills; k++) {
      await sleep(150 + rand() * 1_200);
      const i = Math.floor(rand() * running.length);
      const victim = running[i]!;
      victim.child.kill("SIGKILL");
      await victim.exited;
      await sleep(100 + rand() * 700);
      running[i] = await startReplica(`${victim.name}${k + 2}`, settings);
      everyone.push(running[i]!);
    }

    const expected = expectedPosts(digests, rules);
    const undelivered = async () => {
      const rows = await Promise.all(expected.map((id) => store.getOutbox(id)));
      return expected.filter((_, i) => rows[i]?.status !== "delivered");
    };
    // A replica ends only when the test kills it: one that ended on its own left its retries to nobody.
    const endedEarly = () => running.filter((r) => r.child.exitCode !== null || r.child.signalCode !== null).map((r) => `${r.name} (${r.child.exitCode ?? r.child.signalCode})`);
    await until(async () => (await undelivered()).length === 0 || endedEarly().length > 0, 60_000, 250).catch(() => undefined);
    expect(endedEarly(), `seed ${seed}: replicas ended before they were stopped`).toEqual([]);
    const left = await undelivered();
    if (left.length > 0) throw new Error(`seed ${seed}: not delivered in 60 s: ${left.join(", ")}\n${running.flatMap((r) => r.stderr).join("").slice(-4_000)}`);
    for (const r of running) r.child.kill("SIGTERM");
    const stopped = running;
    running = [];
    const codes = await Promise.all(stopped.map((r) => r.exited));
    expect(codes, stopped.map((r) => `${r.name}:\n${r.stderr.join("").slice(-1_500)}`).join("\n---\n")).toEqual([0, 0]);

    // Each post exactly once in Slack, counted by the outbox id it carries.
    const posted = [...slack.messages.values()].flat();
    const byKey = new Map<string, string[]>();
    for (const m of posted) {
      const key = String(m.metadata?.event_payload["outbox_id"]);
      byKey.set(key, [...(byKey.get(key) ?? []), m.ts]);
    }
    const duplicates = [...byKey].filter(([, ts]) => ts.length > 1).map(([key, ts]) => `${key} ×${ts.length}`);
    const story = (key: string) =>
      everyone
        .flatMap((r) => r.stderr.join("").split("\n"))
        .filter((l) => l.includes(key))
        .sort((a, b) => (JSON.parse(a) as { at: number }).at - (JSON.parse(b) as { at: number }).at)
        .join("\n");
    expect(duplicates, `seed ${seed}: posted more than once\n${duplicates.map((d) => story(d.split(" ")[0]!)).join("\n---\n")}`).toEqual([]);
    expect([...byKey.keys()].sort()).toEqual([...expected].sort());
    // The store points at the very message that went out.
    for (const id of expected) expect((await store.getOutbox(id))?.delivered?.id).toBe(byKey.get(id)![0]);
    // The chaos did happen: the post answered 503 after landing was looked for, and found, not sent again.
    expect(slack.calls.filter((c) => c.method === "chat.postMessage").length).toBeGreaterThan(expected.length);
    expect(slack.calls.some((c) => c.method === "conversations.history" && c.status === 200)).toBe(true);
  } finally {
    await store.close();
    await slack.close();
  }
}

describe("delivery through kills, slow answers, 429s and 5xx, on one SQLite file", () => {
  for (const seed of seeds(3)) {
    it(`posts every digest and alert exactly once (seed ${seed})`, async () => {
      const dir = await mkdtemp(join(tmpdir(), "chaos-"));
      const file = join(dir, "bot.sqlite");
      try {
        await chaosRun(seed, { settings: { kind: "sqlite", file }, open: () => openSqliteStore(file), dispose: async () => undefined });
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    }, 150_000);
  }
});

await describePostgres("delivery through kills, slow answers, 429s and 5xx, on one Postgres store", (url) => {
  for (const seed of seeds(2)) {
    it(`posts every digest and alert exactly once (seed ${100 + seed})`, async () => {
      const schema = uniqueSchemaName("chaos");
      try {
        await chaosRun(100 + seed, { settings: { kind: "postgres", url, schema }, open: () => openPostgresStore(url, { schema }), dispose: async () => undefined });
      } finally {
        await dropSchema(url, schema);
      }
    }, 150_000);
  }
});

/**
 * `npm run serve` stopped with SIGTERM while a digest is being posted to a
 * slow Slack: it stops taking requests, lets the send finish when it can, and
 * exits within 10 s; a send it could not finish is handed over at once, and
 * the next start finds it already in the channel instead of posting it twice.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openSqliteStore } from "../../../src/store/sqlite.ts";
import { startFakeSlackApi, type FakeSlackApi } from "../../fakes/slack-api.ts";
import { digestFixture, until } from "../../schedule/support.ts";
import { BOT_TOKEN, SIGNING_SECRET } from "../slack/support.ts";

const ROOT = fileURLToPath(new URL("../../..", import.meta.url));

interface Served {
  child: ChildProcess;
  stderr: () => string;
  ready: Promise<void>;
  exited: Promise<number | null>;
}

function serve(env: Record<string, string>): Served {
  const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts", "serve"], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? "", LOG_LEVEL: "info", PORT: "0", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stderr = "";
  const exited = new Promise<number | null>((resolve) => child.on("close", resolve));
  const ready = new Promise<void>((resolve, reject) => {
    child.stderr!.on("data", (d: Buffer) => {
      stderr += d.toString();
      if (stderr.includes('"message":"serving"')) resolve();
    });
    void exited.then((code) => reject(new Error(`exited ${code} before serving: ${stderr}`)));
  });
  return { child, stderr: () => stderr, ready, exited };
}

describe("stopping on SIGTERM while a digest is being posted", () => {
  let fake: FakeSlackApi;
  let dataDir: string;
  let env: Record<string, string>;
  const running: Served[] = [];
  beforeEach(async () => {
    fake = await startFakeSlackApi();
    dataDir = await mkdtemp(join(tmpdir(), "shutdown-"));
    env = { SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: fake.url, DATA_DIR: dataDir };
    // A digest due every minute, created before this minute began: due at the first sweep.
    const store = await openSqliteStore(join(dataDir, "bot.sqlite"));
    await store.saveDigest(
      digestFixture({
        id: "d-shutdown",
        destination: { platform: "slack", workspace: "T0ACMESUP1", channel: "C0DIGESTS1" },
        schedule: { cron: "* * * * *", timeZone: "UTC" },
        metrics: ["csat"],
        createdAt: new Date(Date.now() - 5 * 60_000),
      }),
    );
    await store.close();
  });
  afterEach(async () => {
    for (const s of running) s.child.kill("SIGKILL");
    await Promise.all(running.map((s) => s.exited));
    running.length = 0;
    await fake.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it("finishes a send that takes 2 s, records it, and exits 0 well within 10 s", async () => {
    fake.latency["chat.postMessage"] = 2_000;
    const bot = serve(env);
    running.push(bot);
    await bot.ready;
    await until(() => fake.calls.some((c) => c.method === "chat.postMessage") || fake.messages.size > 0, 30_000);
    const signalled = Date.now();
    bot.child.kill("SIGTERM");
    expect(await bot.exited).toBe(0);
    expect(Date.now() - signalled).toBeLessThan(10_000);
    expect(bot.stderr()).toContain('"message":"stopped"');

    const store = await openSqliteStore(join(dataDir, "bot.sqlite"));
    try {
      const [message] = [...fake.messages.values()].flat();
      const key = String(message?.metadata?.event_payload["outbox_id"]);
      expect((await store.getOutbox(key))?.status).toBe("delivered");
      expect([...fake.messages.values()].flat()).toHaveLength(1);
    } finally {
      await store.close();
    }
  }, 60_000);

  it("exits within 10 s even when a send hangs, and the next start finds that post in the channel instead of posting it again", async () => {
    fake.latency["chat.postMessage"] = 40_000;
    const first = serve(env);
    running.push(first);
    await first.ready;
    await until(() => fake.messages.size > 0, 30_000);
    const signalled = Date.now();
    first.child.kill("SIGTERM");
    expect(await first.exited).toBe(0);
    expect(Date.now() - signalled).toBeLessThan(10_000);
    expect(first.stderr()).toContain("stopping with work still in progress");

    // The post had landed in Slack; its outcome never came back. A new start must not post it twice.
    fake.latency["chat.postMessage"] = 0;
    const second = serve(env);
    running.push(second);
    await second.ready;
    const key = String([...fake.messages.values()].flat()[0]?.metadata?.event_payload["outbox_id"]);
    await until(() => second.stderr().includes("found an earlier send of this post already delivered"), 30_000);
    second.child.kill("SIGTERM");
    expect(await second.exited).toBe(0);
    expect([...fake.messages.values()].flat().filter((m) => m.metadata?.event_payload["outbox_id"] === key)).toHaveLength(1);
    // Found within seconds of the start, not after a lease of minutes.
    expect(fake.calls.filter((c) => c.method === "conversations.history").length).toBeGreaterThan(0);
  }, 90_000);
});

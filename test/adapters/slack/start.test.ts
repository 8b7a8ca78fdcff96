/**
 * `npm start` as a real process: with Slack settings it serves Slack on one
 * HTTP server (and stops cleanly on SIGTERM); a token Slack refuses stops it
 * with the fix; `npm run serve` serves even with no chat settings.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeSlackApi, type FakeSlackApi } from "../../fakes/slack-api.ts";
import { startResponseUrlCatcher, type ResponseUrlCatcher } from "../../fakes/response-url.ts";
import { BOT_TOKEN, SIGNING_SECRET, signatureHeaders, slashCommandBody } from "./support.ts";

const ROOT = fileURLToPath(new URL("../../..", import.meta.url));

interface Started {
  child: ChildProcess;
  stderr: () => string;
  /** The port from the "serving" log line, or the exit code if the process ended first. */
  ready: Promise<{ port: number } | { exit: number | null }>;
  exited: Promise<number | null>;
}

function start(args: string[], env: Record<string, string>): Started {
  const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts", ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? "", LOG_LEVEL: "info", PORT: "0", ...env },
    stdio: ["pipe", "pipe", "pipe"],
  });
  let stderr = "";
  const exited = new Promise<number | null>((resolve) => child.on("close", resolve));
  const ready = new Promise<{ port: number } | { exit: number | null }>((resolve) => {
    child.stderr!.on("data", (d: Buffer) => {
      stderr += d.toString();
      const serving = stderr.split("\n").map((l) => (l.startsWith("{") ? (JSON.parse(l) as { message?: string; port?: number }) : {})).find((l) => l.message === "serving");
      if (serving?.port) resolve({ port: serving.port });
    });
    void exited.then((exit) => resolve({ exit }));
  });
  return { child, stderr: () => stderr, ready, exited };
}

describe("npm start with Slack settings", { timeout: 60_000 }, () => {
  let fake: FakeSlackApi;
  let catcher: ResponseUrlCatcher;
  let dataDir: string;
  beforeAll(async () => {
    fake = await startFakeSlackApi();
    catcher = await startResponseUrlCatcher();
    dataDir = await mkdtemp(join(tmpdir(), "slack-start-"));
  });
  afterAll(async () => {
    await Promise.all([fake.close(), catcher.close()]);
    await rm(dataDir, { recursive: true, force: true });
  });

  it("serves Slack and /healthz on one server, answers a signed command, and stops on SIGTERM", async () => {
    const bot = start([], { SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: fake.url, DATA_DIR: dataDir });
    try {
      const ready = await bot.ready;
      if (!("port" in ready)) throw new Error(`exited ${ready.exit}: ${bot.stderr()}`);
      const base = `http://127.0.0.1:${ready.port}`;
      expect(await (await fetch(`${base}/healthz`)).json()).toEqual({ status: "ok", slack: "http", teams: "off" });
      // The token was checked once at start-up.
      expect(fake.delivered("auth.test").map((c) => c.token)).toEqual([BOT_TOKEN]);

      const responseUrl = catcher.url();
      const body = slashCommandBody({ command: "/metrics", text: "frt last-week", response_url: responseUrl });
      const ack = await fetch(`${base}/slack/events`, { method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded", ...signatureHeaders(body) }, body });
      expect(ack.status).toBe(200);
      const [post] = await catcher.waitFor(responseUrl);
      expect(post!.body["text"]).toMatch(/^First response time last-week: /);
    } finally {
      bot.child.kill("SIGTERM");
    }
    expect(await bot.exited).toBe(0);
    expect(bot.stderr()).not.toContain(BOT_TOKEN);
    expect(bot.stderr()).not.toContain(SIGNING_SECRET);
    // A real process that writes the sample data on its first start: slow on a busy machine.
  }, 60_000);

  it("stops with the fix when Slack refuses the bot token", async () => {
    const bot = start([], { SLACK_BOT_TOKEN: "xoxb-0000000001-0000000001-revoked", SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: fake.url, DATA_DIR: dataDir });
    expect(await bot.exited).toBe(2);
    expect(bot.stderr()).toContain("Slack refused SLACK_BOT_TOKEN (token_revoked): copy the Bot User OAuth Token (xoxb-…) from OAuth & Permissions");
    expect(bot.stderr()).not.toContain("xoxb-0000000001-0000000001-revoked");
  });

  it("serves /healthz with `npm run serve` when no chat is configured", async () => {
    const bot = start(["serve"], { DATA_DIR: dataDir });
    try {
      const ready = await bot.ready;
      if (!("port" in ready)) throw new Error(`exited ${ready.exit}: ${bot.stderr()}`);
      expect(await (await fetch(`http://127.0.0.1:${ready.port}/healthz`)).json()).toEqual({ status: "ok", slack: "off", teams: "off" });
      expect((await fetch(`http://127.0.0.1:${ready.port}/slack/events`, { method: "POST" })).status).toBe(404);
    } finally {
      bot.child.kill("SIGTERM");
    }
    expect(await bot.exited).toBe(0);
  });
});

/**
 * The Slack Poster the scheduler uses for digests and alerts, against the
 * fake Web API: a post, a reply in its thread, an edit of it, a 429 handed
 * back to the outbox at once, and the right token per workspace.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST_EVENT_TYPE, type SlackPoster } from "../../../adapters/slack/poster.ts";
import { answer } from "../../../src/commands/answer.ts";
import { SLACK_ACTIONS } from "../../../src/render/slack.ts";
import type { Report } from "../../../src/report.ts";
import { engineOver } from "../../helpers.ts";
import { BOT_TOKEN, fixture, sampleData, SIGNING_SECRET, STATE_SECRET, startBot, textOf, type Bot } from "./support.ts";

const destination = { platform: "slack" as const, workspace: "T0ACMESUP1", channel: "C0DIGESTS1" };

describe("the Slack poster", () => {
  let bot: Bot;
  let poster: SlackPoster;
  let report: Report;
  beforeAll(async () => {
    bot = await startBot();
    poster = bot.serving.slack!.poster;
    report = await answer("csat last-week", engineOver({}, { connector: sampleData() }));
  });
  afterAll(async () => {
    await bot.close();
  });

  it("posts a report for everyone, replies in its thread, and edits it", async () => {
    const ref = await poster.post(destination, report);
    const [posted] = bot.fake.delivered("chat.postMessage");
    expect(posted!.token).toBe(BOT_TOKEN);
    expect(posted!.params).toMatchObject({ channel: "C0DIGESTS1" });
    expect(posted!.params["thread_ts"]).toBeUndefined();
    expect(textOf(posted!.params)).not.toContain(SLACK_ACTIONS.share);
    expect(ref).toMatchObject({ platform: "slack", channel: "C0DIGESTS1", workspace: "T0ACMESUP1" });
    expect(ref.id).toMatch(/^\d+\.\d{6}$/);

    await poster.post(destination, report, { threadOf: ref });
    expect(bot.fake.delivered("chat.postMessage")[1]!.params["thread_ts"]).toBe(ref.id);

    await poster.update(ref, { kind: "error", cause: "source", message: "The data source is unavailable right now." });
    const [edit] = bot.fake.delivered("chat.update");
    expect(edit!.params).toMatchObject({ channel: "C0DIGESTS1", ts: ref.id });
    expect(edit!.params["text"]).toContain("The data source is unavailable right now.");
  });

  it("hands a 429 back to the outbox at once instead of retrying behind its back", async () => {
    bot.fake.rateLimitNext("chat.postMessage", 30);
    const before = bot.fake.calls.filter((c) => c.method === "chat.postMessage").length;
    const started = Date.now();
    await expect(poster.post(destination, report)).rejects.toThrow(/rate/i);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(bot.fake.calls.filter((c) => c.method === "chat.postMessage")).toHaveLength(before + 1);
  });

  describe("knowing whether a post went out", () => {
    const channel = { ...destination, channel: "C0LOOKUP01" };
    const since = new Date(Date.now() - 60_000);

    it("sends the outbox id as message metadata of its own event type", async () => {
      await poster.post(channel, report, { key: "d-1@2026-11-23T09:00:00.000Z/post" });
      const sent = bot.fake.delivered("chat.postMessage").at(-1)!;
      expect(sent.params["metadata"]).toEqual({ event_type: POST_EVENT_TYPE, event_payload: { outbox_id: "d-1@2026-11-23T09:00:00.000Z/post" } });
    });

    it("finds a post by its outbox id in the channel's history, and in a thread's replies; null when it is not there", async () => {
      const first = await poster.post(channel, report, { key: "first" });
      for (let i = 0; i < 5; i++) await poster.post(channel, report, { key: `other-${i}` });
      const reply = await poster.post(channel, report, { key: "reply", threadOf: first });

      expect(await poster.findPosted(channel, "first", { since })).toEqual(first);
      expect(await poster.findPosted(channel, "reply", { since, threadOf: first })).toEqual(reply);
      expect(await poster.findPosted(channel, "never-sent", { since })).toBeNull();
      // Only what came after `since` is read.
      expect(await poster.findPosted(channel, "first", { since: new Date(Date.now() + 60_000) })).toBeNull();
      const reads = bot.fake.delivered("conversations.history");
      expect(reads.at(-1)!.params).toMatchObject({ channel: "C0LOOKUP01" });
      expect(String(reads.at(-1)!.params["include_all_metadata"])).toBe("true");
    });

    it("pages through a long history with the cursor Slack gives", async () => {
      const busy = { ...destination, channel: "C0BUSY0001" };
      const wanted = await poster.post(busy, report, { key: "deep" });
      for (let i = 0; i < 450; i++) await poster.post(busy, { kind: "error", cause: "user", message: `noise ${i}` }, { key: `noise-${i}` });
      const before = bot.fake.delivered("conversations.history").length;
      expect(await poster.findPosted(busy, "deep", { since })).toEqual(wanted);
      const pages = bot.fake.delivered("conversations.history").slice(before);
      expect(pages).toHaveLength(3);
      expect(pages[1]!.params["cursor"]).toBeTruthy();
    });

    it("says it cannot check when Slack will not show the history (no scope, not in the channel), and throws on a rate limit so the outbox retries", async () => {
      bot.fake.failNext("conversations.history", "missing_scope");
      expect(await poster.findPosted(channel, "first", { since })).toEqual({ cannotCheck: expect.stringContaining("missing_scope") });
      bot.fake.failNext("conversations.history", "not_in_channel");
      expect(await poster.findPosted(channel, "first", { since })).toEqual({ cannotCheck: expect.stringContaining("not_in_channel") });
      bot.fake.rateLimitNext("conversations.history", 5);
      await expect(poster.findPosted(channel, "first", { since })).rejects.toThrow(/rate/i);
    });

    it("tells a refusal (an error answer, a 429) from a failure that may have posted (a 5xx)", async () => {
      bot.fake.failNext("chat.postMessage", "channel_not_found");
      const refused = await poster.post(channel, report).catch((e: unknown) => e);
      expect(poster.refused(refused)).toBe(true);
      bot.fake.rateLimitNext("chat.postMessage", 1);
      expect(poster.refused(await poster.post(channel, report).catch((e: unknown) => e))).toBe(true);
      bot.fake.failNextAfterEffect("chat.postMessage", 503);
      const unclear = await poster.post(channel, report, { key: "landed" }).catch((e: unknown) => e);
      expect(unclear).toBeInstanceOf(Error);
      expect(poster.refused(unclear)).toBe(false);
      expect(await poster.findPosted(channel, "landed", { since })).not.toBeNull();
    });
  });
});

describe("the Slack poster with installs in several workspaces", () => {
  it("posts with the bot token of the destination's workspace, and says when there is none", async () => {
    const bot = await startBot({
      env: {
        SLACK_CLIENT_ID: "1111.2222",
        SLACK_CLIENT_SECRET: "test-client-secret",
        SLACK_STATE_SECRET: STATE_SECRET,
        SLACK_SIGNING_SECRET: SIGNING_SECRET,
        SLACK_ALLOWED_TEAMS: "T0BETAHELP,T0NOTHERE1",
      },
    });
    try {
      const installed = fixture<{ access_token: string; team: { id: string } }>("oauth.v2.access");
      await bot.store.saveSlackInstallation({ teamId: installed.team.id }, { team: installed.team, bot: { token: installed.access_token, scopes: [], id: "B0METRICS1", userId: "U0BOTUSER2" } });
      const poster = bot.serving.slack!.poster;
      const report = await answer("help", engineOver({}));

      const ref = await poster.post({ ...destination, workspace: installed.team.id }, report);
      expect(bot.fake.delivered("chat.postMessage")[0]!.token).toBe(installed.access_token);
      await poster.update(ref, report);
      expect(bot.fake.delivered("chat.update")[0]!.token).toBe(installed.access_token);

      await expect(poster.post({ ...destination, workspace: "T0NOTHERE1" }, report)).rejects.toThrow("Slack workspace T0NOTHERE1 has no installation with a bot token");
    } finally {
      await bot.close();
    }
  });
});

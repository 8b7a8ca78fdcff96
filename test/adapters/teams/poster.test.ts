/**
 * The Teams Poster: digests and alerts posted proactively
 * (continueConversationAsync) to a stored conversation reference, through the
 * fake Bot Connector — a new post, a reply in its thread (channel and chat),
 * an edit, backing off on 429/412/502/504 (honouring Retry-After) and giving
 * the final failure back to the scheduler's outbox.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { TeamsPostError } from "../../../adapters/teams/retry.ts";
import { answer } from "../../../src/commands/answer.ts";
import type { DigestReport, Report } from "../../../src/report.ts";
import { buildDigest } from "../../../src/schedule/digest.ts";
import { Scheduler } from "../../../src/schedule/scheduler.ts";
import type { Destination, Digest } from "../../../src/store/store.ts";
import { engineOver } from "../../helpers.ts";
import { problems } from "../../support/adaptiveCards.ts";
import { recordingLogger, testClock } from "../../schedule/support.ts";
import { cardsOf, cardText, CHANNEL, logged, PERSONAL_CHAT, sampleData, startTeamsBot, TENANT, type TestBot } from "./support.ts";

const channel: Destination = { platform: "teams", workspace: TENANT, channel: CHANNEL };
const chat: Destination = { platform: "teams", workspace: TENANT, channel: PERSONAL_CHAT };

const digest: Digest = {
  id: "d-teams",
  destination: channel,
  schedule: { cron: "0 9 * * *", timeZone: "UTC" },
  metrics: ["csat", "frt", "churn_rate"],
  period: "last-week",
  paused: false,
  createdBy: "29:lead",
  createdAt: new Date("2026-11-01T00:00:00Z"),
};

let bot: TestBot;
let report: DigestReport;
beforeEach(async () => {
  // Short pauses between tries, so the tests stay quick; Retry-After is still honoured in full.
  bot = await startTeamsBot({ teams: { retry: { baseDelayMs: 10, maxDelayMs: 40 } } });
  // The bot was added to the channel and spoken to in the personal chat: both references are stored.
  await bot.ask(bot.activity("channel-message-mention"));
  await bot.ask(bot.activity("personal-message"));
  report = await buildDigest(digest, engineOver({}, { connector: sampleData() }), new Date("2026-11-23T09:00:00Z"));
});
afterEach(async () => {
  await bot.close();
});

describe("posting a digest", () => {
  it("sends it as a new post in the channel (not in the thread it was asked in) and answers its reference", async () => {
    const ref = await bot.teams.poster.post(channel, report);
    const [sent] = bot.fake.delivered();
    expect(sent).toMatchObject({ kind: "send", conversationId: CHANNEL, activityId: undefined });
    expect(sent!.activity.replyToId).toBeUndefined();
    expect(ref).toEqual({ platform: "teams", channel: CHANNEL, id: sent!.id });
    const [card] = cardsOf([sent!.activity]);
    expect(problems(card)).toEqual([]);
    expect(cardText(card)).toContain("Customer satisfaction (CSAT)");
    // One activity: the card, with its summary line for notifications, and no text line saying the same again.
    expect(sent!.activity.text).toBeUndefined();
    expect(sent!.activity.summary).toMatch(/^Digest d-teams — last-week: /);
  });

  it("replies in its thread: in a channel through the reply chain, in a chat with replyToId", async () => {
    const root = await bot.teams.poster.post(channel, report);
    const reply = await bot.teams.poster.post(channel, report, { threadOf: root });
    const inChannel = bot.fake.delivered()[1]!;
    expect(inChannel).toMatchObject({ kind: "send", conversationId: `${CHANNEL};messageid=${root.id}` });
    expect(reply.channel).toBe(`${CHANNEL};messageid=${root.id}`);

    const first = await bot.teams.poster.post(chat, report);
    await bot.teams.poster.post(chat, report, { threadOf: first });
    const inChat = bot.fake.delivered()[3]!;
    expect(inChat).toMatchObject({ kind: "reply", conversationId: PERSONAL_CHAT, activityId: first.id });
    expect(inChat.activity.replyToId).toBe(first.id);
  });

  it("edits a message it posted", async () => {
    const ref = await bot.teams.poster.post(channel, report);
    const notice: Report = { kind: "error", cause: "source", message: "The data source is unavailable right now." };
    await bot.teams.poster.update(ref, notice);
    const edit = bot.fake.delivered("update")[0]!;
    expect(edit).toMatchObject({ conversationId: CHANNEL, activityId: ref.id });
    expect(edit.activity).toMatchObject({ type: "message", id: ref.id, summary: "The data source is unavailable right now." });
    expect(problems(cardsOf([edit.activity])[0])).toEqual([]);
  });

  it("says where it cannot post: a conversation the bot was never installed in nor spoken to", async () => {
    await expect(bot.teams.poster.post({ ...channel, channel: "19:nowhere@thread.tacv2" }, report)).rejects.toThrow(
      "No conversation reference for Teams conversation 19:nowhere@thread.tacv2",
    );
    expect(bot.fake.calls).toEqual([]);
  });
});

describe("when Teams pushes back", () => {
  it("waits Retry-After on a 429, then delivers once", async () => {
    bot.fake.failNext(429, { retryAfter: "1" });
    const ref = await bot.teams.poster.post(channel, report);
    expect(bot.fake.calls.map((c) => c.status)).toEqual([429, 201]);
    expect(bot.fake.delivered()).toHaveLength(1);
    expect(ref.id).toBe(bot.fake.delivered()[0]!.id);
    const [first, second] = bot.fake.calls;
    expect(second!.at - first!.at).toBeGreaterThanOrEqual(1_000);
    expect(logged(bot.logs, "Teams pushed back on a post; retrying")).toEqual([expect.objectContaining({ level: "warn", status: 429, attempt: 1, conversation: CHANNEL })]);
  });

  it("retries 412, 502 and 504 too", async () => {
    bot.fake.failNext(412);
    bot.fake.failNext(502);
    bot.fake.failNext(504);
    await bot.teams.poster.post(channel, report);
    expect(bot.fake.calls.map((c) => c.status)).toEqual([412, 502, 504, 201]);
  });

  it("gives up after its tries (4) and throws, so the outbox retries later; botbuilder adds no tries of its own", async () => {
    bot.fake.failNext(502, { times: 10 });
    const failure = await bot.teams.poster.post(channel, report).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(TeamsPostError);
    expect((failure as TeamsPostError).message).toBe(`Posting to Teams conversation ${CHANNEL} failed after 4 tries: Teams answered HTTP 502`);
    expect(bot.fake.calls).toHaveLength(4);
  });

  it("does not retry what a retry cannot fix (403), nor wait longer than its budget", async () => {
    bot.fake.failNext(403);
    await expect(bot.teams.poster.post(channel, report)).rejects.toThrow("Teams answered HTTP 403");
    expect(bot.fake.calls).toHaveLength(1);

    bot.fake.failNext(429, { retryAfter: "120" });
    const started = Date.now();
    await expect(bot.teams.poster.post(channel, report)).rejects.toThrow(/too late; the outbox retries later/);
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(bot.fake.calls).toHaveLength(2);
  });
});

describe("digests from the scheduler", () => {
  it("reach the channel through the outbox, and a post Teams refuses is delivered by a later dispatch", async () => {
    const clock = testClock("2026-11-23T09:00:02Z");
    const log = recordingLogger();
    const store = bot.store;
    await store.saveDigest(digest);
    const scheduler = new Scheduler({
      store,
      engine: engineOver({}, { connector: sampleData(), store }),
      posters: { teams: bot.teams.poster },
      clock,
      log,
      owner: "test",
      random: () => 0.5,
    });
    bot.fake.failNext(502, { times: 4 });
    const tick = await scheduler.tick(clock.now());
    expect(tick.ran).toHaveLength(1);
    const first = await scheduler.dispatchOutbox(clock.now());
    expect(first.retrying).toEqual(["d-teams@2026-11-23T09:00:00.000Z/post"]);
    expect(bot.fake.delivered()).toHaveLength(0);

    clock.advance(5 * 60_000);
    const second = await scheduler.dispatchOutbox(clock.now());
    expect(second.delivered).toEqual(["d-teams@2026-11-23T09:00:00.000Z/post"]);
    const [sent] = bot.fake.delivered();
    expect(sent).toMatchObject({ kind: "send", conversationId: CHANNEL });
    const [card] = cardsOf([sent!.activity]);
    expect(problems(card)).toEqual([]);
    expect(cardText(card)).toContain("First response time");
    expect((await store.getOutbox("d-teams@2026-11-23T09:00:00.000Z/post"))?.delivered).toEqual({ platform: "teams", channel: CHANNEL, id: sent!.id });
  });
});

describe("a connector that takes posts without naming an activity id (as Microsoft 365 Agents Playground does)", () => {
  it("counts the 2xx as delivered and never sends the digest again, and gives up editing it with the reason", async () => {
    bot.fake.answerWithoutIds = true;
    const clock = testClock("2026-11-23T09:00:02Z");
    const log = recordingLogger();
    await bot.store.saveDigest(digest);
    const scheduler = new Scheduler({ store: bot.store, engine: engineOver({}, { connector: sampleData(), store: bot.store }), posters: { teams: bot.teams.poster }, clock, log, owner: "test" });
    await scheduler.tick(clock.now());
    expect((await scheduler.dispatchOutbox(clock.now())).delivered).toEqual(["d-teams@2026-11-23T09:00:00.000Z/post"]);
    for (const later of [60_000, 3_600_000, 86_400_000]) {
      expect((await scheduler.dispatchOutbox(new Date(clock.now().getTime() + later))).delivered).toEqual([]);
    }
    expect(bot.fake.delivered("send")).toHaveLength(1);
    const ref = (await bot.store.getOutbox("d-teams@2026-11-23T09:00:00.000Z/post"))?.delivered;
    expect(ref).toEqual({ platform: "teams", channel: CHANNEL, id: "" });
    expect(logged(bot.logs, /cannot be edited later/)).toHaveLength(1);

    // An alert's edit of such a message has nothing to edit: given up, with the reason, and nothing sent.
    await bot.store.enqueue({ id: "edit-2", run: null, destination: channel, payload: { kind: "alert", report, ruleId: "a-1", episode: null, role: "edit", startsThread: false, parentEntry: null }, replaceOf: ref!, threadOf: null, nextAttemptAt: clock.now() });
    const edits = await scheduler.dispatchOutbox(clock.now());
    expect(edits.dead).toEqual(["edit-2"]);
    expect((await bot.store.getOutbox("edit-2"))?.lastError).toMatch(/cannot be edited: the platform gave no id/);
    expect(bot.fake.delivered("update")).toHaveLength(0);
  });
});

describe("what a Teams answer to a command looks like when posted", () => {
  it("posts any report, e.g. an answer shared by a digest command, as a valid card", async () => {
    const answerReport = await answer("nps this-quarter", engineOver({}, { connector: sampleData() }));
    await bot.teams.poster.post(chat, answerReport);
    expect(problems(cardsOf([bot.fake.delivered()[0]!.activity])[0])).toEqual([]);
  });
});

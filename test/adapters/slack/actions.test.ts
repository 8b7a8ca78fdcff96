/**
 * The buttons under an answer, clicked as Slack sends the clicks
 * (block_actions payloads): re-runs replace the asker's message in place,
 * and "Share in channel" posts for everyone through chat.postMessage on the
 * fake Web API — once, even when Slack rate-limits the first try.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SLACK_ACTIONS } from "../../../src/render/slack.ts";
import { blockActionBody, BOT_TOKEN, startBot, textOf, type Bot } from "./support.ts";

describe("buttons", () => {
  let bot: Bot;
  beforeAll(async () => {
    bot = await startBot();
  });
  afterAll(async () => {
    await bot.close();
  });

  it.each([
    [SLACK_ACTIONS.byChannel, "csat last-week by channel", "*By channel*"],
    [SLACK_ACTIONS.byAgent, "csat last-week by agent", "*By agent*"],
    [SLACK_ACTIONS.vsLastYear, "csat last-week vs last-year", "vs the same dates last year"],
  ])("%s re-runs `%s` and replaces the asker's message in place", async (actionId, value, expected) => {
    const responseUrl = bot.catcher.url("actions");
    const ack = await bot.send("/slack/events", blockActionBody({ actionId, value, response_url: responseUrl }));
    expect(ack.status).toBe(200);
    expect(ack.ms).toBeLessThan(1000);
    const [post] = await bot.catcher.waitFor(responseUrl);
    expect(post!.body).toMatchObject({ replace_original: true, response_type: "ephemeral" });
    expect(textOf(post!.body)).toContain(expected);
  });

  it("runs the reading chosen for an ambiguous question (choose_reading:1) and replaces the question in place", async () => {
    const responseUrl = bot.catcher.url("actions");
    const actionId = `${SLACK_ACTIONS.chooseReading}:1`;
    const ack = await bot.send("/slack/events", blockActionBody({ actionId, value: "csat last-week where channel=email", response_url: responseUrl }));
    expect(ack.status).toBe(200);
    const [post] = await bot.catcher.waitFor(responseUrl);
    expect(post!.body).toMatchObject({ replace_original: true, response_type: "ephemeral" });
    expect(textOf(post!.body)).toContain("where channel = email");
  });

  it("answers a click on a shared message to the clicker alone, leaving the shared message as it is", async () => {
    const responseUrl = bot.catcher.url("actions");
    await bot.send("/slack/events", blockActionBody({ actionId: SLACK_ACTIONS.byAgent, value: "csat last-week by agent", response_url: responseUrl, ephemeral: false }));
    const [post] = await bot.catcher.waitFor(responseUrl);
    expect(post!.body).toMatchObject({ replace_original: false, response_type: "ephemeral" });
    expect(textOf(post!.body)).toContain("*By agent*");
  });

  it("shares in the channel once through chat.postMessage when Slack answers the first try with 429 and Retry-After: 1", async () => {
    bot.fake.rateLimitNext("chat.postMessage", 1);
    const responseUrl = bot.catcher.url("actions");
    const ack = await bot.send("/slack/events", blockActionBody({ actionId: SLACK_ACTIONS.share, value: "csat last-week", response_url: responseUrl }));
    expect(ack.status).toBe(200);
    expect(ack.ms).toBeLessThan(1000);

    // The ephemeral copy is removed after the post went through.
    const [removal] = await bot.catcher.waitFor(responseUrl, 1, 8000);
    expect(removal!.body).toEqual({ delete_original: true });

    const tries = bot.fake.calls.filter((c) => c.method === "chat.postMessage");
    expect(tries.map((c) => c.status)).toEqual([429, 200]);
    expect(tries[1]!.at - tries[0]!.at).toBeGreaterThanOrEqual(1000);
    const [posted] = bot.fake.delivered("chat.postMessage");
    expect(posted!.token).toBe(BOT_TOKEN);
    expect(posted!.params["channel"]).toBe("C0SUPPORT1");
    expect(posted!.params["text"]).toMatch(/^Customer satisfaction \(CSAT\) last-week: /);
    const shared = textOf(posted!.params);
    expect(shared).toContain("Shared by <@U0LEADUSR1>");
    expect(shared).not.toContain(SLACK_ACTIONS.share);
    expect(shared).toContain(SLACK_ACTIONS.byChannel);
  });

  it("shares through the response_url where the bot may not post itself (not_in_channel)", async () => {
    bot.fake.failNext("chat.postMessage", "not_in_channel");
    const responseUrl = bot.catcher.url("actions");
    await bot.send("/slack/events", blockActionBody({ actionId: SLACK_ACTIONS.share, value: "nps last-month", response_url: responseUrl }));
    const [shared, removal] = await bot.catcher.waitFor(responseUrl, 2);
    expect(shared!.body).toMatchObject({ response_type: "in_channel", replace_original: false });
    expect(shared!.body["text"]).toMatch(/^Net Promoter Score last-month: /);
    expect(removal!.body).toEqual({ delete_original: true });
  });
});

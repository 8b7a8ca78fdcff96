/**
 * Messages to the bot — in a personal chat, or @mentioned in a channel — go
 * through the command path and are answered with an Adaptive Card (valid 1.5,
 * checked with Microsoft's SDK) and a one-line text fallback: in the HTTP
 * response with deliveryMode "expectReplies", otherwise through the Bot
 * Connector at the activity's serviceUrl.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { answer } from "../../../src/commands/answer.ts";
import { CATALOG } from "../../../src/metrics/catalog/index.ts";
import { summaryLine } from "../../../src/render/format.ts";
import { engineOver } from "../../helpers.ts";
import { problems } from "../../support/adaptiveCards.ts";
import { BOT_ID, cardsOf, cardText, CHANNEL, logged, PERSONAL_CHAT, sampleData, startTeamsBot, theCard, USER_ID, type TestBot } from "./support.ts";

let bot: TestBot;
beforeAll(async () => {
  bot = await startTeamsBot();
});
afterAll(async () => {
  await bot.close();
});

describe("a message in a personal chat, with expectReplies", () => {
  it("answers `csat last-week` with the CSAT card and its summary line in the HTTP response", async () => {
    const replies = await bot.ask(bot.activity("personal-message"));
    const { card, text } = theCard(replies);
    const expected = await answer("csat last-week", engineOver({}, { connector: sampleData() }));
    expect(expected.kind).toBe("metric");
    expect(text).toBe(expected.kind === "metric" ? summaryLine(expected) : "");
    expect(cardText(card)).toContain("Customer satisfaction (CSAT) · last-week");
    expect(cardText(card)).toContain("Mon 9 Nov – Sun 15 Nov 2026 (UTC)");
    expect(bot.fake.calls).toEqual([]);
  });

  it.each(CATALOG.map((d) => [d.id, d.name]))("answers `%s last-month` with a valid 1.5 card", async (id, name) => {
    const replies = await bot.ask(bot.activity("personal-message", (a) => (a.text = `${id} last-month`)));
    const { card, text } = theCard(replies, id);
    // The metric's answer, not an error: the summary line starts with its name and period.
    expect(text.startsWith(`${name} last-month: `), text).toBe(true);
    expect(cardText(card)).toContain(`${name} · last-month`);
  });

  it("lists what works on `help`", async () => {
    const { card, text } = theCard(await bot.ask(bot.activity("personal-message", (a) => (a.text = "help"))));
    expect(text).toMatch(/what I can answer/i);
    for (const def of CATALOG) expect(cardText(card)).toContain(def.id);
    expect(cardText(card)).toContain("csat last-week");
  });

  it("explains a metric on `define ces`", async () => {
    const { card } = theCard(await bot.ask(bot.activity("personal-message", (a) => (a.text = "define ces"))));
    expect(cardText(card)).toContain("Customer effort score");
    expect(cardText(card)).toMatch(/Formula/);
  });

  it("answers a typo with did-you-mean, as a valid card", async () => {
    const { card, text } = theCard(await bot.ask(bot.activity("personal-message", (a) => (a.text = "csat lst-week"))));
    // Teams has no code formatting: the summary drops the backticks, the card shows the command in bold.
    expect(text).toContain("did you mean last-week?");
    expect(cardText(card)).toContain("did you mean **last-week**?");
  });

  it("shows the help card for an empty message", async () => {
    const { text } = theCard(await bot.ask(bot.activity("personal-message", (a) => (a.text = ""))));
    expect(text).toMatch(/what I can answer/i);
  });
});

describe("a channel message with the bot @mentioned", () => {
  it("strips the mention (and the &nbsp; after it) and answers the command", async () => {
    const replies = await bot.ask(bot.activity("channel-message-mention"));
    const { card, text } = theCard(replies);
    expect(text).toMatch(/^Customer satisfaction \(CSAT\) last-week: /);
    expect(cardText(card)).toContain("By channel");
  });

  it("also drops a leftover <at>…</at> the mention entity does not cover", async () => {
    const activity = bot.activity("channel-message-mention", (a) => {
      a.text = "<at>Metrics</at> nps this-quarter <at>Rūta Kazlauskienė</at>";
      a.entities = [
        { type: "mention", text: "<at>Metrics</at>", mentioned: { id: BOT_ID, name: "Metrics" } },
        { type: "mention", text: "<at>Rūta Kazlauskienė</at>", mentioned: { id: USER_ID, name: "Rūta Kazlauskienė" } },
      ];
    });
    const { text } = theCard(await bot.ask(activity));
    expect(text).toMatch(/^Net Promoter Score this-quarter: /);
  });

  it("replies in the message's thread through the Bot Connector when replies are not expected back", async () => {
    const before = bot.fake.calls.length;
    const incoming = bot.activity("channel-message-mention");
    const res = await bot.post(incoming);
    expect(res.status).toBe(200);
    const calls = bot.fake.calls.slice(before);
    expect(calls).toHaveLength(1);
    const [reply] = calls;
    expect(reply!.kind).toBe("reply");
    expect(reply!.conversationId).toBe(`${CHANNEL};messageid=1763820400456`);
    expect(reply!.activityId).toBe("1763820400456");
    expect(reply!.authorization).toBeUndefined();
    const [card] = cardsOf([reply!.activity]);
    expect(problems(card)).toEqual([]);
    expect(reply!.activity.summary).toMatch(/^Customer satisfaction \(CSAT\) last-week: /);
  });
});

describe("a message in a personal chat, through the Bot Connector", () => {
  it("posts the answer as a reply to the message at the activity's serviceUrl", async () => {
    const before = bot.fake.calls.length;
    const res = await bot.post(bot.activity("personal-message", (a) => (a.text = "frt this-month by agent")));
    expect(res.status).toBe(200);
    const calls = bot.fake.calls.slice(before);
    expect(calls.map((c) => [c.kind, c.conversationId, c.activityId])).toEqual([["reply", PERSONAL_CHAT, "1763820300123"]]);
    const [card] = cardsOf([calls[0]!.activity]);
    expect(problems(card)).toEqual([]);
    expect(cardText(card)).toContain("By agent");
    expect(calls[0]!.activity).toMatchObject({ type: "message", replyToId: "1763820300123", from: { id: BOT_ID }, recipient: { id: USER_ID } });
  });

  it("re-runs an Action.Submit-style message (value.command) and updates the card it came from", async () => {
    const before = bot.fake.calls.length;
    const res = await bot.post(
      bot.activity("personal-message", (a) => {
        a.text = "";
        a.value = { command: "csat last-week vs last-year" };
        a.replyToId = "1763820301777";
      }),
    );
    expect(res.status).toBe(200);
    const calls = bot.fake.calls.slice(before);
    expect(calls.map((c) => [c.kind, c.conversationId, c.activityId])).toEqual([["update", PERSONAL_CHAT, "1763820301777"]]);
    const [card] = cardsOf([calls[0]!.activity]);
    expect(problems(card)).toEqual([]);
    expect(cardText(card)).toContain("last year");
  });
});

describe("when the reply cannot be delivered", () => {
  it("logs the failure with an id, and apologises with that id", async () => {
    const before = bot.fake.calls.length;
    bot.fake.failNext(403);
    const res = await bot.post(bot.activity("personal-message"));
    expect(res.status).toBe(200);
    const [failed, apology] = bot.fake.calls.slice(before);
    expect(failed!.status).toBe(403);
    const [line] = logged(bot.logs, "teams turn failed");
    expect(line).toMatchObject({ level: "error", activity: "message", conversation: PERSONAL_CHAT });
    expect(apology!.activity.text).toBe(`Sorry — something went wrong on our side (error ${String(line!["faultId"])}). It has been logged.`);
  });
});

describe("what the endpoint refuses", () => {
  it("answers 400 to a body that is not an activity, and 405 to GET", async () => {
    expect((await bot.post("not json")).status).toBe(400);
    expect((await bot.post([1, 2])).status).toBe(400);
    expect((await fetch(`${bot.base}/api/messages`)).status).toBe(405);
  });
});

/**
 * Conversation references — what digests and alerts need to post later — are
 * kept for every conversation the bot is installed in or spoken to: on
 * install (conversationUpdate with the bot added, installationUpdate "add")
 * and on every message, one per channel rather than per reply chain.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { CHANNEL, GENERAL_CHANNEL, PERSONAL_CHAT, startTeamsBot, TENANT, theCard, USER_ID, type TestBot } from "./support.ts";

let bot: TestBot;
beforeEach(async () => {
  bot = await startTeamsBot();
});
afterEach(async () => {
  await bot.close();
});

describe("conversation references", () => {
  it("are saved when the bot is added to a team, and the bot introduces itself there", async () => {
    expect(await bot.store.getConversationReference(GENERAL_CHANNEL)).toBeNull();
    const replies = await bot.ask(bot.activity("conversation-update-bot-added"));
    expect(await bot.store.getConversationReference(GENERAL_CHANNEL)).toEqual({
      bot: { id: "28:3f2504e0-4f89-41d3-9a0c-0305e82c3301", name: "Metrics" },
      user: { id: USER_ID, aadObjectId: "6b1a2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d" },
      conversation: { isGroup: true, conversationType: "channel", tenantId: TENANT, id: GENERAL_CHANNEL },
      channelId: "msteams",
      serviceUrl: bot.fake.serviceUrl,
    });
    const { text } = theCard(replies);
    expect(text).toMatch(/what I can answer/i);
  });

  it("are not touched when someone else joins", async () => {
    await bot.ask(bot.activity("conversation-update-bot-added", (a) => (a.membersAdded = [{ id: "29:someone-else", aadObjectId: "1f2e3d4c-5b6a-4978-8a9b-0c1d2e3f4a5b" }])));
    expect(await bot.store.getConversationReference(GENERAL_CHANNEL)).toBeNull();
  });

  it("are saved when the app is installed in a personal scope", async () => {
    const res = await bot.post(bot.activity("installation-update-add"));
    expect(res.status).toBe(200);
    expect(await bot.store.getConversationReference(PERSONAL_CHAT)).toMatchObject({
      conversation: { conversationType: "personal", id: PERSONAL_CHAT, tenantId: TENANT },
      user: { id: USER_ID },
      serviceUrl: bot.fake.serviceUrl,
    });
  });

  it("are saved on a message, for the channel and not the reply chain, and follow a new serviceUrl", async () => {
    await bot.ask(bot.activity("channel-message-mention"));
    const saved = (await bot.store.getConversationReference(CHANNEL)) as { conversation: { id: string }; activityId?: string };
    expect(saved.conversation.id).toBe(CHANNEL);
    expect(saved).not.toHaveProperty("activityId");
    expect(await bot.store.getConversationReference(`${CHANNEL};messageid=1763820400456`)).toBeNull();

    await bot.ask(bot.activity("channel-message-mention", (a) => (a.serviceUrl = "http://127.0.0.1:9/moved/")));
    expect(await bot.store.getConversationReference(CHANNEL)).toMatchObject({ serviceUrl: "http://127.0.0.1:9/moved/" });
    expect((await bot.store.listConversationReferences()).map((r) => r.conversationId)).toEqual([CHANNEL]);
  });

  it("are saved for a personal chat on its first message", async () => {
    await bot.ask(bot.activity("personal-message"));
    expect(await bot.store.getConversationReference(PERSONAL_CHAT)).toMatchObject({ conversation: { id: PERSONAL_CHAT }, serviceUrl: bot.fake.serviceUrl });
  });
});

/**
 * Digests and alerts set up from Teams: BOT_ADMINS (Teams user ids) decides
 * who may add them, they post to the channel they were typed in (not the
 * reply chain), and the scheduler delivers them there with the Teams Poster.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { NOT_ADMIN_MESSAGE } from "../../../src/schedule/manage.ts";
import { Scheduler } from "../../../src/schedule/scheduler.ts";
import { engineOver } from "../../helpers.ts";
import { problems } from "../../support/adaptiveCards.ts";
import { recordingLogger, testClock } from "../../schedule/support.ts";
import { cardsOf, cardText, CHANNEL, logged, sampleData, startTeamsBot, TENANT, theCard, USER_ID, type TestBot } from "./support.ts";

let bot: TestBot;
beforeEach(async () => {
  bot = await startTeamsBot({ teams: { admins: [USER_ID] } });
});
afterEach(async () => {
  await bot.close();
});

const inChannel = (text: string) => bot.activity("channel-message-mention", (a) => (a.text = `<at>Metrics</at> ${text}`));

describe("digests typed in a Teams channel", () => {
  it("are added by a BOT_ADMINS user for the channel, and posted there by the scheduler", async () => {
    const { text } = theCard(await bot.ask(inChannel("digest add daily 09:00 metrics csat,nps")));
    expect(text).not.toContain(NOT_ADMIN_MESSAGE);
    const [digest] = await bot.store.listDigests();
    expect(digest).toMatchObject({ destination: { platform: "teams", workspace: TENANT, channel: CHANNEL }, metrics: ["csat", "nps"], createdBy: USER_ID });

    const clock = testClock("2026-11-23T09:00:01Z");
    const scheduler = new Scheduler({
      store: bot.store,
      engine: engineOver({}, { connector: sampleData(), store: bot.store }),
      posters: { teams: bot.teams.poster },
      clock,
      log: recordingLogger(),
      owner: "test",
      random: () => 0.5,
    });
    expect((await scheduler.tick(clock.now())).ran).toHaveLength(1);
    expect((await scheduler.dispatchOutbox(clock.now())).delivered).toHaveLength(1);
    const [post] = bot.fake.delivered();
    expect(post).toMatchObject({ kind: "send", conversationId: CHANNEL });
    const [card] = cardsOf([post!.activity]);
    expect(problems(card)).toEqual([]);
    expect(cardText(card)).toContain("Net Promoter Score");
  });

  it("are refused to someone not in BOT_ADMINS, who may still list them", async () => {
    const stranger = (text: string) =>
      bot.activity("channel-message-mention", (a) => {
        a.text = `<at>Metrics</at> ${text}`;
        a.from = { id: "29:not-an-admin", name: "Someone" };
      });
    const { text } = theCard(await bot.ask(stranger("digest add daily 09:00")));
    expect(text).toBe(NOT_ADMIN_MESSAGE.replace(/`/g, ""));
    expect(await bot.store.listDigests()).toEqual([]);
    // The log says who it was, so an admin can add that Teams id to BOT_ADMINS.
    expect(logged(bot.logs, /add their id to BOT_ADMINS/)).toEqual([expect.objectContaining({ level: "info", user: "29:not-an-admin" })]);
    theCard(await bot.ask(stranger("digest list")));
  });
});

describe("alerts typed in a Teams channel", () => {
  it("read `<` as Teams sends it (&lt;)", async () => {
    theCard(await bot.ask(inChannel("alert add csat &lt; 80% over last-7-days")));
    const [rule] = await bot.store.listAlertRules();
    expect(rule).toMatchObject({ metric: "csat", condition: { kind: "threshold", op: "<", value: 80 }, destination: { platform: "teams", channel: CHANNEL } });
  });
});

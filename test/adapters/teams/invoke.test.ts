/**
 * Card buttons: Teams sends an `adaptiveCard/action` invoke for an
 * Action.Execute click; the bot re-runs the command path and returns the new
 * card in the invoke response, which Teams shows in place of the old one.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADAPTIVE_CARD } from "../../../adapters/teams/activities.ts";
import { TEAMS_RERUN_VERB } from "../../../src/render/teams.ts";
import { problems } from "../../support/adaptiveCards.ts";
import { cardText, PERSONAL_CHAT, startTeamsBot, theCard, type TestBot } from "./support.ts";

let bot: TestBot;
beforeAll(async () => {
  bot = await startTeamsBot();
});
afterAll(async () => {
  await bot.close();
});

interface InvokeResponse {
  statusCode: number;
  type: string;
  value: Record<string, unknown>;
}

describe("a card button (Action.Execute, verb rerun)", () => {
  it("answers the invoke with the re-run command's card, for Teams to replace the old one", async () => {
    const res = await bot.post(bot.activity("adaptive-card-action"));
    expect(res.status).toBe(200);
    const body = res.json as InvokeResponse;
    expect(body.statusCode).toBe(200);
    expect(body.type).toBe(ADAPTIVE_CARD);
    expect(problems(body.value)).toEqual([]);
    expect(cardText(body.value)).toContain("Customer satisfaction (CSAT) · last-week");
    expect(cardText(body.value)).toContain("By agent");
    // The replacement is the response itself: nothing goes through the Bot Connector.
    expect(bot.fake.calls).toEqual([]);
  });

  it("offers the card's own buttons again, so a button on the new card works the same way", async () => {
    const first = (await bot.post(bot.activity("adaptive-card-action"))).json as InvokeResponse;
    const actions = first.value["actions"] as Array<{ type: string; verb: string; title: string; data: { command: string } }>;
    const vsLastYear = actions.find((a) => a.title === "Vs last year")!;
    expect(vsLastYear).toMatchObject({ type: "Action.Execute", verb: TEAMS_RERUN_VERB });
    const second = await bot.post(
      bot.activity("adaptive-card-action", (a) => {
        a.value = { action: { type: "Action.Execute", title: vsLastYear.title, verb: vsLastYear.verb, data: vsLastYear.data }, trigger: "manual" };
      }),
    );
    const body = second.json as InvokeResponse;
    expect(problems(body.value)).toEqual([]);
    expect(cardText(body.value)).toContain("last year:");
  });

  it("turns a command that fails into a valid card that says why, not an HTTP error", async () => {
    const res = await bot.post(
      bot.activity("adaptive-card-action", (a) => {
        a.value = { action: { type: "Action.Execute", verb: "rerun", data: { command: "csat lst-week" } }, trigger: "manual" };
      }),
    );
    const body = res.json as InvokeResponse;
    expect(body.statusCode).toBe(200);
    expect(problems(body.value)).toEqual([]);
    expect(cardText(body.value)).toContain("did you mean **last-week**?");
  });

  it("refuses a verb it does not know with a 400 invoke response", async () => {
    const res = await bot.post(
      bot.activity("adaptive-card-action", (a) => {
        a.value = { action: { type: "Action.Execute", verb: "delete-everything", data: {} }, trigger: "manual" };
      }),
    );
    expect(res.status).toBe(400);
    expect(res.json).toMatchObject({ statusCode: 400, type: "application/vnd.microsoft.error", value: { code: "BadRequest" } });
  });

  it("keeps the conversation reference of the conversation the button was clicked in", async () => {
    await bot.post(bot.activity("adaptive-card-action"));
    expect(await bot.store.getConversationReference(PERSONAL_CHAT)).toMatchObject({ conversation: { id: PERSONAL_CHAT } });
  });
});

describe("expectReplies and invokes together", () => {
  it("still answers a message with expectReplies after a button click", async () => {
    await bot.post(bot.activity("adaptive-card-action"));
    theCard(await bot.ask(bot.activity("personal-message")));
  });
});

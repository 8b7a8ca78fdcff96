/**
 * The buttons on digests and alerts in Teams, clicked as Teams sends the
 * clicks: an `adaptiveCard/action` invoke for Action.Execute, a message with
 * `value` (and `replyToId`) for the Action.Submit fallback of older clients.
 *
 * - Acknowledge / Snooze 24h / Mute rule run `alert ack|snooze|mute <id>`
 *   with the clicker's permissions, and the alert's own card comes back
 *   (invoke response) or is updated (Submit) showing who did it.
 * - A digest's Details posts the full answer as a reply to the digest.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ADAPTIVE_CARD } from "../../../adapters/teams/activities.ts";
import { TEAMS_ALERT_VERB, TEAMS_DETAILS_VERB } from "../../../src/render/teams.ts";
import { NOT_ADMIN_MESSAGE } from "../../../src/schedule/manage.ts";
import { Scheduler } from "../../../src/schedule/scheduler.ts";
import type { Destination } from "../../../src/store/store.ts";
import { engineOver } from "../../helpers.ts";
import { chartsIn, problems } from "../../support/adaptiveCards.ts";
import { recordingLogger, ruleFixture, testClock } from "../../schedule/support.ts";
import { cardsOf, cardText, CHANNEL, sampleData, startTeamsBot, TENANT, USER_ID, type TeamsActivityJson, type TestBot } from "./support.ts";

const channel: Destination = { platform: "teams", workspace: TENANT, channel: CHANNEL };
const CLICKER = "Rūta Kazlauskienė"; // from.name in the fixtures

interface CardAction {
  type: string;
  title: string;
  verb: string;
  data: Record<string, unknown>;
  fallback?: { type: string; title: string; data: Record<string, unknown> };
}
interface InvokeResponse {
  statusCode: number;
  type: string;
  value: unknown;
}

let bot: TestBot;
async function start(admins: string[]): Promise<void> {
  bot = await startTeamsBot({ teams: { admins } });
  // The bot was spoken to in the channel: its reference is stored, so the scheduler can post there.
  await bot.ask(bot.activity("channel-message-mention"));
}
afterEach(async () => {
  await bot.close();
});

/** CSAT below 100% over the last 30 days fires on the sample data: the alert is posted to the channel through the outbox. */
async function postAlert(): Promise<{ card: Record<string, unknown>; id: string; actions: CardAction[] }> {
  const clock = testClock("2026-11-23T09:00:02Z");
  await bot.store.saveAlertRule(ruleFixture({ id: "a-teams", destination: channel, condition: { kind: "threshold", op: "<", value: 100 }, period: "last-30-days" }));
  const scheduler = new Scheduler({ store: bot.store, engine: engineOver({}, { connector: sampleData(), store: bot.store }), posters: { teams: bot.teams.poster }, clock, log: recordingLogger(), owner: "test" });
  await scheduler.tick(clock.now());
  const before = bot.fake.delivered().length;
  await scheduler.dispatchOutbox(clock.now());
  const sent = bot.fake.delivered().slice(before);
  expect(sent).toHaveLength(1);
  const [card] = cardsOf([sent[0]!.activity]) as Array<Record<string, unknown>>;
  return { card: card!, id: sent[0]!.id!, actions: card!["actions"] as CardAction[] };
}

/** The fixture invoke with this button's Action.Execute, clicked on message `replyToId`. */
const click = (action: CardAction, replyToId: string) =>
  bot.activity("adaptive-card-action", (a: TeamsActivityJson) => {
    a.replyToId = replyToId;
    a.value = { action: { type: action.type, title: action.title, verb: action.verb, data: action.data }, trigger: "manual" };
  });

describe("an alert's buttons in Teams", () => {
  beforeEach(async () => {
    await start([]);
  });

  it("offer Acknowledge, Snooze 24h and Mute rule as Action.Execute, each with an Action.Submit fallback carrying the same command", async () => {
    const { card, actions } = await postAlert();
    expect(problems(card)).toEqual([]);
    expect(actions.map((a) => [a.title, a.type, a.verb, a.data["command"], a.fallback?.type, a.fallback?.data["command"]])).toEqual([
      ["Acknowledge", "Action.Execute", TEAMS_ALERT_VERB, "alert ack a-teams", "Action.Submit", "alert ack a-teams"],
      ["Snooze 24h", "Action.Execute", TEAMS_ALERT_VERB, "alert snooze a-teams 24h", "Action.Submit", "alert snooze a-teams 24h"],
      ["Mute rule", "Action.Execute", TEAMS_ALERT_VERB, "alert mute a-teams", "Action.Submit", "alert mute a-teams"],
    ]);
    expect(cardText(card)).toMatch(/^FIRING · Customer satisfaction \(CSAT\) below 100\.0%/);
    expect(JSON.stringify(card)).not.toContain("`");
  });

  it("acknowledges from the card: the invoke answers with the alert's own card, showing who acknowledged, and the rule's state says so", async () => {
    const { card, id, actions } = await postAlert();
    const res = await bot.post(click(actions[0]!, id));
    expect(res.status).toBe(200);
    const body = res.json as InvokeResponse;
    expect(body).toMatchObject({ statusCode: 200, type: ADAPTIVE_CARD });
    expect(problems(body.value)).toEqual([]);
    const text = cardText(body.value);
    expect(text).toContain(`Acknowledged by ${CLICKER}`);
    // Still the alert: the same figure, facts and buttons as before the click.
    const figure = (c: unknown) => /Figure\n([^\n]+)/.exec(cardText(c))?.[1];
    expect(figure(body.value)).toBe(figure(card));
    expect(figure(card)).toMatch(/^\d+\.\d%$/);
    expect((body.value as { actions: CardAction[] }).actions.map((a) => a.title)).toEqual(["Acknowledge", "Snooze 24h", "Mute rule"]);
    expect((await bot.store.getAlertState("a-teams"))?.acknowledgedBy).toBe(USER_ID);
  });

  it("refuses Snooze and Mute to someone not among the admins: the card stays, the answer says why, nothing changes", async () => {
    const { id, actions } = await postAlert();
    for (const action of actions.slice(1)) {
      const body = (await bot.post(click(action, id))).json as InvokeResponse;
      expect(body).toMatchObject({ statusCode: 200, type: "application/vnd.microsoft.activity.message" });
      expect(body.value).toContain(NOT_ADMIN_MESSAGE.replace(/`([^`]+)`/g, "**$1**"));
    }
    expect((await bot.store.getAlertState("a-teams"))?.snoozedUntil ?? null).toBeNull();
    expect((await bot.store.getAlertRule("a-teams"))?.muted).toBe(false);
  });

  it("acknowledges through the Action.Submit fallback: the alert's message is updated in place", async () => {
    const { id, actions } = await postAlert();
    const submit = actions[0]!.fallback!;
    const before = bot.fake.calls.length;
    const res = await bot.post(
      bot.activity("personal-message", (a) => {
        delete a.text;
        a.replyToId = id;
        a.value = submit.data;
      }),
    );
    expect(res.status).toBe(200);
    const calls = bot.fake.calls.slice(before);
    expect(calls.map((c) => c.kind)).toEqual(["update"]);
    expect(calls[0]!.activityId).toBe(id);
    const [updated] = cardsOf([calls[0]!.activity]);
    expect(problems(updated)).toEqual([]);
    expect(cardText(updated)).toContain(`Acknowledged by ${CLICKER}`);
  });
});

describe("an alert's first post, edited by a repeat", () => {
  beforeEach(async () => {
    await start([]);
  });

  it("keeps buttons that redraw the alert: the edit carries its own outbox id, so Acknowledge on the edited card answers with the alert, not a bare confirmation", async () => {
    const clock = testClock("2026-11-23T09:00:02Z");
    await bot.store.saveAlertRule(ruleFixture({ id: "a-teams", destination: channel, condition: { kind: "threshold", op: "<", value: 100 }, period: "last-30-days" }));
    const scheduler = new Scheduler({ store: bot.store, engine: engineOver({}, { connector: sampleData(), store: bot.store }), posters: { teams: bot.teams.poster }, clock, log: recordingLogger(), owner: "test" });
    await scheduler.tick(clock.now());
    await scheduler.dispatchOutbox(clock.now());
    const first = bot.fake.delivered().at(-1)!;
    // The next day's check still fires: a repeat in the reply chain, and the first post edited to show it.
    clock.set(new Date("2026-11-24T09:00:02Z"));
    await scheduler.tick(clock.now());
    await scheduler.dispatchOutbox(clock.now());
    const [edit] = bot.fake.delivered("update");
    expect(edit?.activityId).toBe(first.id);
    const [edited] = cardsOf([edit!.activity]) as Array<{ actions: CardAction[] }>;
    const ack = edited!.actions.find((a) => a.title === "Acknowledge")!;
    expect(typeof ack.data["post"]).toBe("string");
    const body = (await bot.post(click(ack, first.id!))).json as InvokeResponse;
    expect(body).toMatchObject({ statusCode: 200, type: ADAPTIVE_CARD });
    expect(cardText(body.value)).toMatch(/^STILL FIRING · Customer satisfaction \(CSAT\)/);
    expect(cardText(body.value)).toContain(`Acknowledged by ${CLICKER}`);
  });
});

describe("an alert's buttons clicked by an admin", () => {
  beforeEach(async () => {
    await start([USER_ID]);
  });

  it("snoozes for 24 hours and mutes, each time redrawing the alert with who did it", async () => {
    const { id, actions } = await postAlert();
    const snoozed = (await bot.post(click(actions[1]!, id))).json as InvokeResponse;
    expect(snoozed.type).toBe(ADAPTIVE_CARD);
    expect(cardText(snoozed.value)).toMatch(new RegExp(`Snoozed by ${CLICKER} until \\d+ \\w+ \\d{4} \\d{2}:\\d{2} \\(UTC\\)`));
    expect((await bot.store.getAlertState("a-teams"))?.snoozedUntil).toBeInstanceOf(Date);
    const muted = (await bot.post(click(actions[2]!, id))).json as InvokeResponse;
    expect(problems(muted.value)).toEqual([]);
    expect(cardText(muted.value)).toContain(`Rule muted by ${CLICKER}`);
    expect((await bot.store.getAlertRule("a-teams"))?.muted).toBe(true);
  });
});

describe("a digest's Details button in Teams", () => {
  beforeEach(async () => {
    await start([]);
  });

  it("posts the metric's full answer as a reply to the digest, and leaves the digest as it is", async () => {
    const clock = testClock("2026-11-23T09:00:02Z");
    await bot.store.saveDigest({ id: "d-teams", destination: channel, schedule: { cron: "0 9 * * *", timeZone: "UTC" }, metrics: ["csat", "frt"], period: "last-week", paused: false, createdBy: "29:lead", createdAt: new Date("2026-11-01T00:00:00Z") });
    const scheduler = new Scheduler({ store: bot.store, engine: engineOver({}, { connector: sampleData(), store: bot.store }), posters: { teams: bot.teams.poster }, clock, log: recordingLogger(), owner: "test" });
    await scheduler.tick(clock.now());
    const before = bot.fake.delivered().length;
    await scheduler.dispatchOutbox(clock.now());
    const [posted] = bot.fake.delivered().slice(before);
    const [digest] = cardsOf([posted!.activity]);
    expect(problems(digest)).toEqual([]);
    // The largest mover's trend is drawn on top.
    expect(chartsIn(digest).map((c) => c["type"])).toEqual(["Chart.Line"]);

    const details: CardAction[] = [];
    JSON.stringify(digest, (_k, v: unknown) => {
      if (v && typeof v === "object" && (v as CardAction).type === "Action.Execute" && (v as CardAction).verb === TEAMS_DETAILS_VERB) details.push(v as CardAction);
      return v;
    });
    // Pinned to the week the digest showed (Mon 16 – Sun 22 November), so a click next week still answers for it.
    expect(details.map((d) => d.data["command"])).toEqual(["csat 2026-11-16..2026-11-22", "frt 2026-11-16..2026-11-22"]);

    const calls = bot.fake.calls.length;
    const body = (await bot.post(click(details[1]!, posted!.id!))).json as InvokeResponse;
    expect(body).toMatchObject({ statusCode: 200, type: "application/vnd.microsoft.activity.message" });
    const reply = bot.fake.calls.slice(calls);
    expect(reply.map((c) => [c.kind, c.activityId])).toEqual([["reply", posted!.id]]);
    const [answer] = cardsOf([reply[0]!.activity]);
    expect(problems(answer)).toEqual([]);
    expect(cardText(answer)).toContain("First response time · 2026-11-16..2026-11-22");
    expect(cardText(answer)).toContain("16 Nov – Sun 22 Nov 2026");
    expect(reply[0]!.activity.text).toBeUndefined();
  });
});

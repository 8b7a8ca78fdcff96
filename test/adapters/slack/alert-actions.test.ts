/**
 * An alert in Slack: the firing message carries Acknowledge, Snooze 24h and
 * Mute rule; clicking them acts on the rule through the command path, with
 * its permissions (anyone acknowledges, admins snooze and mute).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { alertReport, checkAlert } from "../../../src/schedule/alertCheck.ts";
import { initialAlertState } from "../../../src/schedule/alertState.ts";
import { NOT_ADMIN_MESSAGE } from "../../../src/schedule/manage.ts";
import { renderSlack, SLACK_ACTIONS } from "../../../src/render/slack.ts";
import type { AlertRule } from "../../../src/store/store.ts";
import { engineOver, NOW } from "../../helpers.ts";
import { blockActionBody, sampleData, startBot, textOf, type Bot } from "./support.ts";
import { ruleFixture } from "../../schedule/support.ts";

const RULE: AlertRule = ruleFixture({
  id: "a-4fq",
  destination: { platform: "slack", workspace: "T0ACMESUP1", channel: "C0SUPPORT1" },
  condition: { kind: "threshold", op: "<", value: 95 },
  period: "last-7-days",
  minN: 30,
  createdBy: "U0LEADADMN",
  createdAt: new Date("2026-11-01T09:00:00Z"),
});

describe("alert messages in Slack", () => {
  it("offer Acknowledge, Snooze 24h and Mute rule while firing, and none once resolved", async () => {
    const engine = engineOver({}, { connector: sampleData() });
    const check = await checkAlert(RULE, engine, NOW);
    const state = { ...initialAlertState(RULE.id), status: "firing" as const, firedAt: NOW };
    const firing = renderSlack(alertReport(RULE, state, "firing", check, null, engine, NOW));
    const actions = firing.blocks.find((b) => b.type === "actions");
    expect(actions?.type === "actions" && actions.elements.map((b) => [b.text.text, b.action_id, b.value])).toEqual([
      ["Acknowledge", SLACK_ACTIONS.alertAck, "alert ack a-4fq"],
      ["Snooze 24h", SLACK_ACTIONS.alertSnooze, "alert snooze a-4fq 24h"],
      ["Mute rule", SLACK_ACTIONS.alertMute, "alert mute a-4fq"],
    ]);
    expect(JSON.stringify(firing.blocks)).toContain(":rotating_light:");
    const resolved = renderSlack(alertReport(RULE, { ...state, status: "resolved" }, "resolved", check, null, engine, NOW));
    expect(resolved.blocks.some((b) => b.type === "actions")).toBe(false);
  });
});

describe("alert buttons", () => {
  let bot: Bot;
  beforeAll(async () => {
    bot = await startBot();
    await bot.store.saveAlertRule(RULE);
  });
  afterAll(async () => {
    await bot.close();
  });

  it("lets anyone acknowledge, recording who did", async () => {
    const responseUrl = bot.catcher.url("ack");
    const ack = await bot.send("/slack/events", blockActionBody({ actionId: SLACK_ACTIONS.alertAck, value: "alert ack a-4fq", response_url: responseUrl, ephemeral: false }));
    expect(ack.status).toBe(200);
    const [post] = await bot.catcher.waitFor(responseUrl);
    expect(post!.body).toMatchObject({ response_type: "ephemeral", replace_original: false });
    expect(textOf(post!.body)).toMatch(/acknowledged/i);
    expect((await bot.store.getAlertState("a-4fq"))?.acknowledgedBy).toBe("U0LEADUSR1");
  });

  it("tells a member politely that only admins mute, and leaves the rule alone", async () => {
    const responseUrl = bot.catcher.url("mute-member");
    await bot.send("/slack/events", blockActionBody({ actionId: SLACK_ACTIONS.alertMute, value: "alert mute a-4fq", response_url: responseUrl, ephemeral: false }));
    const [post] = await bot.catcher.waitFor(responseUrl);
    expect(textOf(post!.body)).toContain(NOT_ADMIN_MESSAGE);
    expect((await bot.store.getAlertRule("a-4fq"))?.muted).toBe(false);
  });

  it("lets a workspace admin snooze for 24 hours and mute the rule", async () => {
    const admin = "U0LEADADMN"; // an admin according to the fake users.info
    const snoozeUrl = bot.catcher.url("snooze");
    await bot.send("/slack/events", blockActionBody({ actionId: SLACK_ACTIONS.alertSnooze, value: "alert snooze a-4fq 24h", response_url: snoozeUrl, ephemeral: false, userId: admin }));
    await bot.catcher.waitFor(snoozeUrl);
    // The bot's clock is fixed at Sunday 22 November 2026 14:05 UTC: snoozed until the same time on Monday.
    expect((await bot.store.getAlertState("a-4fq"))?.snoozedUntil?.toISOString()).toBe("2026-11-23T14:05:00.000Z");

    const muteUrl = bot.catcher.url("mute-admin");
    await bot.send("/slack/events", blockActionBody({ actionId: SLACK_ACTIONS.alertMute, value: "alert mute a-4fq", response_url: muteUrl, ephemeral: false, userId: admin }));
    await bot.catcher.waitFor(muteUrl);
    expect((await bot.store.getAlertRule("a-4fq"))?.muted).toBe(true);
  });
});

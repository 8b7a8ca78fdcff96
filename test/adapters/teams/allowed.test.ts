/**
 * Only the organisation's own Microsoft 365 tenants reach its data
 * (TEAMS_ALLOWED_TENANTS, by default MICROSOFT_APP_TENANT_ID). Real
 * activities through the real CloudAdapter on the real HTTP server, the fake
 * Bot Connector at their serviceUrl: a message, a card button and a bot-added
 * update from an allowed tenant are answered; from any other tenant they get
 * a refusal card, no data is read and no conversation reference is kept; and
 * digests and alerts stop for a tenant that is no longer allowed.
 *
 * These run with authentication off (no app id), where a list that is set is
 * enforced just the same; with it on, botbuilder checks the token before the
 * same gate runs.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ADAPTIVE_CARD } from "../../../adapters/teams/activities.ts";
import { createTeamsBot } from "../../../adapters/teams/app.ts";
import { loadConfig } from "../../../src/config.ts";
import { createLogger } from "../../../src/log.ts";
import { Scheduler } from "../../../src/schedule/scheduler.ts";
import { configError, countingConnector, engineOver } from "../../helpers.ts";
import { problems } from "../../support/adaptiveCards.ts";
import { digestFixture, recordingLogger, ruleFixture, sqliteStore, testClock } from "../../schedule/support.ts";
import { APP_ID, CHANNEL, GENERAL_CHANNEL, logged, PERSONAL_CHAT, sampleData, startTeamsBot, TENANT, theCard, cardText, type TeamsActivityJson, type TestBot } from "./support.ts";

/** Another organisation that uploaded the same app package. */
const OTHER_TENANT = "0f0e0d0c-1b2a-4938-8776-655443322110";
const PASSWORD = "Xq8~fake.test-secret_NotReal-0123456789abcdefgh";

/** The activity as it comes from another tenant: Teams names the tenant in both places. */
const fromOtherTenant = (a: TeamsActivityJson) => {
  a.conversation.tenantId = OTHER_TENANT;
  (a["channelData"] as { tenant: { id: string } }).tenant.id = OTHER_TENANT;
};

interface InvokeResponse {
  statusCode: number;
  type: string;
  value: Record<string, unknown>;
}

describe("with TEAMS_ALLOWED_TENANTS", () => {
  let bot: TestBot;
  let data: ReturnType<typeof countingConnector>;
  beforeEach(async () => {
    data = countingConnector(sampleData());
    bot = await startTeamsBot({ env: { TEAMS_ALLOWED_TENANTS: TENANT.toUpperCase() }, engine: (log) => engineOver({}, { connector: data, log }) });
  });
  afterEach(async () => {
    await bot.close();
  });

  it("answers `csat last-week` from an allowed tenant with the figure, whatever the case of its id", async () => {
    const { card } = theCard(await bot.ask(bot.activity("personal-message")));
    expect(cardText(card)).toContain("Customer satisfaction (CSAT) · last-week");
    expect(await bot.store.getConversationReference(PERSONAL_CHAT)).not.toBeNull();
  });

  it("answers `csat last-week` from another tenant with a refusal card only: no figure, no data read, no reference kept, a log line with the tenant id", async () => {
    const { card, text } = theCard(await bot.ask(bot.activity("personal-message", fromOtherTenant)));
    expect(text).toContain(`your organisation (tenant ${OTHER_TENANT}) is not among those it answers`);
    expect(cardText(card)).toContain(`add ${OTHER_TENANT} to TEAMS_ALLOWED_TENANTS`);
    expect(cardText(card)).not.toContain("Customer satisfaction (CSAT)");
    expect(data.calls).toBe(0);
    expect(await bot.store.getConversationReference(PERSONAL_CHAT)).toBeNull();
    expect(logged(bot.logs, /^teams activity refused/)).toEqual([expect.objectContaining({ level: "warn", tenant: OTHER_TENANT, activity: "message", conversation: PERSONAL_CHAT })]);
  });

  it("sends the refusal through the Bot Connector when the activity expects no replies in the response", async () => {
    const res = await bot.post(bot.activity("channel-message-mention", fromOtherTenant));
    expect(res.status).toBe(200);
    const [sent] = await bot.fake.waitFor(1);
    expect(sent!.activity.summary).toContain(`tenant ${OTHER_TENANT}) is not among those it answers`);
    expect(cardText(sent!.activity.attachments?.[0]?.content)).toContain("TEAMS_ALLOWED_TENANTS");
    expect(data.calls).toBe(0);
    expect(await bot.store.getConversationReference(CHANNEL)).toBeNull();
  });

  it("redoes a card for a button clicked in an allowed tenant, and answers the invoke from another tenant with a valid refusal card", async () => {
    const ours = (await bot.post(bot.activity("adaptive-card-action"))).json as InvokeResponse;
    expect(cardText(ours.value)).toContain("By agent");
    const before = data.calls;

    const res = await bot.post(bot.activity("adaptive-card-action", fromOtherTenant));
    expect(res.status).toBe(200);
    const theirs = res.json as InvokeResponse;
    expect(theirs).toMatchObject({ statusCode: 200, type: ADAPTIVE_CARD });
    expect(problems(theirs.value)).toEqual([]);
    expect(cardText(theirs.value)).toContain("TEAMS_ALLOWED_TENANTS");
    expect(cardText(theirs.value)).not.toContain("Customer satisfaction (CSAT)");
    expect(data.calls).toBe(before);
    expect(bot.fake.calls).toEqual([]);
    expect(logged(bot.logs, /^teams activity refused/)).toEqual([expect.objectContaining({ activity: "invoke", name: "adaptiveCard/action", tenant: OTHER_TENANT })]);
  });

  it("keeps no reference when added to a team of another tenant, and says why instead of introducing itself", async () => {
    const { text } = theCard(await bot.ask(bot.activity("conversation-update-bot-added", fromOtherTenant)));
    expect(text).toContain("is not among those it answers");
    expect(await bot.store.getConversationReference(GENERAL_CHANNEL)).toBeNull();
    await bot.post(bot.activity("installation-update-add", fromOtherTenant));
    expect(await bot.store.getConversationReference(PERSONAL_CHAT)).toBeNull();
  });

  it("refuses an activity whose two tenant ids disagree, and one that names no tenant", async () => {
    const mixed = theCard(await bot.ask(bot.activity("personal-message", (a) => ((a["channelData"] as { tenant: { id: string } }).tenant.id = OTHER_TENANT))));
    expect(mixed.text).toContain("(tenant unknown) is not among those it answers");
    const none = theCard(
      await bot.ask(
        bot.activity("personal-message", (a) => {
          delete a.conversation.tenantId;
          delete a["channelData"];
        }),
      ),
    );
    expect(none.text).toContain("(tenant unknown) is not among those it answers");
    expect(data.calls).toBe(0);
  });

  it("posts digests to an allowed tenant, and pauses a digest and mutes an alert rule of a tenant no longer allowed, posting nothing there", async () => {
    // Spoken to in the allowed tenant: its reference is kept.
    await bot.ask(bot.activity("channel-message-mention"));
    // Saved before the other tenant left the list.
    const otherConversation = "19:0therTenantChannel0000000000000@thread.tacv2";
    await bot.store.saveConversationReference(
      otherConversation,
      { bot: { id: "28:x", name: "Metrics" }, conversation: { id: otherConversation, conversationType: "channel", tenantId: OTHER_TENANT }, channelId: "msteams", serviceUrl: bot.fake.serviceUrl },
      new Date("2026-11-01T00:00:00Z"),
    );
    await bot.store.saveDigest(digestFixture({ id: "d-ours", destination: { platform: "teams", workspace: TENANT, channel: CHANNEL } }));
    await bot.store.saveDigest(digestFixture({ id: "d-theirs", destination: { platform: "teams", workspace: OTHER_TENANT, channel: otherConversation } }));
    await bot.store.saveAlertRule(ruleFixture({ id: "a-theirs", destination: { platform: "teams", workspace: OTHER_TENANT, channel: otherConversation } }));
    const calls = data.calls;
    const log = recordingLogger();
    const clock = testClock("2026-11-23T09:00:01Z");
    const scheduler = new Scheduler({
      store: bot.store,
      engine: engineOver({}, { connector: data, store: bot.store }),
      posters: { teams: bot.teams.poster },
      clock,
      log,
      owner: "test",
      random: () => 0.5,
      allowed: (destination) => destination.platform === "teams" && bot.teams.allowsTenant(destination.workspace),
    });
    expect((await scheduler.tick(clock.now())).ran.map((k) => k.scheduleId)).toEqual(["d-ours"]);
    expect((await scheduler.dispatchOutbox(clock.now())).delivered).toHaveLength(1);
    expect(bot.fake.delivered().map((c) => c.conversationId)).toEqual([CHANNEL]);
    expect(data.calls).toBeGreaterThan(calls);

    expect(await bot.store.getDigest("d-theirs")).toMatchObject({ paused: true });
    expect(await bot.store.getAlertRule("a-theirs")).toMatchObject({ muted: true });
    expect(log.lines.filter((l) => /^(digest paused|alert rule muted)/.test(l.message)).map((l) => l.message)).toEqual([
      expect.stringMatching(/^digest paused: its destination is not in TEAMS_ALLOWED_TENANTS.*digest resume d-theirs/),
      expect.stringMatching(/^alert rule muted: its destination is not in TEAMS_ALLOWED_TENANTS.*alert unmute a-theirs/),
    ]);
  });

  it("has the poster itself refuse a tenant not on the list — named by the destination or by the saved reference — before any call", async () => {
    const otherConversation = "19:0therTenantChannel0000000000000@thread.tacv2";
    await bot.store.saveConversationReference(
      otherConversation,
      { conversation: { id: otherConversation, conversationType: "channel", tenantId: OTHER_TENANT }, channelId: "msteams", serviceUrl: bot.fake.serviceUrl },
      new Date("2026-11-01T00:00:00Z"),
    );
    const report = { kind: "error" as const, cause: "user" as const, message: "x" };
    await expect(bot.teams.poster.post({ platform: "teams", workspace: OTHER_TENANT, channel: otherConversation }, report)).rejects.toThrow(`Teams tenant ${OTHER_TENANT} is not in TEAMS_ALLOWED_TENANTS`);
    await expect(bot.teams.poster.post({ platform: "teams", workspace: TENANT, channel: otherConversation }, report)).rejects.toThrow("TEAMS_ALLOWED_TENANTS");
    await expect(bot.teams.poster.update({ platform: "teams", channel: otherConversation, id: "1763820500001" }, report)).rejects.toThrow("TEAMS_ALLOWED_TENANTS");
    expect(bot.fake.calls).toEqual([]);
  });
});

describe("with authentication off and no list (local use)", () => {
  it("answers every tenant, and says so at start", async () => {
    const bot = await startTeamsBot();
    try {
      const { card } = theCard(await bot.ask(bot.activity("personal-message", fromOtherTenant)));
      expect(cardText(card)).toContain("Customer satisfaction (CSAT) · last-week");
      expect(logged(bot.logs, /^teams: every tenant is answered/)).toHaveLength(1);
    } finally {
      await bot.close();
    }
  });
});

describe("the TEAMS_ALLOWED_TENANTS variable", () => {
  it("defaults to MICROSOFT_APP_TENANT_ID, and is read as lower-case tenant ids when set", () => {
    expect(loadConfig({ MICROSOFT_APP_ID: APP_ID, MICROSOFT_APP_PASSWORD: PASSWORD, MICROSOFT_APP_TENANT_ID: TENANT, MICROSOFT_APP_TYPE: "SingleTenant" }).teamsAllowedTenants).toEqual([TENANT]);
    expect(loadConfig({ MICROSOFT_APP_ID: APP_ID, MICROSOFT_APP_PASSWORD: PASSWORD, TEAMS_ALLOWED_TENANTS: ` ${TENANT.toUpperCase()}, ${OTHER_TENANT}` }).teamsAllowedTenants).toEqual([TENANT, OTHER_TENANT]);
    expect(loadConfig({}).teamsAllowedTenants).toBeUndefined();
  });

  it("stops a MultiTenant bot that has neither, saying which variable to set", () => {
    const message = configError({ MICROSOFT_APP_ID: APP_ID, MICROSOFT_APP_PASSWORD: PASSWORD });
    expect(message).toContain("TEAMS_ALLOWED_TENANTS is missing: a MultiTenant bot would answer any Microsoft 365 organisation that uploads its app package");
    expect(message).toContain("or set MICROSOFT_APP_TENANT_ID");
    expect(message).not.toContain(PASSWORD);
  });

  it("stops with the fix when an entry is not a tenant id", () => {
    expect(configError({ TEAMS_ALLOWED_TENANTS: "contoso.onmicrosoft.com" })).toContain(
      "TEAMS_ALLOWED_TENANTS (got `contoso.onmicrosoft.com`) must be Microsoft 365 tenant ids (GUIDs), comma-separated",
    );
  });

  it("is required by the Teams adapter itself when authentication is on, whoever builds it", async () => {
    const { store, dispose } = await sqliteStore();
    try {
      const log = createLogger("silent");
      expect(() => createTeamsBot({ engine: engineOver({}), store, log, config: { appId: APP_ID, appPassword: PASSWORD, appType: "MultiTenant" } })).toThrow(/TEAMS_ALLOWED_TENANTS is missing/);
      const bot = createTeamsBot({ engine: engineOver({}), store, log, config: { appId: APP_ID, appPassword: PASSWORD, appType: "MultiTenant", tenantId: TENANT } });
      expect(bot.allowsTenant(TENANT)).toBe(true);
      expect(bot.allowsTenant(OTHER_TENANT)).toBe(false);
    } finally {
      await dispose();
    }
  });
});

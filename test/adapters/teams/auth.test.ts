/**
 * Teams authentication: MICROSOFT_APP_ID, _PASSWORD, _TENANT_ID and _TYPE in
 * the configuration (each wrong value stopped with its fix, the password never
 * echoed); with an app id every request needs a Bot Framework token; without
 * one the bot says loudly that authentication is off and takes requests from
 * this machine only.
 */
import { describe, expect, it, vi } from "vitest";
import { configError } from "../../helpers.ts";
import { isLoopback } from "../../../adapters/teams/route.ts";
import { loadConfig } from "../../../src/config.ts";
import { APP_ID, GENERAL_CHANNEL, logged, PERSONAL_CHAT, startTeamsBot, TENANT } from "./support.ts";

const PASSWORD = "Xq8~fake.test-secret_NotReal-0123456789abcdefgh";

describe("the Teams variables", () => {
  it("leave Teams unauthenticated when none is set", () => {
    expect(loadConfig({}).teams).toBeUndefined();
  });

  it("describe a multi-tenant bot with an app id, a password and the tenants it serves", () => {
    const config = loadConfig({ MICROSOFT_APP_ID: APP_ID, MICROSOFT_APP_PASSWORD: PASSWORD, TEAMS_ALLOWED_TENANTS: TENANT });
    expect(config.teams).toEqual({ appId: APP_ID, appPassword: PASSWORD, appType: "MultiTenant" });
    expect(config.teamsAllowedTenants).toEqual([TENANT]);
  });

  it("describe a single-tenant bot, whatever the case of its type", () => {
    expect(loadConfig({ MICROSOFT_APP_ID: APP_ID, MICROSOFT_APP_PASSWORD: PASSWORD, MICROSOFT_APP_TENANT_ID: TENANT, MICROSOFT_APP_TYPE: "singletenant" }).teams).toEqual({
      appId: APP_ID,
      appPassword: PASSWORD,
      tenantId: TENANT,
      appType: "SingleTenant",
    });
  });

  it("describe a bot with a user-assigned managed identity, which has no password", () => {
    expect(loadConfig({ MICROSOFT_APP_ID: APP_ID, MICROSOFT_APP_TENANT_ID: TENANT, MICROSOFT_APP_TYPE: "UserAssignedMSI" }).teams).toEqual({ appId: APP_ID, tenantId: TENANT, appType: "UserAssignedMSI" });
  });

  it("stop with the fix for each mistake, and never echo the password", () => {
    expect(configError({ MICROSOFT_APP_ID: "metrics-bot", MICROSOFT_APP_PASSWORD: PASSWORD })).toContain(
      "MICROSOFT_APP_ID (got `metrics-bot`) is not an app id: copy the Microsoft App ID (a GUID",
    );
    expect(configError({ MICROSOFT_APP_ID: APP_ID })).toContain("MICROSOFT_APP_PASSWORD is missing: create a client secret");
    expect(configError({ MICROSOFT_APP_ID: APP_ID, MICROSOFT_APP_PASSWORD: PASSWORD, MICROSOFT_APP_TYPE: "SingleTenant" })).toContain(
      "MICROSOFT_APP_TENANT_ID is missing: a SingleTenant bot needs its tenant",
    );
    expect(configError({ MICROSOFT_APP_ID: APP_ID, MICROSOFT_APP_PASSWORD: PASSWORD, MICROSOFT_APP_TYPE: "Personal" })).toContain(
      "MICROSOFT_APP_TYPE (got `Personal`) must be MultiTenant, SingleTenant or UserAssignedMSI",
    );
    const msi = configError({ MICROSOFT_APP_ID: APP_ID, MICROSOFT_APP_PASSWORD: PASSWORD, MICROSOFT_APP_TENANT_ID: TENANT, MICROSOFT_APP_TYPE: "UserAssignedMSI" });
    expect(msi).toContain("MICROSOFT_APP_PASSWORD must not be set with MICROSOFT_APP_TYPE=UserAssignedMSI");
    const noId = configError({ MICROSOFT_APP_PASSWORD: PASSWORD });
    expect(noId).toContain("MICROSOFT_APP_ID is missing");
    for (const message of [msi, noId]) expect(message).not.toContain(PASSWORD);
  });
});

describe("with authentication on (an app id)", () => {
  it("refuses an activity without a Bot Framework token, before any of it runs", async () => {
    const bot = await startTeamsBot({ env: { MICROSOFT_APP_ID: APP_ID, MICROSOFT_APP_PASSWORD: PASSWORD, TEAMS_ALLOWED_TENANTS: TENANT } });
    try {
      expect(bot.teams.authenticated).toBe(true);
      const res = await bot.post(bot.activity("personal-message"));
      expect(res.status).toBe(401);
      const install = await bot.post({ ...bot.activity("conversation-update-bot-added"), deliveryMode: "expectReplies" });
      expect(install.status).toBe(401);
      expect(bot.fake.calls).toEqual([]);
      expect(await bot.store.getConversationReference(PERSONAL_CHAT)).toBeNull();
      expect(await bot.store.getConversationReference(GENERAL_CHANNEL)).toBeNull();
      expect(logged(bot.logs, "teams: authentication is on")).toEqual([expect.objectContaining({ level: "info", appId: APP_ID, appType: "MultiTenant" })]);
      expect(logged(bot.logs, "teams request refused: no Bot Framework token")).toHaveLength(2);

      // A token that is not a Bot Framework one gets as far as botbuilder, which refuses it (and says so on stderr).
      const stderr = vi.spyOn(console, "error").mockImplementation(() => undefined);
      try {
        const forged = await bot.post(bot.activity("personal-message"), { Authorization: "Bearer not-a-token" });
        expect(forged.status).toBe(401);
        expect(String(stderr.mock.calls[0]?.[0])).toContain("Unauthorized");
      } finally {
        stderr.mockRestore();
      }
      expect(bot.fake.calls).toEqual([]);
      expect(await bot.store.getConversationReference(PERSONAL_CHAT)).toBeNull();
      expect(bot.logs.join("\n")).not.toContain(PASSWORD);
    } finally {
      await bot.close();
    }
  });
});

describe("with authentication off (no app id)", () => {
  it("says so loudly at start, as a warning", async () => {
    const bot = await startTeamsBot();
    try {
      expect(bot.teams.authenticated).toBe(false);
      const [line] = logged(bot.logs, /TEAMS AUTHENTICATION IS OFF/);
      expect(line).toMatchObject({ level: "warn", auth: "off", path: "/api/messages" });
      expect(String(line!["message"])).toContain("never run like this in production");
    } finally {
      await bot.close();
    }
  });

  it("takes requests from loopback addresses only", () => {
    for (const address of ["127.0.0.1", "127.0.0.53", "::1", "::ffff:127.0.0.1"]) expect(isLoopback(address), address).toBe(true);
    for (const address of ["10.0.0.7", "192.168.1.20", "::ffff:10.0.0.7", "fe80::1", "2001:db8::1", "", undefined]) expect(isLoopback(address), String(address)).toBe(false);
  });
});

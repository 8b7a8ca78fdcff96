/**
 * Help-desk settings: what each source needs, the messages when something is
 * missing (never echoing a credential), and the sources they configure.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { loadConfig } from "../../../src/config.ts";
import { configError, configProblem } from "../../helpers.ts";
import { configuredSources, syncWarnings } from "../../../src/ingest/helpdesk/index.ts";

describe("help-desk configuration", () => {
  it("Zendesk with a subdomain, email and API token still works: basic auth as Zendesk documents it, with a warning naming 30 Apr 2027", () => {
    const config = loadConfig({ ZENDESK_SUBDOMAIN: "acme", ZENDESK_EMAIL: "lead@acme.com", ZENDESK_API_TOKEN: "tok123" });
    expect(config.sync).toMatchObject({ cron: "*/15 * * * *", historyDays: 365, zendesk: { baseUrl: "https://acme.zendesk.com" } });
    const [zendesk] = configuredSources(config.sync!);
    expect(zendesk!.source.label).toBe("Zendesk (acme.zendesk.com, legacy CSAT ratings only)");
    const [warning, ...more] = syncWarnings(config.sync!);
    expect(more).toEqual([]);
    expect(warning).toMatch(/^ZENDESK_API_TOKEN: Zendesk is retiring API tokens .* all stop working on 30 Apr 2027\. Move to OAuth before then: set ZENDESK_CLIENT_ID, ZENDESK_CLIENT_SECRET and ZENDESK_REDIRECT_URL/);
    expect(warning).not.toContain("tok123");
    expect((zendesk!.http.headers as Record<string, string>).authorization).toBe(`Basic ${Buffer.from("lead@acme.com/token:tok123").toString("base64")}`);
    expect(zendesk!.http.budgets.incremental).toEqual({ requests: 10, perMs: 60_000 });
  });

  it("accepts acme.zendesk.com as the subdomain, ZENDESK_URL instead, and an OAuth token instead of email + token", () => {
    expect(loadConfig({ ZENDESK_SUBDOMAIN: "acme.zendesk.com", ZENDESK_OAUTH_TOKEN: "o" }).sync?.zendesk?.baseUrl).toBe("https://acme.zendesk.com");
    const config = loadConfig({ ZENDESK_URL: "http://127.0.0.1:8080/", ZENDESK_OAUTH_TOKEN: "oauth-tok" });
    expect(config.sync?.zendesk?.baseUrl).toBe("http://127.0.0.1:8080");
    expect((configuredSources(config.sync!)[0]!.http.headers as Record<string, string>).authorization).toBe("Bearer oauth-tok");
  });

  it("LiveAgent with its URL and API key: the key in the apikey header, 180 requests a minute", () => {
    const config = loadConfig({ LIVEAGENT_URL: "https://acme.ladesk.com", LIVEAGENT_API_KEY: "k-1", LIVEAGENT_TIMEZONE: "Europe/Bratislava", SYNC_CRON: "*/5 * * * *" });
    expect(config.sync).toMatchObject({ cron: "*/5 * * * *", liveagent: { baseUrl: "https://acme.ladesk.com", apiKey: "k-1", timeZone: "Europe/Bratislava" } });
    const [liveagent] = configuredSources(config.sync!);
    expect(liveagent!.source.label).toBe("LiveAgent (acme.ladesk.com)");
    expect(liveagent!.http.headers).toEqual({ apikey: "k-1" });
    expect(liveagent!.http.budgets.api).toEqual({ requests: 180, perMs: 60_000 });
  });

  it("Zendesk over OAuth: client id, secret and redirect URL; no warning; a request without a Store says a grant has nowhere to live", async () => {
    const env = { ZENDESK_SUBDOMAIN: "acme", ZENDESK_CLIENT_ID: "metrics_bot", ZENDESK_CLIENT_SECRET: "s3cret-client", ZENDESK_REDIRECT_URL: "https://bot.example.com/zendesk/oauth_redirect" };
    const config = loadConfig(env);
    expect(config.sync?.zendesk).toEqual({
      baseUrl: "https://acme.zendesk.com",
      auth: { kind: "oauth-app", clientId: "metrics_bot", clientSecret: "s3cret-client", redirectUrl: "https://bot.example.com/zendesk/oauth_redirect" },
    });
    expect(syncWarnings(config.sync!)).toEqual([]);
    const headers = configuredSources(config.sync!)[0]!.http.headers as () => Promise<Record<string, string>>;
    await expect(headers()).rejects.toThrow("Zendesk over OAuth needs the bot's Store to keep its grant in");
    expect(configError({ ...env, ZENDESK_CLIENT_SECRET: "" })).toContain("ZENDESK_CLIENT_SECRET is missing: the client's Secret");
    expect(configError({ ...env, ZENDESK_REDIRECT_URL: "https://bot.example.com/callback" })).toContain("ZENDESK_REDIRECT_URL (got `https://bot.example.com/callback`) must be the bot's public address of /zendesk/oauth_redirect");
    // The redirect address is optional (the bot uses the address the browser reached it at); a refused setting never shows the secret.
    expect(configProblem({ ...env, ZENDESK_REDIRECT_URL: "" })).toBe("");
    const refused = configProblem({ ...env, ZENDESK_CLIENT_ID: "", ZENDESK_REDIRECT_URL: "ftp://x" });
    expect(refused).toContain("ZENDESK_CLIENT_ID is missing");
    expect(refused).not.toContain("s3cret-client");
    expect(configError({ ZENDESK_SUBDOMAIN: "acme" })).toContain("ZENDESK_CLIENT_ID is missing: Zendesk is connected over OAuth");
  });

  it("says what is missing, and never repeats a credential", () => {
    const zendesk = configError({ ZENDESK_SUBDOMAIN: "acme", ZENDESK_API_TOKEN: "sekrit-token" });
    expect(zendesk).toContain("ZENDESK_EMAIL is missing");
    expect(zendesk).not.toContain("sekrit-token");
    expect(configError({ ZENDESK_EMAIL: "a@b.c", ZENDESK_API_TOKEN: "t" })).toContain("ZENDESK_SUBDOMAIN is missing");
    expect(configError({ ZENDESK_SUBDOMAIN: "acme co" })).toContain("ZENDESK_SUBDOMAIN (got `acme co`) is not a Zendesk subdomain");
    expect(configError({ LIVEAGENT_API_KEY: "k" })).toContain("LIVEAGENT_URL is missing");
    expect(configError({ LIVEAGENT_URL: "https://acme.ladesk.com" })).toContain("LIVEAGENT_API_KEY is missing");
    expect(configError({ LIVEAGENT_URL: "https://a.ladesk.com", LIVEAGENT_API_KEY: "k", SYNC_CRON: "every 15 minutes" })).toContain("SYNC_CRON (got `every 15 minutes`) is not a cron expression");
    expect(configError({ LIVEAGENT_URL: "https://a.ladesk.com", LIVEAGENT_API_KEY: "k", LIVEAGENT_TIMEZONE: "Bratislava" })).toContain("LIVEAGENT_TIMEZONE (got `Bratislava`) is not an IANA time zone");
    expect(configError({ LIVEAGENT_URL: "https://a.ladesk.com", LIVEAGENT_API_KEY: "k", DATA_URL: "postgres://x@h/db" })).toContain("DATA_URL is set together with a help desk");
  });

  it("configures no sync without a help desk", () => {
    expect(loadConfig({}).sync).toBeUndefined();
  });

  it(".env.example lists every variable the configuration reads", () => {
    const source = readFileSync(new URL("../../../src/config.ts", import.meta.url), "utf8");
    const example = readFileSync(new URL("../../../.env.example", import.meta.url), "utf8");
    const variables = [...source.matchAll(/^ {2}([A-Z][A-Z0-9_]+): z/gm)].map((m) => m[1]!);
    expect(variables).toContain("ZENDESK_API_TOKEN");
    expect(variables.filter((v) => !new RegExp(`^${v}=`, "m").test(example))).toEqual([]);
  });
});

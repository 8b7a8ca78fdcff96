/**
 * manifest/slack/manifest.yaml declares exactly what the app serves: every
 * slash command it registers, the scopes it asks for at install, the events
 * and interactivity on /slack/events, the OAuth redirect, and the Socket Mode
 * toggle.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { BOT_SCOPES, SLACK_PATHS } from "../../../adapters/slack/app.ts";
import { SLASH_COMMANDS } from "../../../adapters/slack/commands.ts";

interface Manifest {
  _metadata: { major_version: number };
  display_information: { name: string };
  features: {
    app_home: { home_tab_enabled: boolean };
    bot_user: { display_name: string };
    slash_commands: Array<{ command: string; url: string; description: string; usage_hint?: string }>;
  };
  oauth_config: { redirect_urls: string[]; scopes: { bot: string[] } };
  settings: {
    event_subscriptions: { request_url: string; bot_events: string[] };
    interactivity: { is_enabled: boolean; request_url: string };
    socket_mode_enabled: boolean;
  };
}

const manifest = parse(readFileSync(new URL("../../../manifest/slack/manifest.yaml", import.meta.url), "utf8")) as Manifest;

describe("the Slack app manifest", () => {
  it("declares every slash command the app registers, each sent to /slack/events", () => {
    expect(manifest.features.slash_commands.map((c) => c.command)).toEqual([...SLASH_COMMANDS]);
    for (const c of manifest.features.slash_commands) {
      expect(new URL(c.url).pathname).toBe(SLACK_PATHS.events);
      expect(c.description.length).toBeLessThanOrEqual(100);
      expect((c.usage_hint ?? "").length).toBeLessThanOrEqual(1000);
    }
  });

  it("asks for the same bot scopes as the OAuth install", () => {
    expect(manifest.oauth_config.scopes.bot).toEqual([...BOT_SCOPES]);
  });

  it("sends events and button clicks to /slack/events, and enables the Home tab", () => {
    expect(new URL(manifest.settings.event_subscriptions.request_url).pathname).toBe(SLACK_PATHS.events);
    expect(manifest.settings.event_subscriptions.bot_events).toEqual(expect.arrayContaining(["app_home_opened", "app_uninstalled"]));
    expect(manifest.settings.interactivity.is_enabled).toBe(true);
    expect(new URL(manifest.settings.interactivity.request_url).pathname).toBe(SLACK_PATHS.events);
    expect(manifest.features.app_home.home_tab_enabled).toBe(true);
  });

  it("redirects OAuth installs to /slack/oauth_redirect and has a Socket Mode toggle", () => {
    expect(manifest.oauth_config.redirect_urls.map((u) => new URL(u).pathname)).toEqual([SLACK_PATHS.redirect]);
    expect(typeof manifest.settings.socket_mode_enabled).toBe("boolean");
    expect(manifest._metadata.major_version).toBe(2);
  });
});

/**
 * Multi-workspace installs: /slack/install sends the installer to Slack's
 * consent screen with a state; /slack/oauth_redirect exchanges the code on
 * the fake oauth.v2.access and keeps the installation in the Store (a SQLite
 * file); later requests from that workspace are authorized with it.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SLACK_ACTIONS } from "../../../src/render/slack.ts";
import { openStore } from "../../../src/store/index.ts";
import { blockActionBody, BOT_TOKEN, fixture, SIGNING_SECRET, slashCommandBody, STATE_SECRET, startBot, type Bot } from "./support.ts";

const INSTALLED = fixture<{ access_token: string; bot_user_id: string; team: { id: string } }>("oauth.v2.access");

describe("installing the app in a workspace (OAuth)", () => {
  let bot: Bot;
  beforeAll(async () => {
    bot = await startBot({
      env: {
        SLACK_CLIENT_ID: "1111.2222",
        SLACK_CLIENT_SECRET: "test-client-secret",
        SLACK_STATE_SECRET: STATE_SECRET,
        SLACK_SIGNING_SECRET: SIGNING_SECRET,
        SLACK_ALLOWED_TEAMS: INSTALLED.team.id,
      },
    });
  });
  afterAll(async () => {
    await bot.close();
  });

  /** GET /slack/install; the authorize URL it redirects to and the state cookie it sets. */
  async function startInstall(): Promise<{ location: URL; cookie: string }> {
    const res = await fetch(`${bot.base}/slack/install`, { redirect: "manual" });
    expect(res.status).toBe(302);
    const cookie = (res.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
    return { location: new URL(res.headers.get("location") ?? ""), cookie };
  }

  it("redirects /slack/install to Slack's authorize URL with the scopes, the client id and a state", async () => {
    const { location, cookie } = await startInstall();
    expect(`${location.origin}${location.pathname}`).toBe("https://slack.com/oauth/v2/authorize");
    expect(location.searchParams.get("client_id")).toBe("1111.2222");
    expect(location.searchParams.get("scope")).toBe("commands,chat:write,chat:write.public,users:read,channels:history,groups:history");
    const state = location.searchParams.get("state");
    expect(state).toBeTruthy();
    expect(cookie).toBe(`slack-app-oauth-state=${state}`);
  });

  it("refuses a redirect whose state is not this browser's, and stores nothing", async () => {
    const { location } = await startInstall();
    const res = await fetch(`${bot.base}/slack/oauth_redirect?code=${bot.fake.oauth.code}&state=${location.searchParams.get("state")}`, {
      headers: { Cookie: "slack-app-oauth-state=someone-elses" },
    });
    expect(res.status).toBe(400);
    expect(bot.fake.calls.filter((c) => c.method === "oauth.v2.access")).toHaveLength(0);
    expect(await bot.store.getSlackInstallation({ teamId: INSTALLED.team.id })).toBeNull();
  });

  it("exchanges the code, keeps the installation in the Store, and authorizes that workspace's requests with it", async () => {
    const { location, cookie } = await startInstall();
    const res = await fetch(`${bot.base}/slack/oauth_redirect?code=${bot.fake.oauth.code}&state=${location.searchParams.get("state")}`, {
      headers: { Cookie: cookie },
    });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain("Installed");
    const exchange = bot.fake.delivered("oauth.v2.access");
    expect(exchange).toHaveLength(1);
    expect(exchange[0]!.params["code"]).toBe(bot.fake.oauth.code);

    // In the SQLite file, as another process opening it would see it.
    const other = await openStore({ dataDir: bot.dataDir });
    try {
      const saved = (await other.getSlackInstallation({ teamId: INSTALLED.team.id })) as { bot?: { token: string; userId: string; id: string } } | null;
      expect(saved?.bot).toMatchObject({ token: INSTALLED.access_token, userId: INSTALLED.bot_user_id, id: "B0METRICS1" });
    } finally {
      await other.close();
    }

    // A signed slash command from the new workspace is answered …
    const responseUrl = bot.catcher.url();
    const ack = await bot.send("/slack/events", slashCommandBody({ command: "/csat", text: "last-week", response_url: responseUrl, team_id: INSTALLED.team.id }));
    expect(ack.status).toBe(200);
    const [answer] = await bot.catcher.waitFor(responseUrl);
    expect(answer!.body["text"]).toMatch(/^Customer satisfaction \(CSAT\) last-week: /);

    // … and what it posts goes out with that workspace's own bot token.
    const shareUrl = bot.catcher.url("actions");
    await bot.send("/slack/events", blockActionBody({ actionId: SLACK_ACTIONS.share, value: "csat last-week", response_url: shareUrl, teamId: INSTALLED.team.id }));
    const [posted] = await bot.fake.waitFor("chat.postMessage");
    expect(posted!.token).toBe(INSTALLED.access_token);
  });

  it("does not answer a workspace that never installed the app", async () => {
    const responseUrl = bot.catcher.url();
    const ack = await bot.send("/slack/events", slashCommandBody({ command: "/csat", text: "last-week", response_url: responseUrl, team_id: "T0STRANGER" }));
    expect(ack.status).toBe(200);
    // Bolt logs the failed authorization and calls no listener.
    await expect.poll(() => bot.logs.some((l) => l.includes("slack request not authorized") && l.includes("T0STRANGER"))).toBe(true);
    expect(bot.catcher.posts.filter((p) => p.path === new URL(responseUrl).pathname)).toHaveLength(0);
  });

  it("forgets a workspace's installation when it removes the app (app_uninstalled)", async () => {
    await bot.store.saveSlackInstallation({ teamId: "T0LEAVING1" }, { team: { id: "T0LEAVING1" }, bot: { token: "xoxb-0000000009-0000000009-fakeLeaving", scopes: [], id: "B0METRICS1", userId: "U0BOTUSER9" } });
    const event = {
      ...fixture("app-home-opened"),
      team_id: "T0LEAVING1",
      event: { type: "app_uninstalled", event_ts: "1763820400.000100" },
      event_id: "Ev0UNINSTAL1",
      authorizations: [{ enterprise_id: null, team_id: "T0LEAVING1", user_id: "U0BOTUSER9", is_bot: true, is_enterprise_install: false }],
    };
    const ack = await bot.send("/slack/events", JSON.stringify(event), { json: true });
    expect(ack.status).toBe(200);
    await expect.poll(() => bot.store.getSlackInstallation({ teamId: "T0LEAVING1" })).toBeNull();
  });

  it("never writes a credential to its log", () => {
    expect(bot.logs.length).toBeGreaterThan(3);
    for (const secret of [SIGNING_SECRET, STATE_SECRET, "test-client-secret", INSTALLED.access_token, BOT_TOKEN]) {
      expect(bot.logs.filter((line) => line.includes(secret))).toEqual([]);
    }
  });
});

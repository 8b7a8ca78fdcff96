/**
 * Only the organisation's own workspaces reach its data (SLACK_ALLOWED_TEAMS).
 * Through the real Bolt app on the real HTTP server, with requests signed by
 * the same signing secret — as a workspace that installed the same
 * distributed app would send them — and the fake Web API, whose auth.test
 * says the bot token belongs to T0ACMESUP1: every entry point answers an
 * allowed workspace and refuses any other politely, without reading the data.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../../src/config.ts";
import { SLACK_ACTIONS } from "../../../src/render/slack.ts";
import { Scheduler } from "../../../src/schedule/scheduler.ts";
import { configError, countingConnector, engineOver } from "../../helpers.ts";
import { digestFixture, recordingLogger, ruleFixture, testClock } from "../../schedule/support.ts";
import { blockActionBody, fixture, sampleData, SIGNING_SECRET, slashCommandBody, STATE_SECRET, startBot, textOf, type Bot } from "./support.ts";

/** The bot token's own workspace (the fake auth.test's team_id) … */
const OURS = "T0ACMESUP1";
/** … and another workspace that installed the same distributed app. */
const THEIRS = "T0BETAHELP";

const parsed = (logs: string[]) => logs.map((l) => JSON.parse(l) as Record<string, unknown>);
const refusals = (logs: string[], team: string) => parsed(logs).filter((l) => String(l["message"]).startsWith("slack request refused") && l["team"] === team);

function homeOpened(team: string, user = "U0LEADADMN"): string {
  const body = fixture<Record<string, unknown> & { event: Record<string, unknown> }>("app-home-opened");
  body["team_id"] = team;
  body["authorizations"] = [{ enterprise_id: null, team_id: team, user_id: "U0BOTUSER1", is_bot: true, is_enterprise_install: false }];
  body.event = { ...body.event, user };
  return JSON.stringify(body);
}

describe("one workspace (SLACK_BOT_TOKEN) without SLACK_ALLOWED_TEAMS", () => {
  let bot: Bot;
  let data: ReturnType<typeof countingConnector>;
  beforeAll(async () => {
    data = countingConnector(sampleData());
    bot = await startBot({ connector: data });
  });
  afterAll(async () => {
    await bot.close();
  });

  it("answers /csat last-week from the bot token's own workspace at its response_url", async () => {
    const responseUrl = bot.catcher.url();
    const ack = await bot.send("/slack/events", slashCommandBody({ command: "/csat", text: "last-week", response_url: responseUrl, team_id: OURS }));
    expect(ack.status).toBe(200);
    const [answer] = await bot.catcher.waitFor(responseUrl);
    expect(answer!.body["text"]).toMatch(/^Customer satisfaction \(CSAT\) last-week: \d+\.\d%/);
  });

  it("refuses a correctly signed /csat last-week from another workspace: a refusal in the ack, no figure at its response_url, no data read, a log line with its team id", async () => {
    const before = data.calls;
    const theirUrl = bot.catcher.url();
    const ack = await bot.send("/slack/events", slashCommandBody({ command: "/csat", text: "last-week", response_url: theirUrl, team_id: THEIRS }));
    expect(ack.status).toBe(200);
    const refusal = JSON.parse(ack.text) as Record<string, unknown>;
    expect(refusal).toMatchObject({ response_type: "ephemeral" });
    expect(refusal["text"]).toContain(`this workspace (${THEIRS}) is not among the workspaces it answers`);
    expect(refusal["text"]).toContain("SLACK_ALLOWED_TEAMS");
    expect(refusal["text"]).not.toMatch(/\d+\.\d%/);

    // Our own workspace's question, sent after theirs, is answered; theirs never is.
    const ourUrl = bot.catcher.url();
    await bot.send("/slack/events", slashCommandBody({ command: "/csat", text: "last-week", response_url: ourUrl, team_id: OURS }));
    await bot.catcher.waitFor(ourUrl);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(bot.catcher.posts.filter((p) => p.path === new URL(theirUrl).pathname)).toEqual([]);
    expect(refusals(bot.logs, THEIRS)).toEqual([expect.objectContaining({ level: "warn", request: "command /csat", user: "U0LEADUSR1" })]);
    expect(String(refusals(bot.logs, THEIRS)[0]!["message"])).toContain("add its team id (or its Enterprise Grid id) to SLACK_ALLOWED_TEAMS");
    // Only our question reached the data.
    expect(data.calls).toBeGreaterThan(before);
    const afterOurs = data.calls;
    await bot.send("/slack/events", slashCommandBody({ command: "/metrics", text: "sources", response_url: bot.catcher.url(), team_id: THEIRS }));
    expect(data.calls).toBe(afterOurs);
  });

  it("redoes an answer for a button clicked in its own workspace, and answers a click from another workspace with a refusal only", async () => {
    const ourUrl = bot.catcher.url("actions");
    await bot.send("/slack/events", blockActionBody({ actionId: SLACK_ACTIONS.byChannel, value: "csat last-week by channel", response_url: ourUrl, teamId: OURS }));
    const [ours] = await bot.catcher.waitFor(ourUrl);
    expect(textOf(ours!.body)).toContain("email");

    const before = data.calls;
    const theirUrl = bot.catcher.url("actions");
    const ack = await bot.send("/slack/events", blockActionBody({ actionId: SLACK_ACTIONS.byChannel, value: "csat last-week by channel", response_url: theirUrl, teamId: THEIRS }));
    expect(ack.status).toBe(200);
    const [theirs] = await bot.catcher.waitFor(theirUrl);
    expect(theirs!.body).toMatchObject({ response_type: "ephemeral", replace_original: false });
    expect(theirs!.body["text"]).toContain(`this workspace (${THEIRS}) is not among the workspaces it answers`);
    expect(textOf(theirs!.body)).not.toContain("email");
    expect(data.calls).toBe(before);
    expect(refusals(bot.logs, THEIRS).map((l) => l["request"])).toContain(`block_actions ${SLACK_ACTIONS.byChannel}`);
  });

  it("does not share an answer into a channel of another workspace", async () => {
    const posts = bot.fake.delivered("chat.postMessage").length;
    const theirUrl = bot.catcher.url("actions");
    await bot.send("/slack/events", blockActionBody({ actionId: SLACK_ACTIONS.share, value: "csat last-week", response_url: theirUrl, teamId: THEIRS }));
    const [theirs] = await bot.catcher.waitFor(theirUrl);
    expect(theirs!.body["text"]).toContain("SLACK_ALLOWED_TEAMS");
    expect(bot.fake.delivered("chat.postMessage")).toHaveLength(posts);
  });

  it("publishes the App Home tab for its own workspace, and nothing at all with its one token for another workspace's App Home", async () => {
    await bot.send("/slack/events", homeOpened(OURS), { json: true });
    const [published] = await bot.fake.waitFor("views.publish");
    expect(JSON.stringify(published!.params["view"])).toContain("Digests (");

    const ack = await bot.send("/slack/events", homeOpened(THEIRS, "U0THEIRUSR"), { json: true });
    expect(ack.status).toBe(200);
    await expect.poll(() => refusals(bot.logs, THEIRS).some((l) => l["request"] === "event app_home_opened")).toBe(true);
    expect(bot.fake.calls.filter((c) => c.method === "views.publish" || c.method === "users.info").map((c) => c.params["user_id"] ?? c.params["user"])).not.toContain("U0THEIRUSR");
  });
});

describe("SLACK_ALLOWED_TEAMS with an Enterprise Grid organisation", () => {
  let bot: Bot;
  beforeAll(async () => {
    bot = await startBot({ env: { SLACK_BOT_TOKEN: "xoxb-0000000001-0000000001-fakeTestBotToken", SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_ALLOWED_TEAMS: `${OURS}, E0ACMEGRID` } });
  });
  afterAll(async () => {
    await bot.close();
  });

  const fromGrid = (team: string, enterprise: string, responseUrl: string) =>
    `${slashCommandBody({ command: "/csat", text: "last-week", response_url: responseUrl, team_id: team })}&enterprise_id=${enterprise}`;

  it("answers a workspace whose organisation is listed, though its team id is not", async () => {
    const url = bot.catcher.url();
    await bot.send("/slack/events", fromGrid("T0GRIDWSP1", "E0ACMEGRID", url));
    const [answer] = await bot.catcher.waitFor(url);
    expect(answer!.body["text"]).toMatch(/^Customer satisfaction \(CSAT\) last-week: /);
  });

  it("refuses a workspace of another organisation, and logs both its ids", async () => {
    const url = bot.catcher.url();
    const ack = await bot.send("/slack/events", fromGrid("T0GRIDWSP2", "E0OTHERORG", url));
    expect(JSON.parse(ack.text)["text"]).toContain("SLACK_ALLOWED_TEAMS");
    expect(refusals(bot.logs, "T0GRIDWSP2")).toEqual([expect.objectContaining({ enterprise: "E0OTHERORG" })]);
  });
});

describe("digests of an Enterprise Grid workspace installed with OAuth", () => {
  it("may post where the installation's organisation is listed, and not elsewhere", async () => {
    const bot = await startBot({
      env: { SLACK_CLIENT_ID: "1111.2222", SLACK_CLIENT_SECRET: "test-client-secret", SLACK_STATE_SECRET: STATE_SECRET, SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_ALLOWED_TEAMS: "E0ACMEGRID" },
    });
    try {
      const install = (team: string, enterprise: string) =>
        bot.store.saveSlackInstallation({ teamId: team }, { team: { id: team }, enterprise: { id: enterprise }, bot: { token: `xoxb-0000000008-0000000008-fake${team}`, scopes: [], id: "B0METRICS1", userId: "U0BOTUSER8" } });
      await install("T0GRIDWSP1", "E0ACMEGRID");
      await install("T0GRIDWSP2", "E0OTHERORG");
      expect(await bot.serving.allowed({ platform: "slack", workspace: "T0GRIDWSP1", channel: "C0DIGESTS1" })).toBe(true);
      expect(await bot.serving.allowed({ platform: "slack", workspace: "T0GRIDWSP2", channel: "C0DIGESTS1" })).toBe(false);
      expect(await bot.serving.allowed({ platform: "slack", workspace: "T0NEVERSEEN", channel: "C0DIGESTS1" })).toBe(false);
      // The console is this machine; Teams with authentication off and no list answers every tenant.
      expect(await bot.serving.allowed({ platform: "console", workspace: "local", channel: "console" })).toBe(true);
    } finally {
      await bot.close();
    }
  });
});

describe("several workspaces (OAuth)", () => {
  const oauthEnv = { SLACK_CLIENT_ID: "1111.2222", SLACK_CLIENT_SECRET: "test-client-secret", SLACK_STATE_SECRET: STATE_SECRET, SLACK_SIGNING_SECRET: SIGNING_SECRET };
  const INSTALLING = fixture<{ team: { id: string; name: string }; access_token: string }>("oauth.v2.access");

  /** /slack/install, then Slack's redirect back with the code, as the installer's browser does it. */
  async function install(bot: Bot): Promise<Response> {
    const start = await fetch(`${bot.base}/slack/install`, { redirect: "manual" });
    const cookie = (start.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
    const state = new URL(start.headers.get("location") ?? "").searchParams.get("state");
    return fetch(`${bot.base}/slack/oauth_redirect?code=${bot.fake.oauth.code}&state=${state}`, { headers: { Cookie: cookie } });
  }

  describe("without SLACK_ALLOWED_TEAMS", () => {
    let bot: Bot;
    beforeAll(async () => {
      bot = await startBot({ env: oauthEnv });
    });
    afterAll(async () => {
      await bot.close();
    });

    it("says at start that no workspace may install or use the app until the list is set", () => {
      expect(parsed(bot.logs).filter((l) => String(l["message"]).startsWith("SLACK_ALLOWED_TEAMS is not set"))).toEqual([expect.objectContaining({ level: "warn" })]);
    });

    it("refuses an installation with a page that says why, and does not keep it", async () => {
      const res = await install(bot);
      expect(res.status).toBe(403);
      const page = await res.text();
      expect(page).toContain("Not installed");
      expect(page).toContain(`<strong>${INSTALLING.team.name}</strong> (<code>${INSTALLING.team.id}</code>)`);
      expect(page).toContain("SLACK_ALLOWED_TEAMS");
      expect(await bot.store.getSlackInstallation({ teamId: INSTALLING.team.id })).toBeNull();
      // The app is taken back out of that workspace with the token it was just given.
      expect(bot.fake.delivered("apps.uninstall").map((c) => [c.token, c.params["client_id"]])).toEqual([[INSTALLING.access_token, "1111.2222"]]);
      const [line] = parsed(bot.logs).filter((l) => String(l["message"]).startsWith("slack installation refused"));
      expect(line).toMatchObject({ level: "warn", team: INSTALLING.team.id });
      expect(bot.logs.join("\n")).not.toContain(INSTALLING.access_token);
    });
  });

  describe("with SLACK_ALLOWED_TEAMS", () => {
    let bot: Bot;
    const OLD = "T0OLDINSTL";
    const OLD_TOKEN = "xoxb-0000000007-0000000007-fakeOldInstall";
    beforeAll(async () => {
      bot = await startBot({ env: { ...oauthEnv, SLACK_ALLOWED_TEAMS: INSTALLING.team.id } });
      // Installed before the list was narrowed: its installation is still in the Store.
      await bot.store.saveSlackInstallation({ teamId: OLD }, { team: { id: OLD }, bot: { token: OLD_TOKEN, scopes: [], id: "B0METRICS1", userId: "U0BOTUSER7" } });
    });
    afterAll(async () => {
      await bot.close();
    });

    it("keeps the installation of a listed workspace", async () => {
      const res = await install(bot);
      expect(res.status).toBe(200);
      expect(await bot.store.getSlackInstallation({ teamId: INSTALLING.team.id })).not.toBeNull();
      expect(bot.fake.calls.filter((c) => c.method === "apps.uninstall")).toEqual([]);
    });

    it("refuses a workspace installed before it left the list, on every entry point, and shows a refusal on its App Home", async () => {
      const commandUrl = bot.catcher.url();
      const ack = await bot.send("/slack/events", slashCommandBody({ command: "/nps", text: "last-week", response_url: commandUrl, team_id: OLD }));
      expect(JSON.parse(ack.text)["text"]).toContain(`(${OLD}) is not among the workspaces it answers`);

      await bot.send("/slack/events", homeOpened(OLD), { json: true });
      const [view] = await bot.fake.waitFor("views.publish");
      expect(view!.token).toBe(OLD_TOKEN);
      expect(JSON.stringify(view!.params["view"])).toContain("SLACK_ALLOWED_TEAMS");
      expect(JSON.stringify(view!.params["view"])).not.toContain("Digests (");
    });

    it("still lets a refused workspace remove the app (app_uninstalled)", async () => {
      const event = {
        ...fixture("app-home-opened"),
        team_id: OLD,
        event: { type: "app_uninstalled", event_ts: "1763820400.000100" },
        event_id: "Ev0UNINSTAL2",
        authorizations: [{ enterprise_id: null, team_id: OLD, user_id: "U0BOTUSER7", is_bot: true, is_enterprise_install: false }],
      };
      await bot.send("/slack/events", JSON.stringify(event), { json: true });
      await expect.poll(() => bot.store.getSlackInstallation({ teamId: OLD })).toBeNull();
    });
  });
});

describe("digests and alerts in Slack", () => {
  let bot: Bot;
  beforeAll(async () => {
    bot = await startBot();
  });
  afterAll(async () => {
    await bot.close();
  });

  it("post to the bot's own workspace, while a digest and an alert rule for another workspace are paused and muted with a log line, and nothing reaches Slack for them", async () => {
    const channel = (workspace: string, id: string) => ({ platform: "slack" as const, workspace, channel: id });
    await bot.store.saveDigest(digestFixture({ id: "d-ours", destination: channel(OURS, "C0DIGESTS1") }));
    await bot.store.saveDigest(digestFixture({ id: "d-theirs", destination: channel(THEIRS, "C0THEIRS01") }));
    await bot.store.saveAlertRule(ruleFixture({ id: "a-theirs", destination: channel(THEIRS, "C0THEIRS02"), condition: { kind: "threshold", op: ">", value: 0 } }));
    const data = countingConnector(sampleData());
    const log = recordingLogger();
    const clock = testClock("2026-11-23T09:00:01Z");
    const scheduler = new Scheduler({
      store: bot.store,
      engine: engineOver({}, { connector: data, store: bot.store }),
      posters: { slack: bot.serving.slack!.poster },
      clock,
      log,
      owner: "test",
      random: () => 0.5,
      allowed: bot.serving.allowed,
    });
    const tick = await scheduler.tick(clock.now());
    expect(tick.ran.map((k) => k.scheduleId)).toEqual(["d-ours"]);
    expect((await scheduler.dispatchOutbox(clock.now())).delivered).toHaveLength(1);
    expect(bot.fake.delivered("chat.postMessage").map((c) => c.params["channel"])).toEqual(["C0DIGESTS1"]);

    expect(await bot.store.getDigest("d-theirs")).toMatchObject({ paused: true });
    expect(await bot.store.getAlertRule("a-theirs")).toMatchObject({ muted: true });
    expect(log.lines.filter((l) => l.message.startsWith("digest paused"))).toEqual([
      expect.objectContaining({ level: "warn", fields: expect.objectContaining({ schedule: "d-theirs", workspace: THEIRS }) }),
    ]);
    expect(log.lines.filter((l) => l.message.startsWith("alert rule muted"))[0]!.message).toContain("SLACK_ALLOWED_TEAMS");
  });

  it("are refused by the poster itself for another workspace, before any Web API call", async () => {
    const calls = bot.fake.calls.length;
    await expect(bot.serving.slack!.poster.post({ platform: "slack", workspace: THEIRS, channel: "C0THEIRS01" }, { kind: "error", cause: "user", message: "x" })).rejects.toThrow(
      `Slack workspace ${THEIRS} is not in SLACK_ALLOWED_TEAMS`,
    );
    await expect(bot.serving.slack!.poster.update({ platform: "slack", workspace: THEIRS, channel: "C0THEIRS01", id: "1.000001" }, { kind: "error", cause: "user", message: "x" })).rejects.toThrow(
      "SLACK_ALLOWED_TEAMS",
    );
    expect(bot.fake.calls).toHaveLength(calls);
  });
});

describe("the SLACK_ALLOWED_TEAMS variable", () => {
  it("reads team and Enterprise Grid ids, comma-separated, blanks ignored", () => {
    const config = loadConfig({ SLACK_BOT_TOKEN: "xoxb-1-2-x", SLACK_SIGNING_SECRET: "s", SLACK_ALLOWED_TEAMS: " T0ACMESUP1, E0ACMEGRID ,," });
    expect(config.slack?.allowedTeams).toEqual(["T0ACMESUP1", "E0ACMEGRID"]);
    expect(loadConfig({ SLACK_BOT_TOKEN: "xoxb-1-2-x", SLACK_SIGNING_SECRET: "s" }).slack?.allowedTeams).toBeUndefined();
  });

  it("stops with the fix when an entry is not a team or Enterprise Grid id", () => {
    const message = configError({ SLACK_BOT_TOKEN: "xoxb-1-2-x", SLACK_SIGNING_SECRET: "s", SLACK_ALLOWED_TEAMS: "T0ACMESUP1,acme-support" });
    expect(message).toContain("SLACK_ALLOWED_TEAMS (got `T0ACMESUP1,acme-support`) must be Slack team or Enterprise Grid ids, comma-separated");
    expect(message).toContain("app.slack.com/client/T…");
  });
});

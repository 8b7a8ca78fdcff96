/**
 * Requests meant to stall, crash or fool the Slack app, through the real
 * Bolt app on the real HTTP server, signed like Slack signs: it answers
 * what it cannot read with 400 and stays up, refuses a replayed signature,
 * refuses over-long commands with the limit, and keeps admin rights to the
 * workspace they were granted in.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SLACK_ACTIONS } from "../../../src/render/slack.ts";
import { NOT_ADMIN_MESSAGE } from "../../../src/schedule/manage.ts";
import { digestFixture } from "../../schedule/support.ts";
import { blockActionBody, BOT_TOKEN, SIGNING_SECRET, signatureHeaders, slashCommandBody, STATE_SECRET, startBot, textOf, type Bot } from "./support.ts";

describe("the Slack endpoint and hostile requests", () => {
  let bot: Bot;
  beforeAll(async () => {
    bot = await startBot({ env: { SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_SIGNING_SECRET: SIGNING_SECRET, BOT_ADMINS: "U0LEADUSR1" } });
  }, 30_000);
  afterAll(async () => {
    await bot.close();
  });

  it("answers a correctly signed JSON `null` body with 400 and keeps serving (it used to kill the process)", async () => {
    const res = await bot.send("/slack/events", "null", { json: true });
    expect(res.status).toBe(400);
    expect((await fetch(`${bot.base}/healthz`)).status).toBe(200);
    const responseUrl = bot.catcher.url();
    expect((await bot.send("/slack/events", slashCommandBody({ command: "/csat", text: "last-week", response_url: responseUrl }))).status).toBe(200);
    const [post] = await bot.catcher.waitFor(responseUrl);
    expect(post!.body["text"]).toMatch(/^Customer satisfaction \(CSAT\) last-week: /);
  });

  it("answers 400 to signed bodies that are not Slack payloads: a number, an array, a string, bad JSON, a slash command without its user", async () => {
    for (const body of ["42", "[]", '"csat"', "{", "{}"]) {
      expect({ body, status: (await bot.send("/slack/events", body, { json: true })).status }).toEqual({ body, status: 400 });
    }
    expect((await bot.send("/slack/events", "payload=null")).status).toBe(400);
    expect((await bot.send("/slack/events", "payload=%7B%22type%22%3A%22block_actions%22%7D")).status).toBe(400);
    const withoutUser = new URLSearchParams(slashCommandBody({ command: "/csat", text: "last-week", response_url: bot.catcher.url() }));
    withoutUser.delete("user_id");
    expect((await bot.send("/slack/events", withoutUser.toString())).status).toBe(400);
    expect((await fetch(`${bot.base}/healthz`)).status).toBe(200);
    // An unsigned `null` is Bolt's to refuse: 401, as any unsigned request.
    expect((await bot.send("/slack/events", "null", { json: true, unsigned: true })).status).toBe(401);
  });

  it("takes a captured request once: the same signature sent ten times adds one digest", async () => {
    const responseUrl = bot.catcher.url();
    const body = slashCommandBody({ command: "/metrics", text: "digest add daily 09:00", response_url: responseUrl });
    const timestamp = Math.floor(Date.now() / 1000);
    const headers = signatureHeaders(body, { timestamp });
    const statuses: number[] = [];
    for (let i = 0; i < 10; i++) statuses.push((await bot.send("/slack/events", body, { headers })).status);
    expect(statuses).toEqual([200, 401, 401, 401, 401, 401, 401, 401, 401, 401]);
    await bot.catcher.waitFor(responseUrl);
    expect(await bot.store.listDigests({ workspace: "T0ACMESUP1" })).toHaveLength(1);
    expect(bot.logs.some((l) => l.includes("already used (a replayed request)"))).toBe(true);
    // The same command signed afresh (a new request) is a new request.
    expect((await bot.send("/slack/events", body, { headers: signatureHeaders(body, { timestamp: timestamp - 60 }) })).status).toBe(200);
  });

  it("acknowledges a 4,005-character /csat at once and answers it with the 2,000-character limit", async () => {
    const responseUrl = bot.catcher.url();
    const text = "2026-".repeat(800);
    const ack = await bot.send("/slack/events", slashCommandBody({ command: "/csat", text, response_url: responseUrl }));
    expect(ack.status).toBe(200);
    const [post] = await bot.catcher.waitFor(responseUrl);
    expect(textOf(post!.body)).toContain("That message is 4,005 characters long; I read commands of at most 2,000 characters.");
    expect(textOf(post!.body)).not.toContain("2026-2026-2026");
  });

  it("answers a button whose value is 3,000 characters with the limit", async () => {
    const responseUrl = bot.catcher.url();
    await bot.send("/slack/events", blockActionBody({ actionId: SLACK_ACTIONS.byChannel, value: `csat ${"x".repeat(2995)}`, response_url: responseUrl }));
    const [post] = await bot.catcher.waitFor(responseUrl);
    expect(textOf(post!.body)).toContain("I read commands of at most 2,000 characters");
  });
});

describe("admin rights in two workspaces (OAuth)", () => {
  const A = { team: "T0WORKSPCA", token: "xoxb-0000000001-0000000001-fakeWorkspaceA" };
  const B = { team: "T0WORKSPCB", token: "xoxb-0000000002-0000000002-fakeWorkspaceB" };
  const USER = "U0SHAREDUS"; // one user id in both workspaces (Slack Connect / Enterprise Grid)
  let bot: Bot;
  beforeAll(async () => {
    bot = await startBot({ env: { SLACK_CLIENT_ID: "1111.2222", SLACK_CLIENT_SECRET: "test-client-secret", SLACK_STATE_SECRET: STATE_SECRET, SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_ALLOWED_TEAMS: `${A.team},${B.team}` } });
    for (const w of [A, B]) {
      await bot.store.saveSlackInstallation({ teamId: w.team }, { team: { id: w.team }, bot: { token: w.token, scopes: [], id: "B0METRICS1", userId: "U0BOTUSER1" } });
    }
    // users.info with A's token says the user is an admin there; with B's token, a member.
    bot.fake.adminsByToken.set(A.token, new Set([USER]));
    bot.fake.adminsByToken.set(B.token, new Set());
    await bot.store.saveDigest(digestFixture({ id: "d-bbb", destination: { platform: "slack", workspace: B.team, channel: "C0BCHANNEL" } }));
  }, 30_000);
  afterAll(async () => {
    await bot.close();
  });

  async function command(team: string, text: string): Promise<string> {
    const responseUrl = bot.catcher.url();
    await bot.send("/slack/events", slashCommandBody({ command: "/metrics", text, response_url: responseUrl, team_id: team, user_id: USER }));
    const [post] = await bot.catcher.waitFor(responseUrl);
    return textOf(post!.body);
  }

  it("does not let an admin of workspace A pause workspace B's digest, even right after A's admin check was remembered", async () => {
    expect(await command(A.team, "digest list")).toContain("No digests");
    expect(await command(B.team, "digest pause d-bbb")).toContain(NOT_ADMIN_MESSAGE.replace(/—.*/, "").trim());
    expect((await bot.store.getDigest("d-bbb"))?.paused).toBe(false);
    // Each workspace was asked about the user with its own token.
    const asked = bot.fake.calls.filter((c) => c.method === "users.info").map((c) => c.token);
    expect(asked).toEqual(expect.arrayContaining([A.token, B.token]));
  });

  it("still lets the user manage digests in the workspace where they are an admin", async () => {
    expect(await command(A.team, "digest add daily 09:00")).toMatch(/d-[a-z0-9]+/);
    expect(await bot.store.listDigests({ workspace: A.team })).toHaveLength(1);
  });
});

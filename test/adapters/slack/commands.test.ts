/**
 * Slash commands through the real Bolt app on the real HTTP server: signed
 * like Slack signs them, acknowledged at once, answered through the
 * response_url — whatever the data costs and whatever the person typed.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SLACK_ACTIONS } from "../../../src/render/slack.ts";
import { brokenConnector, sampleData, signatureHeaders, slashCommandBody, slowConnector, startBot, textOf, type Bot } from "./support.ts";

/** Buttons of a posted message, by action id. */
function buttons(body: Record<string, unknown>): Record<string, string> {
  const blocks = (body["blocks"] ?? []) as Array<{ type: string; elements?: Array<{ action_id: string; value: string }> }>;
  return Object.fromEntries(blocks.filter((b) => b.type === "actions").flatMap((b) => b.elements ?? []).map((e) => [e.action_id, e.value]));
}

describe("slash commands", () => {
  let bot: Bot;
  beforeAll(async () => {
    bot = await startBot();
  });
  afterAll(async () => {
    await bot.close();
  });

  it("acknowledges /csat last-week within a second and answers through the response_url, only to the asker, with a Share button", async () => {
    const responseUrl = bot.catcher.url();
    const ack = await bot.send("/slack/events", slashCommandBody({ command: "/csat", text: "last-week", response_url: responseUrl }));
    expect(ack.status).toBe(200);
    expect(ack.ms).toBeLessThan(1000);

    const [post] = await bot.catcher.waitFor(responseUrl);
    expect(post!.body["response_type"]).toBe("ephemeral");
    expect(post!.body["text"]).toMatch(/^Customer satisfaction \(CSAT\) last-week: \d+\.\d%/);
    expect(textOf(post!.body)).toContain("Mon 9 Nov – Sun 15 Nov 2026 (UTC)");
    expect(buttons(post!.body)).toMatchObject({ [SLACK_ACTIONS.share]: "csat last-week", [SLACK_ACTIONS.byChannel]: "csat last-week by channel" });
  });

  it("acknowledges at once when the data takes 4 seconds, and the answer follows when it is ready", async () => {
    const slow = await startBot({ connector: slowConnector(sampleData(), 4000) });
    try {
      const responseUrl = slow.catcher.url();
      const sent = Date.now();
      const ack = await slow.send("/slack/events", slashCommandBody({ command: "/nps", text: "last-month", response_url: responseUrl }));
      expect(ack.status).toBe(200);
      expect(ack.ms).toBeLessThan(1000);
      expect(slow.catcher.posts).toHaveLength(0);
      console.info(`slash command ack with a 4 s connector: ${ack.ms.toFixed(1)} ms`);

      const [post] = await slow.catcher.waitFor(responseUrl, 1, 10_000);
      expect(post!.at - sent).toBeGreaterThanOrEqual(4000);
      expect(post!.body["text"]).toMatch(/^Net Promoter Score last-month: /);
    } finally {
      await slow.close();
    }
  });

  it("answers /metrics with any catalog metric, and /metrics alone with help", async () => {
    const frtUrl = bot.catcher.url();
    const helpUrl = bot.catcher.url();
    await bot.send("/slack/events", slashCommandBody({ command: "/metrics", text: "frt last-week by agent", response_url: frtUrl }));
    await bot.send("/slack/events", slashCommandBody({ command: "/metrics", text: "", response_url: helpUrl }));

    const [frt] = await bot.catcher.waitFor(frtUrl);
    expect(frt!.body["text"]).toMatch(/^First response time last-week: /);
    expect(textOf(frt!.body)).toContain("*By agent*");
    const [help] = await bot.catcher.waitFor(helpUrl);
    expect(help!.body["text"]).toContain("What I can answer");
    expect(textOf(help!.body)).toContain("`churn_rate`");
  });

  it("answers /churn through the metric's alias", async () => {
    const responseUrl = bot.catcher.url();
    await bot.send("/slack/events", slashCommandBody({ command: "/churn", text: "last-month", response_url: responseUrl }));
    const [post] = await bot.catcher.waitFor(responseUrl);
    expect(post!.body["text"]).toMatch(/^Churn rate last-month: /);
  });

  it("answers a typo ephemerally with the did-you-mean and no Share button", async () => {
    const responseUrl = bot.catcher.url();
    const ack = await bot.send("/slack/events", slashCommandBody({ command: "/metrics", text: "csta lst-week", response_url: responseUrl }));
    expect(ack.status).toBe(200);
    const [post] = await bot.catcher.waitFor(responseUrl);
    expect(post!.body["response_type"]).toBe("ephemeral");
    expect(textOf(post!.body)).toContain("did you mean `csat`?");
    expect(buttons(post!.body)).toEqual({});
  });

  it("rejects a request signed with another secret with 401 and answers nothing", async () => {
    const responseUrl = bot.catcher.url();
    const body = slashCommandBody({ command: "/csat", text: "last-week", response_url: responseUrl });
    const res = await bot.send("/slack/events", body, { headers: signatureHeaders(body, { secret: "not-the-signing-secret" }) });
    expect(res.status).toBe(401);
    const unsigned = await bot.send("/slack/events", body, { unsigned: true });
    expect(unsigned.status).toBe(401);
    // The same body, signed correctly, is accepted: the 401s were the signature's doing.
    const good = await bot.send("/slack/events", body);
    expect(good.status).toBe(200);
    await bot.catcher.waitFor(responseUrl, 1);
    expect(bot.catcher.posts.filter((p) => p.path === new URL(responseUrl).pathname)).toHaveLength(1);
  });

  it("rejects a correctly signed request whose timestamp is more than five minutes old with 401", async () => {
    const body = slashCommandBody({ command: "/csat", text: "last-week", response_url: bot.catcher.url() });
    const old = Math.floor(Date.now() / 1000) - 5 * 60 - 10;
    const res = await bot.send("/slack/events", body, { headers: signatureHeaders(body, { timestamp: old }) });
    expect(res.status).toBe(401);
    const recent = Math.floor(Date.now() / 1000) - 60;
    expect((await bot.send("/slack/events", body, { headers: signatureHeaders(body, { timestamp: recent }) })).status).toBe(200);
  });

  it("answers /healthz with 200 and unknown paths with 404", async () => {
    const health = await fetch(`${bot.base}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: "ok", slack: "http", teams: "off" });
    expect((await fetch(`${bot.base}/nowhere`)).status).toBe(404);
    expect((await fetch(`${bot.base}/slack/events`)).status).toBe(405);
  });
});

describe("a fault while answering", () => {
  it("answers with a short apology and an id, and the log has the same id with the stack", async () => {
    const bot = await startBot({ connector: brokenConnector() });
    try {
      const responseUrl = bot.catcher.url();
      const ack = await bot.send("/slack/events", slashCommandBody({ command: "/csat", text: "last-week", response_url: responseUrl }));
      expect(ack.status).toBe(200);
      const [post] = await bot.catcher.waitFor(responseUrl);
      expect(post!.body["response_type"]).toBe("ephemeral");
      const id = /error ([A-Z0-9]{6})\)/.exec(String(post!.body["text"]))?.[1];
      expect(id).toBeDefined();
      expect(String(post!.body["text"])).not.toContain("TypeError");

      const logged = bot.logs.map((l) => JSON.parse(l) as { faultId?: string; error?: { stack?: string } }).find((l) => l.faultId === id);
      expect(logged?.error?.stack).toContain("TypeError: Cannot read properties of undefined (reading 'rows')");
    } finally {
      await bot.close();
    }
  });
});

describe("digests and alerts typed in Slack", () => {
  let bot: Bot;
  beforeAll(async () => {
    bot = await startBot();
  });
  afterAll(async () => {
    await bot.close();
  });

  it("adds a digest for a workspace admin, posting in the channel it was typed in", async () => {
    const responseUrl = bot.catcher.url();
    await bot.send("/slack/events", slashCommandBody({ command: "/metrics", text: "digest add daily 09:00", response_url: responseUrl, user_id: "U0LEADADMN" }));
    const [post] = await bot.catcher.waitFor(responseUrl);
    expect(post!.body["response_type"]).toBe("ephemeral");
    const digests = await bot.store.listDigests({ workspace: "T0ACMESUP1" });
    expect(digests).toHaveLength(1);
    expect(digests[0]).toMatchObject({ destination: { platform: "slack", workspace: "T0ACMESUP1", channel: "C0SUPPORT1" }, createdBy: "U0LEADADMN" });
    expect(textOf(post!.body)).toContain(digests[0]!.id);
  });

  it("politely refuses someone who is not an admin, and adds nothing", async () => {
    const before = (await bot.store.listDigests()).length;
    const responseUrl = bot.catcher.url();
    await bot.send("/slack/events", slashCommandBody({ command: "/metrics", text: "digest add daily 10:00", response_url: responseUrl, user_id: "U0LEADUSR1" }));
    const [post] = await bot.catcher.waitFor(responseUrl);
    expect(textOf(post!.body)).toContain("Only workspace admins can add or change digests and alerts");
    expect(await bot.store.listDigests()).toHaveLength(before);
  });
});

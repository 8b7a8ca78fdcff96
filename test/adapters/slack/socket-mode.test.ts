/**
 * Socket Mode (SLACK_APP_TOKEN): the app asks apps.connections.open for a
 * WebSocket, Slack sends envelopes down it, and the app acknowledges each
 * envelope at once and answers through the response_url — the same
 * listeners as over HTTP, with no public URL and no signing secret.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeSocketMode, type FakeSocketMode } from "../../fakes/socket-mode.ts";
import { BOT_TOKEN, fixture, sampleData, slowConnector, startBot, type Bot } from "./support.ts";

const APP_TOKEN = "xapp-1-A0METRICS1-0000000000-fakeTestAppToken";

describe("Socket Mode", () => {
  let socket: FakeSocketMode;
  let bot: Bot;
  beforeAll(async () => {
    socket = await startFakeSocketMode();
    bot = await startBot({
      env: { SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_APP_TOKEN: APP_TOKEN },
      socketModeUrl: socket.url,
      connector: slowConnector(sampleData(), 1500),
    });
    await socket.connected;
  });
  afterAll(async () => {
    await bot.close();
    await socket.close();
  });

  it("connects with the app-level token and serves no HTTP events endpoint", async () => {
    const opened = bot.fake.delivered("apps.connections.open");
    expect(opened.map((c) => c.token)).toEqual([APP_TOKEN]);
    expect(await (await fetch(`${bot.base}/healthz`)).json()).toEqual({ status: "ok", slack: "socket", teams: "off" });
    expect((await fetch(`${bot.base}/slack/events`, { method: "POST" })).status).toBe(404);
  });

  it("acknowledges a slash command envelope before the data work, then answers through the response_url", async () => {
    const responseUrl = bot.catcher.url();
    const command = { ...fixture<Record<string, string>>("slash-command"), command: "/csat", text: "last-week", response_url: responseUrl };
    const { envelopeId, sentAt } = socket.send("slash_commands", command);

    const ack = await socket.ackOf(envelopeId);
    expect(ack.at - sentAt).toBeLessThan(1000);
    expect(bot.catcher.posts.filter((p) => p.path === new URL(responseUrl).pathname)).toHaveLength(0);

    const [post] = await bot.catcher.waitFor(responseUrl, 1, 8000);
    expect(post!.at - sentAt).toBeGreaterThanOrEqual(1500);
    expect(post!.body).toMatchObject({ response_type: "ephemeral" });
    expect(post!.body["text"]).toMatch(/^Customer satisfaction \(CSAT\) last-week: /);
  });
});

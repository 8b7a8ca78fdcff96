/**
 * Charts (data_visualization) and tables are not in every Slack client. A
 * workspace whose clients lack them answers `invalid_blocks` (the fake Web
 * API and the fake response_url do, with Slack's payloads): the answer, the
 * digest and the Details reply still arrive, without the refused block and
 * with its fallback, and the workspace is remembered — in the Store, so also
 * after a restart — so the next post there goes without trying it.
 * Through the real HTTP server, the real Bolt app and the real outbox.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { refusedBlocks, RichBlockSupport } from "../../../adapters/slack/richBlocks.ts";
import { SlackPoster } from "../../../adapters/slack/poster.ts";
import { webApi } from "@slack/bolt";
import { createLogger } from "../../../src/log.ts";
import { SLACK_ACTIONS } from "../../../src/render/slack.ts";
import { readPayload } from "../../../src/schedule/payload.ts";
import { Scheduler } from "../../../src/schedule/scheduler.ts";
import { openStore } from "../../../src/store/index.ts";
import type { Destination } from "../../../src/store/store.ts";
import { engineOver } from "../../helpers.ts";
import { digestFixture, recordingLogger, testClock } from "../../schedule/support.ts";
import { blockActionBody, BOT_TOKEN, sampleData, slashCommandBody, startBot, type Bot } from "./support.ts";

const TEAM = "T0ACMESUP1";
const CHANNEL: Destination = { platform: "slack", workspace: TEAM, channel: "C0SUPPORT1" };
const POST_ID = "d-charts@2026-11-23T09:00:00.000Z/post";

const typesOf = (blocks: unknown): string[] => (Array.isArray(blocks) ? blocks.map((b) => String((b as { type?: unknown }).type)) : []);

describe("a workspace whose Slack clients lack charts", () => {
  let bot: Bot;
  beforeEach(async () => {
    bot = await startBot();
  });
  afterEach(async () => {
    await bot.close();
  });

  /** Saves a daily 09:00 digest posting to CHANNEL, runs it at 09:00 on Monday 23 November 2026 and dispatches the outbox once; the chat.postMessage calls so far. */
  async function postDigest() {
    await bot.store.saveDigest(digestFixture({ id: "d-charts", destination: CHANNEL, metrics: ["csat", "nps", "frt"], period: "yesterday" }));
    const clock = testClock("2026-11-23T09:00:02Z");
    const s = new Scheduler({
      store: bot.store,
      engine: engineOver({}, { connector: sampleData(), store: bot.store }),
      posters: { slack: bot.serving.slack!.poster },
      clock,
      log: recordingLogger(),
      owner: "test",
      random: () => 0.5,
    });
    expect((await s.tick(clock.now())).ran).toHaveLength(1);
    expect((await s.dispatchOutbox(clock.now())).delivered).toEqual([POST_ID]);
    return bot.fake.calls.filter((c) => c.method === "chat.postMessage");
  }

  it("gets an answer via the response_url and a digest via the outbox without the chart, the digest without trying it", async () => {
    bot.catcher.refuseBlocks.add("data_visualization");
    bot.fake.refuseBlocks.add("data_visualization");

    const responseUrl = bot.catcher.url();
    const ack = await bot.send("/slack/events", slashCommandBody({ command: "/csat", text: "last-week by channel", response_url: responseUrl }));
    expect(ack.status).toBe(200);
    const [answer] = await bot.catcher.waitFor(responseUrl);
    // Tried once with the charts, refused with 400 invalid_blocks, sent again without them.
    expect(bot.catcher.refused).toHaveLength(1);
    expect(typesOf(bot.catcher.refused[0]!.body["blocks"])).toContain("data_visualization");
    expect(typesOf(answer!.body["blocks"])).not.toContain("data_visualization");
    // Nothing is lost: the sparkline stands in for the line chart, the ranked list for the bars.
    const shown = JSON.stringify(answer!.body["blocks"]);
    expect(shown).toMatch(/\*Last 8 weeks\*\\n`[▁▂▃▄▅▆▇█ ]{8}`/);
    expect(shown).toContain("*By channel*");
    expect(answer!.body["text"]).toMatch(/^Customer satisfaction \(CSAT\) last-week: \d+\.\d%/);
    expect(await bot.store.refusedSlackBlocks(TEAM)).toEqual(["data_visualization"]);

    const posts = await postDigest();
    expect(posts).toHaveLength(1);
    expect(posts[0]!.params["error"]).toBeUndefined();
    const digest = typesOf(posts[0]!.params["blocks"]);
    expect(digest).not.toContain("data_visualization");
    expect(digest).toContain("table");
    expect(String(posts[0]!.params["text"])).toMatch(/^Digest d-charts — yesterday/);
  });

  it("re-posts a digest refused by the Web API without its chart, and the Details reply in its thread goes without trying it", async () => {
    bot.fake.refuseBlocks.add("data_visualization");
    const tries = await postDigest();
    expect(tries).toHaveLength(2);
    expect(typesOf(tries[0]!.params["blocks"])).toContain("data_visualization");
    expect(typesOf(tries[1]!.params["blocks"])).not.toContain("data_visualization");
    expect(bot.fake.messages.get("C0SUPPORT1")).toHaveLength(1);
    expect(await bot.store.refusedSlackBlocks(TEAM)).toEqual(["data_visualization"]);

    // Details under the digest: the metric's full answer in the digest's thread, straight without the chart.
    const digestTs = bot.fake.messages.get("C0SUPPORT1")![0]!.ts;
    const button = (tries[1]!.params["blocks"] as Array<{ type: string; elements?: Array<{ action_id: string; value: string; text: { text: string } }> }>)
      .filter((b) => b.type === "actions")
      .flatMap((b) => b.elements ?? [])
      .find((e) => e.text.text === "Details: Net Promoter Score");
    // The digest's "yesterday" (Sunday 22 November), pinned: a click on another day still answers for that day, with the comparison the digest made.
    expect(button?.value).toBe("nps 2026-11-22 vs same-weekday");
    expect(button?.action_id).toMatch(new RegExp(`^${SLACK_ACTIONS.digestDetails}:\\d+$`));
    const responseUrl = bot.catcher.url("actions");
    const body = JSON.parse(new URLSearchParams(blockActionBody({ actionId: button!.action_id, value: button!.value, response_url: responseUrl, ephemeral: false })).get("payload")!) as Record<string, unknown>;
    body["container"] = { ...(body["container"] as object), message_ts: digestTs };
    await bot.send("/slack/events", new URLSearchParams({ payload: JSON.stringify(body) }).toString());
    // Two calls so far (the refused digest and its re-post): the third is the reply.
    await bot.fake.waitFor("chat.postMessage", 3);
    const reply = bot.fake.calls.filter((c) => c.method === "chat.postMessage")[2]!;
    expect(reply.status).toBe(200);
    expect(reply.params["thread_ts"]).toBe(digestTs);
    expect(reply.token).toBe(BOT_TOKEN);
    expect(String(reply.params["text"])).toMatch(/^Net Promoter Score 2026-11-22: /);
    expect(typesOf(reply.params["blocks"])).not.toContain("data_visualization");
    expect(bot.fake.calls.filter((c) => c.method === "chat.postMessage")).toHaveLength(3);
  });

  it("shows a digest's rows as section fields where the table is refused too, and remembers both after a restart", async () => {
    bot.fake.refuseBlocks.add("data_visualization");
    bot.fake.refuseBlocks.add("table");
    const tries = await postDigest();
    // The first refusal points at the chart, the second at the table: each is dropped once it is named.
    expect(tries.map((t) => t.status)).toEqual([200, 200, 200]);
    expect(tries.map((t) => typesOf(t.params["blocks"]).filter((type) => type === "data_visualization" || type === "table"))).toEqual([["data_visualization", "table"], ["table"], []]);
    const fields = JSON.stringify(tries[2]!.params["blocks"]);
    expect(fields).toContain("*Customer satisfaction (CSAT)*");
    expect(fields).toContain("*Net Promoter Score*");

    // Another process on the same Store file (a restart) knows, and posts without trying either.
    const reopened = await openStore({ dataDir: bot.dataDir });
    try {
      const support = new RichBlockSupport(reopened, createLogger("error"));
      expect([...(await support.refused(TEAM))].sort()).toEqual(["data_visualization", "table"]);
      const client = new webApi.WebClient(BOT_TOKEN, { slackApiUrl: bot.fake.url, retryConfig: { retries: 0 } });
      const poster = new SlackPoster(async () => client, undefined, support);
      const digest = await reopened.getOutbox(POST_ID);
      await poster.post(CHANNEL, readPayload(digest!.payload).report);
      const after = bot.fake.calls.filter((c) => c.method === "chat.postMessage");
      expect(after).toHaveLength(4);
      expect(typesOf(after[3]!.params["blocks"]).filter((type) => type === "data_visualization" || type === "table")).toEqual([]);
    } finally {
      await reopened.close();
    }
  });
});

describe("what a refusal is about", () => {
  const message = { blocks: [{ type: "section" }, { type: "data_visualization" }, { type: "table" }] };
  const invalid = (pointer: number) => Object.assign(new Error("An API error occurred: invalid_blocks"), {
    code: "slack_webapi_platform_error",
    data: { ok: false, error: "invalid_blocks", errors: [`must be a valid enum value [json-pointer:/blocks/${pointer}/type]`], response_metadata: { messages: [`[ERROR] must be a valid enum value [json-pointer:/blocks/${pointer}/type]`] } },
  });

  it("is the block Slack's error points at", () => {
    expect(refusedBlocks(invalid(1), message)).toEqual(["data_visualization"]);
    expect(refusedBlocks(invalid(2), message)).toEqual(["table"]);
  });

  it("is nothing to leave out when Slack points at an ordinary block, or refuses for another reason", () => {
    expect(refusedBlocks(invalid(0), message)).toEqual([]);
    expect(refusedBlocks(Object.assign(new Error("channel_not_found"), { data: { ok: false, error: "channel_not_found" } }), message)).toEqual([]);
    expect(refusedBlocks(invalid(1), { blocks: [{ type: "section" }] })).toEqual([]);
  });

  it("is every chart and table of the message when a response_url says only 400", () => {
    const respondError = Object.assign(new Error("Failed to respond to the response_url: 400 Bad Request"), { code: "slack_bolt_respond_error", statusCode: 400 });
    expect(refusedBlocks(respondError, message)).toEqual(["data_visualization", "table"]);
    expect(refusedBlocks({ ...respondError, statusCode: 404 }, message)).toEqual([]);
  });
});

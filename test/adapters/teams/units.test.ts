/**
 * The small pieces of the Teams adapter on their own: reading a command out
 * of a message, conversation ids with and without the reply chain, and the
 * backoff arithmetic (Retry-After in seconds or as a date, jitter).
 */
import { describe, expect, it } from "vitest";
import { commandText, conversationRoot, threadConversation } from "../../../adapters/teams/activities.ts";
import { delayBeforeRetry, retryAfterMs, statusOf, TEAMS_RETRY_POLICY } from "../../../adapters/teams/retry.ts";

const bot = { id: "28:bot", name: "Metrics" };
const mention = (name: string, id: string) => ({ type: "mention", text: `<at>${name}</at>`, mentioned: { id, name } });

describe("commandText", () => {
  it("removes the bot's mention wherever it is, and tidies what Teams wraps around text", () => {
    expect(commandText({ text: "<at>Metrics</at>&nbsp;csat last-week\n", recipient: bot, entities: [mention("Metrics", "28:bot")] })).toBe("csat last-week");
    expect(commandText({ text: "csat <at>Metrics</at> last-week", recipient: bot, entities: [mention("Metrics", "28:bot")] })).toBe("csat last-week");
    expect(commandText({ text: "<p>frt this-month&nbsp;by agent</p>", recipient: bot })).toBe("frt this-month by agent");
    expect(commandText({ text: "alert add csat &lt; 80% over last-7-days", recipient: bot })).toBe("alert add csat < 80% over last-7-days");
  });

  it("drops a mention whose entity is missing (another client's spelling of the bot's name)", () => {
    expect(commandText({ text: "<at>Metrics Bot</at> nps", recipient: bot, entities: [] })).toBe("nps");
  });

  it("is empty for a message with no text (an image, a mention alone)", () => {
    expect(commandText({ recipient: bot, entities: [mention("Metrics", "28:bot")] })).toBe("");
    expect(commandText({ text: "<at>Metrics</at>", recipient: bot, entities: [mention("Metrics", "28:bot")] })).toBe("");
  });

  it("leaves the message alone", () => {
    const activity = { text: "<at>Metrics</at> csat", recipient: bot, entities: [mention("Metrics", "28:bot")] };
    commandText(activity);
    expect(activity.text).toBe("<at>Metrics</at> csat");
  });
});

describe("conversation ids", () => {
  it("cut a channel's reply chain off, and make one from a root message", () => {
    expect(conversationRoot("19:abc@thread.tacv2;messageid=1763820400456")).toBe("19:abc@thread.tacv2");
    expect(conversationRoot("a:1h3Xb")).toBe("a:1h3Xb");
    expect(threadConversation("19:abc@thread.tacv2;messageid=1", "1763820400456")).toBe("19:abc@thread.tacv2;messageid=1763820400456");
  });
});

describe("backoff", () => {
  const failure = (status: number, headers: Record<string, string>) => ({ statusCode: status, response: { status, headers: { get: (n: string) => headers[n.toLowerCase()] } } });

  it("reads the status and Retry-After (seconds or an HTTP date) of a failed call", () => {
    expect(statusOf(failure(429, {}))).toBe(429);
    expect(statusOf(new Error("socket hang up"))).toBeUndefined();
    expect(retryAfterMs(failure(429, { "retry-after": "3" }))).toBe(3_000);
    const now = Date.parse("2026-11-23T09:00:00Z");
    expect(retryAfterMs(failure(429, { "retry-after": "Mon, 23 Nov 2026 09:00:05 GMT" }), now)).toBe(5_000);
    expect(retryAfterMs(failure(429, { "retry-after": "soon" }))).toBeUndefined();
    expect(retryAfterMs({ response: { headers: { "Retry-After": "2" } } })).toBe(2_000);
  });

  it("waits Retry-After plus a little jitter, or doubles from 1 s with ±50 % jitter up to 15 s", () => {
    expect(delayBeforeRetry(1, 2_000, TEAMS_RETRY_POLICY, () => 0)).toBe(2_000);
    expect(delayBeforeRetry(1, 2_000, TEAMS_RETRY_POLICY, () => 0.999)).toBeLessThanOrEqual(2_450);
    expect([1, 2, 3].map((n) => delayBeforeRetry(n, undefined, TEAMS_RETRY_POLICY, () => 0.5))).toEqual([1_000, 2_000, 4_000]);
    expect(delayBeforeRetry(1, undefined, TEAMS_RETRY_POLICY, () => 0)).toBe(500);
    expect(delayBeforeRetry(10, undefined, TEAMS_RETRY_POLICY, () => 0.5)).toBe(15_000);
  });
});

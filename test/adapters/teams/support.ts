/**
 * The Teams bot as Teams sees it: the real botbuilder CloudAdapter behind
 * `POST /api/messages` on the real shared HTTP server (port 0, loopback),
 * unauthenticated unless the test gives it an app id, a fake Bot Connector at
 * the activities' `serviceUrl`, and a SQLite Store in a temporary directory.
 * Activities are the real payloads in test/fixtures/teams/.
 */
import { readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect } from "vitest";
import { createHttpServer, type HttpServer } from "../../../adapters/http/server.ts";
import { ADAPTIVE_CARD } from "../../../adapters/teams/activities.ts";
import { createTeamsBot, type TeamsBot, type TeamsBotDeps } from "../../../adapters/teams/app.ts";
import { TEAMS_MESSAGES_PATH } from "../../../adapters/teams/route.ts";
import type { Engine } from "../../../src/commands/answer.ts";
import { loadConfig } from "../../../src/config.ts";
import type { Connector } from "../../../src/connectors/connector.ts";
import { sampleConnector } from "../../../src/ingest/sample/index.ts";
import { createLogger } from "../../../src/log.ts";
import { openStore } from "../../../src/store/index.ts";
import type { Store } from "../../../src/store/store.ts";
import { startFakeBotConnector, type FakeBotConnector } from "../../fakes/bot-connector.ts";
import { engineOver, NOW } from "../../helpers.ts";
import { problems } from "../../support/adaptiveCards.ts";

let sample: Connector | undefined;
/** The fictional sample team up to NOW (Sunday 22 November 2026), built once per test file. */
export function sampleData(): Connector {
  sample ??= sampleConnector(NOW);
  return sample;
}

export type FixtureName = "personal-message" | "channel-message-mention" | "conversation-update-bot-added" | "installation-update-add" | "adaptive-card-action";

// The ids the fixtures use.
export const TENANT = "9c1d6f3e-2b4a-4f7e-8d5c-1a2b3c4d5e6f";
export const BOT_ID = "28:3f2504e0-4f89-41d3-9a0c-0305e82c3301";
export const USER_ID = "29:1Zk3vLl1yV0VnS9uP8bQzU3xq5d0y7S8nGqk2R1x4aB2cD3eF4gH5iJ6kL7mN8oP9qR0sTuVwXyZ";
export const PERSONAL_CHAT = "a:1h3XbWq8Nc2rVt6yLp0zKd4sGf7mJu9eA5oRi1TxQwEvBnY3cHk8lZs2UpDjMg6OaF0bIe4LrWyNq7tXh5KvCz9mSd1";
export const CHANNEL = "19:7a1f2c3e4d5b4a6980c1d2e3f4a5b6c7@thread.tacv2";
export const GENERAL_CHANNEL = "19:Gq2Lw8pR5tY1uI3oP6aS9dF4gH7jK0lZ@thread.tacv2";
/** A made-up Microsoft App ID, for the tests with authentication on. */
export const APP_ID = "3f2504e0-4f89-41d3-9a0c-0305e82c3301";

export type TeamsActivityJson = Record<string, unknown> & {
  type: string;
  id?: string;
  text?: string;
  serviceUrl: string;
  conversation: { id: string; conversationType?: string; tenantId?: string };
  value?: unknown;
  replyToId?: string;
  deliveryMode?: string;
};

export function fixture(name: FixtureName): TeamsActivityJson {
  return JSON.parse(readFileSync(new URL(`../../fixtures/teams/${name}.json`, import.meta.url), "utf8")) as TeamsActivityJson;
}

export interface ReplyActivity {
  type: string;
  text?: string;
  summary?: string;
  replyToId?: string;
  conversation?: { id: string };
  attachments?: Array<{ contentType: string; content: unknown }>;
}

export interface Posted {
  status: number;
  text: string;
  /** The parsed body, when it is JSON. */
  json: unknown;
}

export interface TestBot {
  teams: TeamsBot;
  fake: FakeBotConnector;
  store: Store;
  http: HttpServer;
  base: string;
  /** Every JSON log line the bot wrote. */
  logs: string[];
  /** A fixture with this test's serviceUrl (the fake connector), changed by `edit`. */
  activity(name: FixtureName, edit?: (a: TeamsActivityJson) => void): TeamsActivityJson;
  /** POSTs an activity to /api/messages. */
  post(activity: unknown, headers?: Record<string, string>): Promise<Posted>;
  /** POSTs with deliveryMode "expectReplies" and returns the reply activities from the response body. */
  ask(activity: TeamsActivityJson): Promise<ReplyActivity[]>;
  close(): Promise<void>;
}

export async function startTeamsBot(
  opts: { engine?: (log: Engine["log"]) => Engine; env?: Record<string, string>; teams?: Partial<TeamsBotDeps> } = {},
): Promise<TestBot> {
  const fake = await startFakeBotConnector();
  const dir = await mkdtemp(join(tmpdir(), "teams-test-"));
  const logs: string[] = [];
  const log = createLogger("info", (line) => logs.push(line));
  const store = await openStore({ dataDir: dir });
  const engine = opts.engine ? opts.engine(log) : engineOver({}, { connector: sampleData(), log });
  // Without an app id, the tests run Teams as the Bot Framework Emulator would: TEAMS_AUTH=off, on loopback.
  const config = loadConfig({ PORT: "0", ...(opts.env?.["MICROSOFT_APP_ID"] ? {} : { TEAMS_AUTH: "off" }), ...opts.env });
  const teams = createTeamsBot({
    engine,
    store,
    log,
    ...(config.teams ? { config: config.teams } : { authOff: config.teamsAuthOff }),
    ...(config.teamsAllowedTenants ? { allowedTenants: config.teamsAllowedTenants } : {}),
    ...opts.teams,
  });
  const http = createHttpServer({ routes: [teams.route], log });
  const { port } = await http.listen(0, "127.0.0.1");
  const base = `http://127.0.0.1:${port}`;

  const post = async (activity: unknown, headers: Record<string, string> = {}): Promise<Posted> => {
    const res = await fetch(`${base}${TEAMS_MESSAGES_PATH}`, {
      method: "POST",
      headers: { "Content-Type": "application/json", ...headers },
      body: typeof activity === "string" ? activity : JSON.stringify(activity),
    });
    const text = await res.text();
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    return { status: res.status, text, json };
  };

  return {
    teams,
    fake,
    store,
    http,
    base,
    logs,
    activity(name, edit) {
      const a = fixture(name);
      a.serviceUrl = fake.serviceUrl;
      edit?.(a);
      return a;
    },
    post,
    async ask(activity) {
      const { status, json, text } = await post({ ...activity, deliveryMode: "expectReplies" });
      if (status !== 200) throw new Error(`/api/messages answered ${status}: ${text}`);
      return (json as { activities: ReplyActivity[] }).activities;
    },
    async close() {
      await http.close();
      await fake.close();
      await store.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** The Adaptive Cards among the activities' attachments. */
export function cardsOf(activities: Array<{ attachments?: Array<{ contentType: string; content: unknown }> }>): unknown[] {
  return activities.flatMap((a) => (a.attachments ?? []).filter((x) => x.contentType === ADAPTIVE_CARD).map((x) => x.content));
}

/**
 * The one message with one card the bot answers with, after checking that
 * the card is a valid Adaptive Card 1.5 (Microsoft's SDK), that it shows no
 * backticks, and that the message has the one-line summary and no text line.
 */
export function theCard(activities: ReplyActivity[], label = ""): { card: Record<string, unknown>; text: string } {
  const messages = activities.filter((a) => a.type === "message");
  expect(messages, label).toHaveLength(1);
  const [message] = messages;
  const cards = cardsOf(messages);
  expect(cards, label).toHaveLength(1);
  expect(problems(cards[0]), label).toEqual([]);
  // One activity per reply: the card, with its one-line summary for notifications, and no text line repeating it.
  expect(message!.text, label).toBeUndefined();
  expect(message!.summary, label).toBeTruthy();
  expect(message!.summary, label).not.toContain("\n");
  expect(JSON.stringify(cards[0]), label).not.toContain("`");
  return { card: cards[0] as Record<string, unknown>, text: message!.summary! };
}

/** Every text of a card, joined: what a person reads. */
export function cardText(card: unknown): string {
  const texts: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === "object") {
      for (const [k, v] of Object.entries(node)) {
        if ((k === "text" || k === "title" || k === "value") && typeof v === "string") texts.push(v);
        else walk(v);
      }
    }
  };
  walk(card);
  return texts.join("\n");
}

/** The JSON log lines with this message. */
export function logged(logs: string[], message: string | RegExp): Array<Record<string, unknown>> {
  return logs
    .map((l) => JSON.parse(l) as Record<string, unknown>)
    .filter((l) => (typeof message === "string" ? l["message"] === message : message.test(String(l["message"]))));
}

/**
 * The Slack app as Slack sees it: the real Bolt app on the real HTTP server
 * on loopback (port 0), a fake Web API behind SLACK_API_URL, a response_url
 * catcher, a SQLite Store in a temporary directory, and requests signed with
 * Slack's real algorithm — HMAC-SHA256 of `v0:{timestamp}:{raw body}`.
 */
import { createHmac } from "node:crypto";
import { readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { serve, type Serving } from "../../../adapters/http/serve.ts";
import type { Engine } from "../../../src/commands/answer.ts";
import { loadConfig } from "../../../src/config.ts";
import type { Connector } from "../../../src/connectors/connector.ts";
import { createLogger } from "../../../src/log.ts";
import { openStore } from "../../../src/store/index.ts";
import type { Store } from "../../../src/store/store.ts";
import { startFakeSlackApi, type FakeSlackApi } from "../../fakes/slack-api.ts";
import { startResponseUrlCatcher, type ResponseUrlCatcher } from "../../fakes/response-url.ts";
import { sampleConnector } from "../../../src/ingest/sample/index.ts";
import { engineOver, NOW } from "../../helpers.ts";

let sample: Connector | undefined;
/** The fictional sample team up to NOW (Sunday 22 November 2026), built once per test file. */
export function sampleData(): Connector {
  sample ??= sampleConnector(NOW);
  return sample;
}

/** Test-only credentials: never real ones. */
export const SIGNING_SECRET = "8f742231b10e8888abcd99yyyzzz85a5";
export const BOT_TOKEN = "xoxb-0000000001-0000000001-fakeTestBotToken";
export const STATE_SECRET = "test-state-secret-long-enough-to-sign";

export const fixture = <T = Record<string, unknown>>(name: string): T =>
  JSON.parse(readFileSync(new URL(`../../fixtures/slack/${name}.json`, import.meta.url), "utf8")) as T;

/** Slack's request signature headers for `body` (timestamp in seconds; now unless given). */
export function signatureHeaders(body: string, opts: { secret?: string; timestamp?: number } = {}): Record<string, string> {
  const timestamp = opts.timestamp ?? Math.floor(Date.now() / 1000);
  const hmac = createHmac("sha256", opts.secret ?? SIGNING_SECRET).update(`v0:${timestamp}:${body}`).digest("hex");
  return { "X-Slack-Request-Timestamp": String(timestamp), "X-Slack-Signature": `v0=${hmac}` };
}

/** A slash command's form body, from the real payload's fields. */
export function slashCommandBody(fields: { command: string; text: string; response_url: string; team_id?: string; user_id?: string }): string {
  return new URLSearchParams({ ...fixture<Record<string, string>>("slash-command"), ...fields }).toString();
}

/** A block_actions payload (a button click), as Slack form-encodes it. */
export function blockActionBody(opts: {
  actionId: string;
  value: string;
  response_url: string;
  ephemeral?: boolean;
  teamId?: string;
  /** Who clicked (default: the fixture's member, U0LEADUSR1). */
  userId?: string;
}): string {
  const payload = fixture<Record<string, unknown> & { actions: Array<Record<string, unknown>>; container: Record<string, unknown> }>("block-actions");
  const [action] = payload.actions;
  payload.actions = [{ ...action, action_id: opts.actionId, value: opts.value }];
  payload.response_url = opts.response_url;
  payload.container = { ...payload.container, is_ephemeral: opts.ephemeral ?? true };
  if (opts.teamId) payload.team = { id: opts.teamId, domain: "beta-helpdesk" };
  if (opts.userId) payload.user = { ...(payload.user as Record<string, unknown>), id: opts.userId };
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

export interface Bot {
  base: string;
  fake: FakeSlackApi;
  catcher: ResponseUrlCatcher;
  store: Store;
  /** The directory of the Store's SQLite file. */
  dataDir: string;
  serving: Serving;
  /** Every JSON log line the bot wrote. */
  logs: string[];
  /** POSTs a signed request (form or JSON) and returns the response with how long it took. */
  send(path: string, body: string, opts?: { json?: boolean; headers?: Record<string, string>; unsigned?: boolean }): Promise<{ status: number; ms: number; text: string }>;
  close(): Promise<void>;
}

export async function startBot(
  opts: { connector?: Connector; engine?: (log: Engine["log"]) => Engine; env?: Record<string, string>; socketModeUrl?: string } = {},
): Promise<Bot> {
  const fake = await startFakeSlackApi();
  fake.socketModeUrl = opts.socketModeUrl;
  const catcher = await startResponseUrlCatcher();
  const dir = await mkdtemp(join(tmpdir(), "slack-test-"));
  const logs: string[] = [];
  const log = createLogger("info", (line) => logs.push(line));
  const store = await openStore({ dataDir: dir });
  const engine = opts.engine ? opts.engine(log) : engineOver({}, { connector: opts.connector ?? sampleData(), log });
  const config = loadConfig({
    PORT: "0",
    SLACK_API_URL: fake.url,
    ...(opts.env ?? { SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_SIGNING_SECRET: SIGNING_SECRET }),
  });
  // Bolt's own retries, with the backoff after Retry-After shortened so the test stays quick.
  const serving = await serve(config, { engine, store, log, host: "127.0.0.1", slackRetryPolicy: { retries: 2, minTimeout: 0, maxTimeout: 10 } });
  const base = `http://127.0.0.1:${serving.port}`;
  return {
    base,
    fake,
    catcher,
    store,
    dataDir: dir,
    serving,
    logs,
    async send(path, body, o = {}) {
      const headers: Record<string, string> = {
        "Content-Type": o.json ? "application/json" : "application/x-www-form-urlencoded",
        ...(o.unsigned ? {} : signatureHeaders(body)),
        ...o.headers,
      };
      const started = performance.now();
      const res = await fetch(`${base}${path}`, { method: "POST", headers, body });
      const text = await res.text();
      return { status: res.status, ms: performance.now() - started, text };
    },
    async close() {
      await serving.close();
      await Promise.all([fake.close(), catcher.close()]);
      await store.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** A connector that answers like `inner` after `ms` milliseconds (a slow warehouse). */
export function slowConnector(inner: Connector, ms: number): Connector {
  const wait = () => new Promise((resolve) => setTimeout(resolve, ms));
  return {
    name: inner.name,
    measure: async (q) => (await wait(), inner.measure(q)),
    describe: async () => (await wait(), inner.describe()),
  };
}

/** A connector with a bug: every call throws an ordinary Error (a fault, not a source outage). */
export function brokenConnector(): Connector {
  return {
    name: "broken",
    measure: async () => {
      throw new TypeError("Cannot read properties of undefined (reading 'rows')");
    },
    describe: async () => {
      throw new TypeError("Cannot read properties of undefined (reading 'rows')");
    },
  };
}

/** Plain text of a Block Kit message, for assertions. */
export function textOf(message: Record<string, unknown>): string {
  return JSON.stringify(message["blocks"] ?? []) + String(message["text"] ?? "");
}

/**
 * A fake Slack Web API on loopback, reached through SLACK_API_URL. It speaks
 * the real wire format — form-encoded or JSON requests to `/api/<method>`,
 * a bearer token, `{ ok, … }` answers shaped like test/fixtures/slack/ — and
 * records every call. A call can be made to fail once: HTTP 429 with
 * Retry-After (as Slack rate-limits), or `{ ok: false, error }`, or — after
 * the message was posted — an HTTP 5xx (the post landed, the answer did not).
 * Methods can be made slow (`latency`): the call takes effect at once and
 * is answered later, as a slow Slack would.
 *
 * It keeps each channel's messages, with their `metadata` (chat.postMessage),
 * and reads them back as Slack documents them: conversations.history newest
 * first after `oldest`, conversations.replies the parent then its replies in
 * order; metadata only with `include_all_metadata`; `limit` and an opaque
 * `cursor` in `response_metadata.next_cursor`
 * (api.slack.com/methods/conversations.history, /methods/conversations.replies,
 * /metadata/using, /apis/web-api/pagination).
 *
 * It can act as a workspace whose clients lack a block type (`refuseBlocks`):
 * chat.postMessage, chat.update, chat.postEphemeral and views.publish with
 * such a block answer `invalid_blocks`, pointing at the block
 * (docs.slack.dev/reference/methods/chat.postMessage, "Errors";
 * test/fixtures/slack/invalid_blocks.json), and post nothing.
 */
import { readFileSync } from "node:fs";
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { createWaiters } from "./waiters.ts";

const fixture = (name: string): Record<string, unknown> =>
  JSON.parse(readFileSync(new URL(`../fixtures/slack/${name}.json`, import.meta.url), "utf8")) as Record<string, unknown>;

export interface SlackApiCall {
  method: string;
  /** Form fields, with JSON-valued ones (blocks, view) parsed. */
  params: Record<string, unknown>;
  /** The bearer token the call carried, if any. */
  token: string | undefined;
  /** HTTP status the fake answered with. */
  status: number;
  at: number;
}

export type Failure = { kind: "ratelimited"; retryAfter: number } | { kind: "error"; error: string } | { kind: "after"; status: number };

/** What a chaos hook decides for one call: how slow, and how it fails (if it does). */
export interface ChaosDecision {
  latencyMs?: number;
  failure?: Failure;
}

/** A message as kept in a channel. */
export interface SlackMessage {
  ts: string;
  text: unknown;
  blocks: unknown;
  thread_ts?: string;
  metadata?: { event_type: string; event_payload: Record<string, unknown> };
}

export interface FakeSlackApi {
  /** Base URL for SLACK_API_URL / clientOptions.slackApiUrl (ends with `/api/`). */
  url: string;
  calls: SlackApiCall[];
  /** Calls to `method` that were answered 200 with ok: true. */
  delivered(method: string): SlackApiCall[];
  /** The next call to `method` gets HTTP 429 with `Retry-After: seconds`. */
  rateLimitNext(method: string, seconds: number): void;
  /** The next call to `method` gets `{ ok: false, error }`. */
  failNext(method: string, error: string): void;
  /** The next call to `method` takes effect (a message is posted), then is answered with HTTP `status`. */
  failNextAfterEffect(method: string, status: number): void;
  /** Block types refused with `invalid_blocks`, as by a workspace whose clients lack them (e.g. "data_visualization"). */
  refuseBlocks: Set<string>;
  /** Milliseconds before answering each call to a method (its effect is immediate). */
  latency: Record<string, number>;
  /** Each channel's messages, oldest first. */
  messages: Map<string, SlackMessage[]>;
  /** Decides latency and failure per call (after any queued failure); for chaos tests. */
  chaos: ((method: string) => ChaosDecision | undefined) | undefined;
  /** Users reported by users.info as workspace admins. */
  admins: Set<string>;
  /**
   * Admins of one workspace, by the bot token of its installation (users.info
   * answers for the workspace the token belongs to); a token not listed here uses `admins`.
   */
  adminsByToken: Map<string, Set<string>>;
  /** What apps.connections.open answers as the Socket Mode WebSocket URL. */
  socketModeUrl: string | undefined;
  /** The code oauth.v2.access accepts, and the client credentials it expects. */
  oauth: { code: string; clientId: string; clientSecret: string };
  /** Resolves when `count` calls to `method` have been answered ok (or rejects after `timeoutMs`). */
  waitFor(method: string, count?: number, timeoutMs?: number): Promise<SlackApiCall[]>;
  close(): Promise<void>;
}

export async function startFakeSlackApi(): Promise<FakeSlackApi> {
  const calls: SlackApiCall[] = [];
  const failures = new Map<string, Failure[]>();
  const messages = new Map<string, SlackMessage[]>();
  const waiters = createWaiters();
  const admins = new Set<string>(["U0LEADADMN"]);
  const adminsByToken = new Map<string, Set<string>>();
  const oauth = { code: "code-from-slack", clientId: "1111.2222", clientSecret: "test-client-secret" };
  let seq = 0;

  const server = createServer(async (req, res) => {
    const method = new URL(req.url ?? "/", "http://localhost").pathname.replace(/^\/api\//, "");
    const params = await readParams(req);
    const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? "")?.[1] ?? (typeof params["token"] === "string" ? params["token"] : undefined);
    let send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      calls.push({ method, params, token, status, at: Date.now() });
      res.writeHead(status, { "Content-Type": "application/json; charset=utf-8", ...headers });
      res.end(JSON.stringify(body));
      waiters.wake();
    };

    const decided = api.chaos?.(method);
    const failure = failures.get(method)?.shift() ?? decided?.failure;
    if (failure?.kind === "ratelimited") return send(429, fixture("ratelimited"), { "Retry-After": String(failure.retryAfter) });
    if (failure?.kind === "error") return send(200, { ok: false, error: failure.error });
    const refusal = refusedBlock(method, params, api.refuseBlocks);
    if (refusal !== undefined) {
      const body = fixture("invalid_blocks");
      const said = (list: unknown) => (list as string[]).map((line) => line.replace(/\/blocks\/\d+/, `/blocks/${refusal}`));
      return send(200, { ...body, errors: said(body["errors"]), response_metadata: { messages: said((body["response_metadata"] as { messages: unknown }).messages) } });
    }
    const slow = decided?.latencyMs ?? api.latency[method] ?? 0;
    if (slow > 0 || failure?.kind === "after") {
      const answer = send;
      send = (status, body, headers) => {
        setTimeout(() => (failure?.kind === "after" ? answer(failure.status, { ok: false, error: "internal_error" }) : answer(status, body, headers)), slow).unref();
      };
    }

    seq += 1;
    const ts = `${Math.floor(Date.now() / 1000)}.${String(seq).padStart(6, "0")}`;
    switch (method) {
      case "auth.test":
        if (!token?.startsWith("xoxb-")) return send(200, { ok: false, error: "invalid_auth" });
        if (token.includes("revoked")) return send(200, { ok: false, error: "token_revoked" });
        return send(200, fixture("auth.test"));
      case "chat.postMessage": {
        const body = fixture("chat.postMessage");
        const channel = String(params["channel"]);
        const kept: SlackMessage = {
          ts,
          text: params["text"],
          blocks: params["blocks"] ?? [],
          ...(typeof params["thread_ts"] === "string" ? { thread_ts: params["thread_ts"] } : {}),
          ...(params["metadata"] ? { metadata: params["metadata"] as SlackMessage["metadata"] & object } : {}),
        };
        messages.set(channel, [...(messages.get(channel) ?? []), kept]);
        const message = { ...(body["message"] as object), ts, text: params["text"], blocks: params["blocks"] ?? [] };
        return send(200, { ...body, channel, ts, message });
      }
      case "chat.postEphemeral":
        return send(200, { ok: true, message_ts: ts });
      case "conversations.history":
      case "conversations.replies": {
        const channel = String(params["channel"]);
        const oldest = Number(params["oldest"] ?? 0);
        const all = (messages.get(channel) ?? []).filter((m) => Number(m.ts) > oldest);
        const thread = String(params["ts"] ?? "");
        const listed = method === "conversations.history" ? all.filter((m) => !m.thread_ts || m.thread_ts === m.ts).reverse() : all.filter((m) => m.ts === thread || m.thread_ts === thread);
        const limit = Math.min(Number(params["limit"] ?? 100), 999);
        const from = params["cursor"] ? Number(Buffer.from(String(params["cursor"]), "base64").toString("utf8").replace("offset:", "")) : 0;
        const page = listed.slice(from, from + limit).map((m) => {
          const { metadata, ...rest } = m;
          return params["include_all_metadata"] === true || params["include_all_metadata"] === "true" ? m : rest;
        });
        const more = from + limit < listed.length;
        return send(200, {
          ok: true,
          messages: page,
          has_more: more,
          response_metadata: { next_cursor: more ? Buffer.from(`offset:${from + limit}`).toString("base64") : "" },
        });
      }
      case "chat.update": {
        const body = fixture("chat.update");
        const message = { ...(body["message"] as object), text: params["text"], blocks: params["blocks"] ?? [] };
        return send(200, { ...body, channel: params["channel"], ts: params["ts"], text: params["text"], message });
      }
      case "views.publish": {
        const body = fixture("views.publish");
        return send(200, { ...body, view: { ...(body["view"] as object), ...(params["view"] as object) } });
      }
      case "users.info": {
        const body = fixture("users.info");
        const user = params["user"] as string;
        const admin = ((token !== undefined ? adminsByToken.get(token) : undefined) ?? admins).has(user);
        return send(200, { ...body, user: { ...(body["user"] as object), id: user, is_admin: admin, is_owner: false, is_primary_owner: false } });
      }
      case "apps.connections.open":
        if (!token?.startsWith("xapp-")) return send(200, { ok: false, error: "not_allowed_token_type" });
        if (!api.socketModeUrl) return send(200, { ok: false, error: "internal_error" });
        return send(200, { ok: true, url: api.socketModeUrl });
      case "apps.uninstall":
        // Slack's answer to the app's own client credentials and a token of the workspace to leave.
        if (params["client_id"] !== oauth.clientId || params["client_secret"] !== oauth.clientSecret) return send(200, { ok: false, error: "invalid_client_id" });
        if (!token?.startsWith("xoxb-")) return send(200, { ok: false, error: "invalid_auth" });
        return send(200, { ok: true });
      case "oauth.v2.access":
        if (params["client_id"] !== oauth.clientId || params["client_secret"] !== oauth.clientSecret) return send(200, { ok: false, error: "invalid_client_id" });
        if (params["code"] !== oauth.code) return send(200, { ok: false, error: "invalid_code" });
        return send(200, fixture("oauth.v2.access"));
      default:
        return send(200, { ok: false, error: "unknown_method" });
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  const delivered = (method: string) => calls.filter((c) => c.method === method && c.status === 200);
  const api: FakeSlackApi = {
    url: `http://127.0.0.1:${port}/api/`,
    socketModeUrl: undefined,
    calls,
    delivered,
    admins,
    adminsByToken,
    oauth,
    rateLimitNext: (method, seconds) => failures.set(method, [...(failures.get(method) ?? []), { kind: "ratelimited", retryAfter: seconds }]),
    failNext: (method, error) => failures.set(method, [...(failures.get(method) ?? []), { kind: "error", error }]),
    failNextAfterEffect: (method, status) => failures.set(method, [...(failures.get(method) ?? []), { kind: "after", status }]),
    latency: {},
    refuseBlocks: new Set(),
    messages,
    chaos: undefined,
    waitFor: (method, count = 1, timeoutMs = 5000) =>
      waiters.waitFor(() => delivered(method), count, timeoutMs, (got) => `fake Slack API: expected ${count} ${method} call(s) within ${timeoutMs} ms, got ${got}`),
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
  return api;
}

/** Methods that carry blocks (views.publish inside its view). */
const WITH_BLOCKS = new Set(["chat.postMessage", "chat.update", "chat.postEphemeral", "views.publish"]);

/** The index of the first block of a refused type in the call, if any. */
function refusedBlock(method: string, params: Record<string, unknown>, refused: ReadonlySet<string>): number | undefined {
  if (!WITH_BLOCKS.has(method) || refused.size === 0) return undefined;
  const blocks = method === "views.publish" ? (params["view"] as { blocks?: unknown } | undefined)?.blocks : params["blocks"];
  if (!Array.isArray(blocks)) return undefined;
  const i = blocks.findIndex((b) => refused.has(String((b as { type?: unknown }).type)));
  return i >= 0 ? i : undefined;
}

/** The Web API client sends form fields, JSON-encoding objects such as blocks and views; JSON bodies are accepted too. */
async function readParams(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const raw = Buffer.concat(chunks).toString("utf8");
  if ((req.headers["content-type"] ?? "").includes("application/json")) return raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
  const params: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(raw)) {
    params[key] = /^[[{]/.test(value) ? tryJson(value) : value;
  }
  return params;
}

function tryJson(value: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

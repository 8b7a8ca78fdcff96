/**
 * A fake Slack Web API on loopback, reached through SLACK_API_URL. It speaks
 * the real wire format — form-encoded or JSON requests to `/api/<method>`,
 * a bearer token, `{ ok, … }` answers shaped like test/fixtures/slack/ — and
 * records every call. A call can be made to fail once: HTTP 429 with
 * Retry-After (as Slack rate-limits), or `{ ok: false, error }`.
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

type Failure = { kind: "ratelimited"; retryAfter: number } | { kind: "error"; error: string };

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
  const waiters = createWaiters();
  const admins = new Set<string>(["U0LEADADMN"]);
  const adminsByToken = new Map<string, Set<string>>();
  const oauth = { code: "code-from-slack", clientId: "1111.2222", clientSecret: "test-client-secret" };
  let seq = 0;

  const server = createServer(async (req, res) => {
    const method = new URL(req.url ?? "/", "http://localhost").pathname.replace(/^\/api\//, "");
    const params = await readParams(req);
    const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? "")?.[1] ?? (typeof params["token"] === "string" ? params["token"] : undefined);
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      calls.push({ method, params, token, status, at: Date.now() });
      res.writeHead(status, { "Content-Type": "application/json; charset=utf-8", ...headers });
      res.end(JSON.stringify(body));
      waiters.wake();
    };

    const failure = failures.get(method)?.shift();
    if (failure?.kind === "ratelimited") return send(429, fixture("ratelimited"), { "Retry-After": String(failure.retryAfter) });
    if (failure?.kind === "error") return send(200, { ok: false, error: failure.error });

    seq += 1;
    const ts = `${Math.floor(Date.now() / 1000)}.${String(seq).padStart(6, "0")}`;
    switch (method) {
      case "auth.test":
        if (!token?.startsWith("xoxb-")) return send(200, { ok: false, error: "invalid_auth" });
        if (token.includes("revoked")) return send(200, { ok: false, error: "token_revoked" });
        return send(200, fixture("auth.test"));
      case "chat.postMessage": {
        const body = fixture("chat.postMessage");
        const message = { ...(body["message"] as object), ts, text: params["text"], blocks: params["blocks"] ?? [] };
        return send(200, { ...body, channel: params["channel"], ts, message });
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

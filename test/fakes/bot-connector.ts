/**
 * A fake Bot Connector service on loopback: what the bot reaches at an
 * activity's `serviceUrl`. It speaks the real v3 paths and shapes —
 *
 *   POST /v3/conversations/{conversationId}/activities                 send to a conversation
 *   POST /v3/conversations/{conversationId}/activities/{activityId}    reply to an activity
 *   PUT  /v3/conversations/{conversationId}/activities/{activityId}    update an activity
 *
 * answering `{ id }` (a ResourceResponse, test/fixtures/teams/resource-response.json)
 * — and records every call. The next calls can be made to fail with an HTTP
 * status (429 with Retry-After, 412, 502, 504), answered with the connector's
 * error body.
 */
import { readFileSync } from "node:fs";
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { createWaiters } from "./waiters.ts";

const fixture = (name: string): Record<string, unknown> =>
  JSON.parse(readFileSync(new URL(`../fixtures/teams/${name}.json`, import.meta.url), "utf8")) as Record<string, unknown>;

export type ConnectorCallKind = "send" | "reply" | "update";

export interface ConnectorCall {
  kind: ConnectorCallKind;
  /** Decoded from the path, e.g. `19:…@thread.tacv2;messageid=1763820400456`. */
  conversationId: string;
  /** The activity replied to or updated (path), for `reply` and `update`. */
  activityId: string | undefined;
  /** The activity the bot sent, as JSON. */
  activity: Record<string, unknown> & { type?: string; text?: string; replyToId?: string; attachments?: Array<{ contentType: string; content: unknown }> };
  authorization: string | undefined;
  /** HTTP status the fake answered with. */
  status: number;
  /** The id answered (for a 2xx). */
  id: string | undefined;
  at: number;
}

interface Failure {
  status: number;
  retryAfter?: string;
}

export interface FakeBotConnector {
  /** The serviceUrl to put in activities, e.g. `http://127.0.0.1:54321/` (trailing slash, like Teams'). */
  serviceUrl: string;
  calls: ConnectorCall[];
  /** Calls answered with a 2xx. */
  delivered(kind?: ConnectorCallKind): ConnectorCall[];
  /** The next `times` calls are answered with `status` (and `Retry-After: retryAfter` when given). */
  failNext(status: number, opts?: { times?: number; retryAfter?: string }): void;
  /**
   * Answer 2xx with an empty body, naming no activity id — as Microsoft 365
   * Agents Playground's connector does for proactive posts.
   */
  answerWithoutIds: boolean;
  /** Resolves when `count` calls have been delivered (or rejects after `timeoutMs`). */
  waitFor(count: number, timeoutMs?: number): Promise<ConnectorCall[]>;
  close(): Promise<void>;
}

const PATH = /^\/v3\/conversations\/([^/]+)\/activities(?:\/([^/]+))?\/?$/;

export async function startFakeBotConnector(): Promise<FakeBotConnector> {
  const calls: ConnectorCall[] = [];
  const failures: Failure[] = [];
  const waiters = createWaiters();
  let seq = 0;

  const server = createServer(async (req, res) => {
    const body = await readBody(req);
    const url = new URL(req.url ?? "/", "http://localhost");
    const match = PATH.exec(url.pathname);
    const method = req.method ?? "GET";
    const kind: ConnectorCallKind | null = !match ? null : method === "PUT" && match[2] ? "update" : method === "POST" ? (match[2] ? "reply" : "send") : null;
    if (!match || !kind) {
      res.writeHead(404, { "Content-Type": "application/json; charset=utf-8" });
      res.end(JSON.stringify({ error: { code: "NotFound", message: `${method} ${url.pathname}` } }));
      return;
    }
    let activity: ConnectorCall["activity"];
    try {
      activity = JSON.parse(body) as ConnectorCall["activity"];
    } catch {
      res.writeHead(400, { "Content-Type": "application/json; charset=utf-8" });
      res.end(JSON.stringify({ error: { code: "BadArgument", message: "The request body is not JSON" } }));
      return;
    }
    const conversationId = decodeURIComponent(match[1]!);
    const activityId = match[2] ? decodeURIComponent(match[2]) : undefined;
    const failure = failures.shift();
    const status = failure?.status ?? (kind === "update" ? 200 : 201);
    const id = failure ? undefined : kind === "update" ? activityId : String(1763820500000 + ++seq);
    calls.push({ kind, conversationId, activityId, activity, authorization: req.headers.authorization, status, id, at: Date.now() });
    const headers: Record<string, string> = { "Content-Type": "application/json; charset=utf-8" };
    if (failure?.retryAfter !== undefined) headers["Retry-After"] = failure.retryAfter;
    res.writeHead(status, headers);
    res.end(JSON.stringify(failure ? fixture("error-throttled") : fake.answerWithoutIds ? {} : { ...fixture("resource-response"), id }));
    waiters.wake();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  const delivered = (kind?: ConnectorCallKind) => calls.filter((c) => c.status < 300 && (!kind || c.kind === kind));
  const fake: FakeBotConnector = {
    serviceUrl: `http://127.0.0.1:${port}/`,
    answerWithoutIds: false,
    calls,
    delivered,
    failNext(status, opts = {}) {
      for (let i = 0; i < (opts.times ?? 1); i++) failures.push({ status, ...(opts.retryAfter !== undefined ? { retryAfter: opts.retryAfter } : {}) });
    },
    waitFor(count, timeoutMs = 5_000) {
      return waiters.waitFor(() => delivered(), count, timeoutMs, (got) => `the fake Bot Connector got ${got} of ${count} activities in ${timeoutMs} ms`);
    },
    close: () =>
      new Promise((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
  return fake;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

/**
 * A fake Slack on loopback for the benchmarks: the Web API (auth.test,
 * chat.postMessage, chat.update, users.info) enforcing at most one message
 * per second per channel — beyond it HTTP 429 with `Retry-After` — and a
 * response_url catcher under `/response/…` on the same server. It counts what
 * it delivered per channel, the 429s it answered and the bytes it received.
 */
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";

export interface BenchSlack {
  /** SLACK_API_URL. */
  apiUrl: string;
  /** A fresh response_url. */
  responseUrl(): string;
  /** Resolves when `url` has received a message. */
  waitForResponse(url: string, timeoutMs?: number): Promise<number>;
  /** chat.postMessage calls answered ok, per channel. */
  delivered: Map<string, number>;
  /** When the last message was delivered (Date.now()). */
  lastDeliveredAt: number;
  rateLimited: number;
  /** Resolves when `count` messages have been delivered in total. */
  waitForDelivered(count: number, timeoutMs: number): Promise<void>;
  reset(): void;
  close(): Promise<void>;
}

const BOT = { ok: true, url: "https://acme-support.slack.com/", team: "Acme Support", user: "metrics", team_id: "T0ACMESUP1", user_id: "U0BOTUSER1", bot_id: "B0METRICS1" };

export async function startBenchSlack(opts: { perChannelPerSecond?: number } = {}): Promise<BenchSlack> {
  const limit = opts.perChannelPerSecond ?? 1;
  const lastPost = new Map<string, number[]>();
  const responses = new Map<string, number>();
  const waiters = new Set<() => void>();
  let seq = 0;
  const state = { delivered: new Map<string, number>(), lastDeliveredAt: 0, rateLimited: 0 };
  const wake = () => {
    for (const w of [...waiters]) w();
  };

  const server = createServer(async (req, res) => {
    const raw = await readBody(req);
    const path = new URL(req.url ?? "/", "http://localhost").pathname;
    const json = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { "Content-Type": "application/json; charset=utf-8", ...headers });
      res.end(JSON.stringify(body));
    };
    if (path.startsWith("/response/")) {
      responses.set(path, Date.now());
      res.writeHead(200, { "Content-Type": "text/plain" });
      res.end("ok");
      return wake();
    }
    const method = path.replace(/^\/api\//, "");
    const params = (req.headers["content-type"] ?? "").includes("json") ? (JSON.parse(raw || "{}") as Record<string, unknown>) : Object.fromEntries(new URLSearchParams(raw));
    switch (method) {
      case "auth.test":
        return json(200, BOT);
      case "users.info":
        return json(200, { ok: true, user: { id: params["user"], is_admin: false, is_owner: false, is_primary_owner: false, tz: "UTC" } });
      case "chat.postMessage": {
        const channel = String(params["channel"]);
        const now = Date.now();
        const recent = (lastPost.get(channel) ?? []).filter((t) => now - t < 1000);
        if (recent.length >= limit) {
          state.rateLimited += 1;
          lastPost.set(channel, recent);
          return json(429, { ok: false, error: "ratelimited" }, { "Retry-After": "1" });
        }
        recent.push(now);
        lastPost.set(channel, recent);
        state.delivered.set(channel, (state.delivered.get(channel) ?? 0) + 1);
        state.lastDeliveredAt = now;
        seq += 1;
        const ts = `${Math.floor(now / 1000)}.${String(seq).padStart(6, "0")}`;
        json(200, { ok: true, channel, ts, message: { type: "message", ts, text: params["text"] } });
        return wake();
      }
      case "chat.update":
        return json(200, { ok: true, channel: params["channel"], ts: params["ts"] });
      default:
        return json(200, { ok: true });
    }
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  let n = 0;

  const until = (done: () => boolean, timeoutMs: number, what: string) =>
    new Promise<void>((resolve, reject) => {
      const check = () => {
        if (!done()) return;
        clearTimeout(timer);
        waiters.delete(check);
        resolve();
      };
      const timer = setTimeout(() => {
        waiters.delete(check);
        reject(new Error(`fake Slack: ${what} not seen within ${timeoutMs} ms`));
      }, timeoutMs);
      waiters.add(check);
      check();
    });

  const total = () => [...state.delivered.values()].reduce((a, b) => a + b, 0);
  return {
    apiUrl: `${base}/api/`,
    responseUrl: () => `${base}/response/T0ACMESUP1/${++n}/${n.toString(36)}`,
    async waitForResponse(url, timeoutMs = 60_000) {
      const path = new URL(url).pathname;
      await until(() => responses.has(path), timeoutMs, `a message to ${path}`);
      return responses.get(path)!;
    },
    get delivered() {
      return state.delivered;
    },
    get lastDeliveredAt() {
      return state.lastDeliveredAt;
    },
    get rateLimited() {
      return state.rateLimited;
    },
    waitForDelivered: (count, timeoutMs) => until(() => total() >= count, timeoutMs, `${count} messages`),
    reset() {
      state.delivered = new Map();
      state.lastDeliveredAt = 0;
      state.rateLimited = 0;
      lastPost.clear();
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

/**
 * The paced HTTP client against a real server on loopback: it stays inside
 * its budget, waits as long as Retry-After says, retries 5xx and dropped
 * connections, and fails clearly (without the credentials) on anything else.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { createSyncHttp } from "../../../src/ingest/helpdesk/http.ts";
import { SyncHttpError } from "../../../src/ingest/helpdesk/types.ts";
import { busiestWindow } from "./support.ts";

interface Seen {
  at: number;
  url: string;
  headers: IncomingMessage["headers"];
}

type Handler = (n: number, req: IncomingMessage, res: ServerResponse) => void;

const servers: Array<{ close: () => Promise<void> }> = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await s.close();
});

async function serve(handler: Handler): Promise<{ url: string; seen: Seen[] }> {
  const seen: Seen[] = [];
  const server = createServer((req, res) => {
    seen.push({ at: Date.now(), url: req.url ?? "", headers: req.headers });
    handler(seen.length, req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  servers.push({ close: () => new Promise((resolve) => server.close(() => resolve())) });
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
}

const json = (res: ServerResponse, body: unknown, status = 200) => {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
};


describe("createSyncHttp", () => {
  it("paces requests within the budget instead of bursting, and keeps their order", async () => {
    const { url, seen } = await serve((n, _req, res) => json(res, { n }));
    const http = createSyncHttp({ label: "Test", baseUrl: url, headers: {}, budgets: { api: { requests: 4, perMs: 400 } } });
    const started = Date.now();
    const got = await Promise.all(Array.from({ length: 12 }, (_, i) => http.getJson(`/page`, { query: { i } })));
    expect(got.map((g) => (g as { n: number }).n)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    expect(seen.map((s) => new URL(s.url, url).searchParams.get("i"))).toEqual(Array.from({ length: 12 }, (_, i) => String(i)));
    expect(busiestWindow(seen.map((s) => s.at), 400)).toBeLessThanOrEqual(4);
    // 12 requests at 4 per 400 ms need at least two full windows.
    expect(Date.now() - started).toBeGreaterThanOrEqual(800);
  });

  it("waits as long as Retry-After says after a 429, then asks again once", async () => {
    const { url, seen } = await serve((n, _req, res) => {
      if (n === 2) {
        res.writeHead(429, { "retry-after": "1" });
        res.end();
        return;
      }
      json(res, { n });
    });
    const http = createSyncHttp({ label: "Test", baseUrl: url, headers: {}, budgets: { api: { requests: 100, perMs: 1000 } } });
    await http.getJson("/a");
    const b = await http.getJson("/b");
    expect(b).toEqual({ n: 3 });
    expect(seen.map((s) => s.url)).toEqual(["/a", "/b", "/b"]);
    expect(seen[2]!.at - seen[1]!.at).toBeGreaterThanOrEqual(1000);
  });

  it("retries a connection dropped in the middle of a page, and a 503", async () => {
    const { url, seen } = await serve((n, _req, res) => {
      if (n === 1) {
        res.writeHead(200, { "content-type": "application/json", "content-length": "1000" });
        res.write('{"tickets": [');
        setTimeout(() => res.socket?.destroy(), 20);
        return;
      }
      if (n === 2) return json(res, { error: "busy" }, 503);
      json(res, { ok: true });
    });
    const http = createSyncHttp({ label: "Test", baseUrl: url, headers: {}, budgets: { api: { requests: 100, perMs: 1000 } }, backoffMs: 20 });
    expect(await http.getJson("/x")).toEqual({ ok: true });
    expect(seen).toHaveLength(3);
  });

  it("gives up after maxAttempts with what went wrong last", async () => {
    const { url, seen } = await serve((_n, _req, res) => json(res, {}, 502));
    const http = createSyncHttp({ label: "Test desk", baseUrl: url, headers: {}, budgets: { api: { requests: 100, perMs: 1000 } }, backoffMs: 5, maxAttempts: 3 });
    await expect(http.getJson("/api/v2/x.json")).rejects.toThrow(/Test desk \/api\/v2\/x\.json failed 3 times; last: 502/);
    expect(seen).toHaveLength(3);
  });

  it("sends the credentials, and a 401 says to check them without repeating them", async () => {
    const { url, seen } = await serve((_n, req, res) => (req.headers.apikey === "s3cret-key" ? json(res, {}, 401) : json(res, {}, 400)));
    const http = createSyncHttp({ label: "LiveAgent", baseUrl: url, headers: { apikey: "s3cret-key" }, budgets: { api: { requests: 10, perMs: 1000 } } });
    const error = await http.getJson("/api/v3/tickets").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SyncHttpError);
    expect((error as SyncHttpError).status).toBe(401);
    expect((error as Error).message).toMatch(/answered 401.*check the API credentials/);
    expect((error as Error).message).not.toContain("s3cret-key");
    expect(seen).toHaveLength(1);
  });

  it("hands back the response headers with the page, for a cursor in next_page_cursor", async () => {
    const { url } = await serve((n, _req, res) => {
      res.writeHead(200, { "content-type": "application/json", "next_page_cursor": `c${n}` });
      res.end(JSON.stringify([{ id: n }]));
    });
    const http = createSyncHttp({ label: "Test", baseUrl: url, headers: {}, budgets: { api: { requests: 100, perMs: 1000 } } });
    const page = await http.get("/calls");
    expect(page.body).toEqual([{ id: 1 }]);
    expect(page.headers.get("next_page_cursor")).toBe("c1");
  });

  it("asks a headers function before every try, so a refreshed token is used on the retry", async () => {
    const { url, seen } = await serve((n, _req, res) => (n === 1 ? json(res, { error: "busy" }, 503) : json(res, { n })));
    let version = 0;
    const http = createSyncHttp({
      label: "Test",
      baseUrl: url,
      headers: async () => ({ authorization: `Bearer t${++version}` }),
      budgets: { api: { requests: 100, perMs: 1000 } },
      backoffMs: 10,
    });
    await http.getJson("/a");
    expect(seen.map((s) => s.headers.authorization)).toEqual(["Bearer t1", "Bearer t2"]);
  });

  it("pace: a pause the source announced holds the next request, and a smaller announced limit is kept to", async () => {
    const { url, seen } = await serve((n, _req, res) => json(res, { n }));
    const http = createSyncHttp({ label: "Test", baseUrl: url, headers: {}, budgets: { api: { requests: 100, perMs: 400 } } });
    await http.getJson("/a");
    http.pace("api", { pauseUntil: Date.now() + 500 });
    await http.getJson("/b");
    expect(seen[1]!.at - seen[0]!.at).toBeGreaterThanOrEqual(450);
    http.pace("api", { requests: 2 });
    await Promise.all([http.getJson("/c"), http.getJson("/d"), http.getJson("/e")]);
    expect(busiestWindow(seen.slice(1).map((s) => s.at), 400)).toBeLessThanOrEqual(2);
    expect(() => http.pace("nope", { requests: 1 })).toThrow(/unknown request budget "nope"/);
  });

  it("follows absolute next-page links and adds query parameters", async () => {
    const { url, seen } = await serve((_n, _req, res) => json(res, {}));
    const http = createSyncHttp({ label: "T", baseUrl: `${url}/`, headers: {}, budgets: { api: { requests: 10, perMs: 1000 } } });
    await http.getJson(`${url}/next?cursor=abc`);
    await http.getJson("api/v2/x", { query: { start_time: 5, skip: undefined } });
    expect(seen.map((s) => s.url)).toEqual(["/next?cursor=abc", "/api/v2/x?start_time=5"]);
  });

  it("post: sends the JSON body with the credentials, resends the same body after a dropped connection and after a 429 that only says when the window resets", async () => {
    const bodies: string[] = [];
    const { url, seen } = await serve((n, req, res) => {
      let text = "";
      req.on("data", (c: Buffer) => (text += c.toString("utf8")));
      req.on("end", () => {
        bodies.push(text);
        if (n === 1) {
          res.writeHead(200, { "content-type": "application/json", "content-length": "1000" });
          res.write('{"conversations": [');
          setTimeout(() => res.socket?.destroy(), 20);
          return;
        }
        if (n === 2) {
          // Intercom's 429: no Retry-After, the window's end in X-RateLimit-Reset (epoch seconds).
          res.writeHead(429, { "content-type": "application/json", "x-ratelimit-reset": String(Math.ceil(Date.now() / 1000) + 1) });
          res.end(JSON.stringify({ type: "error.list", errors: [{ code: "rate_limit_exceeded", message: "Exceeded rate limit of 167 in 10_seconds" }] }));
          return;
        }
        json(res, { echoed: JSON.parse(text) as unknown });
      });
    });
    const http = createSyncHttp({
      label: "Intercom",
      baseUrl: url,
      headers: { authorization: "Bearer tok-s3cret" },
      budgets: { api: { requests: 100, perMs: 60_000 } },
      backoffMs: 10,
      resetAt: (h) => Number(h.get("x-ratelimit-reset")) * 1000 || undefined,
    });
    const query = { query: { field: "updated_at", operator: ">", value: 1700000000 }, pagination: { per_page: 150 } };
    const page = await http.post("/conversations/search", query);
    expect(page.body).toEqual({ echoed: query });
    expect(seen).toHaveLength(3);
    expect(bodies.map((b) => JSON.parse(b) as unknown)).toEqual([query, query, query]);
    expect(seen.every((s) => s.headers.authorization === "Bearer tok-s3cret" && s.headers["content-type"] === "application/json")).toBe(true);
    // Waited for the reset the 429 announced (about a second), not the budget's full minute.
    const waited = seen[2]!.at - seen[1]!.at;
    expect(waited).toBeGreaterThanOrEqual(200);
    expect(waited).toBeLessThan(5000);
  });

  it("stops waiting when the sync is stopped", async () => {
    const { url } = await serve((_n, _req, res) => {
      res.writeHead(429, { "retry-after": "30" });
      res.end();
    });
    const stop = new AbortController();
    const http = createSyncHttp({ label: "T", baseUrl: url, headers: {}, budgets: { api: { requests: 10, perMs: 1000 } }, signal: stop.signal });
    const pending = http.getJson("/x");
    setTimeout(() => stop.abort(new Error("stopping")), 100);
    const started = Date.now();
    await expect(pending).rejects.toThrow("stopping");
    expect(Date.now() - started).toBeLessThan(5000);
  });
});

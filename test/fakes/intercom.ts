/**
 * A fake Intercom REST API (version 2.14) on loopback, serving
 * test/fixtures/intercom/ as these pages of Intercom's reference describe it
 * (see test/fixtures/intercom/README.md for the addresses):
 *
 * - `POST /conversations/search` (Search conversations): a JSON body
 *   `{ query, pagination: { per_page, starting_after } }`; a query is one
 *   filter `{ field, operator, value }` or `{ operator: "AND" | "OR", value:
 *   [filters] }`, on `created_at`/`updated_at` (unix seconds) with the
 *   documented operators `>` and `<` (which include the value), `=` and `!=`.
 *   `per_page` defaults to 20 and may not exceed 150 (400 otherwise). Answers
 *   `conversation.list` with `total_count` and `pages { type, page,
 *   per_page, total_pages, next: { per_page, starting_after } }`, `next`
 *   only while more follow; `starting_after` is an opaque cursor (400
 *   `invalid cursor` when unreadable). Ordered by updated_at, then id.
 * - `GET /admins` (List admins) and `GET /teams` (List teams), unpaginated.
 * - Authentication (Authorization: Bearer): 401 `error.list` with
 *   `unauthorized` / "Access Token Invalid" otherwise.
 * - Rate limiting: authenticated answers carry X-RateLimit-Limit (requests
 *   per window), X-RateLimit-Remaining and X-RateLimit-Reset (unix seconds,
 *   when the current window ends). Windows are fixed (`window.perMs` long,
 *   10 s at Intercom); beyond `window.requests` in one, or on a request
 *   numbered in `rateLimit`, the answer is 429 `rate_limit_exceeded` with
 *   Remaining 0 and no Retry-After, as Intercom answers.
 *
 * It can drop the connection in the middle of a chosen answer, and records
 * every request (path, body, headers, status, time).
 *
 * @example
 * const ic = await startFakeIntercom({ token: "tok", window: { requests: 8, perMs: 1000 } });
 * // … pull from ic.url with `authorization: Bearer tok` …
 * expect(ic.requests.filter((r) => r.status === 429)).toEqual([]);
 * await ic.close();
 */
import { dropMidway, listenLoopback, markDropped, type FakeRequest } from "./http.ts";
import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import type { RateBudget } from "../../src/ingest/helpdesk/types.ts";

type Json = Record<string, unknown>;

const fixture = (file: string, key: string): Json[] =>
  (JSON.parse(readFileSync(new URL(`../fixtures/intercom/${file}.json`, import.meta.url), "utf8")) as Record<string, Json[]>)[key]!;

/** The workspace's records, as the API shows them. Tests may change them between pulls. */
export interface FakeIntercomData {
  conversations: Json[];
  admins: Json[];
  teams: Json[];
}

/** A fresh copy of test/fixtures/intercom/. */
export function intercomFixtures(): FakeIntercomData {
  return { conversations: fixture("conversations", "conversations"), admins: fixture("admins", "admins"), teams: fixture("teams", "teams") };
}

export interface FakeIntercomOptions {
  /** The access token every request must carry as a Bearer token; any is accepted when absent. */
  token?: string;
  /** The app's limit: `requests` per fixed window of `perMs`. Default 166 per 10 s. */
  window?: RateBudget;
  /** Request numbers (1-based, over all requests) answered 429, as if the window were spent for `seconds` more. */
  rateLimit?: Record<number, number>;
  /** Request numbers whose connection is dropped after the headers and part of the body. */
  drop?: number[];
  /** Largest page served whatever per_page asks (to test paging with few fixtures). Default 150. */
  pageSize?: number;
  data?: Partial<FakeIntercomData>;
}

export interface IntercomRequest extends FakeRequest {
  method: string;
  /** The parsed JSON body of a POST. */
  body: unknown;
}

export interface FakeIntercom {
  url: string;
  requests: IntercomRequest[];
  data: FakeIntercomData;
  close(): Promise<void>;
}

export async function startFakeIntercom(opts: FakeIntercomOptions = {}): Promise<FakeIntercom> {
  const data: FakeIntercomData = { ...intercomFixtures(), ...opts.data };
  const window = opts.window ?? { requests: 166, perMs: 10_000 };
  const requests: IntercomRequest[] = [];
  const counted = new Map<number, number>();
  let pausedUntil = 0;

  const server = createServer((req, res) => {
    let text = "";
    req.on("data", (c: Buffer) => (text += c.toString("utf8")));
    req.on("end", () => {
      const u = new URL(req.url ?? "/", "http://localhost");
      let body: unknown = undefined;
      try {
        body = text === "" ? undefined : (JSON.parse(text) as unknown);
      } catch {
        body = text;
      }
      const record: IntercomRequest = { n: requests.length + 1, method: req.method ?? "GET", path: u.pathname, body, headers: req.headers, status: 0, dropped: false, at: Date.now() };
      requests.push(record);
      const send = (status: number, payload: unknown, headers: Record<string, string> = {}) => {
        record.status = status;
        res.writeHead(status, { "Content-Type": "application/json; charset=utf-8", ...headers });
        res.end(JSON.stringify(payload));
      };
      const errors = (code: string, message: string) => ({ type: "error.list", request_id: `req-${record.n}`, errors: [{ code, message }] });

      if (opts.token !== undefined && req.headers.authorization !== `Bearer ${opts.token}`) return send(401, errors("unauthorized", "Access Token Invalid"));

      // Fixed windows, every authenticated request counted (429s too).
      const slot = Math.floor(record.at / window.perMs);
      const used = (counted.get(slot) ?? 0) + 1;
      counted.set(slot, used);
      const reset = Math.ceil(((slot + 1) * window.perMs) / 1000);
      const limits = (remaining: number, resetAt = reset) => ({
        "X-RateLimit-Limit": String(window.requests),
        "X-RateLimit-Remaining": String(Math.max(0, remaining)),
        "X-RateLimit-Reset": String(resetAt),
      });
      const forced = opts.rateLimit?.[record.n];
      if (forced !== undefined) pausedUntil = Math.max(pausedUntil, record.at + forced * 1000);
      if (used > window.requests || record.at < pausedUntil) {
        const resetAt = record.at < pausedUntil ? Math.ceil(pausedUntil / 1000) : reset;
        return send(429, errors("rate_limit_exceeded", `Exceeded rate limit of ${window.requests} in ${window.perMs / 1000}_seconds`), limits(0, resetAt));
      }

      let answer: { status: number; body: unknown };
      if (record.method === "POST" && u.pathname === "/conversations/search") answer = search(data.conversations, body, opts.pageSize ?? 150);
      else if (record.method === "GET" && u.pathname === "/admins") answer = { status: 200, body: { type: "admin.list", admins: data.admins } };
      else if (record.method === "GET" && u.pathname === "/teams") answer = { status: 200, body: { type: "team.list", teams: data.teams } };
      else answer = { status: 404, body: errors("not_found", "Resource Not Found") };

      const headers = limits(window.requests - used);
      if (opts.drop?.includes(record.n) && answer.status === 200) return markDropped(record), dropMidway(res, JSON.stringify(answer.body), headers);
      send(answer.status, answer.body, headers);
    });
  });
  const listening = await listenLoopback(server);
  const url = listening.url;
  return { url, requests, data, close: listening.close };
}


type Filter = (c: Json) => boolean;

/** A search query as a predicate, or the reason it is invalid. */
function compile(q: unknown): Filter | string {
  const o = q !== null && typeof q === "object" && !Array.isArray(q) ? (q as Json) : undefined;
  if (o === undefined) return "query must be an object";
  if (o["operator"] === "AND" || o["operator"] === "OR") {
    if (!Array.isArray(o["value"])) return "AND/OR take a list of filters";
    const parts = o["value"].map(compile);
    const bad = parts.find((p) => typeof p === "string");
    if (bad !== undefined) return bad as string;
    const fs = parts as Filter[];
    return o["operator"] === "AND" ? (c) => fs.every((f) => f(c)) : (c) => fs.some((f) => f(c));
  }
  const field = o["field"];
  if (field !== "updated_at" && field !== "created_at") return `field ${String(field)} is not served by this fake`;
  const value = Number(o["value"]);
  if (!Number.isFinite(value)) return `${field} takes a date (unix timestamp)`;
  const at = (c: Json) => c[field] as number;
  switch (o["operator"]) {
    case ">":
      return (c) => at(c) >= value;
    case "<":
      return (c) => at(c) <= value;
    case "=":
      return (c) => at(c) === value;
    case "!=":
      return (c) => at(c) !== value;
    default:
      return `operator ${String(o["operator"])} is not valid for a date`;
  }
}

function search(conversations: Json[], body: unknown, pageSize: number): { status: number; body: unknown } {
  const bad = (message: string) => ({ status: 400, body: { type: "error.list", request_id: "req-bad", errors: [{ code: "parameter_invalid", message }] } });
  const b = body !== null && typeof body === "object" ? (body as Json) : {};
  const filter = compile(b["query"]);
  if (typeof filter === "string") return bad(filter);
  const pagination = (b["pagination"] ?? {}) as Json;
  const perPage = pagination["per_page"] === undefined ? 20 : Number(pagination["per_page"]);
  if (!Number.isInteger(perPage) || perPage < 1 || perPage > 150) return bad("per_page must be between 1 and 150");
  const all = conversations.filter(filter).sort((a, z) => (a["updated_at"] as number) - (z["updated_at"] as number) || Number(a["id"]) - Number(z["id"]));
  let from = 0;
  const after = pagination["starting_after"];
  if (after !== undefined && after !== null) {
    const m = /^WzE(\d+)\|(\d+)\]$/.exec(Buffer.from(String(after), "base64").toString("utf8"));
    if (m === null) return bad("invalid cursor");
    const [ts, id] = [Number(m[1]), Number(m[2])];
    from = all.findIndex((c) => (c["updated_at"] as number) > ts || ((c["updated_at"] as number) === ts && Number(c["id"]) > id));
    if (from < 0) from = all.length;
  }
  const size = Math.min(perPage, pageSize);
  const page = all.slice(from, from + size);
  const last = page[page.length - 1];
  const more = from + page.length < all.length;
  const cursor = last === undefined ? null : Buffer.from(`WzE${String(last["updated_at"])}|${String(last["id"])}]`).toString("base64");
  return {
    status: 200,
    body: {
      type: "conversation.list",
      pages: {
        type: "pages",
        page: Math.floor(from / size) + 1,
        per_page: size,
        total_pages: Math.max(1, Math.ceil(all.length / size)),
        ...(more && cursor !== null ? { next: { per_page: size, starting_after: cursor } } : {}),
      },
      total_count: all.length,
      conversations: page,
    },
  };
}

/**
 * A fake Zendesk Support API on loopback, serving test/fixtures/zendesk/ with
 * the real endpoints' paging:
 *
 * - `GET /api/v2/incremental/tickets/cursor.json`: the cursor-based ticket
 *   export. Tickets come in (generated_timestamp, id) order from `start_time`
 *   (inclusive) or after an opaque `cursor`, `ticketsPageSize` a page, with
 *   `after_cursor`/`after_url`, `before_cursor`/`before_url`, `end_of_stream`,
 *   and the sideloads asked for in `include` (`metric_sets`, `users`,
 *   `groups`), holding only what the page's tickets refer to. The last
 *   `after_cursor` stays valid: tickets changed later (see `data`) come after it.
 * - `GET /api/v2/satisfaction_ratings.json`: cursor pagination (`page[size]`,
 *   at most 100; `page[after]`), `meta { has_more, after_cursor, before_cursor }`,
 *   `links { next, prev }` (a next link is given even on the last page: clients
 *   must go by `has_more`), filters `start_time`/`end_time` on `updated_at` and
 *   `score`. Ordered by id.
 * - `GET /api/v2/users/show_many.json?ids=…` and `GET /api/v2/groups.json`
 *   (cursor pagination), for names.
 *
 * - OAuth, as "OAuth Tokens for Grant Types" and "Using OAuth authentication
 *   with your application" describe it (`oauth` option): `GET
 *   /oauth/authorizations/new` (response_type=code, client_id, redirect_uri,
 *   scope, state) approves at once as the user given and redirects back with
 *   `code` and `state`; `POST /oauth/tokens` (JSON) takes grant_type
 *   authorization_code (code, client_id, client_secret, redirect_uri) or
 *   refresh_token, and answers `access_token`, `token_type` "bearer",
 *   `scope`, `expires_in`, `refresh_token`, `refresh_token_expires_in`; a
 *   refresh deletes the previous access and refresh tokens (Zendesk's
 *   refresh-token announcement); anything else is 400 `invalid_grant`.
 *   Bearer tokens are then checked against the live ones. `GET
 *   /api/v2/users/me` answers the token's user with its `role`.
 * - Rate-limit headers on every answer (`rateLimitHeaders`), as "Best
 *   practices for avoiding rate limiting" shows them: `x-rate-limit`,
 *   `ratelimit-limit`, `x-rate-limit-remaining`, `ratelimit-remaining`,
 *   `ratelimit-reset` (seconds), counted per minute.
 * - A ticket export too slow for large pages (`slowAbovePerPage`): requests
 *   with a larger `per_page` get no answer until the client gives up.
 *
 * Every request is recorded (path, query, headers, status, time). It can also
 * check credentials (basic `email/token:apitoken` or a bearer token, 401
 * otherwise), answer chosen requests 429 with Retry-After, drop the connection
 * in the middle of a chosen answer, and enforce rate budgets (429 beyond N
 * requests in any window, every attempt counted) so tests can prove pacing.
 *
 * @example
 * const zd = await startFakeZendesk({ ticketsPageSize: 10, auth: { email: "a@acme.com", token: "t0k3n" } });
 * // … pull from zd.url …
 * expect(zd.requests.filter((r) => r.status === 429)).toEqual([]);
 * await zd.close();
 */
import { readFileSync } from "node:fs";
import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { RateBudget } from "../../src/ingest/helpdesk/types.ts";
import { dropMidway, listenLoopback, markDropped, type FakeRequest } from "./http.ts";

type Json = Record<string, unknown>;

const fixture = (name: string): Json[] =>
  (JSON.parse(readFileSync(new URL(`../fixtures/zendesk/${name}.json`, import.meta.url), "utf8")) as Record<string, Json[]>)[name]!;

/** The account's records, as the API shows them. Tests may change them between pulls. */
export interface FakeZendeskData {
  tickets: Json[];
  metric_sets: Json[];
  users: Json[];
  groups: Json[];
  satisfaction_ratings: Json[];
}

/** A fresh copy of test/fixtures/zendesk/. */
export function zendeskFixtures(): FakeZendeskData {
  return {
    tickets: fixture("tickets"),
    metric_sets: fixture("metric_sets"),
    users: fixture("users"),
    groups: fixture("groups"),
    satisfaction_ratings: fixture("satisfaction_ratings"),
  };
}

export interface FakeZendeskOptions {
  /** Tickets per page of the cursor export (Zendesk: up to 1000; a smaller per_page asked wins). Default 1000. */
  ticketsPageSize?: number;
  /** Records per page of the cursor-paginated lists (Zendesk: page[size] up to 100; a smaller one asked wins). Default 100. */
  listPageSize?: number;
  /** The credentials every request must carry; any are accepted when absent. */
  auth?: { email: string; token: string } | { bearer: string };
  /** Request number (1-based, over all requests) → answer 429 with `Retry-After: <seconds>`. */
  rateLimit?: Record<number, number>;
  /** Request numbers whose connection is dropped after the headers and part of the body. */
  drop?: number[];
  /**
   * Budgets enforced like Zendesk's, counting every attempt (429s too):
   * `incremental` for /api/v2/incremental/…, `api` for all requests.
   */
  budgets?: { incremental?: RateBudget; api?: RateBudget };
  /** Records instead of the fixtures. */
  data?: Partial<FakeZendeskData>;
  /** An OAuth client the fake knows, and who approves at /oauth/authorizations/new. */
  oauth?: { clientId: string; clientSecret: string; user?: { id: number; name: string; role: "admin" | "agent" | "end-user" }; accessTtlS?: number; refreshTtlS?: number };
  /** Send the account-wide rate-limit headers with this limit a minute. */
  rateLimitHeaders?: { limit: number };
  /** Export requests with a `per_page` above this are never answered (the client times out). */
  slowAbovePerPage?: number;
}

/** The fake's OAuth state, for tests to look at and to revoke. */
export interface FakeZendeskOAuth {
  /** Live access tokens → when they expire (epoch ms). */
  access: Map<string, number>;
  /** Live refresh tokens → when they expire (epoch ms). */
  refresh: Map<string, number>;
  /** Every POST /oauth/tokens body. */
  tokenRequests: Array<Record<string, unknown>>;
  /** The admin (or whoever) revokes the grant: every token stops working. */
  revoke(): void;
}

export interface ZendeskRequest extends FakeRequest {
  query: Record<string, string>;
}

export interface FakeZendesk {
  /** Base URL, e.g. http://127.0.0.1:41234 (no trailing slash). */
  url: string;
  requests: ZendeskRequest[];
  data: FakeZendeskData;
  oauth: FakeZendeskOAuth;
  close(): Promise<void>;
}

export async function startFakeZendesk(opts: FakeZendeskOptions = {}): Promise<FakeZendesk> {
  const data: FakeZendeskData = { ...zendeskFixtures(), ...opts.data };
  const requests: ZendeskRequest[] = [];
  const arrivals = { incremental: [] as number[], api: [] as number[] };
  const listPageSize = opts.listPageSize ?? 100;
  let url = "";
  const codes = new Map<string, { redirectUri: string }>();
  const oauth: FakeZendeskOAuth = {
    access: new Map(),
    refresh: new Map(),
    tokenRequests: [],
    revoke() {
      oauth.access.clear();
      oauth.refresh.clear();
    },
  };
  /** Who each live access token belongs to is the one configured user. */
  const minute: number[] = [];

  const server = createServer((req, res) => {
    if (req.method === "POST") {
      let text = "";
      req.on("data", (chunk: Buffer) => (text += chunk.toString("utf8")));
      req.on("end", () => handle(req, res, text));
      return;
    }
    handle(req, res, "");
  });

  const handle = (req: IncomingMessage, res: ServerResponse, bodyText: string) => {
    const u = new URL(req.url ?? "/", "http://localhost");
    const path = u.pathname.replace(/\.json$/, "");
    const query = Object.fromEntries(u.searchParams);
    const record: ZendeskRequest = { n: requests.length + 1, path: u.pathname, query, headers: req.headers, status: 0, dropped: false, at: Date.now() };
    requests.push(record);
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      record.status = status;
      res.writeHead(status, { "Content-Type": "application/json; charset=utf-8", ...limitHeaders(), ...headers });
      res.end(JSON.stringify(body));
    };
    const limitHeaders = (): Record<string, string> => {
      if (!opts.rateLimitHeaders) return {};
      while (minute.length > 0 && minute[0]! <= record.at - 60_000) minute.shift();
      minute.push(record.at);
      const { limit } = opts.rateLimitHeaders;
      const remaining = String(Math.max(0, limit - minute.length));
      const reset = String(Math.max(1, Math.ceil((minute[0]! + 60_000 - record.at) / 1000)));
      return { "x-rate-limit": String(limit), "ratelimit-limit": String(limit), "x-rate-limit-remaining": remaining, "ratelimit-remaining": remaining, "ratelimit-reset": reset };
    };

    if (opts.oauth && u.pathname.startsWith("/oauth/")) return oauthEndpoint(u, req.method ?? "GET", bodyText, send, res);

    // Rate budgets first: Zendesk counts a request before looking at it.
    const incremental = path.startsWith("/api/v2/incremental/");
    const kinds = (["incremental", "api"] as const).filter((k) => opts.budgets?.[k] !== undefined && (k === "api" || incremental));
    for (const kind of kinds) {
      const times = arrivals[kind];
      while (times.length > 0 && times[0]! <= record.at - opts.budgets![kind]!.perMs) times.shift();
      times.push(record.at);
    }
    for (const kind of kinds) {
      const budget = opts.budgets![kind]!;
      const times = arrivals[kind];
      if (times.length > budget.requests) {
        // Until the request that made the window full leaves it.
        const retryAfter = Math.max(1, Math.ceil((times[times.length - 1 - budget.requests]! + budget.perMs - record.at) / 1000));
        return send(429, { error: "APIRateLimitExceeded", description: `Rate limit for ${kind === "incremental" ? "incremental exports" : "the API"} exceeded` }, { "Retry-After": String(retryAfter) });
      }
    }
    const forced = opts.rateLimit?.[record.n];
    if (forced !== undefined) return send(429, { error: "APIRateLimitExceeded", description: "Rate limit exceeded" }, { "Retry-After": String(forced) });
    if (opts.auth && !authorized(req.headers.authorization, opts.auth)) return send(401, { error: "Couldn't authenticate you" });
    if (opts.oauth && !liveBearer(req.headers.authorization)) return send(401, { error: "Couldn't authenticate you" });
    if (path === "/api/v2/users/me") return send(200, { user: { id: me().id, name: me().name, role: me().role } });
    if (opts.slowAbovePerPage !== undefined && path === "/api/v2/incremental/tickets/cursor" && Number(query["per_page"] ?? 1000) > opts.slowAbovePerPage) {
      record.status = -1; // never answered: the client's timeout ends it
      return;
    }

    let answer: { status: number; body: unknown };
    if (path === "/api/v2/incremental/tickets/cursor") answer = ticketExport(data, query, url, opts.ticketsPageSize ?? 1000);
    else if (path === "/api/v2/satisfaction_ratings") answer = ratingsList(data, u, url, listPageSize);
    else if (path === "/api/v2/users/show_many") answer = showManyUsers(data, query);
    else if (path === "/api/v2/groups") answer = cursorList(data.groups, "groups", u, url, listPageSize, () => true);
    else answer = { status: 404, body: { error: "InvalidEndpoint", description: "Not found" } };

    if (opts.drop?.includes(record.n) && answer.status === 200) return markDropped(record), dropMidway(res, JSON.stringify(answer.body));
    send(answer.status, answer.body);
  };

  const me = () => opts.oauth?.user ?? { id: 9001, name: "Ada Admin", role: "admin" as const };
  const liveBearer = (header: string | undefined): boolean => {
    const token = /^Bearer (.+)$/.exec(header ?? "")?.[1];
    const expires = token === undefined ? undefined : oauth.access.get(token);
    return expires !== undefined && expires > Date.now();
  };
  const issue = () => {
    const o = opts.oauth!;
    const access = `zd-at-${randomBytes(12).toString("hex")}`;
    const refresh = `zd-rt-${randomBytes(12).toString("hex")}`;
    const accessTtl = o.accessTtlS ?? 3600;
    const refreshTtl = o.refreshTtlS ?? 30 * 86_400;
    oauth.access.set(access, Date.now() + accessTtl * 1000);
    oauth.refresh.set(refresh, Date.now() + refreshTtl * 1000);
    return { access_token: access, token_type: "bearer", scope: "read", expires_in: accessTtl, refresh_token: refresh, refresh_token_expires_in: refreshTtl };
  };
  const oauthEndpoint = (u: URL, method: string, bodyText: string, send: (status: number, body: unknown, headers?: Record<string, string>) => void, res: ServerResponse) => {
    const o = opts.oauth!;
    if (u.pathname === "/oauth/authorizations/new" && method === "GET") {
      const q = u.searchParams;
      if (q.get("response_type") !== "code" || q.get("client_id") !== o.clientId || !q.get("redirect_uri")) return send(400, { error: "invalid_request" });
      const code = `zd-code-${randomBytes(8).toString("hex")}`;
      codes.set(code, { redirectUri: q.get("redirect_uri")! });
      const back = new URL(q.get("redirect_uri")!);
      back.searchParams.set("code", code);
      if (q.get("state") !== null) back.searchParams.set("state", q.get("state")!);
      res.writeHead(302, { Location: back.toString() });
      return res.end();
    }
    if (u.pathname === "/oauth/tokens" && method === "POST") {
      let body: Record<string, unknown>;
      try {
        body = JSON.parse(bodyText) as Record<string, unknown>;
      } catch {
        return send(400, { error: "invalid_request", error_description: "The body is not JSON" });
      }
      oauth.tokenRequests.push(body);
      const invalid = () => send(400, { error: "invalid_grant", error_description: "The provided access grant is invalid, expired, or revoked" });
      if (body["client_id"] !== o.clientId || body["client_secret"] !== o.clientSecret) return send(401, { error: "invalid_client" });
      if (body["grant_type"] === "authorization_code") {
        const grant = codes.get(String(body["code"]));
        if (!grant || grant.redirectUri !== body["redirect_uri"]) return invalid();
        codes.delete(String(body["code"]));
        return send(200, issue());
      }
      if (body["grant_type"] === "refresh_token") {
        const expires = oauth.refresh.get(String(body["refresh_token"]));
        if (expires === undefined || expires <= Date.now()) return invalid();
        // The previous access and refresh tokens are deleted.
        oauth.refresh.delete(String(body["refresh_token"]));
        oauth.access.clear();
        return send(200, issue());
      }
      return send(400, { error: "unsupported_grant_type" });
    }
    return send(404, { error: "InvalidEndpoint" });
  };

  const listening = await listenLoopback(server);
  url = listening.url;
  return { url, requests, data, oauth, close: listening.close };
}

function authorized(header: string | undefined, auth: NonNullable<FakeZendeskOptions["auth"]>): boolean {
  if ("bearer" in auth) return header === `Bearer ${auth.bearer}`;
  return header === `Basic ${Buffer.from(`${auth.email}/token:${auth.token}`).toString("base64")}`;
}


// ---------------------------------------------------------------------------
// Incremental ticket export, cursor based

/** A place in the export: after (generated_timestamp, id). Encoded like Zendesk's ("1576613539.0||467|", base64). */
type Position = { ts: number; id: number };
const encodePosition = (p: Position): string => Buffer.from(`${p.ts}.0||${p.id}|`).toString("base64");
function decodePosition(cursor: string): Position | null {
  const m = /^(\d+)\.0\|\|(-?\d+)\|$/.exec(Buffer.from(cursor, "base64").toString("utf8"));
  return m ? { ts: Number(m[1]), id: Number(m[2]) } : null;
}

function ticketExport(data: FakeZendeskData, query: Record<string, string>, base: string, pageSize: number): { status: number; body: unknown } {
  let from: Position;
  if (query["cursor"] !== undefined) {
    const p = decodePosition(query["cursor"]);
    if (p === null) return { status: 400, body: { error: "InvalidPaginationParameter", description: "Invalid cursor" } };
    from = p;
  } else {
    const start = Number(query["start_time"]);
    if (query["start_time"] === undefined || !Number.isInteger(start)) return { status: 400, body: { error: "InvalidValue", description: "start_time is required" } };
    if (start > Date.now() / 1000 - 60) return { status: 400, body: { error: "InvalidValue", description: "Too recent start_time. Use a start_time older than 1 minute" } };
    from = { ts: start, id: -1 }; // inclusive of start_time
  }
  const key = (t: Json): Position => ({ ts: t["generated_timestamp"] as number, id: t["id"] as number });
  const after = (a: Position, b: Position) => a.ts > b.ts || (a.ts === b.ts && a.id > b.id);
  const ordered = [...data.tickets].sort((a, b) => key(a).ts - key(b).ts || key(a).id - key(b).id);
  const remaining = ordered.filter((t) => after(key(t), from));
  const perPage = query["per_page"] === undefined ? 1000 : Math.min(1000, Math.max(1, Number(query["per_page"]) || 1000));
  const page = remaining.slice(0, Math.min(perPage, pageSize));
  const last = page.length > 0 ? key(page[page.length - 1]!) : from;
  const afterCursor = encodePosition(last);
  const beforeCursor = page.length > 0 ? encodePosition({ ts: key(page[0]!).ts, id: key(page[0]!).id - 1 }) : null;
  const link = (c: string) => `${base}/api/v2/incremental/tickets/cursor.json?cursor=${encodeURIComponent(c)}`;
  const body: Json = {
    tickets: page,
    after_url: link(afterCursor),
    after_cursor: afterCursor,
    before_url: beforeCursor === null ? null : link(beforeCursor),
    before_cursor: beforeCursor,
    end_of_stream: remaining.length === page.length,
  };
  const include = new Set((query["include"] ?? "").split(",").map((s) => s.trim()));
  const ids = new Set(page.map((t) => t["id"]));
  if (include.has("metric_sets")) body["metric_sets"] = data.metric_sets.filter((m) => ids.has(m["ticket_id"]));
  if (include.has("users")) {
    const refs = new Set(page.flatMap((t) => [t["requester_id"], t["submitter_id"], t["assignee_id"], ...((t["collaborator_ids"] as unknown[]) ?? [])]));
    body["users"] = data.users.filter((u) => refs.has(u["id"]));
  }
  if (include.has("groups")) {
    const refs = new Set(page.map((t) => t["group_id"]));
    body["groups"] = data.groups.filter((g) => refs.has(g["id"]));
  }
  return { status: 200, body };
}

// ---------------------------------------------------------------------------
// Cursor-paginated lists

function ratingsList(data: FakeZendeskData, u: URL, base: string, maxSize: number): { status: number; body: unknown } {
  const q = u.searchParams;
  const seconds = (name: string): number | undefined => (q.get(name) === null ? undefined : Number(q.get(name)));
  const start = seconds("start_time");
  const end = seconds("end_time");
  const score = q.get("score");
  const scores: Record<string, string[]> = { received: ["good", "bad"], good: ["good"], bad: ["bad"], offered: ["offered"], unoffered: ["unoffered"] };
  const keep = (r: Json) => {
    const updated = Date.parse(r["updated_at"] as string) / 1000;
    if (start !== undefined && updated < start) return false;
    if (end !== undefined && updated > end) return false;
    return score === null || (scores[score.replace(/_(with|without)_comment$/, "")] ?? [score]).includes(r["score"] as string);
  };
  return cursorList(data.satisfaction_ratings, "satisfaction_ratings", u, base, maxSize, keep);
}

/** Zendesk cursor pagination over records ordered by id: page[size] (≤ 100), page[after] / page[before]. */
function cursorList(records: Json[], key: string, u: URL, base: string, maxSize: number, keep: (r: Json) => boolean): { status: number; body: unknown } {
  const q = u.searchParams;
  const size = Math.min(100, maxSize, Math.max(1, Number(q.get("page[size]") ?? 100) || 100));
  const decode = (c: string | null) => (c === null ? null : Number(Buffer.from(c, "base64").toString("utf8")));
  const afterId = decode(q.get("page[after]"));
  const beforeId = decode(q.get("page[before]"));
  if (Number.isNaN(afterId) || Number.isNaN(beforeId)) return { status: 400, body: { error: "InvalidPaginationParameter", description: "Invalid cursor" } };
  const all = records.filter(keep).sort((a, b) => (a["id"] as number) - (b["id"] as number));
  let from = 0;
  if (afterId !== null) from = all.findIndex((r) => (r["id"] as number) > afterId);
  if (from < 0) from = all.length;
  let to = Math.min(all.length, from + size);
  if (beforeId !== null) {
    to = all.findIndex((r) => (r["id"] as number) >= beforeId);
    if (to < 0) to = all.length;
    from = Math.max(0, to - size);
  }
  const page = all.slice(from, to);
  const encode = (id: unknown) => Buffer.from(String(id)).toString("base64");
  const afterCursor = page.length > 0 ? encode(page[page.length - 1]!["id"]) : (q.get("page[after]") ?? null);
  const beforeCursor = page.length > 0 ? encode(page[0]!["id"]) : (q.get("page[before]") ?? null);
  const link = (param: string, cursor: string | null) => {
    if (cursor === null) return null;
    const next = new URL(`${base}${u.pathname}${u.search}`);
    next.searchParams.delete("page[after]");
    next.searchParams.delete("page[before]");
    next.searchParams.set("page[size]", String(size));
    next.searchParams.set(param, cursor);
    return next.toString();
  };
  return {
    status: 200,
    body: {
      [key]: page,
      meta: { has_more: to < all.length, after_cursor: afterCursor, before_cursor: beforeCursor },
      links: { prev: link("page[before]", beforeCursor), next: link("page[after]", afterCursor) },
    },
  };
}

function showManyUsers(data: FakeZendeskData, query: Record<string, string>): { status: number; body: unknown } {
  const ids = (query["ids"] ?? "").split(",").filter((s) => s !== "").map(Number);
  if (ids.length > 100) return { status: 400, body: { error: "InvalidValue", description: "Too many ids (max 100)" } };
  const wanted = new Set(ids);
  return { status: 200, body: { users: data.users.filter((u) => wanted.has(u["id"] as number)), next_page: null, previous_page: null, count: wanted.size } };
}

/**
 * A fake Freshdesk (API v2) on loopback, serving test/fixtures/freshdesk/ as
 * developers.freshdesk.com/api documents it (the pages are named in
 * test/fixtures/freshdesk/README.md):
 *
 * - Pagination: `page` (1-based) and `per_page` (default 30, at most 100;
 *   more is a 400), and a `Link: <…>; rel="next"` header while there is a
 *   next page. The ticket list answers 400 past page 300.
 * - `GET /api/v2/tickets`: `updated_since` (at or after), `order_by`
 *   (created_at, updated_at, due_by, status; default created_at),
 *   `order_type` (asc, desc; default desc), `include=stats` (the ticket's
 *   `stats` only then), `filter=deleted` / `filter=spam` (only those; the
 *   plain list leaves both out). Without updated_since only tickets created
 *   in the last 30 days.
 * - `GET /api/v2/surveys/satisfaction_ratings`: `created_since` (at or after).
 * - `GET /api/v2/surveys`, `/api/v2/agents`, `/api/v2/groups`.
 * - Authentication: Basic with the API key as user and "X" as password,
 *   401 otherwise.
 * - Rate limit: the account's credits per window (`account`), every call
 *   1 credit plus 2 per `include` value, announced on every answer in
 *   `X-RateLimit-Total`, `X-RateLimit-Remaining` and
 *   `X-RateLimit-Used-CurrentRequest`; over it, 429 with Retry-After (seconds
 *   until the window renews). Invalid requests count too.
 *
 * Every request is recorded; chosen requests can be answered 429 or have
 * their connection dropped mid-body.
 *
 * @example
 * const fd = await startFakeFreshdesk({ apiKey: "k3y", account: { credits: 40, windowMs: 1000 } });
 * // … pull from fd.url …
 * expect(fd.requests.filter((r) => r.status === 429)).toEqual([]);
 * await fd.close();
 */
import { dropMidway, listenLoopback, markDropped, type FakeRequest } from "./http.ts";
import { readFileSync } from "node:fs";
import { createServer } from "node:http";

type Json = Record<string, unknown>;

const fixture = (name: string): Json[] => JSON.parse(readFileSync(new URL(`../fixtures/freshdesk/${name}.json`, import.meta.url), "utf8")) as Json[];

/** The account's records, as the API shows them (tickets with their stats). Tests may change them between pulls. */
export interface FakeFreshdeskData {
  tickets: Json[];
  agents: Json[];
  groups: Json[];
  surveys: Json[];
  satisfaction_ratings: Json[];
}

/** A fresh copy of test/fixtures/freshdesk/. */
export function freshdeskFixtures(): FakeFreshdeskData {
  return { tickets: fixture("tickets"), agents: fixture("agents"), groups: fixture("groups"), surveys: fixture("surveys"), satisfaction_ratings: fixture("satisfaction_ratings") };
}

export interface FakeFreshdeskOptions {
  /** The API key every request must carry (Basic key:X); any is accepted when absent. */
  apiKey?: string;
  /** The account's limit: `credits` per fixed window of `windowMs` (Freshdesk: per minute, by plan). Default 200 a minute. */
  account?: { credits: number; windowMs: number };
  /** Request number (1-based) → answer 429 with `Retry-After: <seconds>`. */
  rateLimit?: Record<number, number>;
  /** Request numbers whose connection is dropped after the headers and part of the body. */
  drop?: number[];
  data?: Partial<FakeFreshdeskData>;
  /** Serve at most this many records a page, whatever per_page asks (tests: many pages from few records). Default 100. */
  pageSize?: number;
}

export interface FreshdeskRequest extends FakeRequest {
  query: Record<string, string>;
  /** Credits the call cost. */
  credits: number;
}

export interface FakeFreshdesk {
  url: string;
  requests: FreshdeskRequest[];
  data: FakeFreshdeskData;
  close(): Promise<void>;
}

export async function startFakeFreshdesk(opts: FakeFreshdeskOptions = {}): Promise<FakeFreshdesk> {
  const data: FakeFreshdeskData = { ...freshdeskFixtures(), ...opts.data };
  const requests: FreshdeskRequest[] = [];
  const account = opts.account ?? { credits: 200, windowMs: 60_000 };
  let window = { start: 0, used: 0 };
  let url = "";

  const server = createServer((req, res) => {
    const u = new URL(req.url ?? "/", "http://localhost");
    const query = Object.fromEntries(u.searchParams);
    const includes = (query["include"] ?? "").split(",").filter((s) => s.trim() !== "");
    const credits = 1 + 2 * includes.length;
    const record: FreshdeskRequest = { n: requests.length + 1, path: u.pathname, query, headers: req.headers, status: 0, dropped: false, credits, at: Date.now() };
    requests.push(record);

    // Fixed windows of the account's credits; every call counts, refused or not.
    if (window.start === 0 || record.at - window.start >= account.windowMs) window = { start: record.at, used: 0 };
    window.used += credits;
    const rateHeaders = {
      "X-RateLimit-Total": String(account.credits),
      "X-RateLimit-Remaining": String(Math.max(0, account.credits - window.used)),
      "X-RateLimit-Used-CurrentRequest": String(credits),
    };
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      record.status = status;
      res.writeHead(status, { "Content-Type": "application/json; charset=utf-8", ...rateHeaders, ...headers });
      res.end(JSON.stringify(body));
    };
    const retryAfter = String(Math.max(1, Math.ceil((window.start + account.windowMs - record.at) / 1000)));
    if (window.used > account.credits) return send(429, { code: "rate_limit_exceeded", message: "You have exceeded the limit of requests per minute" }, { "Retry-After": retryAfter });
    const forced = opts.rateLimit?.[record.n];
    if (forced !== undefined) return send(429, { code: "rate_limit_exceeded", message: "You have exceeded the limit of requests per minute" }, { "Retry-After": String(forced) });
    if (opts.apiKey !== undefined && req.headers.authorization !== `Basic ${Buffer.from(`${opts.apiKey}:X`).toString("base64")}`) {
      return send(401, { code: "invalid_credentials", message: "You have to be logged in to perform this action." });
    }

    let answer: { status: number; body: unknown; next?: number };
    const path = u.pathname.replace(/\/+$/, "");
    const size = opts.pageSize ?? 100;
    if (path === "/api/v2/tickets") answer = ticketList(data, query, includes, size);
    else if (path === "/api/v2/surveys/satisfaction_ratings") answer = paged(data.satisfaction_ratings.filter(since(query["created_since"], "created_at")), query, null, size);
    else if (path === "/api/v2/surveys") answer = paged(data.surveys, query, null, size);
    else if (path === "/api/v2/agents") answer = paged(data.agents, query, null, size);
    else if (path === "/api/v2/groups") answer = paged(data.groups, query, null, size);
    else answer = { status: 404, body: { code: "not_found", message: "Not found" } };

    const headers: Record<string, string> = {};
    if (answer.next !== undefined) {
      const next = new URL(`${url}${u.pathname}${u.search}`);
      next.searchParams.set("page", String(answer.next));
      headers["Link"] = `<${next.toString()}>; rel="next"`;
    }
    if (opts.drop?.includes(record.n) && answer.status === 200) return markDropped(record), dropMidway(res, JSON.stringify(answer.body), { ...rateHeaders, ...headers });
    send(answer.status, answer.body, headers);
  });
  const listening = await listenLoopback(server);
  url = listening.url;
  return { url, requests, data, close: listening.close };
}


const invalid = (field: string, message: string) => ({ status: 400, body: { description: "Validation failed", errors: [{ field, message, code: "invalid_value" }] } });

function since(value: string | undefined, field: string): (r: Json) => boolean {
  if (value === undefined) return () => true;
  const t = Date.parse(value);
  return (r) => Date.parse(String(r[field])) >= t;
}

/** page / per_page over `records` (already filtered and ordered). */
function paged(records: Json[], query: Record<string, string>, maxPage: number | null, pageSize: number): { status: number; body: unknown; next?: number } {
  const asked = query["per_page"] === undefined ? 30 : Number(query["per_page"]);
  const page = query["page"] === undefined ? 1 : Number(query["page"]);
  if (!Number.isInteger(asked) || asked < 1 || asked > 100) return invalid("per_page", "It should be a Positive Integer less than or equal to 100");
  if (!Number.isInteger(page) || page < 1) return invalid("page", "It should be a Positive Integer");
  const perPage = Math.min(asked, pageSize);
  if (maxPage !== null && page > maxPage) return invalid("page", `You cannot access tickets beyond the ${maxPage}th page`);
  const rows = records.slice((page - 1) * perPage, page * perPage);
  return { status: 200, body: rows, ...(records.length > page * perPage ? { next: page + 1 } : {}) };
}

function ticketList(data: FakeFreshdeskData, query: Record<string, string>, includes: string[], pageSize: number): { status: number; body: unknown; next?: number } {
  const filter = query["filter"];
  if (filter !== undefined && !["deleted", "spam", "new_and_my_open", "watching"].includes(filter)) return invalid("filter", "It should be one of these values: 'new_and_my_open,watching,spam,deleted'");
  const orderBy = query["order_by"] ?? "created_at";
  const orderType = query["order_type"] ?? "desc";
  if (!["created_at", "updated_at", "due_by", "status"].includes(orderBy)) return invalid("order_by", "It should be one of these values: 'created_at,due_by,updated_at,status'");
  if (!["asc", "desc"].includes(orderType)) return invalid("order_type", "It should be one of these values: 'asc,desc'");
  let rows = data.tickets.filter((t) => (filter === "deleted" ? t["deleted"] === true : filter === "spam" ? t["spam"] === true && t["deleted"] !== true : t["deleted"] !== true && t["spam"] !== true));
  if (query["updated_since"] !== undefined) rows = rows.filter(since(query["updated_since"], "updated_at"));
  else if (filter === undefined) rows = rows.filter((t) => Date.parse(String(t["created_at"])) >= Date.now() - 30 * 86_400_000);
  const key = (t: Json) => (orderBy === "status" ? Number(t["status"]) : Date.parse(String(t[orderBy])));
  // Freshdesk does not document a tie-break; the fake uses the id.
  rows = [...rows].sort((a, b) => (key(a) - key(b) || Number(a["id"]) - Number(b["id"])) * (orderType === "asc" ? 1 : -1));
  const withStats = includes.includes("stats");
  rows = rows.map((t) => {
    const { stats, ...rest } = t;
    return withStats ? { ...rest, stats } : rest;
  });
  return paged(rows, query, 300, pageSize);
}

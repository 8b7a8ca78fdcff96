/**
 * A fake LiveAgent API v3 on loopback. It serves test/fixtures/liveagent/
 * (or the data given) in LiveAgent's shapes: `GET /api/v3/tickets` with
 * `_filters` (a JSON array of [field, operator, value] or an object of
 * equalities; dates compared as UTC, as LiveAgent reads filter dates),
 * `_sortField`, `_sortDir`, `_page`, `_perPage` (default 10) and `[]` past
 * the end; `/tickets/{id}`, `/tickets/{id}/messages` (paged), `/departments`,
 * `/agents`. `GET /calls` has no `_page`, as LiveAgent's KB 865654 ("How to
 * work with _cursor parameter") says: it answers in id order, only to
 * `_cursor` (base64 of `{"id":"<last id>"}`, records after that id), and
 * gives the next page's cursor in the `next_page_cursor` response header
 * while more records follow (whether LiveAgent sends one on the last page is
 * not documented; this fake does not). It wants the key in the `apikey` header (401
 * `{ message }` otherwise), answers dates in the account's `timeZone`
 * (fixtures are UTC), and records every request. It can misbehave on cue:
 * a 429 with Retry-After on chosen request numbers, a connection dropped
 * halfway through a body, and a request budget it enforces with 429s
 * (every request counts, refused ones too).
 *
 * @example
 * const la = await startFakeLiveAgent({ rateLimit: { 3: 1 }, drop: [5] });
 * // point a SyncHttp at la.url with headers { apikey: la.apiKey }
 * la.requests.filter((r) => r.path === "/api/v3/tickets");
 */
import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import { TZDate } from "@date-fns/tz";
import { format } from "date-fns";
import { dropMidway, listenLoopback, markDropped, type FakeRequest } from "./http.ts";

type Json = Record<string, unknown>;

export interface LiveAgentData {
  agents: Json[];
  departments: Json[];
  tickets: Json[];
  /** Message groups per ticket id. */
  messages: Record<string, Json[]>;
  calls: Json[];
}

/** A fresh copy of test/fixtures/liveagent/ (tests may change it). */
export function liveAgentFixtures(): LiveAgentData {
  const read = <T>(name: string): T => JSON.parse(readFileSync(new URL(`../fixtures/liveagent/${name}.json`, import.meta.url), "utf8")) as T;
  return {
    agents: read("agents"),
    departments: read("departments"),
    tickets: read("tickets"),
    messages: read("messages"),
    calls: read("calls"),
  };
}

export interface FakeLiveAgentOptions {
  /** The API key it accepts (default "la-test-key"). */
  apiKey?: string;
  /** What it serves (default: the fixtures). */
  data?: LiveAgentData;
  /** The account's time zone: fixture dates (UTC) are answered in it; filter dates are still read as UTC. */
  timeZone?: string;
  /** Request number (1-based, every request counted) → answered 429 with `Retry-After: <seconds>`. */
  rateLimit?: Record<number, number>;
  /** Request numbers whose answer stops halfway through the body (the socket is destroyed). */
  drop?: number[];
  /** 429 for a request beyond `requests` in any `perMs` (all arrivals count, refused ones too). */
  budget?: { requests: number; perMs: number };
  /** Misbehave by ignoring a parameter: `_filters` on /tickets, `_page` on /tickets, `_cursor` on /calls. */
  ignore?: { ticketFilter?: boolean; page?: boolean; cursor?: boolean };
}

export interface LiveAgentRequest extends FakeRequest {
  method: string;
  query: Record<string, string>;
  /** Records in a list answer. */
  rows?: number;
}

export interface FakeLiveAgent {
  url: string;
  apiKey: string;
  data: LiveAgentData;
  requests: LiveAgentRequest[];
  /** Requests to a path answered 200 (list requests by path, e.g. "/api/v3/tickets"). */
  answered(path: string): LiveAgentRequest[];
  close(): Promise<void>;
}

const DATE_FIELDS = new Set([
  "date_created",
  "date_changed",
  "date_resolved",
  "date_due",
  "date_deleted",
  "last_activity",
  "last_activity_public",
  "datecreated",
  "datefinished",
  "dateCreated",
  "dateAnswered",
  "dateFinished",
]);

export async function startFakeLiveAgent(opts: FakeLiveAgentOptions = {}): Promise<FakeLiveAgent> {
  const apiKey = opts.apiKey ?? "la-test-key";
  const data = opts.data ?? liveAgentFixtures();
  const zone = opts.timeZone ?? "UTC";
  const requests: LiveAgentRequest[] = [];
  const arrivals: number[] = [];

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    const record: LiveAgentRequest = {
      n: requests.length + 1,
      method: req.method ?? "GET",
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers: req.headers,
      at: Date.now(),
      status: 0,
      dropped: false,
    };
    requests.push(record);
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      record.status = status;
      if (status === 200 && Array.isArray(body)) record.rows = body.length;
      const text = JSON.stringify(body);
      const head = { "Content-Type": "application/json", "Content-Length": String(Buffer.byteLength(text)), ...headers };
      if (status === 200 && opts.drop?.includes(record.n)) return markDropped(record), dropMidway(res, text, head);
      res.writeHead(status, head);
      res.end(text);
    };

    // The budget counts every arrival, before anything else.
    if (opts.budget) {
      const { requests: limit, perMs } = opts.budget;
      while (arrivals.length > 0 && arrivals[0]! <= record.at - perMs) arrivals.shift();
      arrivals.push(record.at);
      if (arrivals.length > limit) {
        const wait = Math.max(1, Math.ceil((arrivals[arrivals.length - limit - 1]! + perMs - record.at) / 1000));
        return send(429, { message: "Too many requests" }, { "Retry-After": String(wait) });
      }
    }
    const retryAfter = opts.rateLimit?.[record.n];
    if (retryAfter !== undefined) return send(429, { message: "Too many requests" }, { "Retry-After": String(retryAfter) });
    if (req.headers["apikey"] !== apiKey) return send(401, { message: "Invalid API key" });
    if (record.method !== "GET") return send(405, { message: "Method not allowed" });

    const q = url.searchParams;
    const page = (rows: Json[], ignorePage = false) => send(200, paged(rows, q, ignorePage).map((r) => inZone(r, zone)));
    const parts = url.pathname.replace(/^\/api\/v3\/?/, "").split("/").filter(Boolean).map(decodeURIComponent);
    try {
      if (!url.pathname.startsWith("/api/v3/")) return send(404, { message: "Not found" });
      if (parts.length === 1 && parts[0] === "agents") return page(data.agents);
      if (parts.length === 1 && parts[0] === "departments") return page(data.departments);
      if (parts.length === 1 && parts[0] === "tickets") return page(sorted(opts.ignore?.ticketFilter ? data.tickets : filtered(data.tickets, q), q), opts.ignore?.page === true);
      if (parts.length === 1 && parts[0] === "calls") {
        const { rows, next } = byCursor(filtered(data.calls, q), q, opts.ignore?.cursor === true);
        return send(200, rows.map((r) => inZone(r, zone)), next === undefined ? {} : { next_page_cursor: next });
      }
      if (parts[0] === "tickets" && parts.length >= 2) {
        const ticket = data.tickets.find((t) => t["id"] === parts[1]);
        if (!ticket) return send(404, { message: "Ticket does not exist" });
        if (parts.length === 2) return send(200, inZone(ticket, zone));
        if (parts.length === 3 && parts[2] === "messages") return page(data.messages[parts[1]!] ?? []);
      }
      return send(404, { message: "Not found" });
    } catch (e) {
      return send(400, { message: e instanceof Error ? e.message : String(e) });
    }
  });
  const listening = await listenLoopback(server);

  return {
    url: listening.url,
    apiKey,
    data,
    requests,
    answered: (path) => requests.filter((r) => r.path === path && r.status === 200 && !r.dropped),
    close: listening.close,
  };
}


/** One page of calls after `_cursor`, in id order, with the cursor of the page after it while more follow. */
function byCursor(rows: Json[], q: URLSearchParams, ignoreCursor: boolean): { rows: Json[]; next?: string } {
  const perPage = Math.max(1, Number(q.get("_perPage") ?? 10) || 10);
  const raw = q.get("_cursor");
  const after = raw && !ignoreCursor ? String((JSON.parse(Buffer.from(raw, "base64").toString("utf8")) as { id?: unknown }).id ?? "") : null;
  const ordered = [...rows].sort((a, b) => (String(a["id"]) < String(b["id"]) ? -1 : String(a["id"]) > String(b["id"]) ? 1 : 0));
  const rest = after === null ? ordered : ordered.filter((r) => String(r["id"]) > after);
  const out = rest.slice(0, perPage);
  if (rest.length <= perPage) return { rows: out };
  return { rows: out, next: Buffer.from(JSON.stringify({ id: String(out.at(-1)!["id"]) })).toString("base64") };
}

function paged(rows: Json[], q: URLSearchParams, ignorePage = false): Json[] {
  const page = ignorePage ? 1 : Math.max(1, Number(q.get("_page") ?? 1) || 1);
  const perPage = Math.max(1, Number(q.get("_perPage") ?? 10) || 10);
  return rows.slice((page - 1) * perPage, page * perPage);
}

/** `_filters`: [[field, operator, value], …] or { field: value, … }. Values are compared as text, dates in UTC. */
function filtered(rows: Json[], q: URLSearchParams): Json[] {
  const raw = q.get("_filters");
  if (raw === null || raw === "") return rows;
  const parsed = JSON.parse(raw) as unknown;
  const conditions: Array<[string, string, string]> = Array.isArray(parsed)
    ? parsed.map((c) => {
        if (!Array.isArray(c) || c.length !== 3) throw new Error(`bad filter ${JSON.stringify(c)}`);
        return [String(c[0]), String(c[1]), String(c[2])];
      })
    : Object.entries(parsed as Record<string, unknown>).map(([k, v]) => [k, "E", String(v)]);
  return rows.filter((r) => conditions.every(([field, op, value]) => matches(r[field], op, value)));
}

function matches(v: unknown, op: string, value: string): boolean {
  const s = v === null || v === undefined ? null : String(v);
  switch (op) {
    case "E":
      return s === value;
    case "NE":
      return s !== value;
    case "IN":
      return s !== null && value.split(",").includes(s);
    case "NI":
      return s === null || !value.split(",").includes(s);
    case "L":
      return s !== null && s.toLowerCase().includes(value.toLowerCase());
    case "D>=":
      return s !== null && s !== "" && s >= value;
    case "D>":
      return s !== null && s !== "" && s > value;
    case "D<=":
      return s !== null && s !== "" && s <= value;
    case "D<":
      return s !== null && s !== "" && s < value;
    default:
      throw new Error(`unknown filter operator ${op}`);
  }
}

function sorted(rows: Json[], q: URLSearchParams): Json[] {
  const field = q.get("_sortField");
  if (!field) return rows;
  const dir = (q.get("_sortDir") ?? "ASC").toUpperCase() === "DESC" ? -1 : 1;
  const key = (r: Json) => (r[field] === null || r[field] === undefined ? "" : String(r[field]));
  return [...rows].sort((a, b) => {
    const [x, y] = [key(a), key(b)];
    return dir * (x < y ? -1 : x > y ? 1 : 0);
  });
}

/** A record (and its nested messages) with its UTC dates written in `zone`. */
function inZone(record: Json, zone: string): Json {
  if (zone === "UTC") return record;
  const out: Json = {};
  for (const [k, v] of Object.entries(record)) {
    if (DATE_FIELDS.has(k) && typeof v === "string" && /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/.test(v) && !v.startsWith("0000")) {
      const ms = Date.parse(`${v.replace(" ", "T")}Z`);
      out[k] = Number.isNaN(ms) ? v : format(new TZDate(ms, zone), "yyyy-MM-dd HH:mm:ss");
    } else if (k === "messages" && Array.isArray(v)) {
      out[k] = v.map((m) => (typeof m === "object" && m !== null ? inZone(m as Json, zone) : m));
    } else {
      out[k] = v;
    }
  }
  return out;
}

/**
 * Freshdesk (API v2) as a sync source, mapped onto the catalog's `tickets`
 * and `surveys` datasets as Zendesk's are. Ids are "freshdesk:<id>"; times
 * are epoch milliseconds (UTC); what Freshdesk does not say is null.
 * Written from developers.freshdesk.com/api (List All Tickets, Filter
 * predefined lists, Embedding, Satisfaction Ratings, Surveys, Agents,
 * Groups, Pagination, Rate limit); see test/fixtures/freshdesk/README.md.
 *
 * - `freshdesk.tickets`: List All Tickets (`GET /api/v2/tickets`) with
 *   `updated_since`, `order_by=updated_at`, `order_type=asc`,
 *   `per_page=100` (the most Freshdesk serves) and `include=stats`, whose
 *   `first_responded_at`, `resolved_at` and `closed_at` give `frt`,
 *   `resolution_time` and the backlog. resolved_at = stats.resolved_at
 *   (closed_at when absent) only while the status is Resolved (4) or Closed
 *   (5): a reopened ticket is open again. Channel from `source`
 *   (FRESHDESK_CHANNELS), priority 1–4 as low/medium/high/urgent, agent
 *   (`responder_id`) and team (`group_id`) by name from List All Agents and
 *   List All Groups (loaded once a pull; the id when a name is unknown),
 *   `is_complaint` from a `complaint` tag. A ticket the list shows with
 *   `deleted` or `spam` set is a delete.
 * - `freshdesk.deleted_tickets` and `freshdesk.spam_tickets`: the same list
 *   with `filter=deleted` and `filter=spam` (the plain list leaves both
 *   out), each ticket on them a delete: a ticket moved to trash or marked
 *   spam after it was synced disappears. One restored later comes back on
 *   the plain list with a newer updated_at and is stored again.
 * - `freshdesk.satisfaction_ratings`: List All Satisfaction Ratings
 *   (`GET /api/v2/surveys/satisfaction_ratings?created_since=…`) as `csat`
 *   on its survey's own scale (see `ratingScore`).
 *
 * Ticket lists are read page by page but re-anchored after every page
 * (TicketsCursor), so Freshdesk's limit of 300 pages on the ticket list
 * never stops a first sync, and a ticket updated mid-sync cannot shift
 * another past a page boundary. Pacing: FRESHDESK_BUDGETS, then the account's
 * real figure from `X-RateLimit-Total` / `X-RateLimit-Remaining` on every
 * answer (`paceFrom`); 429 with Retry-After, 5xx and dropped connections are
 * the SyncHttp's (http.ts).
 *
 * @example
 * const source = freshdeskSource({ baseUrl: "https://acme.freshdesk.com" });
 * const http = createSyncHttp({ label: source.label, baseUrl: "https://acme.freshdesk.com", budgets: FRESHDESK_BUDGETS,
 *   headers: { authorization: freshdeskAuthorization(process.env.FRESHDESK_API_KEY!) } });
 * for await (const batch of source.streams[0]!.pull(null, { http, since: new Date("2025-01-01"), signal })) save(batch);
 */
import { arr, idOf, nameOf, namesById, num, obj, str, time, type Json } from "../json.ts";
import type { PullContext, RateBudget, SyncBatch, SyncHttp, SyncSource, SyncStream, SyncedRow } from "../types.ts";

/**
 * Freshdesk's documented per-minute limits, for the smallest plan (legacy
 * Growth: 200 calls a minute for the account, of which List All Tickets 20).
 * A ticket list with `include=stats` costs 3 credits (each include adds 2),
 * so the tickets budget spends up to 60 of the 200 and the rest get 140.
 * The account's real total, announced in `X-RateLimit-Total`, replaces the
 * 200 as soon as Freshdesk answers (`paceFrom`).
 */
export const FRESHDESK_BUDGETS: Record<string, RateBudget> = {
  tickets: { requests: 20, perMs: 60_000 },
  api: { requests: 140, perMs: 60_000 },
};

/** Credits one List All Tickets call with `include=stats` costs. */
export const TICKETS_CALL_CREDITS = 3;

/**
 * Ticket `source` → the catalog's channels, for the codes Freshdesk
 * documents: 1 Email, 2 Portal, 3 Phone, 7 Chat, 9 Feedback Widget,
 * 10 Outbound Email. A code not listed becomes "source_<code>" (never
 * guessed), a ticket without one "unknown".
 */
export const FRESHDESK_CHANNELS: Readonly<Record<number, string>> = {
  1: "email",
  2: "web",
  3: "phone",
  7: "chat",
  9: "web",
  10: "email",
};

/**
 * A Freshdesk ticket `source` code as a catalog channel (see FRESHDESK_CHANNELS).
 *
 * @example
 * freshdeskChannel(7) // "chat"
 * freshdeskChannel(13) // "source_13"
 */
export function freshdeskChannel(source: unknown): string {
  const code = num(source);
  if (code === null) return "unknown";
  return FRESHDESK_CHANNELS[code] ?? `source_${code}`;
}

const PRIORITIES: Readonly<Record<number, string>> = { 1: "low", 2: "medium", 3: "high", 4: "urgent" };
const RESOLVED = new Set([4, 5]);
const TICKETS_PATH = "/api/v2/tickets";
const RATINGS_PATH = "/api/v2/surveys/satisfaction_ratings";
const SURVEYS_PATH = "/api/v2/surveys";
const AGENTS_PATH = "/api/v2/agents";
const GROUPS_PATH = "/api/v2/groups";
const PER_PAGE = 100;
/** Freshdesk answers an error past page 300 of the ticket list. */
const MAX_PAGE = 300;
/** Ratings created this long before a pull began are read again by the next one (clock skew, ratings arriving mid-pull). */
const RATINGS_OVERLAP_MS = 5 * 60_000;

/**
 * Basic auth as Freshdesk documents it: the API key as the user, "X" as the password.
 *
 * @example
 * freshdeskAuthorization("abcd1234") // "Basic YWJjZDEyMzQ6WA=="
 */
export function freshdeskAuthorization(apiKey: string): string {
  return `Basic ${Buffer.from(`${apiKey}:X`).toString("base64")}`;
}

export interface FreshdeskSourceOptions {
  /** https://acme.freshdesk.com (tests: a local fake). */
  baseUrl: string;
  /** For people: default "Freshdesk (acme.freshdesk.com)". */
  label?: string;
  /** The window Freshdesk counts its limit in (default a minute; tests scale it). */
  rateWindowMs?: number;
}

/**
 * The Freshdesk account at `baseUrl` as four streams (see the module comment).
 *
 * @example
 * freshdeskSource({ baseUrl: "https://acme.freshdesk.com" }).streams.map((s) => s.id)
 * // ["freshdesk.tickets", "freshdesk.deleted_tickets", "freshdesk.spam_tickets", "freshdesk.satisfaction_ratings"]
 */
export function freshdeskSource(opts: FreshdeskSourceOptions): SyncSource {
  let host: string;
  try {
    host = new URL(opts.baseUrl).host;
  } catch {
    throw new Error(`Freshdesk: the base URL "${opts.baseUrl}" is not a URL`);
  }
  const windowMs = opts.rateWindowMs ?? 60_000;
  return {
    id: "freshdesk",
    label: opts.label ?? `Freshdesk (${host})`,
    streams: [
      ticketsStream("freshdesk.tickets", null, windowMs),
      ticketsStream("freshdesk.deleted_tickets", "deleted", windowMs),
      ticketsStream("freshdesk.spam_tickets", "spam", windowMs),
      ratingsStream(windowMs),
    ],
  };
}

// ---------------------------------------------------------------------------
// Requests: one page, its next link, and pacing from the answer's headers

interface Page {
  rows: Json[];
  /** The answer's `Link: <…>; rel="next"` was there. */
  hasNext: boolean;
}

async function getPage(ctx: PullContext, path: string, budget: "tickets" | "api", query: Record<string, string | number>, windowMs: number, what: string): Promise<Page> {
  ctx.signal.throwIfAborted();
  const { body, headers } = await ctx.http.get(path, { budget, query });
  paceFrom(headers, ctx.http, windowMs);
  if (!Array.isArray(body)) throw new Error(`Freshdesk: ${what} did not answer a list`);
  return { rows: body.map(obj).filter((r): r is Json => r !== undefined), hasNext: nextLink(headers.get("link")) !== null };
}

/**
 * The `rel="next"` URL of a Link header, or null.
 *
 * @example
 * nextLink('<https://acme.freshdesk.com/api/v2/tickets?page=2>; rel="next"') // "https://acme.freshdesk.com/api/v2/tickets?page=2"
 */
export function nextLink(header: string | null): string | null {
  if (header === null) return null;
  for (const part of header.split(",")) {
    const m = /<([^>]*)>\s*;(.*)$/.exec(part.trim());
    if (m && /\brel\s*=\s*"?next"?/i.test(m[2]!)) return m[1]!;
  }
  return null;
}

/**
 * Adjusts the budgets from Freshdesk's rate-limit headers: `X-RateLimit-Total`
 * is the account's calls per minute (its plan, plus any it bought), of which
 * the ticket list may spend TICKETS_CALL_CREDITS per call; and when
 * `X-RateLimit-Remaining` cannot pay for a ticket list call (other apps share
 * the account's limit), both budgets wait a window.
 *
 * @example
 * paceFrom(new Headers({ "x-ratelimit-total": "400", "x-ratelimit-remaining": "398" }), http, 60_000);
 */
export function paceFrom(headers: Headers, http: SyncHttp, windowMs: number): void {
  const total = Number.parseInt(headers.get("x-ratelimit-total") ?? "", 10);
  const remaining = Number.parseInt(headers.get("x-ratelimit-remaining") ?? "", 10);
  if (Number.isFinite(total) && total > 0) {
    const tickets = Math.max(1, Math.min(FRESHDESK_BUDGETS.tickets!.requests, Math.floor(total / (2 * TICKETS_CALL_CREDITS))));
    http.pace("tickets", { requests: tickets, perMs: windowMs });
    http.pace("api", { requests: Math.max(1, total - tickets * TICKETS_CALL_CREDITS), perMs: windowMs });
  }
  if (Number.isFinite(remaining) && remaining < TICKETS_CALL_CREDITS) {
    const until = Date.now() + windowMs;
    http.pace("tickets", { pauseUntil: until });
    http.pace("api", { pauseUntil: until });
  }
}

// ---------------------------------------------------------------------------
// Tickets

/**
 * The saved position of a ticket stream, as JSON: the `updated_since`
 * instant the next request asks from (ISO), the page of that query, and the
 * ids already applied whose updated_at is exactly `since`. After each page
 * the query moves to the page's latest updated_at (page 1), so pages stay
 * few and nothing shifts; the ids sharing that second are read again and
 * dropped by `seen`. Only when a whole page shares one second does `page`
 * move on. The query asks from a second earlier than `since` (whether
 * Freshdesk reads updated_since as "at or after" or "after", nothing at
 * `since` is missed); rows before `since` were applied already.
 */
interface TicketsCursor {
  since: string;
  page: number;
  seen: string[];
}

function ticketsStream(id: string, filter: "deleted" | "spam" | null, windowMs: number): SyncStream {
  return {
    id,
    datasets: ["tickets"],
    async *pull(cursor, ctx) {
      let pos = readTicketsCursor(cursor, id, ctx) ?? { since: ctx.since.getTime(), page: 1, seen: [] as string[] };
      let names: Names | null = null;
      for (;;) {
        if (pos.page > MAX_PAGE) throw new Error(`${id}: more than ${MAX_PAGE * PER_PAGE} tickets share the updated_at ${new Date(pos.since).toISOString()}; Freshdesk lists no further`);
        const query: Record<string, string | number> = {
          updated_since: isoSeconds(pos.since - 1000),
          order_by: "updated_at",
          order_type: "asc",
          per_page: PER_PAGE,
          page: pos.page,
          ...(filter === null ? { include: "stats" } : { filter }),
        };
        const page = await getPage(ctx, TICKETS_PATH, "tickets", query, windowMs, `the ${filter ?? "ticket"} list`);
        const seen = new Set(pos.seen);
        const fresh = page.rows.filter((t) => {
          const updated = time(t["updated_at"]);
          if (updated === null) return true; // cannot be placed: mapped (and reported) rather than lost
          return updated > pos.since || (updated === pos.since && !seen.has(idOf(t["id"]) ?? ""));
        });
        const next = advance(pos, page.rows, page.hasNext);
        if (fresh.length > 0) {
          if (filter === null) names ??= await loadNames(ctx, windowMs);
          yield { ...(filter === null ? ticketsBatch(fresh, names!) : deletesBatch(fresh)), cursor: writeTicketsCursor(next) };
        }
        if (!page.hasNext) return;
        if (fresh.length === 0 && next.since === pos.since && next.page === pos.page) return;
        pos = next;
      }
    },
  };
}

interface Position {
  since: number;
  page: number;
  seen: string[];
}

/** The query after a page (see TicketsCursor). */
function advance(pos: Position, rows: Json[], hasNext: boolean): Position {
  let latest = -Infinity;
  for (const r of rows) latest = Math.max(latest, time(r["updated_at"]) ?? -Infinity);
  if (latest > pos.since) {
    return { since: latest, page: 1, seen: rows.filter((r) => time(r["updated_at"]) === latest).flatMap((r) => idOf(r["id"]) ?? []) };
  }
  const seen = new Set(pos.seen);
  for (const r of rows) if (time(r["updated_at"]) === pos.since) seen.add(idOf(r["id"]) ?? "");
  return { since: pos.since, page: hasNext ? pos.page + 1 : pos.page, seen: [...seen] };
}

function writeTicketsCursor(p: Position): string {
  return JSON.stringify({ since: new Date(p.since).toISOString(), page: p.page, seen: p.seen } satisfies TicketsCursor);
}

function readTicketsCursor(cursor: string | null, stream: string, ctx: PullContext): Position | null {
  if (cursor === null) return null;
  try {
    const c = obj(JSON.parse(cursor));
    const since = time(c?.["since"]);
    const page = num(c?.["page"]);
    const seen = c?.["seen"];
    if (since === null || page === null || !Number.isInteger(page) || page < 1 || !Array.isArray(seen) || !seen.every((s) => typeof s === "string")) throw new Error("bad fields");
    return { since, page, seen: seen as string[] };
  } catch {
    ctx.log?.warn("unreadable Freshdesk cursor; syncing that stream again from the start", { stream });
    return null;
  }
}

/** Live tickets as rows; ones flagged deleted or spam as deletes. */
function ticketsBatch(tickets: Json[], names: Names): Omit<SyncBatch, "cursor"> {
  const rows: SyncedRow[] = [];
  const deletes: string[] = [];
  const skipped: NonNullable<SyncBatch["skipped"]> = [];
  for (const t of tickets) {
    const fid = idOf(t["id"]);
    if (fid === null) {
      skipped.push({ dataset: "tickets", id: "freshdesk:?", reason: "a ticket without an id" });
      continue;
    }
    const id = `freshdesk:${fid}`;
    if (t["deleted"] === true || t["spam"] === true) {
      deletes.push(id);
      continue;
    }
    const row = ticketRow(t, id, names);
    if (typeof row === "string") skipped.push({ dataset: "tickets", id, reason: row });
    else rows.push(row);
  }
  return { upserts: { tickets: rows }, deletes: { tickets: deletes }, skipped };
}

function deletesBatch(tickets: Json[]): Omit<SyncBatch, "cursor"> {
  return { upserts: {}, deletes: { tickets: tickets.flatMap((t) => (idOf(t["id"]) === null ? [] : [`freshdesk:${idOf(t["id"])}`])) } };
}

/** A live ticket as a `tickets` row, or why it cannot be one. */
function ticketRow(t: Json, id: string, names: Names): SyncedRow | string {
  const created = time(t["created_at"]);
  if (created === null) return t["created_at"] === undefined || t["created_at"] === null ? "no created_at" : `unreadable created_at ${JSON.stringify(t["created_at"])}`;
  const stats = obj(t["stats"]);
  const status = num(t["status"]);
  const priority = num(t["priority"]);
  return {
    id,
    created_at: created,
    first_response_at: time(stats?.["first_responded_at"]),
    resolved_at: status !== null && RESOLVED.has(status) ? (time(stats?.["resolved_at"]) ?? time(stats?.["closed_at"])) : null,
    escalated_at: null,
    channel: freshdeskChannel(t["source"]),
    agent: nameOf(t["responder_id"], names.agents),
    team: nameOf(t["group_id"], names.groups),
    priority: priority === null ? null : (PRIORITIES[priority] ?? String(priority)),
    is_complaint: arr(t["tags"]).some((tag) => typeof tag === "string" && tag.toLowerCase() === "complaint"),
  };
}

// ---------------------------------------------------------------------------
// Agents and groups

interface Names {
  agents: Map<string, string>;
  groups: Map<string, string>;
}

/** Every page of a list, following the Link header. */
async function all(ctx: PullContext, path: string, windowMs: number, what: string): Promise<Json[]> {
  const out: Json[] = [];
  for (let page = 1; ; page++) {
    const p = await getPage(ctx, path, "api", { per_page: PER_PAGE, page }, windowMs, what);
    out.push(...p.rows);
    if (!p.hasNext || p.rows.length === 0) return out;
  }
}

async function loadNames(ctx: PullContext, windowMs: number): Promise<Names> {
  const agents = new Map<string, string>();
  for (const a of await all(ctx, AGENTS_PATH, windowMs, "List All Agents")) {
    const id = idOf(a["id"]);
    const name = str(obj(a["contact"])?.["name"]);
    if (id !== null && name !== null) agents.set(id, name);
  }
  const groups = namesById(await all(ctx, GROUPS_PATH, windowMs, "List All Groups"));
  return { agents, groups };
}

// ---------------------------------------------------------------------------
// Satisfaction ratings

/**
 * A rating of a survey's default question on that survey's own scale:
 * Freshdesk writes answers as codes from -103 (most unhappy) to 103 (most
 * happy), and each survey question lists the codes it accepts
 * (`accepted_ratings`: [103, 100, -103] on a 3-point survey, [103, 102, 100,
 * -102, -103] on a 5-point one, all seven from 103 to -103 on a 7-point one).
 * The answer's place among them, from the unhappiest, is its score: 1 to
 * the number of options. So "Happy" (103) on a 3-point survey is 3 of 1–3,
 * and "Happy" (101) on a 7-point one is 5 of 1–7. Null when the code is not
 * one the survey accepts.
 *
 * @example
 * ratingScore(102, [103, 102, 100, -102, -103]) // { score: 4, scale_min: 1, scale_max: 5 }
 */
export function ratingScore(code: number, accepted: readonly number[]): { score: number; scale_min: number; scale_max: number } | null {
  const ordered = [...new Set(accepted)].sort((a, b) => a - b);
  const at = ordered.indexOf(code);
  if (at < 0 || ordered.length < 2) return null;
  return { score: at + 1, scale_min: 1, scale_max: ordered.length };
}

/**
 * The saved position of `freshdesk.satisfaction_ratings`, as JSON. A pass
 * lists the ratings created since `start` (ISO), page by page. Mid-pass the
 * cursor holds the next `page`, the newest created_at seen (`high`) and when
 * the pass `began` (our clock), so a resumed pass goes on from that page.
 * After the last page the cursor is `{ start }` for the next pass:
 * min(high, began − 5 min), never before this pass's start — ratings are
 * read again rather than missed; upserts by id make that harmless.
 */
interface RatingsCursor {
  start: string;
  page?: number;
  high?: string;
  began?: string;
}

function ratingsStream(windowMs: number): SyncStream {
  return {
    id: "freshdesk.satisfaction_ratings",
    datasets: ["surveys"],
    async *pull(cursor, ctx) {
      const saved = readRatingsCursor(cursor, ctx);
      const start = saved?.start ?? ctx.since.getTime();
      const began = saved?.began ?? Date.now();
      let high = saved?.high ?? start;
      let page = saved?.page ?? 1;
      let scales: Map<string, number[]> | null = null;
      let names: Names | null = null;
      for (;;) {
        if (page > MAX_PAGE) throw new Error(`freshdesk.satisfaction_ratings: more than ${MAX_PAGE} pages of ratings in one pass; set SYNC_HISTORY_DAYS lower for the first sync`);
        const p = await getPage(ctx, RATINGS_PATH, "api", { created_since: isoSeconds(start), per_page: PER_PAGE, page }, windowMs, "List All Satisfaction Ratings");
        for (const r of p.rows) high = Math.max(high, time(r["created_at"]) ?? high);
        let batch: Omit<SyncBatch, "cursor"> = { upserts: { surveys: [] } };
        if (p.rows.length > 0) {
          scales ??= await loadScales(ctx, windowMs);
          names ??= await loadNames(ctx, windowMs);
          batch = ratingsBatch(p.rows, scales, names);
        }
        if (p.hasNext && p.rows.length > 0) {
          page++;
          yield { ...batch, cursor: JSON.stringify({ start: iso(start), page, high: iso(high), began: iso(began) } satisfies RatingsCursor) };
          continue;
        }
        const nextStart = Math.max(start, Math.min(high, began - RATINGS_OVERLAP_MS));
        yield { ...batch, cursor: JSON.stringify({ start: iso(nextStart) } satisfies RatingsCursor) };
        return;
      }
    },
  };
}

function readRatingsCursor(cursor: string | null, ctx: PullContext): { start: number; page?: number; high?: number; began?: number } | null {
  if (cursor === null) return null;
  const c = (() => {
    try {
      return obj(JSON.parse(cursor));
    } catch {
      return undefined;
    }
  })();
  const start = time(c?.["start"]);
  if (c === undefined || start === null) {
    ctx.log?.warn("unreadable Freshdesk cursor; syncing that stream again from the start", { stream: "freshdesk.satisfaction_ratings" });
    return null;
  }
  const page = num(c["page"]);
  const high = time(c["high"]);
  const began = time(c["began"]);
  return { start, ...(page !== null && { page }), ...(high !== null && { high }), ...(began !== null && { began }) };
}

/** Survey id → the default question's accepted ratings (List All Surveys). */
async function loadScales(ctx: PullContext, windowMs: number): Promise<Map<string, number[]>> {
  const scales = new Map<string, number[]>();
  for (const s of await all(ctx, SURVEYS_PATH, windowMs, "List All Surveys")) {
    const id = idOf(s["id"]);
    const question = arr(s["questions"]).map(obj).find((q) => q?.["default"] === true || q?.["id"] === "default_question");
    const accepted = arr(question?.["accepted_ratings"]).flatMap((v) => num(v) ?? []);
    if (id !== null && accepted.length > 0) scales.set(id, accepted);
  }
  return scales;
}

function ratingsBatch(ratings: Json[], scales: Map<string, number[]>, names: Names): Omit<SyncBatch, "cursor"> {
  const rows: SyncedRow[] = [];
  const skipped: NonNullable<SyncBatch["skipped"]> = [];
  for (const r of ratings) {
    const fid = idOf(r["id"]);
    if (fid === null) {
      skipped.push({ dataset: "surveys", id: "freshdesk:?", reason: "a satisfaction rating without an id" });
      continue;
    }
    const id = `freshdesk:${fid}`;
    const skip = (reason: string) => skipped.push({ dataset: "surveys", id, reason });
    const code = num(obj(r["ratings"])?.["default_question"]);
    if (code === null) {
      skip("no rating for the default question");
      continue;
    }
    const survey = idOf(r["survey_id"]);
    const accepted = survey === null ? undefined : scales.get(survey);
    if (accepted === undefined) {
      skip(survey === null ? "no survey_id (the rating's scale is unknown)" : `survey ${survey} not found (the rating's scale is unknown)`);
      continue;
    }
    const scored = ratingScore(code, accepted);
    if (scored === null) {
      skip(`rating ${code} is not on survey ${survey}'s scale (${accepted.join(", ")})`);
      continue;
    }
    const submitted = time(r["created_at"]);
    if (submitted === null) {
      skip("no readable created_at (when the rating was given)");
      continue;
    }
    const ticket = idOf(r["ticket_id"]);
    const user = idOf(r["user_id"]);
    rows.push({
      id,
      kind: "csat",
      ...scored,
      submitted_at: submitted,
      channel: null,
      agent: nameOf(r["agent_id"], names.agents),
      team: nameOf(r["group_id"], names.groups),
      ticket_id: ticket === null ? null : `freshdesk:${ticket}`,
      customer_id: user === null ? null : `freshdesk:${user}`,
    });
  }
  return { upserts: { surveys: rows }, skipped };
}

// ---------------------------------------------------------------------------

const iso = (ms: number): string => new Date(ms).toISOString();
/** Freshdesk's filter format: 2015-01-19T02:00:00Z (whole seconds). */
const isoSeconds = (ms: number): string => new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(/\.\d{3}Z$/, "Z");

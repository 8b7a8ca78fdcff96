/**
 * LiveAgent (API v3) as a sync source: `liveagent.tickets` feeds `tickets`
 * and `responses`, `liveagent.calls` feeds `calls`. Every request goes to
 * `<baseUrl>/api/v3/…` (the key travels as the `apikey` header, added by the
 * SyncHttp) within the one budget LiveAgent documents: 180 requests a minute
 * per API key (LIVEAGENT_BUDGETS).
 *
 * Tickets: `GET /tickets` filtered `date_changed D>= since`, sorted by
 * date_changed ascending, `_page`/`_perPage`. Each changed ticket's message
 * groups (`GET /tickets/{id}/messages`, paged until an empty page) give its
 * replies: walking the public messages in time order, an agent message that
 * follows a customer message is a reply (a `responses` row, timed from the
 * earliest customer message it answers; the agent's further messages before
 * the customer writes again are not replies). The first such reply is the
 * ticket's `first_response_at`. Internal notes, offline-internal replies,
 * forwards, system groups (start info, transfer, resolve, tag, split, merge…)
 * and non-message parts (quoted text, headers, notes, system lines) never
 * count. A message is an agent's when its user is in `/agents`, is the
 * ticket's agent, or it is an outgoing e-mail; system users ("system00") are
 * ignored; anyone else is the customer.
 *
 * Ticket fields: team = department name, agent = agent name (the id when the
 * name is unknown, e.g. a deleted agent), resolved_at = date_resolved only
 * while the status is resolved (R) or closed (L). LiveAgent has no ticket
 * priority and no complaint flag (tags are bare ids), so priority is null
 * and is_complaint false; escalated_at is null. Deleted (X) and spam (B)
 * tickets are sent as deletes. Every page replaces the reply rows of its
 * tickets (`replacesResponsesOf`), so a deleted ticket's replies go with it
 * and a reply that no longer counts is removed.
 *
 * Channels (ticket `channel_type`): E e-mail → email; B contact (chat)
 * button, I chat invitation → chat; C call, W call button → phone; F
 * Facebook, A Facebook message, T Twitter → social; M contact form, Q forum,
 * S suggestion → web; a code not listed → the code in lower case ("v");
 * no code → "unknown".
 *
 * Calls: `GET /calls` filtered `dateCreated D>= since`, paged by `_cursor`
 * from the `next_page_cursor` response header (LiveAgent KB 865654: /calls
 * has no `_page`; the cursor is the last id read). Only incoming calls (type I, or no type) are calls offered to
 * the queue; outgoing (O) and internal (T) ones are left out. queued_at =
 * dateCreated, answered_at = dateAnswered, ended_at = dateFinished (a call
 * ended unanswered is an abandoned one). The call list has no hold,
 * wrap-up, agent, queue or "blocked" fields: hold_seconds and
 * wrap_up_seconds are 0, blocked false, and agent (answered calls only) and
 * topic (department name) come from the call's ticket (`GET /tickets/{id}`,
 * once per ticket per pull). Department and agent names are loaded once per
 * pull, only when a page has something to map.
 *
 * Time zones: LiveAgent answers dates ("YYYY-MM-DD HH:MM:SS") in the
 * account's time zone (`GET /settings`; UTC for accounts made since
 * mid-2019, America/Phoenix for older ones) but reads filter dates as UTC
 * (support.liveagent.com 271981). `timeZone` (default UTC) is the account's
 * zone; filters are always sent in UTC.
 *
 * Tickets cursor (JSON): `{ since, page, seen }` — the date_changed instant
 * the next request filters from, the page of that query, and
 * the ids already applied whose date is exactly `since`. After a page the
 * query is re-anchored at the page's latest date (page 1) so tickets that
 * change mid-sync cannot shift later ones past a page boundary; records
 * sharing the anchor second are re-read and dropped by `seen`, so none is
 * lost; only when a whole page shares one second does `page` move on. A
 * pull ends at a page with nothing new. The calls cursor is `CallsPosition`;
 * it never passes a recent call still in progress (no dateFinished, within
 * 4 hours of the newest call seen), so its answer and end arrive on a later
 * sync.
 *
 * Guards: a page that repeats the previous one (`_page` or `_cursor`
 * ignored) stops the pull with an error rather than asking for ever; a
 * `/tickets` answer holding tickets changed before the filter date (the
 * filter ignored) switches that pull to plain paging, keeping only what
 * changed since.
 *
 * @example
 * const source = liveAgentSource({ baseUrl: "https://acme.ladesk.com", timeZone: "America/Phoenix" });
 * const http = createSyncHttp({ label: source.label, baseUrl: "https://acme.ladesk.com",
 *   headers: { apikey: process.env.LIVEAGENT_API_KEY! }, budgets: LIVEAGENT_BUDGETS });
 * for await (const batch of source.streams[0]!.pull(null, { http, since, signal })) store(batch);
 */
import { TZDate } from "@date-fns/tz";
import { SyncHttpError, type PullContext, type RateBudget, type SyncBatch, type SyncSource, type SyncStream, type SyncedRow } from "../types.ts";
import { isTimeZone } from "../../../periods/isTimeZone.ts";

/** LiveAgent: "API requests are limited to 180 per minute per API key." */
export const LIVEAGENT_BUDGETS: Record<string, RateBudget> = { api: { requests: 180, perMs: 60_000 } };

export interface LiveAgentSourceOptions {
  /** The account URL, e.g. https://acme.ladesk.com (a trailing /api/v3 is accepted). */
  baseUrl: string;
  /** The account's time zone, in which LiveAgent writes its dates (IANA name, default UTC). */
  timeZone?: string;
  /** For people: default "LiveAgent (acme.ladesk.com)". */
  label?: string;
  /** Records per request (`_perPage`) for every list, default 100. */
  perPage?: number;
}

/** Ticket `channel_type` → the catalog's channel. */
export const LIVEAGENT_CHANNELS: Readonly<Record<string, string>> = {
  E: "email",
  B: "chat",
  I: "chat",
  C: "phone",
  W: "phone",
  F: "social",
  A: "social",
  T: "social",
  M: "web",
  Q: "web",
  S: "web",
};

export function liveAgentChannel(code: string | null): string {
  if (code === null || code === "") return "unknown";
  return LIVEAGENT_CHANNELS[code] ?? code.toLowerCase();
}

const BUDGET = "api";
const SYSTEM_USERS = new Set(["", "system00"]);
/** Message groups that are not part of the conversation with the customer. */
const NOT_CONVERSATION = new Set([
  "I", // internal note
  "U", // offline internal: an agent's e-mail reply that is not sent to the customer
  "Z", // internal, collapsed
  "1", // internal call
  "S", // start info
  "T", // transfer
  "R", // resolve
  "J", // postpone
  "X", // delete
  "B", // spam
  "G", // tag
  "L", // split
  "2", // merged
  "O", // forward (to a third party)
  "Q", // reply to a forward
]);
/** Message parts that are something somebody wrote: message, legacy message, file. */
const WRITTEN = new Set(["M", "Y", "F"]);
const OUTGOING_EMAIL = "4";
const DELETED_STATUSES = new Set(["X", "B"]);
const RESOLVED_STATUSES = new Set(["R", "L"]);
/** A call without dateFinished holds the cursor while it is this recent, relative to the newest call seen. */
const OPEN_CALL_MS = 4 * 3600_000;

type Json = Record<string, unknown>;
type Time = number | null | "bad";

interface Position {
  /** Epoch ms the query filters from (D>=). */
  since: number;
  page: number;
  /** Ids already applied whose date is exactly `since`. */
  seen: string[];
  /** LiveAgent ignored the date filter: plain `_page` paging, keeping what changed since `since`. */
  unfiltered?: true;
  /** In an unfiltered pass: the latest change seen so far (epoch ms). */
  high?: number;
}

interface Names {
  agents: Map<string, string>;
  departments: Map<string, string>;
}

interface Message {
  id: string;
  at: number;
  agent: string | null;
  order: number;
}

export function liveAgentSource(opts: LiveAgentSourceOptions): SyncSource {
  const zone = opts.timeZone ?? "UTC";
  if (!isTimeZone(zone)) throw new Error(`LiveAgent: unknown time zone "${zone}" (an IANA name such as UTC or America/Phoenix)`);
  const perPage = opts.perPage ?? 100;
  if (!Number.isInteger(perPage) || perPage < 1) throw new Error(`LiveAgent: perPage must be a positive whole number, not ${perPage}`);
  let host: string;
  try {
    host = new URL(opts.baseUrl).host;
  } catch {
    throw new Error(`LiveAgent: the base URL "${opts.baseUrl}" is not a URL`);
  }
  const api = `${opts.baseUrl.replace(/\/+$/, "").replace(/\/api\/v3$/i, "")}/api/v3`;
  const label = opts.label ?? `LiveAgent (${host})`;
  const time = (v: unknown): Time => parseTime(v, zone);

  async function listPage(ctx: PullContext, path: string, query: Record<string, string | number>): Promise<{ rows: Json[]; headers: Headers }> {
    ctx.signal.throwIfAborted();
    const { body, headers } = await ctx.http.get(`${api}${path}`, { budget: BUDGET, query });
    if (!Array.isArray(body)) throw new SyncHttpError(`${label} ${path} answered something other than a list`, null);
    return { rows: body.filter(isObject), headers };
  }

  async function list(ctx: PullContext, path: string, query: Record<string, string | number>): Promise<Json[]> {
    return (await listPage(ctx, path, query)).rows;
  }

  /**
   * Every page of a `_page`-paged list, until an empty one. A page that
   * repeats the previous one (LiveAgent ignoring `_page`) stops with an
   * error instead of asking for ever.
   */
  async function all(ctx: PullContext, path: string): Promise<Json[]> {
    const out: Json[] = [];
    let previous: string | null = null;
    for (let page = 1; ; page++) {
      const rows = await list(ctx, path, { _page: page, _perPage: perPage });
      if (rows.length === 0) return out;
      const ids = idList(rows);
      if (ids === previous) throw ignoredParameter(label, path, "_page", page);
      previous = ids;
      out.push(...rows);
    }
  }

  async function loadNames(ctx: PullContext): Promise<Names> {
    const agents = new Map<string, string>();
    for (const a of await all(ctx, "/agents")) {
      const id = str(a["id"]);
      if (id) agents.set(id, str(a["name"]) || id);
    }
    const departments = new Map<string, string>();
    for (const d of await all(ctx, "/departments")) {
      const id = str(d["department_id"]);
      if (id) departments.set(id, str(d["name"]) || id);
    }
    return { agents, departments };
  }

  /**
   * The tickets page loop: `path` filtered and sorted by `dateField`, from
   * `pos`, re-anchored after each page. Calls `onPage` with the records not
   * yet applied; stops at a page with none.
   *
   * LiveAgent documents only agent-panel filters on `/tickets`, so the
   * answer must show the filter held: a record changed before `since` means
   * it was ignored. Then the pull falls back to plain `_page` paging (kept
   * in the cursor as `unfiltered`), keeps only what changed since, and ends
   * at an empty page; the next pull tries the filter again. A page that
   * repeats the previous page of the same query (`_page` ignored) stops the
   * pull with an error instead of asking for ever.
   */
  async function* pages(
    ctx: PullContext,
    cursor: string | null,
    stream: string,
    path: string,
    dateField: string,
    onPage: (fresh: Json[], next: Position) => Promise<SyncBatch>,
  ): AsyncGenerator<SyncBatch> {
    let pos = readCursor(cursor, stream, ctx) ?? { since: ctx.since.getTime(), page: 1, seen: [] };
    let previous: { since: number; page: number; ids: string } | null = null;
    const at = (r: Json): number | null => {
      const t = time(r[dateField]);
      return typeof t === "number" ? t : null;
    };
    for (;;) {
      const rows = await list(ctx, path, {
        _filters: JSON.stringify([[dateField, "D>=", utcText(pos.since)]]),
        _sortField: dateField,
        _sortDir: "ASC",
        _page: pos.page,
        _perPage: perPage,
      });
      if (rows.length === 0) {
        // The end of an unfiltered pass: the next pull filters from the latest change seen.
        if (pos.unfiltered) yield { upserts: {}, cursor: writeCursor({ since: Math.max(pos.since, pos.high ?? pos.since), page: 1, seen: [] }) };
        return;
      }
      const ids = idList(rows);
      if (previous !== null && previous.since === pos.since && previous.page !== pos.page && previous.ids === ids) throw ignoredParameter(label, path, "_page", pos.page);
      previous = { since: pos.since, page: pos.page, ids };
      if (!pos.unfiltered && rows.some((r) => (at(r) ?? pos.since) < pos.since)) {
        ctx.log?.warn("LiveAgent ignored the date filter; reading every page and keeping only what changed since", { stream, path, filter: dateField });
        pos = { since: pos.since, page: 1, seen: [], unfiltered: true };
        previous = null;
        continue;
      }
      if (pos.unfiltered) {
        const fresh = rows.filter((r) => (at(r) ?? pos.since) >= pos.since);
        let high = pos.high ?? pos.since;
        for (const r of fresh) high = Math.max(high, at(r) ?? high);
        const next: Position = { since: pos.since, page: pos.page + 1, seen: [], unfiltered: true, high };
        if (fresh.length > 0) yield await onPage(fresh, next);
        pos = next;
        continue;
      }
      const seen = new Set(pos.seen);
      const fresh = rows.filter((r) => !(seen.has(str(r["id"])) && (at(r) ?? pos.since) === pos.since));
      const next = advance(pos, rows, at, perPage);
      if (fresh.length === 0) {
        if (rows.length < perPage) return;
        pos = next;
        continue;
      }
      yield await onPage(fresh, next);
      pos = next;
    }
  }

  /** A ticket's message groups: every page until an empty one (a short page need not be the last). */
  function messagesOf(ctx: PullContext, ticketId: string): Promise<Json[]> {
    return all(ctx, `/tickets/${encodeURIComponent(ticketId)}/messages`);
  }

  /** The ticket's public messages in time order, each marked with its agent (null: the customer). */
  function conversation(groups: Json[], ticket: Json, names: Names): Message[] {
    const ticketAgent = str(ticket["agentid"]);
    const out: Message[] = [];
    let order = 0;
    for (const g of groups) {
      const type = str(g["type"]);
      if (NOT_CONVERSATION.has(type)) continue;
      const groupUser = str(g["userid"]);
      const groupAt = time(g["datecreated"]);
      const inner = Array.isArray(g["messages"]) ? g["messages"].filter(isObject) : [];
      for (const m of inner) {
        order++;
        if (!WRITTEN.has(str(m["type"]))) continue;
        const user = str(m["userid"]) || groupUser;
        if (SYSTEM_USERS.has(user)) continue;
        const own = time(m["datecreated"]);
        const at = typeof own === "number" ? own : groupAt;
        if (typeof at !== "number") continue; // cannot be placed in time
        const isAgent = names.agents.has(user) || (user !== "" && user === ticketAgent) || type === OUTGOING_EMAIL;
        out.push({ id: str(m["id"]), at, agent: isAgent ? user : null, order });
      }
    }
    return out.sort((a, b) => a.at - b.at || a.order - b.order);
  }

  const ticketsStream: SyncStream = {
    id: "liveagent.tickets",
    datasets: ["tickets", "responses"],
    pull(cursor, ctx) {
      let names: Names | null = null;
      return pages(ctx, cursor, "liveagent.tickets", "/tickets", "date_changed", async (fresh, next) => {
        names ??= await loadNames(ctx);
        const tickets: SyncedRow[] = [];
        const responses: SyncedRow[] = [];
        const deleted: string[] = [];
        const skipped: NonNullable<SyncBatch["skipped"]> = [];
        for (const t of fresh) {
          const raw = str(t["id"]);
          const id = `liveagent:${raw || "(no id)"}`;
          const skip = (reason: string) => skipped.push({ dataset: "tickets", id, reason });
          if (!raw) {
            skip("the ticket has no id");
            continue;
          }
          const status = str(t["status"]);
          if (DELETED_STATUSES.has(status)) {
            deleted.push(id);
            continue;
          }
          const created = time(t["date_created"]);
          if (created === null) {
            skip("no date_created");
            continue;
          }
          if (created === "bad") {
            skip(`date_created "${str(t["date_created"])}" is not a date`);
            continue;
          }
          const resolvedRaw = time(t["date_resolved"]);
          if (resolvedRaw === "bad") {
            skip(`date_resolved "${str(t["date_resolved"])}" is not a date`);
            continue;
          }
          const channel = liveAgentChannel(str(t["channel_type"]) || null);
          const agentId = str(t["agentid"]);
          const departmentId = str(t["departmentid"]);
          const replies = replyRows(conversation(await messagesOf(ctx, raw), t, names), raw, channel, names);
          responses.push(...replies);
          tickets.push({
            id,
            created_at: created,
            first_response_at: (replies[0]?.["responded_at"] as number | undefined) ?? null,
            resolved_at: RESOLVED_STATUSES.has(status) ? resolvedRaw : null,
            escalated_at: null,
            channel,
            agent: agentId ? (names.agents.get(agentId) ?? agentId) : null,
            team: departmentId ? (names.departments.get(departmentId) ?? departmentId) : null,
            priority: null,
            is_complaint: false,
          });
        }
        const onPage = [...tickets.map((t) => t.id), ...deleted, ...skipped.map((k) => k.id).filter((k) => !k.endsWith("(no id)"))];
        return {
          upserts: { tickets, responses },
          ...(onPage.length > 0 ? { replacesResponsesOf: onPage } : {}),
          ...(deleted.length > 0 ? { deletes: { tickets: deleted } } : {}),
          ...(skipped.length > 0 ? { skipped } : {}),
          cursor: writeCursor(next),
        };
      });
    },
  };

  const callsStream: SyncStream = {
    id: "liveagent.calls",
    datasets: ["calls"],
    async *pull(cursor, ctx) {
      let names: Names | null = null;
      const ticketsById = new Map<string, Json | null>();

      const ticketOf = async (ticketId: string): Promise<Json | null> => {
        if (!ticketsById.has(ticketId)) {
          let ticket: Json | null = null;
          try {
            ctx.signal.throwIfAborted();
            const body = await ctx.http.getJson(`${api}/tickets/${encodeURIComponent(ticketId)}`, { budget: BUDGET });
            ticket = isObject(body) ? body : null;
          } catch (e) {
            if (!(e instanceof SyncHttpError && e.status === 404)) throw e;
          }
          ticketsById.set(ticketId, ticket);
        }
        return ticketsById.get(ticketId) ?? null;
      };

      let pos: CallsPosition = readCallsCursor(cursor, ctx) ?? { since: ctx.since.getTime(), open: [] };
      /** Calls answered in this pull: a page of nothing but these means `_cursor` was ignored. */
      const sent = new Set<string>();
      let warnedFilter = false;
      for (;;) {
        const { rows, headers } = await listPage(ctx, "/calls", {
          _filters: JSON.stringify([["dateCreated", "D>=", utcText(pos.since)]]),
          _perPage: perPage,
          ...(pos.next !== undefined ? { _cursor: pos.next } : {}),
        });
        if (rows.length === 0) {
          // Mid-pass, the pass ends here: save where the next one starts.
          if (pos.next !== undefined) yield { upserts: { calls: [] }, cursor: writeCallsCursor(passEnd(pos)) };
          return;
        }
        const fresh = rows.filter((r) => !sent.has(str(r["id"])));
        if (fresh.length === 0) throw ignoredParameter(label, "/calls", "_cursor", pos.next ?? "(none)");
        for (const r of fresh) sent.add(str(r["id"]));
        const next = headers.get("next_page_cursor")?.trim() || undefined;
        if (next !== undefined && next === pos.next) throw ignoredParameter(label, "/calls", "_cursor", next);

        names ??= await loadNames(ctx);
        const calls: SyncedRow[] = [];
        const skipped: NonNullable<SyncBatch["skipped"]> = [];
        let high = pos.high ?? pos.since;
        const open = [...pos.open];
        for (const c of fresh) {
          const raw = str(c["id"]);
          const id = `liveagent:${raw || "(no id)"}`;
          const skip = (reason: string) => skipped.push({ dataset: "calls", id, reason });
          if (!raw) {
            skip("the call has no id");
            continue;
          }
          const queued = time(c["dateCreated"]);
          // The filter must hold: a call from before `since` means LiveAgent ignored it; such calls were stored by an earlier sync.
          if (typeof queued === "number" && queued < pos.since) {
            if (!warnedFilter) ctx.log?.warn("LiveAgent ignored the dateCreated filter on /calls; leaving out the calls before it", { since: new Date(pos.since).toISOString() });
            warnedFilter = true;
            continue;
          }
          const type = str(c["type"]);
          if (type !== "" && type !== "I") continue; // outgoing or internal: not offered to the queue
          const answered = time(c["dateAnswered"]);
          const ended = time(c["dateFinished"]);
          if (queued === null) {
            skip("no dateCreated");
            continue;
          }
          const unreadable = ([["dateCreated", queued], ["dateAnswered", answered], ["dateFinished", ended]] as const).find(([, v]) => v === "bad");
          if (unreadable) {
            skip(`${unreadable[0]} "${str(c[unreadable[0]])}" is not a date`);
            continue;
          }
          const queuedAt = queued as number;
          high = Math.max(high, queuedAt);
          if (ended === null) open.push(queuedAt);
          const ticketId = str(c["ticketId"]);
          const ticket = ticketId ? await ticketOf(ticketId) : null;
          const agentId = ticket ? str(ticket["agentid"]) : "";
          const departmentId = ticket ? str(ticket["departmentid"]) : "";
          calls.push({
            id,
            queued_at: queuedAt,
            answered_at: answered as number | null,
            ended_at: ended as number | null,
            hold_seconds: 0,
            wrap_up_seconds: 0,
            blocked: false,
            agent: answered !== null && agentId ? (names.agents.get(agentId) ?? agentId) : null,
            topic: departmentId ? (names.departments.get(departmentId) ?? departmentId) : null,
          });
        }
        const after: CallsPosition = { since: pos.since, high, open: open.filter((t) => t >= high - OPEN_CALL_MS) };
        const resume = next === undefined ? passEnd(after) : { ...after, next };
        yield { upserts: { calls }, ...(skipped.length > 0 ? { skipped } : {}), cursor: writeCallsCursor(resume) };
        if (next === undefined) return;
        pos = resume;
      }
    },
  };

  return { id: "liveagent", label, streams: [ticketsStream, callsStream] };
}

/** Each agent message that follows a customer message, timed from the earliest unanswered customer message. */
function replyRows(messages: Message[], ticketId: string, channel: string, names: Names): SyncedRow[] {
  const rows: SyncedRow[] = [];
  let waitingSince: number | null = null;
  for (const m of messages) {
    if (m.agent === null) {
      waitingSince ??= m.at;
      continue;
    }
    if (waitingSince === null) continue;
    rows.push({
      id: `liveagent:${ticketId}:${m.id}`,
      ticket_id: `liveagent:${ticketId}`,
      responded_at: m.at,
      response_seconds: (m.at - waitingSince) / 1000,
      agent: names.agents.get(m.agent) ?? m.agent,
      channel,
    });
    waitingSince = null;
  }
  return rows;
}

/**
 * The query after a page: re-anchored at its latest date (page 1), or, when
 * the whole page is on the anchor's second, the next page if this one was
 * full (the same page again if not: later records land on it). Records
 * without a readable date stay with the anchor's.
 */
function advance(pos: Position, rows: Json[], at: (r: Json) => number | null, perPage: number): Position {
  let latest = -Infinity;
  for (const r of rows) latest = Math.max(latest, at(r) ?? -Infinity);
  if (latest > pos.since) {
    return { since: latest, page: 1, seen: rows.filter((r) => at(r) === latest).map((r) => str(r["id"])) };
  }
  const seen = new Set(pos.seen);
  for (const r of rows) seen.add(str(r["id"]));
  return { since: pos.since, page: rows.length >= perPage ? pos.page + 1 : pos.page, seen: [...seen] };
}

function writeCursor(p: Position): string {
  return JSON.stringify({
    since: new Date(p.since).toISOString(),
    page: p.page,
    seen: p.seen,
    ...(p.unfiltered ? { unfiltered: true, high: new Date(p.high ?? p.since).toISOString() } : {}),
  });
}

function readCursor(cursor: string | null, stream: string, ctx: PullContext): Position | null {
  if (cursor === null) return null;
  try {
    const c = JSON.parse(cursor) as { since?: unknown; page?: unknown; seen?: unknown; unfiltered?: unknown; high?: unknown };
    const since = typeof c.since === "string" ? Date.parse(c.since) : NaN;
    const page = c.page;
    const seen = c.seen;
    if (Number.isNaN(since) || typeof page !== "number" || !Number.isInteger(page) || page < 1) throw new Error("bad fields");
    if (!Array.isArray(seen) || !seen.every((s) => typeof s === "string")) throw new Error("bad seen");
    const high = typeof c.high === "string" ? Date.parse(c.high) : NaN;
    return { since, page, seen: seen as string[], ...(c.unfiltered === true ? { unfiltered: true as const, high: Number.isNaN(high) ? since : high } : {}) };
  } catch {
    ctx.log?.warn("unreadable LiveAgent cursor; syncing again from the start", { stream });
    return null;
  }
}

/**
 * Where `liveagent.calls` stands. A pass lists the calls created since
 * `since`, page after page by `_cursor` (LiveAgent's `next_page_cursor`
 * header, KB 865654; `/calls` has no `_page`). Mid-pass the cursor holds
 * `next`, the newest dateCreated seen (`high`) and the calls still in
 * progress (`open`, their dateCreated); after the last page it is just the
 * next pass's `since`.
 */
interface CallsPosition {
  since: number;
  next?: string;
  high?: number;
  /** dateCreated of calls in progress (no dateFinished) within 4 hours of `high`. */
  open: number[];
}

/** The next pass starts at the oldest recent call in progress (its answer and end come later), else at the newest call seen. */
function passEnd(p: CallsPosition): CallsPosition {
  const open = p.open.filter((t) => t >= (p.high ?? p.since) - OPEN_CALL_MS);
  return { since: open.length > 0 ? Math.min(...open) : Math.max(p.since, p.high ?? p.since), open: [] };
}

function writeCallsCursor(p: CallsPosition): string {
  const iso = (ms: number) => new Date(ms).toISOString();
  if (p.next === undefined) return JSON.stringify({ since: iso(p.since) });
  return JSON.stringify({ since: iso(p.since), next: p.next, high: iso(p.high ?? p.since), open: p.open.map(iso) });
}

function readCallsCursor(cursor: string | null, ctx: PullContext): CallsPosition | null {
  if (cursor === null) return null;
  try {
    const c = JSON.parse(cursor) as { since?: unknown; next?: unknown; high?: unknown; open?: unknown };
    const since = typeof c.since === "string" ? Date.parse(c.since) : NaN;
    if (Number.isNaN(since)) throw new Error("bad since");
    const high = typeof c.high === "string" ? Date.parse(c.high) : NaN;
    const open = Array.isArray(c.open) ? c.open.map((o) => (typeof o === "string" ? Date.parse(o) : NaN)).filter((t) => !Number.isNaN(t)) : [];
    return { since, open, ...(typeof c.next === "string" && c.next !== "" ? { next: c.next } : {}), ...(Number.isNaN(high) ? {} : { high }) };
  } catch {
    ctx.log?.warn("unreadable LiveAgent cursor; syncing again from the start", { stream: "liveagent.calls" });
    return null;
  }
}

/** "YYYY-MM-DD HH:MM:SS" in UTC, as LiveAgent's filters read dates. */
function utcText(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19).replace("T", " ");
}

/**
 * A LiveAgent date ("YYYY-MM-DD HH:MM:SS", in `zone`) as epoch ms; null when
 * absent (null, "", "0000-00-00 00:00:00"), "bad" when not a date.
 */
export function parseTime(v: unknown, zone: string): Time {
  if (v === null || v === undefined) return null;
  if (typeof v !== "string") return "bad";
  const s = v.trim();
  if (s === "" || s.startsWith("0000-00-00")) return null;
  const m = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2}))?$/.exec(s);
  if (!m) return "bad";
  const [y, mo, d, h, mi, sec] = [m[1], m[2], m[3], m[4], m[5], m[6] ?? "0"].map(Number) as [number, number, number, number, number, number];
  const wall = new Date(Date.UTC(y, mo - 1, d, h, mi, sec));
  if (wall.getUTCMonth() !== mo - 1 || wall.getUTCDate() !== d || wall.getUTCHours() !== h || wall.getUTCMinutes() !== mi) return "bad";
  if (zone === "UTC") return wall.getTime();
  return new TZDate(y, mo - 1, d, h, mi, sec, zone).getTime();
}

/** The ids of a page, as one string to compare pages by. */
function idList(rows: Json[]): string {
  return JSON.stringify(rows.map((r) => str(r["id"])));
}

/** LiveAgent answered as if a paging parameter was not there: asking again would loop. */
function ignoredParameter(label: string, path: string, parameter: string, at: string | number): SyncHttpError {
  return new SyncHttpError(
    `${label} ${path} answered the same records again for ${parameter}=${String(at).slice(0, 40)}: it ignores ${parameter} there, so the sync stopped instead of asking for ever. Report this with the LiveAgent version; the next sync starts from the last stored page`,
    null,
  );
}

function str(v: unknown): string {
  if (typeof v === "string") return v.trim();
  if (typeof v === "number" && Number.isFinite(v)) return String(v);
  return "";
}

function isObject(v: unknown): v is Json {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

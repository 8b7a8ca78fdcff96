/**
 * Zendesk Support as a sync source: two streams over its REST API, mapped
 * onto the catalog's `tickets` and `surveys` datasets (datasets.ts). Ids are
 * "zendesk:<id>"; times are epoch milliseconds (UTC); what Zendesk does not
 * say is null.
 *
 * - `zendesk.tickets`: the cursor-based Incremental Ticket Export
 *   (`/api/v2/incremental/tickets/cursor.json`), sideloading `metric_sets`
 *   (reply and resolution times), `users` and `groups` (so agent and team are
 *   names; the id, as text, when a name was not sideloaded), 1,000 tickets a
 *   page, then 500 and 250 after a timeout (Zendesk's advice). A first sync starts
 *   at `start_time` = ctx.since; every page's cursor is its `after_cursor`, which
 *   Zendesk keeps valid for the next poll, so a resumed or later pull asks for
 *   exactly what follows. Stops after the page that says `end_of_stream`.
 *   Tickets with status "deleted" become deletes.
 * - `zendesk.satisfaction_ratings`: the legacy CSAT Satisfaction Ratings list
 *   (accounts on Zendesk's new CSAT surveys have none; the label says so)
 *   with cursor pagination (`page[size]=100`, `links.next` while
 *   `meta.has_more`), from `start_time`. Only "good" (1) and "bad" (0) are
 *   answers; "offered" and "unoffered" are not, and their ids are deleted, so a
 *   rating taken back (good → offered) disappears. The cursor is described at
 *   `RatingsCursor`.
 *
 * Channels are normalised by ZENDESK_CHANNELS (integer via ids first through
 * via.ts). Pacing, retries and credentials are the SyncHttp's (http.ts); the
 * budgets start at ZENDESK_BUDGETS and follow the rate-limit headers Zendesk
 * sends (rateLimit.ts). A 401 or 403 says who must do what (`refusedHint`).
 *
 * @example
 * const source = zendeskSource({ baseUrl: "https://acme.zendesk.com" });
 * const http = createSyncHttp({ label: source.label, baseUrl: "https://acme.zendesk.com", budgets: ZENDESK_BUDGETS,
 *   headers: { authorization: `Basic ${Buffer.from("admin@acme.com/token:…").toString("base64")}` } });
 * for await (const batch of source.streams[0]!.pull(null, { http, since: new Date("2025-01-01"), signal })) save(batch);
 */
import { SyncHttpError, type PullContext, type RateBudget, type SyncBatch, type SyncResponse, type SyncSource, type SyncStream, type SyncedRow } from "../types.ts";
import { arr, idOf, nameOf, namesById, num, obj, str, time, type Json } from "../json.ts";
import { paceFromHeaders } from "./rateLimit.ts";
import { viaType } from "./via.ts";

/**
 * Zendesk's documented limits, until its headers say the plan's own
 * (rateLimit.ts): the incremental export endpoints allow 10 requests a
 * minute; 200 a minute is the account-wide limit of the Team plan. Zendesk
 * counts incremental requests against the account-wide limit too, so the
 * other requests get 190: together never more than 200 a minute.
 */
export const ZENDESK_BUDGETS: Record<string, RateBudget> = {
  incremental: { requests: 10, perMs: 60_000 },
  api: { requests: 190, perMs: 60_000 },
};

/**
 * Zendesk `via.channel` → the catalog's lower-case channels (email, chat,
 * phone, social, web). Anything not listed passes through in lower case
 * (e.g. "api", "any_channel", "mobile"), and a ticket without a channel is
 * "unknown":
 * - sms stays "sms": a text message is neither a call nor a live chat.
 * - api (and its old name web_service) stays "api": tickets created by other
 *   systems, which could be anything.
 * - any_channel stays "any_channel": Channel Framework integrations (reviews,
 *   custom sources) whose nature Zendesk does not tell.
 * - mobile_sdk is "web": the Support SDK's in-app request form is the web
 *   form inside an app (messaging inside apps arrives as native_messaging).
 */
export const ZENDESK_CHANNELS: Readonly<Record<string, string>> = {
  email: "email",
  mail: "email",
  web: "web",
  dropbox: "web",
  topic: "web",
  helpcenter: "web",
  web_form: "web",
  web_widget: "web",
  help_center: "web",
  mobile_sdk: "web",
  chat: "chat",
  chat_transcript: "chat",
  native_messaging: "chat",
  messaging: "chat",
  voice: "phone",
  phone: "phone",
  phone_call_inbound: "phone",
  phone_call_outbound: "phone",
  voicemail: "phone",
  api_voicemail: "phone",
  api_phone_call_inbound: "phone",
  api_phone_call_outbound: "phone",
  sms: "sms",
  text_message: "sms",
  api: "api",
  web_service: "api",
  facebook: "social",
  facebook_messenger: "social",
  twitter: "social",
  twitter_dm: "social",
  facebook_post: "social",
  facebook_message: "social",
  twitter_favorite: "social",
  instagram_dm: "social",
  whatsapp: "social",
  line: "social",
  wechat: "social",
  telegram: "social",
  viber: "social",
  kakaotalk: "social",
  apple_business_chat: "social",
  google_business_messages: "social",
  google_rcs: "social",
};

/** A Zendesk `via.channel` (a via type, or a via id: an integer, via.ts) as a catalog channel (see ZENDESK_CHANNELS). */
export function zendeskChannel(via: unknown): string {
  const c = (viaType(via) ?? "").toLowerCase();
  if (c === "") return "unknown";
  // Social messaging through Sunshine Conversations: sunshine_conversations_facebook_messenger, …_twitter_dm.
  if (c.startsWith("sunshine_conversations_")) return "social";
  return ZENDESK_CHANNELS[c] ?? c;
}

const TICKETS_PATH = "/api/v2/incremental/tickets/cursor.json";
const RATINGS_PATH = "/api/v2/satisfaction_ratings.json";
const USERS_PATH = "/api/v2/users/show_many.json";
const GROUPS_PATH = "/api/v2/groups.json";
/** Ratings changed this long before a pull began are read again by the next one (clock skew, changes during the pull). */
const RATINGS_OVERLAP_S = 300;

export interface ZendeskSourceOptions {
  baseUrl: string;
  /** For people; default "Zendesk (acme.zendesk.com, legacy CSAT ratings only)": `sources` says which CSAT is read. */
  label?: string;
  /**
   * What to do when Zendesk refuses the credentials (401) or their role
   * (403), added to the error that `sources` and the sync log show: with
   * OAuth, that an admin must connect again.
   */
  refusedHint?: string;
}

/**
 * Both exports are "Allowed for: Admins" (Incremental Exports; List
 * Satisfaction Ratings): an agent's credentials get 403.
 */
export const ZENDESK_ADMIN_HINT = "Zendesk's ticket export and satisfaction ratings are allowed for admins only: use an admin's credentials";

export function zendeskSource(opts: ZendeskSourceOptions): SyncSource {
  const refused = opts.refusedHint ?? ZENDESK_ADMIN_HINT;
  return {
    id: "zendesk",
    label: opts.label ?? `Zendesk (${hostOf(opts.baseUrl)}, legacy CSAT ratings only)`,
    streams: [ticketsStream(), ratingsStream()].map((stream) => explainRefusals(stream, refused)),
  };
}

/** The stream, with a 401 or 403 from Zendesk explained (who must do what). */
function explainRefusals(stream: SyncStream, hint: string): SyncStream {
  return {
    ...stream,
    async *pull(cursor, ctx) {
      try {
        yield* stream.pull(cursor, ctx);
      } catch (e) {
        // The OAuth token provider's own refusals already say what to do.
        if (e instanceof SyncHttpError && (e.status === 401 || e.status === 403) && !e.message.includes(hint) && !e.message.includes("an admin must connect")) {
          throw new SyncHttpError(`${e.message}. ${hint}`, e.status, { cause: e });
        }
        throw e;
      }
    },
  };
}

/** A GET whose rate-limit headers adjust the budgets (rateLimit.ts). */
async function get(ctx: PullContext, url: string, options: Parameters<PullContext["http"]["get"]>[1]): Promise<SyncResponse> {
  const response = await ctx.http.get(url, options);
  paceFromHeaders(ctx.http, response.headers, Date.now());
  return response;
}

/** Page sizes for the ticket export, largest first: Zendesk advises a smaller `per_page` after a timeout. */
export const TICKET_PAGE_SIZES = [1000, 500, 250] as const;

/** A failure a smaller page may cure: a timeout, a dropped connection, or a gateway's 5xx. */
function tooSlow(e: unknown): boolean {
  return e instanceof SyncHttpError && (e.status === null || e.status === 500 || e.status === 502 || e.status === 503 || e.status === 504);
}

// ---------------------------------------------------------------------------
// Tickets

function ticketsStream(): SyncStream {
  return {
    id: "zendesk.tickets",
    datasets: ["tickets"],
    async *pull(cursor, ctx) {
      // The saved cursor is Zendesk's after_cursor as is; before Zendesk gave one, {"start_time": …}.
      let at: { cursor: string } | { start_time: number } = cursor === null ? { start_time: unixSeconds(ctx.since.getTime()) } : parseTicketsCursor(cursor);
      let size = 0; // index into TICKET_PAGE_SIZES; a smaller size, once needed, stays for the rest of the pull
      for (;;) {
        ctx.signal.throwIfAborted();
        let body: unknown;
        for (;;) {
          const perPage = TICKET_PAGE_SIZES[size]!;
          const smaller = size + 1 < TICKET_PAGE_SIZES.length;
          try {
            // A larger page gets one retry only: the next step is a smaller page, not the same one again.
            body = (await get(ctx, TICKETS_PATH, { budget: "incremental", query: { include: "metric_sets,users,groups", per_page: perPage, ...at }, ...(smaller ? { maxAttempts: 2 } : {}) })).body;
            break;
          } catch (e) {
            if (!smaller || !tooSlow(e)) throw e;
            size++;
            ctx.log?.warn("Zendesk ticket export too slow; asking for smaller pages", { perPage: TICKET_PAGE_SIZES[size], error: e instanceof Error ? e.message : String(e) });
          }
        }
        const page = expectObject(body, "the incremental ticket export");
        const after = str(page["after_cursor"]);
        yield ticketsBatch(page, after ?? ("cursor" in at ? at.cursor : JSON.stringify(at)));
        if (page["end_of_stream"] === true) return;
        if (after === null || ("cursor" in at && after === at.cursor)) {
          // Without a way forward, asking again would only loop; the next pull goes on from the saved cursor.
          ctx.log?.warn("Zendesk ticket export did not move on before the end of the stream; stopping here", { afterCursor: after !== null });
          return;
        }
        at = { cursor: after };
      }
    },
  };
}

function parseTicketsCursor(cursor: string): { cursor: string } | { start_time: number } {
  if (!cursor.startsWith("{")) return { cursor };
  const start = num(obj(JSON.parse(cursor))?.["start_time"]);
  if (start === null) throw new Error(`zendesk.tickets: unreadable saved cursor ${cursor}`);
  return { start_time: start };
}

/** One page of the incremental ticket export as a batch. */
function ticketsBatch(page: Json, cursor: string): SyncBatch {
  const tickets = arrayOf(page, "tickets", "the incremental ticket export");
  const users = namesById(page["users"]);
  const groups = namesById(page["groups"]);
  const metrics = new Map<string, Json>();
  for (const m of arr(page["metric_sets"])) {
    const id = idOf(obj(m)?.["ticket_id"]);
    if (id !== null) metrics.set(id, m as Json);
  }
  const rows: SyncedRow[] = [];
  const deletes: string[] = [];
  const skipped: NonNullable<SyncBatch["skipped"]> = [];
  for (const raw of tickets) {
    const t = obj(raw);
    const zid = idOf(t?.["id"]);
    if (t === undefined || zid === null) {
      skipped.push({ dataset: "tickets", id: "zendesk:?", reason: "a ticket without an id" });
      continue;
    }
    const id = `zendesk:${zid}`;
    if (t["status"] === "deleted") {
      deletes.push(id);
      continue;
    }
    const row = ticketRow(t, id, metrics.get(zid) ?? obj(t["metric_set"]), users, groups);
    if (typeof row === "string") skipped.push({ dataset: "tickets", id, reason: row });
    else rows.push(row);
  }
  return { upserts: { tickets: rows }, deletes: { tickets: deletes }, skipped, cursor };
}

/** A live ticket as a `tickets` row, or why it cannot be one. */
function ticketRow(t: Json, id: string, metric: Json | undefined, users: Map<string, string>, groups: Map<string, string>): SyncedRow | string {
  const created = time(t["created_at"]);
  if (created === null) return t["created_at"] === undefined || t["created_at"] === null ? "no created_at" : `unreadable created_at ${JSON.stringify(t["created_at"])}`;
  const reply = minutes(metric?.["reply_time_in_minutes"]);
  const status = str(t["status"]);
  // solved_at outlives a reopening, so only a ticket that is solved or closed now counts as resolved.
  const settled = status === "solved" || status === "closed";
  const fullResolution = minutes(metric?.["full_resolution_time_in_minutes"]);
  const resolved = !settled ? null : (time(metric?.["solved_at"]) ?? (fullResolution === null ? null : created + fullResolution * 60_000));
  const priority = str(t["priority"]);
  const tags = arr(t["tags"]);
  return {
    id,
    created_at: created,
    first_response_at: reply === null ? null : created + reply * 60_000,
    resolved_at: resolved,
    escalated_at: null,
    channel: zendeskChannel(obj(t["via"])?.["channel"]),
    agent: nameOf(t["assignee_id"], users),
    team: nameOf(t["group_id"], groups),
    priority: priority === null ? null : priority.toLowerCase(),
    is_complaint: tags.some((tag) => typeof tag === "string" && tag.toLowerCase() === "complaint"),
  };
}

/** `{ calendar, business }` minutes → the calendar minutes, or null. */
function minutes(v: unknown): number | null {
  return num(obj(v)?.["calendar"]);
}

// ---------------------------------------------------------------------------
// Satisfaction ratings

/**
 * The saved position of `zendesk.satisfaction_ratings`, as JSON.
 *
 * A pull ("pass") lists the ratings updated since `start` (unix seconds),
 * page by page. Mid-pass the cursor holds `next`, the path of the following
 * page, with the pass's `start`, the newest `updated_at` seen so far (`high`)
 * and when the pass `began` (unix seconds, our clock): a resumed pass goes on
 * from `next` (or, should Zendesk refuse that link, from `start` again).
 * After the last page the cursor is `{ start }` for the next pass:
 * min(high, began − 5 min), never before this pass's start. Not simply `high`:
 * the list is not ordered by `updated_at`, so a rating answered while the
 * pass ran may sit on a page already read; the next pass reads it again.
 * Re-reading is harmless: upserts and deletes go by id.
 */
interface RatingsCursor {
  start: number;
  next?: string;
  high?: number;
  began?: number;
}

function ratingsStream(): SyncStream {
  return {
    id: "zendesk.satisfaction_ratings",
    datasets: ["surveys"],
    async *pull(cursor, ctx) {
      const saved = cursor === null ? null : parseRatingsCursor(cursor);
      const start = saved?.start ?? unixSeconds(ctx.since.getTime());
      const began = saved?.began ?? unixSeconds(Date.now());
      let high = saved?.high ?? start;
      let next = saved?.next;
      const directory = new Directory(ctx);
      for (let first = true; ; first = false) {
        ctx.signal.throwIfAborted();
        let body: unknown;
        if (next === undefined) {
          body = (await get(ctx, RATINGS_PATH, { budget: "api", query: { "page[size]": 100, start_time: start } })).body;
        } else {
          try {
            body = (await get(ctx, next, { budget: "api" })).body;
          } catch (e) {
            // A saved link Zendesk no longer accepts: read the whole pass again rather than stop for good.
            if (!(first && e instanceof SyncHttpError && (e.status === 400 || e.status === 422))) throw e;
            ctx.log?.warn("Zendesk refused the saved satisfaction ratings link; reading the pass again from its start", { status: e.status, start });
            next = undefined;
            high = start;
            continue;
          }
        }
        const page = expectObject(body, "the satisfaction ratings list");
        const ratings = arrayOf(page, "satisfaction_ratings", "the satisfaction ratings list");
        for (const r of ratings) {
          const updated = time(obj(r)?.["updated_at"]);
          if (updated !== null) high = Math.max(high, unixSeconds(updated));
        }
        const batch = await ratingsBatch(ratings, directory);
        const link = str(obj(page["links"])?.["next"]);
        if (obj(page["meta"])?.["has_more"] === true && link !== null) {
          if (pathOf(link) === next) throw new Error("Zendesk: the satisfaction ratings list gave the same page as next; not asking again");
          next = pathOf(link);
          yield { ...batch, cursor: JSON.stringify({ start, next, high, began } satisfies RatingsCursor) };
          continue;
        }
        const nextStart = Math.max(start, Math.min(high, began - RATINGS_OVERLAP_S));
        yield { ...batch, cursor: JSON.stringify({ start: nextStart } satisfies RatingsCursor) };
        return;
      }
    },
  };
}

function parseRatingsCursor(cursor: string): RatingsCursor {
  const c = obj(JSON.parse(cursor));
  const start = num(c?.["start"]);
  if (c === undefined || start === null) throw new Error(`zendesk.satisfaction_ratings: unreadable saved cursor ${cursor}`);
  const next = str(c["next"]);
  const high = num(c["high"]);
  const began = num(c["began"]);
  return { start, ...(next !== null && { next }), ...(high !== null && { high }), ...(began !== null && { began }) };
}

const SCORES: Record<string, number> = { good: 1, bad: 0 };
const NOT_ANSWERS = new Set(["offered", "unoffered"]);

async function ratingsBatch(ratings: unknown[], directory: Directory): Promise<Omit<SyncBatch, "cursor">> {
  const answered = ratings.map(obj).filter((r): r is Json => r !== undefined && typeof r["score"] === "string" && r["score"] in SCORES);
  await directory.learn(answered);
  const rows: SyncedRow[] = [];
  const deletes: string[] = [];
  const skipped: NonNullable<SyncBatch["skipped"]> = [];
  for (const raw of ratings) {
    const r = obj(raw);
    const zid = idOf(r?.["id"]);
    if (r === undefined || zid === null) {
      skipped.push({ dataset: "surveys", id: "zendesk:?", reason: "a satisfaction rating without an id" });
      continue;
    }
    const id = `zendesk:${zid}`;
    const score = str(r["score"]);
    if (score !== null && NOT_ANSWERS.has(score)) {
      // Not an answer; and if it used to be one (a rating taken back), it goes.
      deletes.push(id);
      continue;
    }
    const value = score === null ? undefined : SCORES[score];
    if (value === undefined) {
      skipped.push({ dataset: "surveys", id, reason: score === null ? "no score" : `unknown score "${score}"` });
      continue;
    }
    // updated_at is when the customer gave (or last changed) the score; created_at is when the survey was offered.
    const submitted = time(r["updated_at"]);
    if (submitted === null) {
      skipped.push({ dataset: "surveys", id, reason: "no readable updated_at (when the score was given)" });
      continue;
    }
    const ticket = idOf(r["ticket_id"]);
    const requester = idOf(r["requester_id"]);
    rows.push({
      id,
      kind: "csat",
      score: value,
      scale_min: 0,
      scale_max: 1,
      submitted_at: submitted,
      channel: null,
      agent: directory.agent(r["assignee_id"]),
      team: directory.team(r["group_id"]),
      ticket_id: ticket === null ? null : `zendesk:${ticket}`,
      customer_id: requester === null ? null : `zendesk:${requester}`,
    });
  }
  return { upserts: { surveys: rows }, deletes: { surveys: deletes }, skipped };
}

/**
 * Agent and group names for the ratings of one pull, so surveys name people
 * as tickets do: the ratings list has no sideloads, so the names come from
 * Show Many Users (100 ids a request, only ids not yet asked) and List Groups
 * (once a pull). Ids Zendesk does not return stay ids.
 */
class Directory {
  private readonly users = new Map<string, string>();
  private readonly asked = new Set<string>();
  private groups: Map<string, string> | undefined;

  constructor(private readonly ctx: PullContext) {}

  async learn(ratings: Json[]): Promise<void> {
    const wanted = [...new Set(ratings.map((r) => idOf(r["assignee_id"])).filter((id): id is string => id !== null && !this.asked.has(id)))];
    for (let i = 0; i < wanted.length; i += 100) {
      const ids = wanted.slice(i, i + 100);
      ids.forEach((id) => this.asked.add(id));
      this.ctx.signal.throwIfAborted();
      const page = expectObject((await get(this.ctx, USERS_PATH, { budget: "api", query: { ids: ids.join(",") } })).body, "Show Many Users");
      for (const [id, name] of namesById(page["users"])) this.users.set(id, name);
    }
    if (this.groups === undefined && ratings.some((r) => idOf(r["group_id"]) !== null)) {
      const groups = new Map<string, string>();
      let next: string | null = null;
      do {
        this.ctx.signal.throwIfAborted();
        const page = expectObject(
          (await (next === null ? get(this.ctx, GROUPS_PATH, { budget: "api", query: { "page[size]": 100 } }) : get(this.ctx, next, { budget: "api" }))).body,
          "List Groups",
        );
        for (const [id, name] of namesById(page["groups"])) groups.set(id, name);
        const link = str(obj(page["links"])?.["next"]);
        next = obj(page["meta"])?.["has_more"] === true && link !== null ? pathOf(link) : null;
      } while (next !== null);
      this.groups = groups;
    }
  }

  agent(id: unknown): string | null {
    return nameOf(id, this.users);
  }

  team(id: unknown): string | null {
    return nameOf(id, this.groups ?? new Map());
  }
}

// ---------------------------------------------------------------------------
// Zendesk's answers are read leniently, field by field (../json.ts).

const unixSeconds = (ms: number): number => Math.floor(ms / 1000);

function expectObject(body: unknown, what: string): Json {
  const o = obj(body);
  if (o === undefined) throw new Error(`Zendesk: ${what} did not answer a JSON object`);
  return o;
}

function arrayOf(page: Json, key: string, what: string): unknown[] {
  const list = page[key];
  if (!Array.isArray(list)) throw new Error(`Zendesk: ${what} answered without a "${key}" list`);
  return list;
}

/**
 * A next-page link as a path and query, requested from the configured base
 * URL: credentials never go to a host Zendesk names, only to the one configured.
 */
function pathOf(link: string): string {
  try {
    const u = new URL(link);
    return `${u.pathname}${u.search}`;
  } catch {
    return link;
  }
}

function hostOf(baseUrl: string): string {
  try {
    return new URL(baseUrl).host;
  } catch {
    return baseUrl;
  }
}

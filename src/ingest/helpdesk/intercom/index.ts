/**
 * Intercom as a sync source: one stream, `intercom.conversations`, over the
 * REST API (version 2.14, sent as the Intercom-Version header, with the
 * access token as a Bearer token), feeding `tickets` and `surveys` (the
 * mapping is in conversations.ts).
 *
 * - Search conversations (`POST /conversations/search`) with the query
 *   `updated_at > start` (Intercom's ">" includes the value itself),
 *   `per_page` 150 (the documented maximum) and the `starting_after` cursor
 *   Intercom gives in `pages.next` until it gives none. Assignee and team
 *   names come from List admins (`GET /admins`) and List teams
 *   (`GET /teams`), read once a pull when a page first names someone.
 * - The saved cursor is described at `ConversationsCursor`: a pass resumes at
 *   the page after the last stored one, and the next pass starts a little
 *   before the newest `updated_at` seen, so nothing changed mid-pass is lost
 *   (the search order is not documented; reading a conversation twice is
 *   harmless, rows go by id).
 * - Deletes: Intercom has no feed of deleted conversations, and search no
 *   longer returns one that was deleted, so a conversation deleted in
 *   Intercom stays in the local copy (delete helpdesk.duckdb and sync again
 *   to drop it). What is deleted is what stops being a support request or a
 *   rating (see conversations.ts).
 * - Pacing: INTERCOM_BUDGETS, then each answer's X-RateLimit-Limit (the
 *   app's requests per 10-second window) sets the budget, and
 *   X-RateLimit-Remaining 0 pauses it until X-RateLimit-Reset (unix
 *   seconds). A 429 waits until that reset too (`intercomResetAt`, given to
 *   the SyncHttp as `resetAt`): Intercom sends no Retry-After.
 *
 * @example
 * const source = intercomSource({ baseUrl: INTERCOM_HOSTS.eu });
 * const http = createSyncHttp({ label: source.label, baseUrl: INTERCOM_HOSTS.eu, budgets: INTERCOM_BUDGETS,
 *   headers: intercomHeaders(process.env.INTERCOM_ACCESS_TOKEN!), resetAt: intercomResetAt });
 * for await (const batch of source.streams[0]!.pull(null, { http, since: new Date("2025-01-01"), signal })) save(batch);
 */
import { idOf, namesById, num, obj, str, type Json } from "../json.ts";
import { SyncHttpError, type PullContext, type RateBudget, type SyncHttp, type SyncSource, type SyncStream } from "../types.ts";
import { conversationsBatch, type IntercomNames } from "./conversations.ts";

export { INTERCOM_CHANNELS, intercomChannel } from "./conversations.ts";

/** The API version every request asks for (the answers' shapes in conversations.ts are this version's). */
export const INTERCOM_VERSION = "2.14";

/** Intercom's regional API hosts (INTERCOM_REGION): a workspace's data lives in one. */
export const INTERCOM_HOSTS = {
  us: "https://api.intercom.io",
  eu: "https://api.eu.intercom.io",
  au: "https://api.au.intercom.io",
} as const;

/**
 * Intercom evenly divides an app's per-minute limit into 10-second windows
 * (1,000 a minute is 167 a window). Until the first answer says the app's
 * real limit (X-RateLimit-Limit), stay under the smallest documented one.
 */
export const INTERCOM_BUDGETS: Record<string, RateBudget> = { api: { requests: 166, perMs: 10_000 } };

const SEARCH_PATH = "/conversations/search";
const ADMINS_PATH = "/admins";
const TEAMS_PATH = "/teams";
/** Search conversations' documented maximum page size. */
const PER_PAGE = 150;
/** Conversations changed this long before a pass began are read again by the next one (clock skew, changes during the pass). */
const OVERLAP_S = 300;

/**
 * The request headers for an access token: Bearer and the API version.
 *
 * @example
 * intercomHeaders("dG9r…") // { authorization: "Bearer dG9r…", "intercom-version": "2.14" }
 */
export function intercomHeaders(token: string): Record<string, string> {
  return { authorization: `Bearer ${token}`, "intercom-version": INTERCOM_VERSION };
}

/**
 * When Intercom says its rate-limit window resets (X-RateLimit-Reset, unix seconds), as epoch ms.
 *
 * @example
 * intercomResetAt(new Headers({ "x-ratelimit-reset": "1487332520" })) // 1487332520000
 */
export function intercomResetAt(headers: Headers): number | undefined {
  const reset = Number(headers.get("x-ratelimit-reset"));
  return Number.isFinite(reset) && reset > 0 ? reset * 1000 : undefined;
}

/**
 * Intercom as a sync source with its one stream, `intercom.conversations` (see the header comment).
 *
 * @example
 * intercomSource({ baseUrl: "https://api.eu.intercom.io" }).label // "Intercom (api.eu.intercom.io)"
 */
export function intercomSource(opts: { baseUrl: string; label?: string }): SyncSource {
  return {
    id: "intercom",
    label: opts.label ?? `Intercom (${hostOf(opts.baseUrl)})`,
    streams: [conversationsStream()],
  };
}

/**
 * The saved position of `intercom.conversations`, as JSON.
 *
 * A pull ("pass") searches the conversations updated since `start` (unix
 * seconds). Mid-pass the cursor holds `after`, Intercom's `starting_after`
 * for the following page, with the pass's `start`, the newest `updated_at`
 * seen so far (`high`) and when the pass `began` (unix seconds, our clock);
 * a resumed pass goes on from `after` (or, should Intercom refuse it, from
 * `start` again). After the last page the cursor is `{ start }` for the next
 * pass: min(high, began − 5 min), never before this pass's start.
 */
interface ConversationsCursor {
  start: number;
  after?: string;
  high?: number;
  began?: number;
}

function conversationsStream(): SyncStream {
  return {
    id: "intercom.conversations",
    datasets: ["tickets", "surveys"],
    async *pull(cursor, ctx) {
      const saved = cursor === null ? null : parseCursor(cursor);
      const start = saved?.start ?? unixSeconds(ctx.since.getTime());
      const began = saved?.began ?? unixSeconds(Date.now());
      let high = saved?.high ?? start;
      let after = saved?.after;
      const directory = new Directory(ctx);
      for (let first = true; ; first = false) {
        ctx.signal.throwIfAborted();
        const search = {
          query: { field: "updated_at", operator: ">", value: start },
          pagination: { per_page: PER_PAGE, ...(after === undefined ? {} : { starting_after: after }) },
        };
        let body: unknown;
        try {
          body = await request(ctx.http, "post", SEARCH_PATH, search);
        } catch (e) {
          // A saved cursor Intercom no longer accepts: read the whole pass again rather than stop for good.
          if (!(first && after !== undefined && e instanceof SyncHttpError && (e.status === 400 || e.status === 422))) throw e;
          ctx.log?.warn("Intercom refused the saved search cursor; reading the pass again from its start", { status: e.status, start });
          after = undefined;
          high = start;
          continue;
        }
        const page = expectObject(body, "Search conversations");
        const conversations = page["conversations"];
        if (!Array.isArray(conversations)) throw new Error('Intercom: Search conversations answered without a "conversations" list');
        for (const c of conversations) {
          const updated = num(obj(c)?.["updated_at"]);
          if (updated !== null) high = Math.max(high, Math.floor(updated));
        }
        const batch = conversationsBatch(conversations, await directory.names(conversations));
        const next = str(obj(obj(page["pages"])?.["next"])?.["starting_after"]);
        if (next !== null && conversations.length > 0) {
          if (next === after) throw new Error("Intercom: Search conversations gave the same cursor as next; not asking again");
          after = next;
          yield { ...batch, cursor: JSON.stringify({ start, after, high, began } satisfies ConversationsCursor) };
          continue;
        }
        const nextStart = Math.max(start, Math.min(high, began - OVERLAP_S));
        yield { ...batch, cursor: JSON.stringify({ start: nextStart } satisfies ConversationsCursor) };
        return;
      }
    },
  };
}

function parseCursor(cursor: string): ConversationsCursor {
  let c: Json | undefined;
  try {
    c = obj(JSON.parse(cursor));
  } catch {
    c = undefined;
  }
  const start = num(c?.["start"]);
  if (c === undefined || start === null) throw new Error(`intercom.conversations: unreadable saved cursor ${cursor}`);
  const after = str(c["after"]);
  const high = num(c["high"]);
  const began = num(c["began"]);
  return { start, ...(after !== null && { after }), ...(high !== null && { high }), ...(began !== null && { began }) };
}

/** One request within the `api` budget, pacing that budget from the answer's rate-limit headers. */
async function request(http: SyncHttp, method: "get" | "post", path: string, body?: unknown): Promise<unknown> {
  const res = method === "post" ? await http.post(path, body, { budget: "api" }) : await http.get(path, { budget: "api" });
  const limit = Number(res.headers.get("x-ratelimit-limit"));
  const remaining = res.headers.get("x-ratelimit-remaining");
  const reset = intercomResetAt(res.headers);
  http.pace("api", {
    ...(Number.isInteger(limit) && limit > 0 ? { requests: limit } : {}),
    ...(remaining !== null && Number(remaining) <= 0 && reset !== undefined ? { pauseUntil: reset } : {}),
  });
  return res.body;
}

/**
 * Admin and team names for one pull: List admins and List teams (neither is
 * paginated) are read once, when a page first names an assignee, a rated
 * teammate or a team. Ids Intercom does not list stay ids.
 */
class Directory {
  private admins: Map<string, string> | undefined;
  private teams: Map<string, string> | undefined;

  constructor(private readonly ctx: PullContext) {}

  async names(conversations: readonly unknown[]): Promise<IntercomNames> {
    const cs = conversations.map(obj).filter((c): c is Json => c !== undefined);
    if (this.admins === undefined && cs.some((c) => idOf(c["admin_assignee_id"]) !== null || idOf(obj(obj(c["conversation_rating"])?.["teammate"])?.["id"]) !== null)) {
      this.ctx.signal.throwIfAborted();
      this.admins = namesById(expectObject(await request(this.ctx.http, "get", ADMINS_PATH), "List admins")["admins"]);
    }
    if (this.teams === undefined && cs.some((c) => idOf(c["team_assignee_id"]) !== null)) {
      this.ctx.signal.throwIfAborted();
      this.teams = namesById(expectObject(await request(this.ctx.http, "get", TEAMS_PATH), "List teams")["teams"]);
    }
    return { admins: this.admins ?? new Map(), teams: this.teams ?? new Map() };
  }
}

function expectObject(body: unknown, what: string): Json {
  const o = obj(body);
  if (o === undefined) throw new Error(`Intercom: ${what} did not answer a JSON object`);
  return o;
}

const unixSeconds = (ms: number): number => Math.floor(ms / 1000);

function hostOf(baseUrl: string): string {
  try {
    return new URL(baseUrl).host;
  } catch {
    return baseUrl;
  }
}

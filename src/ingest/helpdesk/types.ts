/**
 * The sync port: a help desk (Zendesk, LiveAgent) seen as a few streams, each
 * pulled page by page from a saved cursor. The engine (engine.ts) stores each
 * page's rows and the cursor after it in one transaction, so a crash resumes
 * at the page it stopped on and a page pulled twice changes nothing.
 *
 * Adapters (zendesk.ts, liveagent.ts) only translate: HTTP pages in, rows of
 * the catalog's datasets (datasets.ts) out. Pacing, Retry-After, retries and
 * credentials live in the SyncHttp they are given (http.ts).
 */
import type { Logger } from "../../log.ts";
import type { Row } from "../../measures/datasets.ts";

/** The datasets a help desk can feed. */
export const SYNCED_DATASETS = ["tickets", "responses", "surveys", "calls"] as const;
export type SyncedDataset = (typeof SYNCED_DATASETS)[number];

/**
 * The key a synced row is upserted by. Every synced row carries it as `id`
 * (for `responses`, which has no id in the catalog, the adapter builds one,
 * e.g. "liveagent:T-123:msg-9"). Ids are prefixed with the source
 * ("zendesk:123") so two help desks never collide.
 */
export type SyncedRow = Row & { id: string };

/** One page of a stream, applied atomically with its cursor. */
export interface SyncBatch {
  /** Rows to insert or replace (by `id`), per dataset. Times are epoch milliseconds (UTC), absent values null. */
  upserts: Partial<Record<SyncedDataset, SyncedRow[]>>;
  /** Ids the source deleted (e.g. a Zendesk ticket with status "deleted"). */
  deletes?: Partial<Record<SyncedDataset, string[]>>;
  /**
   * Tickets (ids) whose reply rows this page gives in full: any stored
   * `responses` row of these tickets not in the page is removed (a deleted
   * ticket's replies, a reply that no longer counts).
   */
  replacesResponsesOf?: string[];
  /** Records of this page that could not be used, with why: reported in `sources`, never silently counted. */
  skipped?: Array<{ dataset: SyncedDataset; id: string; reason: string }>;
  /** Where to resume after this page (opaque to the engine; JSON is fine). */
  cursor: string;
}

export interface PullContext {
  http: SyncHttp;
  /** On a first sync (no cursor), records changed before this instant are not pulled. */
  since: Date;
  /** Stops the pull between requests (shutdown). */
  signal: AbortSignal;
  log?: Logger;
}

export interface SyncStream {
  /** Stable id, also the key of its saved cursor: "zendesk.tickets". */
  id: string;
  /** The datasets this stream writes. */
  datasets: readonly SyncedDataset[];
  /** Pages after `cursor` (null: first sync, from `ctx.since`), until the source says there is no more. */
  pull(cursor: string | null, ctx: PullContext): AsyncIterable<SyncBatch>;
}

export interface SyncSource {
  id: "zendesk" | "liveagent" | "freshdesk" | "intercom";
  /** For people, without secrets: "Zendesk (acme.zendesk.com)". */
  label: string;
  streams: readonly SyncStream[];
}

/** A request budget: at most `requests` in any `perMs` window. */
export interface RateBudget {
  requests: number;
  perMs: number;
}

export interface SyncHttpGetOptions {
  budget?: string;
  query?: Record<string, string | number | undefined>;
  /** Tries for this request (default: the client's `maxAttempts`); fewer when the caller has a better next step, e.g. a smaller page. */
  maxAttempts?: number;
}

/** A page as the source answered it: the parsed JSON body and the response headers (cursors, rate-limit figures). */
export interface SyncResponse {
  body: unknown;
  headers: Headers;
}

/** What a source's own headers say about a budget (see `SyncHttp.pace`). */
export interface PaceChange {
  /** The documented or announced budget: at most `requests` in any `perMs` (either may change alone). */
  requests?: number;
  perMs?: number;
  /** Nobody on this budget starts before this instant (epoch ms): the source said the budget is spent until then. */
  pauseUntil?: number;
}

export interface SyncHttp {
  /**
   * GET a JSON document: `url` is absolute (a next-page link the source
   * gave) or a path from the source's base URL ("/api/v2/…"). Credentials
   * are added; the request waits its turn within the named budget; 429
   * (honouring Retry-After), 5xx and dropped connections are retried with
   * backoff; any other status, or giving up, throws a SyncHttpError.
   */
  getJson(url: string, opts?: SyncHttpGetOptions): Promise<unknown>;
  /** As `getJson`, with the response headers handed back (a cursor in `next_page_cursor`, `X-RateLimit-Remaining`, …). */
  get(url: string, opts?: SyncHttpGetOptions): Promise<SyncResponse>;
  /**
   * POST `body` as JSON (a search such as Intercom's `/conversations/search`)
   * and hand back the answer as `get` does, with the same budget, pacing,
   * retries and errors. Only for reads: a POST retried after a dropped
   * connection may reach the source twice.
   */
  post(url: string, body: unknown, opts?: SyncHttpGetOptions): Promise<SyncResponse>;
  /**
   * Adjust a budget from what the source announced (its rate-limit headers):
   * a plan's real limit, or a pause until the window resets. Unknown budget
   * names are an error.
   */
  pace(budget: string, change: PaceChange): void;
}

export class SyncHttpError extends Error {
  constructor(
    message: string,
    readonly status: number | null,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = "SyncHttpError";
  }
}

/**
 * The HTTP client a help-desk adapter pulls through: JSON GETs (and POSTs,
 * for search endpoints such as Intercom's) against one base URL with the source's credentials, paced within the source's
 * documented budgets, and patient with the source when it pushes back.
 *
 * - Pacing: each named budget allows `requests` in any window of `perMs`
 *   (a sliding window over the instants requests were sent). A request that
 *   would exceed it waits; retries count like any request. So a sync never
 *   bursts into 429s, however many pages there are.
 * - 429: the whole budget pauses for Retry-After (seconds or an HTTP date;
 *   else when the source's own headers say the window resets, `resetAt`;
 *   else a full window), then the request is sent again.
 * - 5xx, a timeout or a dropped connection: retried with exponential
 *   backoff and jitter, up to `maxAttempts`; then a SyncHttpError.
 * - Any other status: a SyncHttpError at once (401: the credentials; 404: the URL).
 * Credentials travel in headers only, and never appear in logs or errors.
 *
 * @example
 * const http = createSyncHttp({ label: "Zendesk", baseUrl: "https://acme.zendesk.com",
 *   headers: { authorization: "Bearer …" }, budgets: { incremental: { requests: 10, perMs: 60_000 } } });
 * await http.getJson("/api/v2/incremental/tickets/cursor.json", { budget: "incremental", query: { start_time: 0 } });
 * await http.post("/conversations/search", { query: { field: "updated_at", operator: ">", value: 0 } }); // a search
 */
import type { Logger } from "../../log.ts";
import { backoffMs, parseRetryAfter } from "../../retry.ts";
import { SyncHttpError, type PaceChange, type RateBudget, type SyncHttp, type SyncHttpGetOptions, type SyncResponse } from "./types.ts";

/** The longest pause between two tries after a failure (Retry-After may ask for longer). */
const MAX_BACKOFF_MS = 60_000;

export interface SyncHttpOptions {
  /** The source, for messages: "Zendesk (acme.zendesk.com)". */
  label: string;
  baseUrl: string;
  /**
   * Credentials and other headers sent with every request; a function is
   * asked before each try (an OAuth access token that is refreshed as it expires).
   */
  headers: Record<string, string> | (() => Promise<Record<string, string>>);
  /** Named budgets; a request names one (default: the first). */
  budgets: Record<string, RateBudget>;
  log?: Logger;
  /** Tries per request for 5xx, timeouts and dropped connections (default 5). */
  maxAttempts?: number;
  /** 429s tolerated for one request before giving up (default 10). */
  maxRateLimited?: number;
  /** First backoff after a failure, doubled each time, with jitter (default 1000 ms). */
  backoffMs?: number;
  /** Longest a request may take (default 60 s). */
  timeoutMs?: number;
  /** Stops waiting and requesting (shutdown). */
  signal?: AbortSignal;
  /**
   * For a 429 without Retry-After: when (epoch ms) the source's own headers
   * say its window resets (Intercom: X-RateLimit-Reset, epoch seconds).
   */
  resetAt?: (headers: Headers) => number | undefined;
}

/**
 * A sliding-window limiter that holds from the server's side: a request
 * occupies the window from when it is sent until `perMs` after its answer
 * came back (it reached the server somewhere in between), so however the
 * network delays requests, no `perMs` window at the server sees more than
 * `requests` of them.
 */
class Window {
  /** Recent requests: when each finished, Infinity while in flight. */
  private readonly slots: Array<{ end: number }> = [];
  private pausedUntil = 0;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private budget: RateBudget) {}

  /** A new limit (the source announced its real one); requests already counted stay counted. */
  resize(change: { requests?: number; perMs?: number }): void {
    this.budget = { requests: Math.max(1, Math.floor(change.requests ?? this.budget.requests)), perMs: Math.max(1, change.perMs ?? this.budget.perMs) };
  }

  /** Resolves when a request may be sent now, with the function to call once its answer is in. Callers are served in order. */
  take(signal?: AbortSignal): Promise<() => void> {
    const turn = this.queue.then(async () => {
      for (;;) {
        const t = Date.now();
        for (let i = this.slots.length - 1; i >= 0; i--) if (this.slots[i]!.end <= t - this.budget.perMs) this.slots.splice(i, 1);
        let wait = Math.max(0, this.pausedUntil - t);
        if (this.slots.length >= this.budget.requests) {
          const earliest = Math.min(...this.slots.map((s) => s.end));
          // All in flight: look again soon; otherwise exactly when the earliest leaves the window.
          wait = Math.max(wait, Number.isFinite(earliest) ? earliest + this.budget.perMs - t : 10);
        }
        if (wait <= 0) {
          const slot = { end: Number.POSITIVE_INFINITY };
          this.slots.push(slot);
          return () => {
            if (slot.end === Number.POSITIVE_INFINITY) slot.end = Date.now();
          };
        }
        await sleep(wait + 1, signal);
      }
    });
    // A caller that gave up (abort) does not block the ones behind it.
    this.queue = turn.catch(() => undefined);
    return turn;
  }

  /** Nobody starts before `until` (Retry-After). */
  pause(until: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, until);
  }
}

export function createSyncHttp(opts: SyncHttpOptions): SyncHttp {
  const names = Object.keys(opts.budgets);
  if (names.length === 0) throw new Error(`${opts.label}: no request budget`);
  const windows = new Map(names.map((n) => [n, new Window(opts.budgets[n]!)]));
  const maxAttempts = opts.maxAttempts ?? 5;
  const maxRateLimited = opts.maxRateLimited ?? 10;
  const backoff = opts.backoffMs ?? 1000;
  const timeoutMs = opts.timeoutMs ?? 60_000;
  const base = opts.baseUrl.replace(/\/+$/, "");

  const urlOf = (url: string, query?: Record<string, string | number | undefined>): URL => {
    const u = /^https?:\/\//i.test(url) ? new URL(url) : new URL(`${base}${url.startsWith("/") ? "" : "/"}${url}`);
    for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined) u.searchParams.set(k, String(v));
    return u;
  };

  const headersFor = async (): Promise<Record<string, string>> => (typeof opts.headers === "function" ? await opts.headers() : opts.headers);

  /** One request (GET, or POST with a JSON body) through the budget, retried as the header comment says. */
  const send = async (method: "GET" | "POST", url: string, payload: unknown, options: SyncHttpGetOptions): Promise<SyncResponse> => {
      const budgetName = options.budget ?? names[0]!;
      const window = windows.get(budgetName);
      if (window === undefined) throw new Error(`${opts.label}: unknown request budget "${budgetName}"`);
      const target = urlOf(url, options.query);
      // The path only: query strings may hold cursors, and are long.
      const where = `${opts.label} ${target.pathname}`;
      let failures = 0;
      let limited = 0;
      for (;;) {
        opts.signal?.throwIfAborted();
        const finished = await window.take(opts.signal);
        let status: number | null = null;
        let failure: string;
        let retryAt: number | undefined;
        try {
          const signal = opts.signal ? AbortSignal.any([opts.signal, AbortSignal.timeout(timeoutMs)]) : AbortSignal.timeout(timeoutMs);
          const headers: Record<string, string> = { accept: "application/json", ...(await headersFor()) };
          if (method === "POST") headers["content-type"] = "application/json";
          const res = await fetch(target, { method, headers, signal, ...(method === "POST" ? { body: JSON.stringify(payload) } : {}) });
          status = res.status;
          if (res.ok) {
            // Reading the body can fail too: a connection dropped mid-page is retried like any other.
            const text = await res.text();
            try {
              return { body: JSON.parse(text) as unknown, headers: res.headers };
            } catch (e) {
              throw new SyncHttpError(`${where} answered ${res.status} with a body that is not JSON`, res.status, { cause: e });
            }
          }
          await res.body?.cancel().catch(() => undefined);
          if (res.status === 429) {
            limited++;
            const now = Date.now();
            const reset = opts.resetAt?.(res.headers);
            const wait = parseRetryAfter(res.headers.get("retry-after"), now) ?? (reset !== undefined && reset > now ? reset - now : opts.budgets[budgetName]!.perMs);
            window.pause(Date.now() + wait);
            opts.log?.warn("help desk rate limit hit; waiting as asked", { source: opts.label, path: target.pathname, retryAfterMs: wait });
            if (limited > maxRateLimited) throw new SyncHttpError(`${where} kept answering 429 Too Many Requests (${limited} times)`, 429);
            continue;
          }
          if (res.status < 500) throw new SyncHttpError(`${where} answered ${res.status} ${res.statusText}${hintFor(res.status)}`, res.status);
          failure = `${res.status} ${res.statusText}`;
          retryAt = parseRetryAfter(res.headers.get("retry-after"), Date.now());
        } catch (e) {
          if (e instanceof SyncHttpError) throw e;
          if (opts.signal?.aborted) throw e;
          failure = describeFailure(e);
        } finally {
          finished();
        }
        failures++;
        if (failures >= (options.maxAttempts ?? maxAttempts)) throw new SyncHttpError(`${where} failed ${failures} times; last: ${failure}`, status);
        const delay = retryAt ?? backoffMs(failures, { baseDelayMs: backoff, maxDelayMs: MAX_BACKOFF_MS });
        opts.log?.warn("help desk request failed; retrying", { source: opts.label, path: target.pathname, failure, attempt: failures, retryInMs: Math.round(delay) });
        await sleep(delay, opts.signal);
      }
  };

  return {
    get: (url, options = {}) => send("GET", url, undefined, options),
    post: (url, body, options = {}) => send("POST", url, body, options),
    async getJson(url, options = {}) {
      return (await send("GET", url, undefined, options)).body;
    },
    pace(budgetName: string, change: PaceChange) {
      const window = windows.get(budgetName);
      if (window === undefined) throw new Error(`${opts.label}: unknown request budget "${budgetName}"`);
      if (change.requests !== undefined || change.perMs !== undefined) window.resize(change);
      if (change.pauseUntil !== undefined) window.pause(change.pauseUntil);
    },
  };
}

function hintFor(status: number): string {
  if (status === 401 || status === 403) return ": check the API credentials and their permissions";
  if (status === 404) return ": check the base URL";
  return "";
}

function describeFailure(e: unknown): string {
  if (!(e instanceof Error)) return String(e);
  if (e.name === "TimeoutError") return "timed out";
  const cause = (e as { cause?: unknown }).cause;
  const code = cause instanceof Error ? ((cause as NodeJS.ErrnoException).code ?? cause.message) : undefined;
  return code ? `${e.message} (${code})` : e.message;
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason as Error);
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason as Error);
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

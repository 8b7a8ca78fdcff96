import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);
import {
  backoffMs,
  configuredZendesk,
  parseRetryAfter,
  schedule,
  zendeskWarnings
} from "./chunk-J3DLGG7V.js";
import {
  INTERCOM_BUDGETS,
  arr,
  idOf,
  intercomHeaders,
  intercomResetAt,
  intercomSource,
  nameOf,
  namesById,
  num,
  obj,
  str,
  time
} from "./chunk-ABZKDEB3.js";
import {
  require_dist
} from "./chunk-2PPZ62ZY.js";
import {
  SyncHttpError
} from "./chunk-SGRIXTUX.js";
import {
  isTimeZone
} from "./chunk-4VIX3REZ.js";
import {
  TZDate
} from "./chunk-IJGJCVMD.js";
import {
  __toESM
} from "./chunk-V4RWK56N.js";

// dist/src/ingest/helpdesk/engine.js
var import_cron_parser = __toESM(require_dist(), 1);

// dist/src/ingest/helpdesk/http.js
var MAX_BACKOFF_MS = 6e4;
var Window = class {
  budget;
  /** Recent requests: when each finished, Infinity while in flight. */
  slots = [];
  pausedUntil = 0;
  queue = Promise.resolve();
  constructor(budget) {
    this.budget = budget;
  }
  /** A new limit (the source announced its real one); requests already counted stay counted. */
  resize(change) {
    this.budget = { requests: Math.max(1, Math.floor(change.requests ?? this.budget.requests)), perMs: Math.max(1, change.perMs ?? this.budget.perMs) };
  }
  /** Resolves when a request may be sent now, with the function to call once its answer is in. Callers are served in order. */
  take(signal) {
    const turn = this.queue.then(async () => {
      for (; ; ) {
        const t = Date.now();
        for (let i = this.slots.length - 1; i >= 0; i--)
          if (this.slots[i].end <= t - this.budget.perMs)
            this.slots.splice(i, 1);
        let wait = Math.max(0, this.pausedUntil - t);
        if (this.slots.length >= this.budget.requests) {
          const earliest = Math.min(...this.slots.map((s) => s.end));
          wait = Math.max(wait, Number.isFinite(earliest) ? earliest + this.budget.perMs - t : 10);
        }
        if (wait <= 0) {
          const slot = { end: Number.POSITIVE_INFINITY };
          this.slots.push(slot);
          return () => {
            if (slot.end === Number.POSITIVE_INFINITY)
              slot.end = Date.now();
          };
        }
        await sleep(wait + 1, signal);
      }
    });
    this.queue = turn.catch(() => void 0);
    return turn;
  }
  /** Nobody starts before `until` (Retry-After). */
  pause(until) {
    this.pausedUntil = Math.max(this.pausedUntil, until);
  }
};
function createSyncHttp(opts) {
  const names = Object.keys(opts.budgets);
  if (names.length === 0)
    throw new Error(`${opts.label}: no request budget`);
  const windows = new Map(names.map((n) => [n, new Window(opts.budgets[n])]));
  const maxAttempts = opts.maxAttempts ?? 5;
  const maxRateLimited = opts.maxRateLimited ?? 10;
  const backoff = opts.backoffMs ?? 1e3;
  const timeoutMs = opts.timeoutMs ?? 6e4;
  const base = opts.baseUrl.replace(/\/+$/, "");
  const urlOf = (url, query) => {
    const u = /^https?:\/\//i.test(url) ? new URL(url) : new URL(`${base}${url.startsWith("/") ? "" : "/"}${url}`);
    for (const [k, v] of Object.entries(query ?? {}))
      if (v !== void 0)
        u.searchParams.set(k, String(v));
    return u;
  };
  const headersFor = async () => typeof opts.headers === "function" ? await opts.headers() : opts.headers;
  const send = async (method, url, payload, options) => {
    const budgetName = options.budget ?? names[0];
    const window = windows.get(budgetName);
    if (window === void 0)
      throw new Error(`${opts.label}: unknown request budget "${budgetName}"`);
    const target = urlOf(url, options.query);
    const where = `${opts.label} ${target.pathname}`;
    let failures = 0;
    let limited = 0;
    for (; ; ) {
      opts.signal?.throwIfAborted();
      const finished = await window.take(opts.signal);
      let status = null;
      let failure;
      let retryAt;
      try {
        const signal = opts.signal ? AbortSignal.any([opts.signal, AbortSignal.timeout(timeoutMs)]) : AbortSignal.timeout(timeoutMs);
        const headers = { accept: "application/json", ...await headersFor() };
        if (method === "POST")
          headers["content-type"] = "application/json";
        const res = await fetch(target, { method, headers, signal, ...method === "POST" ? { body: JSON.stringify(payload) } : {} });
        status = res.status;
        if (res.ok) {
          const text = await res.text();
          try {
            return { body: JSON.parse(text), headers: res.headers };
          } catch (e) {
            throw new SyncHttpError(`${where} answered ${res.status} with a body that is not JSON`, res.status, { cause: e });
          }
        }
        await res.body?.cancel().catch(() => void 0);
        if (res.status === 429) {
          limited++;
          const now = Date.now();
          const reset = opts.resetAt?.(res.headers);
          const wait = parseRetryAfter(res.headers.get("retry-after"), now) ?? (reset !== void 0 && reset > now ? reset - now : opts.budgets[budgetName].perMs);
          window.pause(Date.now() + wait);
          opts.log?.warn("help desk rate limit hit; waiting as asked", { source: opts.label, path: target.pathname, retryAfterMs: wait });
          if (limited > maxRateLimited)
            throw new SyncHttpError(`${where} kept answering 429 Too Many Requests (${limited} times)`, 429);
          continue;
        }
        if (res.status < 500)
          throw new SyncHttpError(`${where} answered ${res.status} ${res.statusText}${hintFor(res.status)}`, res.status);
        failure = `${res.status} ${res.statusText}`;
        retryAt = parseRetryAfter(res.headers.get("retry-after"), Date.now());
      } catch (e) {
        if (e instanceof SyncHttpError)
          throw e;
        if (opts.signal?.aborted)
          throw e;
        failure = describeFailure(e);
      } finally {
        finished();
      }
      failures++;
      if (failures >= (options.maxAttempts ?? maxAttempts))
        throw new SyncHttpError(`${where} failed ${failures} times; last: ${failure}`, status);
      const delay = retryAt ?? backoffMs(failures, { baseDelayMs: backoff, maxDelayMs: MAX_BACKOFF_MS });
      opts.log?.warn("help desk request failed; retrying", { source: opts.label, path: target.pathname, failure, attempt: failures, retryInMs: Math.round(delay) });
      await sleep(delay, opts.signal);
    }
  };
  return {
    get: (url, options = {}) => send("GET", url, void 0, options),
    post: (url, body, options = {}) => send("POST", url, body, options),
    async getJson(url, options = {}) {
      return (await send("GET", url, void 0, options)).body;
    },
    pace(budgetName, change) {
      const window = windows.get(budgetName);
      if (window === void 0)
        throw new Error(`${opts.label}: unknown request budget "${budgetName}"`);
      if (change.requests !== void 0 || change.perMs !== void 0)
        window.resize(change);
      if (change.pauseUntil !== void 0)
        window.pause(change.pauseUntil);
    }
  };
}
function hintFor(status) {
  if (status === 401 || status === 403)
    return ": check the API credentials and their permissions";
  if (status === 404)
    return ": check the base URL";
  return "";
}
function describeFailure(e) {
  if (!(e instanceof Error))
    return String(e);
  if (e.name === "TimeoutError")
    return "timed out";
  const cause = e.cause;
  const code = cause instanceof Error ? cause.code ?? cause.message : void 0;
  return code ? `${e.message} (${code})` : e.message;
}
function sleep(ms, signal) {
  return new Promise((resolve, reject) => {
    if (signal?.aborted)
      return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

// dist/src/ingest/helpdesk/engine.js
var DEFAULT_SYNC_CRON = "*/15 * * * *";
var SyncEngine = class {
  opts;
  running = null;
  task = null;
  abort = new AbortController();
  cron;
  constructor(opts) {
    this.opts = opts;
    this.cron = opts.cron ?? DEFAULT_SYNC_CRON;
  }
  get sources() {
    return this.opts.sources;
  }
  /** One sync of every source; joins the run in progress if there is one. */
  runOnce() {
    this.running ??= Promise.all(this.opts.sources.map((s) => this.runSource(s))).finally(() => {
      this.running = null;
    });
    return this.running;
  }
  /** Syncs now, then on the cron schedule (UTC). */
  start() {
    if (this.task !== null)
      return;
    this.task = schedule(this.cron, () => void this.runOnce().catch((e) => this.opts.log?.error("sync failed", { error: String(e) })), {
      timezone: "UTC",
      name: "helpdesk-sync"
    });
    void this.runOnce().catch((e) => this.opts.log?.error("sync failed", { error: String(e) }));
  }
  /** Stops the schedule and the run in progress (between requests); what was stored stays. */
  async stop() {
    await this.task?.stop();
    this.task = null;
    this.abort.abort(new Error("the bot is stopping"));
    await this.running?.catch(() => void 0);
  }
  async status() {
    return syncStatus(await this.opts.store.runs(), this.opts.sources, this.cron, this.opts.clock.now());
  }
  async runSource({ source, http: httpOptions }) {
    const { store, clock, log } = this.opts;
    const started = Date.now();
    const summary = { source: source.id, label: source.label, pages: 0, upserted: 0, deleted: 0, skipped: 0, error: null, ms: 0 };
    const http = createSyncHttp({ ...httpOptions, label: source.label, signal: this.abort.signal, ...log ? { log } : {} });
    const errors = [];
    for (const stream of source.streams) {
      if (this.abort.signal.aborted)
        break;
      try {
        const cursor = await store.cursor(stream.id);
        for await (const batch of stream.pull(cursor, { http, since: this.opts.since, signal: this.abort.signal, ...log ? { log } : {} })) {
          const applied = await store.apply(source.id, stream.id, batch, clock.now());
          summary.pages++;
          summary.upserted += applied.upserted;
          summary.deleted += applied.deleted;
          summary.skipped += applied.skipped;
        }
      } catch (e) {
        const error = `${stream.id}: ${e instanceof Error ? e.message : String(e)}`;
        errors.push(error);
        log?.warn("sync of a stream stopped; the next run resumes from its last stored page", { source: source.label, error });
      }
    }
    summary.error = errors.length > 0 ? errors.join("; ") : null;
    summary.ms = Date.now() - started;
    await store.finishRun(source.id, source.label, clock.now(), summary.error);
    if (summary.pages > 0)
      await this.opts.onSynced?.();
    log?.info("sync finished", { ...summary });
    return summary;
  }
};
function syncStatus(runs, sources, cron, now) {
  const intervalMs = cronIntervalMs(cron, now);
  return sources.map(({ source }) => {
    const run = runs.find((r) => r.source === source.id);
    const base = run ?? { source: source.id, label: source.label, lastSuccessAt: null, lastAttemptAt: null, lastError: null, lastErrorAt: null };
    const stale = base.lastSuccessAt === null || now.getTime() - base.lastSuccessAt.getTime() > 2 * intervalMs;
    return { ...base, label: source.label, intervalMs, stale };
  });
}
function cronIntervalMs(cron, from) {
  const expr = import_cron_parser.CronExpressionParser.parse(cron, { currentDate: from, tz: "UTC" });
  let previous = expr.next().getTime();
  let longest = 0;
  for (let i = 0; i < 200; i++) {
    const next = expr.next().getTime();
    longest = Math.max(longest, next - previous);
    previous = next;
    if (next - from.getTime() > 864e5)
      break;
  }
  return longest;
}

// dist/src/ingest/helpdesk/freshdesk/index.js
var FRESHDESK_BUDGETS = {
  tickets: { requests: 20, perMs: 6e4 },
  api: { requests: 140, perMs: 6e4 }
};
var TICKETS_CALL_CREDITS = 3;
var FRESHDESK_CHANNELS = {
  1: "email",
  2: "web",
  3: "phone",
  7: "chat",
  9: "web",
  10: "email"
};
function freshdeskChannel(source) {
  const code = num(source);
  if (code === null)
    return "unknown";
  return FRESHDESK_CHANNELS[code] ?? `source_${code}`;
}
var PRIORITIES = { 1: "low", 2: "medium", 3: "high", 4: "urgent" };
var RESOLVED = /* @__PURE__ */ new Set([4, 5]);
var TICKETS_PATH = "/api/v2/tickets";
var RATINGS_PATH = "/api/v2/surveys/satisfaction_ratings";
var SURVEYS_PATH = "/api/v2/surveys";
var AGENTS_PATH = "/api/v2/agents";
var GROUPS_PATH = "/api/v2/groups";
var PER_PAGE = 100;
var MAX_PAGE = 300;
var RATINGS_OVERLAP_MS = 5 * 6e4;
function freshdeskAuthorization(apiKey) {
  return `Basic ${Buffer.from(`${apiKey}:X`).toString("base64")}`;
}
function freshdeskSource(opts) {
  let host;
  try {
    host = new URL(opts.baseUrl).host;
  } catch {
    throw new Error(`Freshdesk: the base URL "${opts.baseUrl}" is not a URL`);
  }
  const windowMs = opts.rateWindowMs ?? 6e4;
  return {
    id: "freshdesk",
    label: opts.label ?? `Freshdesk (${host})`,
    streams: [
      ticketsStream("freshdesk.tickets", null, windowMs),
      ticketsStream("freshdesk.deleted_tickets", "deleted", windowMs),
      ticketsStream("freshdesk.spam_tickets", "spam", windowMs),
      ratingsStream(windowMs)
    ]
  };
}
async function getPage(ctx, path, budget, query, windowMs, what) {
  ctx.signal.throwIfAborted();
  const { body, headers } = await ctx.http.get(path, { budget, query });
  paceFrom(headers, ctx.http, windowMs);
  if (!Array.isArray(body))
    throw new Error(`Freshdesk: ${what} did not answer a list`);
  return { rows: body.map(obj).filter((r) => r !== void 0), hasNext: nextLink(headers.get("link")) !== null };
}
function nextLink(header) {
  if (header === null)
    return null;
  for (const part of header.split(",")) {
    const m = /<([^>]*)>\s*;(.*)$/.exec(part.trim());
    if (m && /\brel\s*=\s*"?next"?/i.test(m[2]))
      return m[1];
  }
  return null;
}
function paceFrom(headers, http, windowMs) {
  const total = Number.parseInt(headers.get("x-ratelimit-total") ?? "", 10);
  const remaining = Number.parseInt(headers.get("x-ratelimit-remaining") ?? "", 10);
  if (Number.isFinite(total) && total > 0) {
    const tickets = Math.max(1, Math.min(FRESHDESK_BUDGETS.tickets.requests, Math.floor(total / (2 * TICKETS_CALL_CREDITS))));
    http.pace("tickets", { requests: tickets, perMs: windowMs });
    http.pace("api", { requests: Math.max(1, total - tickets * TICKETS_CALL_CREDITS), perMs: windowMs });
  }
  if (Number.isFinite(remaining) && remaining < TICKETS_CALL_CREDITS) {
    const until = Date.now() + windowMs;
    http.pace("tickets", { pauseUntil: until });
    http.pace("api", { pauseUntil: until });
  }
}
function ticketsStream(id, filter, windowMs) {
  return {
    id,
    datasets: ["tickets"],
    async *pull(cursor, ctx) {
      let pos = readTicketsCursor(cursor, id, ctx) ?? { since: ctx.since.getTime(), page: 1, seen: [] };
      let names = null;
      for (; ; ) {
        if (pos.page > MAX_PAGE)
          throw new Error(`${id}: more than ${MAX_PAGE * PER_PAGE} tickets share the updated_at ${new Date(pos.since).toISOString()}; Freshdesk lists no further`);
        const query = {
          updated_since: isoSeconds(pos.since - 1e3),
          order_by: "updated_at",
          order_type: "asc",
          per_page: PER_PAGE,
          page: pos.page,
          ...filter === null ? { include: "stats" } : { filter }
        };
        const page = await getPage(ctx, TICKETS_PATH, "tickets", query, windowMs, `the ${filter ?? "ticket"} list`);
        const seen = new Set(pos.seen);
        const fresh = page.rows.filter((t) => {
          const updated = time(t["updated_at"]);
          if (updated === null)
            return true;
          return updated > pos.since || updated === pos.since && !seen.has(idOf(t["id"]) ?? "");
        });
        const next = advance(pos, page.rows, page.hasNext);
        if (fresh.length > 0) {
          if (filter === null)
            names ??= await loadNames(ctx, windowMs);
          yield { ...filter === null ? ticketsBatch(fresh, names) : deletesBatch(fresh), cursor: writeTicketsCursor(next) };
        }
        if (!page.hasNext)
          return;
        if (fresh.length === 0 && next.since === pos.since && next.page === pos.page)
          return;
        pos = next;
      }
    }
  };
}
function advance(pos, rows, hasNext) {
  let latest = -Infinity;
  for (const r of rows)
    latest = Math.max(latest, time(r["updated_at"]) ?? -Infinity);
  if (latest > pos.since) {
    return { since: latest, page: 1, seen: rows.filter((r) => time(r["updated_at"]) === latest).flatMap((r) => idOf(r["id"]) ?? []) };
  }
  const seen = new Set(pos.seen);
  for (const r of rows)
    if (time(r["updated_at"]) === pos.since)
      seen.add(idOf(r["id"]) ?? "");
  return { since: pos.since, page: hasNext ? pos.page + 1 : pos.page, seen: [...seen] };
}
function writeTicketsCursor(p) {
  return JSON.stringify({ since: new Date(p.since).toISOString(), page: p.page, seen: p.seen });
}
function readTicketsCursor(cursor, stream, ctx) {
  if (cursor === null)
    return null;
  try {
    const c = obj(JSON.parse(cursor));
    const since = time(c?.["since"]);
    const page = num(c?.["page"]);
    const seen = c?.["seen"];
    if (since === null || page === null || !Number.isInteger(page) || page < 1 || !Array.isArray(seen) || !seen.every((s) => typeof s === "string"))
      throw new Error("bad fields");
    return { since, page, seen };
  } catch {
    ctx.log?.warn("unreadable Freshdesk cursor; syncing that stream again from the start", { stream });
    return null;
  }
}
function ticketsBatch(tickets, names) {
  const rows = [];
  const deletes = [];
  const skipped = [];
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
    if (typeof row === "string")
      skipped.push({ dataset: "tickets", id, reason: row });
    else
      rows.push(row);
  }
  return { upserts: { tickets: rows }, deletes: { tickets: deletes }, skipped };
}
function deletesBatch(tickets) {
  return { upserts: {}, deletes: { tickets: tickets.flatMap((t) => idOf(t["id"]) === null ? [] : [`freshdesk:${idOf(t["id"])}`]) } };
}
function ticketRow(t, id, names) {
  const created = time(t["created_at"]);
  if (created === null)
    return t["created_at"] === void 0 || t["created_at"] === null ? "no created_at" : `unreadable created_at ${JSON.stringify(t["created_at"])}`;
  const stats = obj(t["stats"]);
  const status = num(t["status"]);
  const priority = num(t["priority"]);
  return {
    id,
    created_at: created,
    first_response_at: time(stats?.["first_responded_at"]),
    resolved_at: status !== null && RESOLVED.has(status) ? time(stats?.["resolved_at"]) ?? time(stats?.["closed_at"]) : null,
    escalated_at: null,
    channel: freshdeskChannel(t["source"]),
    agent: nameOf(t["responder_id"], names.agents),
    team: nameOf(t["group_id"], names.groups),
    priority: priority === null ? null : PRIORITIES[priority] ?? String(priority),
    is_complaint: arr(t["tags"]).some((tag) => typeof tag === "string" && tag.toLowerCase() === "complaint")
  };
}
async function all(ctx, path, windowMs, what) {
  const out = [];
  for (let page = 1; ; page++) {
    const p = await getPage(ctx, path, "api", { per_page: PER_PAGE, page }, windowMs, what);
    out.push(...p.rows);
    if (!p.hasNext || p.rows.length === 0)
      return out;
  }
}
async function loadNames(ctx, windowMs) {
  const agents = /* @__PURE__ */ new Map();
  for (const a of await all(ctx, AGENTS_PATH, windowMs, "List All Agents")) {
    const id = idOf(a["id"]);
    const name = str(obj(a["contact"])?.["name"]);
    if (id !== null && name !== null)
      agents.set(id, name);
  }
  const groups = namesById(await all(ctx, GROUPS_PATH, windowMs, "List All Groups"));
  return { agents, groups };
}
function ratingScore(code, accepted) {
  const ordered = [...new Set(accepted)].sort((a, b) => a - b);
  const at = ordered.indexOf(code);
  if (at < 0 || ordered.length < 2)
    return null;
  return { score: at + 1, scale_min: 1, scale_max: ordered.length };
}
function ratingsStream(windowMs) {
  return {
    id: "freshdesk.satisfaction_ratings",
    datasets: ["surveys"],
    async *pull(cursor, ctx) {
      const saved = readRatingsCursor(cursor, ctx);
      const start = saved?.start ?? ctx.since.getTime();
      const began = saved?.began ?? Date.now();
      let high = saved?.high ?? start;
      let page = saved?.page ?? 1;
      let scales = null;
      let names = null;
      for (; ; ) {
        if (page > MAX_PAGE)
          throw new Error(`freshdesk.satisfaction_ratings: more than ${MAX_PAGE} pages of ratings in one pass; set SYNC_HISTORY_DAYS lower for the first sync`);
        const p = await getPage(ctx, RATINGS_PATH, "api", { created_since: isoSeconds(start), per_page: PER_PAGE, page }, windowMs, "List All Satisfaction Ratings");
        for (const r of p.rows)
          high = Math.max(high, time(r["created_at"]) ?? high);
        let batch = { upserts: { surveys: [] } };
        if (p.rows.length > 0) {
          scales ??= await loadScales(ctx, windowMs);
          names ??= await loadNames(ctx, windowMs);
          batch = ratingsBatch(p.rows, scales, names);
        }
        if (p.hasNext && p.rows.length > 0) {
          page++;
          yield { ...batch, cursor: JSON.stringify({ start: iso(start), page, high: iso(high), began: iso(began) }) };
          continue;
        }
        const nextStart = Math.max(start, Math.min(high, began - RATINGS_OVERLAP_MS));
        yield { ...batch, cursor: JSON.stringify({ start: iso(nextStart) }) };
        return;
      }
    }
  };
}
function readRatingsCursor(cursor, ctx) {
  if (cursor === null)
    return null;
  const c = (() => {
    try {
      return obj(JSON.parse(cursor));
    } catch {
      return void 0;
    }
  })();
  const start = time(c?.["start"]);
  if (c === void 0 || start === null) {
    ctx.log?.warn("unreadable Freshdesk cursor; syncing that stream again from the start", { stream: "freshdesk.satisfaction_ratings" });
    return null;
  }
  const page = num(c["page"]);
  const high = time(c["high"]);
  const began = time(c["began"]);
  return { start, ...page !== null && { page }, ...high !== null && { high }, ...began !== null && { began } };
}
async function loadScales(ctx, windowMs) {
  const scales = /* @__PURE__ */ new Map();
  for (const s of await all(ctx, SURVEYS_PATH, windowMs, "List All Surveys")) {
    const id = idOf(s["id"]);
    const question = arr(s["questions"]).map(obj).find((q) => q?.["default"] === true || q?.["id"] === "default_question");
    const accepted = arr(question?.["accepted_ratings"]).flatMap((v) => num(v) ?? []);
    if (id !== null && accepted.length > 0)
      scales.set(id, accepted);
  }
  return scales;
}
function ratingsBatch(ratings, scales, names) {
  const rows = [];
  const skipped = [];
  for (const r of ratings) {
    const fid = idOf(r["id"]);
    if (fid === null) {
      skipped.push({ dataset: "surveys", id: "freshdesk:?", reason: "a satisfaction rating without an id" });
      continue;
    }
    const id = `freshdesk:${fid}`;
    const skip = (reason) => skipped.push({ dataset: "surveys", id, reason });
    const code = num(obj(r["ratings"])?.["default_question"]);
    if (code === null) {
      skip("no rating for the default question");
      continue;
    }
    const survey = idOf(r["survey_id"]);
    const accepted = survey === null ? void 0 : scales.get(survey);
    if (accepted === void 0) {
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
      customer_id: user === null ? null : `freshdesk:${user}`
    });
  }
  return { upserts: { surveys: rows }, skipped };
}
var iso = (ms) => new Date(ms).toISOString();
var isoSeconds = (ms) => new Date(Math.floor(ms / 1e3) * 1e3).toISOString().replace(/\.\d{3}Z$/, "Z");

// dist/src/ingest/helpdesk/liveagent/index.js
var LIVEAGENT_BUDGETS = { api: { requests: 180, perMs: 6e4 } };
var LIVEAGENT_CHANNELS = {
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
  S: "web"
};
function liveAgentChannel(code) {
  if (code === null || code === "")
    return "unknown";
  return LIVEAGENT_CHANNELS[code] ?? code.toLowerCase();
}
var BUDGET = "api";
var SYSTEM_USERS = /* @__PURE__ */ new Set(["", "system00"]);
var NOT_CONVERSATION = /* @__PURE__ */ new Set([
  "I",
  // internal note
  "U",
  // offline internal: an agent's e-mail reply that is not sent to the customer
  "Z",
  // internal, collapsed
  "1",
  // internal call
  "S",
  // start info
  "T",
  // transfer
  "R",
  // resolve
  "J",
  // postpone
  "X",
  // delete
  "B",
  // spam
  "G",
  // tag
  "L",
  // split
  "2",
  // merged
  "O",
  // forward (to a third party)
  "Q"
  // reply to a forward
]);
var WRITTEN = /* @__PURE__ */ new Set(["M", "Y", "F"]);
var OUTGOING_EMAIL = "4";
var DELETED_STATUSES = /* @__PURE__ */ new Set(["X", "B"]);
var RESOLVED_STATUSES = /* @__PURE__ */ new Set(["R", "L"]);
var OPEN_CALL_MS = 4 * 36e5;
function liveAgentSource(opts) {
  const zone = opts.timeZone ?? "UTC";
  if (!isTimeZone(zone))
    throw new Error(`LiveAgent: unknown time zone "${zone}" (an IANA name such as UTC or America/Phoenix)`);
  const perPage = opts.perPage ?? 100;
  if (!Number.isInteger(perPage) || perPage < 1)
    throw new Error(`LiveAgent: perPage must be a positive whole number, not ${perPage}`);
  let host;
  try {
    host = new URL(opts.baseUrl).host;
  } catch {
    throw new Error(`LiveAgent: the base URL "${opts.baseUrl}" is not a URL`);
  }
  const api = `${opts.baseUrl.replace(/\/+$/, "").replace(/\/api\/v3$/i, "")}/api/v3`;
  const label = opts.label ?? `LiveAgent (${host})`;
  const time2 = (v) => parseTime(v, zone);
  async function listPage(ctx, path, query) {
    ctx.signal.throwIfAborted();
    const { body, headers } = await ctx.http.get(`${api}${path}`, { budget: BUDGET, query });
    if (!Array.isArray(body))
      throw new SyncHttpError(`${label} ${path} answered something other than a list`, null);
    return { rows: body.filter(isObject), headers };
  }
  async function list(ctx, path, query) {
    return (await listPage(ctx, path, query)).rows;
  }
  async function all2(ctx, path) {
    const out = [];
    let previous = null;
    for (let page = 1; ; page++) {
      const rows = await list(ctx, path, { _page: page, _perPage: perPage });
      if (rows.length === 0)
        return out;
      const ids = idList(rows);
      if (ids === previous)
        throw ignoredParameter(label, path, "_page", page);
      previous = ids;
      out.push(...rows);
    }
  }
  async function loadNames2(ctx) {
    const agents = /* @__PURE__ */ new Map();
    for (const a of await all2(ctx, "/agents")) {
      const id = str2(a["id"]);
      if (id)
        agents.set(id, str2(a["name"]) || id);
    }
    const departments = /* @__PURE__ */ new Map();
    for (const d of await all2(ctx, "/departments")) {
      const id = str2(d["department_id"]);
      if (id)
        departments.set(id, str2(d["name"]) || id);
    }
    return { agents, departments };
  }
  async function* pages(ctx, cursor, stream, path, dateField, onPage) {
    let pos = readCursor(cursor, stream, ctx) ?? { since: ctx.since.getTime(), page: 1, seen: [] };
    let previous = null;
    const at = (r) => {
      const t = time2(r[dateField]);
      return typeof t === "number" ? t : null;
    };
    for (; ; ) {
      const rows = await list(ctx, path, {
        _filters: JSON.stringify([[dateField, "D>=", utcText(pos.since)]]),
        _sortField: dateField,
        _sortDir: "ASC",
        _page: pos.page,
        _perPage: perPage
      });
      if (rows.length === 0) {
        if (pos.unfiltered)
          yield { upserts: {}, cursor: writeCursor({ since: Math.max(pos.since, pos.high ?? pos.since), page: 1, seen: [] }) };
        return;
      }
      const ids = idList(rows);
      if (previous !== null && previous.since === pos.since && previous.page !== pos.page && previous.ids === ids)
        throw ignoredParameter(label, path, "_page", pos.page);
      previous = { since: pos.since, page: pos.page, ids };
      if (!pos.unfiltered && rows.some((r) => (at(r) ?? pos.since) < pos.since)) {
        ctx.log?.warn("LiveAgent ignored the date filter; reading every page and keeping only what changed since", { stream, path, filter: dateField });
        pos = { since: pos.since, page: 1, seen: [], unfiltered: true };
        previous = null;
        continue;
      }
      if (pos.unfiltered) {
        const fresh2 = rows.filter((r) => (at(r) ?? pos.since) >= pos.since);
        let high = pos.high ?? pos.since;
        for (const r of fresh2)
          high = Math.max(high, at(r) ?? high);
        const next2 = { since: pos.since, page: pos.page + 1, seen: [], unfiltered: true, high };
        if (fresh2.length > 0)
          yield await onPage(fresh2, next2);
        pos = next2;
        continue;
      }
      const seen = new Set(pos.seen);
      const fresh = rows.filter((r) => !(seen.has(str2(r["id"])) && (at(r) ?? pos.since) === pos.since));
      const next = advance2(pos, rows, at, perPage);
      if (fresh.length === 0) {
        if (rows.length < perPage)
          return;
        pos = next;
        continue;
      }
      yield await onPage(fresh, next);
      pos = next;
    }
  }
  function messagesOf(ctx, ticketId) {
    return all2(ctx, `/tickets/${encodeURIComponent(ticketId)}/messages`);
  }
  function conversation(groups, ticket, names) {
    const ticketAgent = str2(ticket["agentid"]);
    const out = [];
    let order = 0;
    for (const g of groups) {
      const type = str2(g["type"]);
      if (NOT_CONVERSATION.has(type))
        continue;
      const groupUser = str2(g["userid"]);
      const groupAt = time2(g["datecreated"]);
      const inner = Array.isArray(g["messages"]) ? g["messages"].filter(isObject) : [];
      for (const m of inner) {
        order++;
        if (!WRITTEN.has(str2(m["type"])))
          continue;
        const user = str2(m["userid"]) || groupUser;
        if (SYSTEM_USERS.has(user))
          continue;
        const own = time2(m["datecreated"]);
        const at = typeof own === "number" ? own : groupAt;
        if (typeof at !== "number")
          continue;
        const isAgent = names.agents.has(user) || user !== "" && user === ticketAgent || type === OUTGOING_EMAIL;
        out.push({ id: str2(m["id"]), at, agent: isAgent ? user : null, order });
      }
    }
    return out.sort((a, b) => a.at - b.at || a.order - b.order);
  }
  const ticketsStream2 = {
    id: "liveagent.tickets",
    datasets: ["tickets", "responses"],
    pull(cursor, ctx) {
      let names = null;
      return pages(ctx, cursor, "liveagent.tickets", "/tickets", "date_changed", async (fresh, next) => {
        names ??= await loadNames2(ctx);
        const tickets = [];
        const responses = [];
        const deleted = [];
        const skipped = [];
        for (const t of fresh) {
          const raw = str2(t["id"]);
          const id = `liveagent:${raw || "(no id)"}`;
          const skip = (reason) => skipped.push({ dataset: "tickets", id, reason });
          if (!raw) {
            skip("the ticket has no id");
            continue;
          }
          const status = str2(t["status"]);
          if (DELETED_STATUSES.has(status)) {
            deleted.push(id);
            continue;
          }
          const created = time2(t["date_created"]);
          if (created === null) {
            skip("no date_created");
            continue;
          }
          if (created === "bad") {
            skip(`date_created "${str2(t["date_created"])}" is not a date`);
            continue;
          }
          const resolvedRaw = time2(t["date_resolved"]);
          if (resolvedRaw === "bad") {
            skip(`date_resolved "${str2(t["date_resolved"])}" is not a date`);
            continue;
          }
          const channel = liveAgentChannel(str2(t["channel_type"]) || null);
          const agentId = str2(t["agentid"]);
          const departmentId = str2(t["departmentid"]);
          const replies = replyRows(conversation(await messagesOf(ctx, raw), t, names), raw, channel, names);
          responses.push(...replies);
          tickets.push({
            id,
            created_at: created,
            first_response_at: replies[0]?.["responded_at"] ?? null,
            resolved_at: RESOLVED_STATUSES.has(status) ? resolvedRaw : null,
            escalated_at: null,
            channel,
            agent: agentId ? names.agents.get(agentId) ?? agentId : null,
            team: departmentId ? names.departments.get(departmentId) ?? departmentId : null,
            priority: null,
            is_complaint: false
          });
        }
        const onPage = [...tickets.map((t) => t.id), ...deleted, ...skipped.map((k) => k.id).filter((k) => !k.endsWith("(no id)"))];
        return {
          upserts: { tickets, responses },
          ...onPage.length > 0 ? { replacesResponsesOf: onPage } : {},
          ...deleted.length > 0 ? { deletes: { tickets: deleted } } : {},
          ...skipped.length > 0 ? { skipped } : {},
          cursor: writeCursor(next)
        };
      });
    }
  };
  const callsStream = {
    id: "liveagent.calls",
    datasets: ["calls"],
    async *pull(cursor, ctx) {
      let names = null;
      const ticketsById = /* @__PURE__ */ new Map();
      const ticketOf = async (ticketId) => {
        if (!ticketsById.has(ticketId)) {
          let ticket = null;
          try {
            ctx.signal.throwIfAborted();
            const body = await ctx.http.getJson(`${api}/tickets/${encodeURIComponent(ticketId)}`, { budget: BUDGET });
            ticket = isObject(body) ? body : null;
          } catch (e) {
            if (!(e instanceof SyncHttpError && e.status === 404))
              throw e;
          }
          ticketsById.set(ticketId, ticket);
        }
        return ticketsById.get(ticketId) ?? null;
      };
      let pos = readCallsCursor(cursor, ctx) ?? { since: ctx.since.getTime(), open: [] };
      const sent = /* @__PURE__ */ new Set();
      let warnedFilter = false;
      for (; ; ) {
        const { rows, headers } = await listPage(ctx, "/calls", {
          _filters: JSON.stringify([["dateCreated", "D>=", utcText(pos.since)]]),
          _perPage: perPage,
          ...pos.next !== void 0 ? { _cursor: pos.next } : {}
        });
        if (rows.length === 0) {
          if (pos.next !== void 0)
            yield { upserts: { calls: [] }, cursor: writeCallsCursor(passEnd(pos)) };
          return;
        }
        const fresh = rows.filter((r) => !sent.has(str2(r["id"])));
        if (fresh.length === 0)
          throw ignoredParameter(label, "/calls", "_cursor", pos.next ?? "(none)");
        for (const r of fresh)
          sent.add(str2(r["id"]));
        const next = headers.get("next_page_cursor")?.trim() || void 0;
        if (next !== void 0 && next === pos.next)
          throw ignoredParameter(label, "/calls", "_cursor", next);
        names ??= await loadNames2(ctx);
        const calls = [];
        const skipped = [];
        let high = pos.high ?? pos.since;
        const open = [...pos.open];
        for (const c of fresh) {
          const raw = str2(c["id"]);
          const id = `liveagent:${raw || "(no id)"}`;
          const skip = (reason) => skipped.push({ dataset: "calls", id, reason });
          if (!raw) {
            skip("the call has no id");
            continue;
          }
          const queued = time2(c["dateCreated"]);
          if (typeof queued === "number" && queued < pos.since) {
            if (!warnedFilter)
              ctx.log?.warn("LiveAgent ignored the dateCreated filter on /calls; leaving out the calls before it", { since: new Date(pos.since).toISOString() });
            warnedFilter = true;
            continue;
          }
          const type = str2(c["type"]);
          if (type !== "" && type !== "I")
            continue;
          const answered = time2(c["dateAnswered"]);
          const ended = time2(c["dateFinished"]);
          if (queued === null) {
            skip("no dateCreated");
            continue;
          }
          const unreadable = [["dateCreated", queued], ["dateAnswered", answered], ["dateFinished", ended]].find(([, v]) => v === "bad");
          if (unreadable) {
            skip(`${unreadable[0]} "${str2(c[unreadable[0]])}" is not a date`);
            continue;
          }
          const queuedAt = queued;
          high = Math.max(high, queuedAt);
          if (ended === null)
            open.push(queuedAt);
          const ticketId = str2(c["ticketId"]);
          const ticket = ticketId ? await ticketOf(ticketId) : null;
          const agentId = ticket ? str2(ticket["agentid"]) : "";
          const departmentId = ticket ? str2(ticket["departmentid"]) : "";
          calls.push({
            id,
            queued_at: queuedAt,
            answered_at: answered,
            ended_at: ended,
            hold_seconds: 0,
            wrap_up_seconds: 0,
            blocked: false,
            agent: answered !== null && agentId ? names.agents.get(agentId) ?? agentId : null,
            topic: departmentId ? names.departments.get(departmentId) ?? departmentId : null
          });
        }
        const after = { since: pos.since, high, open: open.filter((t) => t >= high - OPEN_CALL_MS) };
        const resume = next === void 0 ? passEnd(after) : { ...after, next };
        yield { upserts: { calls }, ...skipped.length > 0 ? { skipped } : {}, cursor: writeCallsCursor(resume) };
        if (next === void 0)
          return;
        pos = resume;
      }
    }
  };
  return { id: "liveagent", label, streams: [ticketsStream2, callsStream] };
}
function replyRows(messages, ticketId, channel, names) {
  const rows = [];
  let waitingSince = null;
  for (const m of messages) {
    if (m.agent === null) {
      waitingSince ??= m.at;
      continue;
    }
    if (waitingSince === null)
      continue;
    rows.push({
      id: `liveagent:${ticketId}:${m.id}`,
      ticket_id: `liveagent:${ticketId}`,
      responded_at: m.at,
      response_seconds: (m.at - waitingSince) / 1e3,
      agent: names.agents.get(m.agent) ?? m.agent,
      channel
    });
    waitingSince = null;
  }
  return rows;
}
function advance2(pos, rows, at, perPage) {
  let latest = -Infinity;
  for (const r of rows)
    latest = Math.max(latest, at(r) ?? -Infinity);
  if (latest > pos.since) {
    return { since: latest, page: 1, seen: rows.filter((r) => at(r) === latest).map((r) => str2(r["id"])) };
  }
  const seen = new Set(pos.seen);
  for (const r of rows)
    seen.add(str2(r["id"]));
  return { since: pos.since, page: rows.length >= perPage ? pos.page + 1 : pos.page, seen: [...seen] };
}
function writeCursor(p) {
  return JSON.stringify({
    since: new Date(p.since).toISOString(),
    page: p.page,
    seen: p.seen,
    ...p.unfiltered ? { unfiltered: true, high: new Date(p.high ?? p.since).toISOString() } : {}
  });
}
function readCursor(cursor, stream, ctx) {
  if (cursor === null)
    return null;
  try {
    const c = JSON.parse(cursor);
    const since = typeof c.since === "string" ? Date.parse(c.since) : NaN;
    const page = c.page;
    const seen = c.seen;
    if (Number.isNaN(since) || typeof page !== "number" || !Number.isInteger(page) || page < 1)
      throw new Error("bad fields");
    if (!Array.isArray(seen) || !seen.every((s) => typeof s === "string"))
      throw new Error("bad seen");
    const high = typeof c.high === "string" ? Date.parse(c.high) : NaN;
    return { since, page, seen, ...c.unfiltered === true ? { unfiltered: true, high: Number.isNaN(high) ? since : high } : {} };
  } catch {
    ctx.log?.warn("unreadable LiveAgent cursor; syncing again from the start", { stream });
    return null;
  }
}
function passEnd(p) {
  const open = p.open.filter((t) => t >= (p.high ?? p.since) - OPEN_CALL_MS);
  return { since: open.length > 0 ? Math.min(...open) : Math.max(p.since, p.high ?? p.since), open: [] };
}
function writeCallsCursor(p) {
  const iso2 = (ms) => new Date(ms).toISOString();
  if (p.next === void 0)
    return JSON.stringify({ since: iso2(p.since) });
  return JSON.stringify({ since: iso2(p.since), next: p.next, high: iso2(p.high ?? p.since), open: p.open.map(iso2) });
}
function readCallsCursor(cursor, ctx) {
  if (cursor === null)
    return null;
  try {
    const c = JSON.parse(cursor);
    const since = typeof c.since === "string" ? Date.parse(c.since) : NaN;
    if (Number.isNaN(since))
      throw new Error("bad since");
    const high = typeof c.high === "string" ? Date.parse(c.high) : NaN;
    const open = Array.isArray(c.open) ? c.open.map((o) => typeof o === "string" ? Date.parse(o) : NaN).filter((t) => !Number.isNaN(t)) : [];
    return { since, open, ...typeof c.next === "string" && c.next !== "" ? { next: c.next } : {}, ...Number.isNaN(high) ? {} : { high } };
  } catch {
    ctx.log?.warn("unreadable LiveAgent cursor; syncing again from the start", { stream: "liveagent.calls" });
    return null;
  }
}
function utcText(ms) {
  return new Date(ms).toISOString().slice(0, 19).replace("T", " ");
}
function parseTime(v, zone) {
  if (v === null || v === void 0)
    return null;
  if (typeof v !== "string")
    return "bad";
  const s = v.trim();
  if (s === "" || s.startsWith("0000-00-00"))
    return null;
  const m = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2}))?$/.exec(s);
  if (!m)
    return "bad";
  const [y, mo, d, h, mi, sec] = [m[1], m[2], m[3], m[4], m[5], m[6] ?? "0"].map(Number);
  const wall = new Date(Date.UTC(y, mo - 1, d, h, mi, sec));
  if (wall.getUTCMonth() !== mo - 1 || wall.getUTCDate() !== d || wall.getUTCHours() !== h || wall.getUTCMinutes() !== mi)
    return "bad";
  if (zone === "UTC")
    return wall.getTime();
  return new TZDate(y, mo - 1, d, h, mi, sec, zone).getTime();
}
function idList(rows) {
  return JSON.stringify(rows.map((r) => str2(r["id"])));
}
function ignoredParameter(label, path, parameter, at) {
  return new SyncHttpError(`${label} ${path} answered the same records again for ${parameter}=${String(at).slice(0, 40)}: it ignores ${parameter} there, so the sync stopped instead of asking for ever. Report this with the LiveAgent version; the next sync starts from the last stored page`, null);
}
function str2(v) {
  if (typeof v === "string")
    return v.trim();
  if (typeof v === "number" && Number.isFinite(v))
    return String(v);
  return "";
}
function isObject(v) {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

// dist/src/ingest/helpdesk/index.js
var DAY_MS = 864e5;
function configuredSources(sync, deps = {}) {
  const out = [];
  if (sync.zendesk)
    out.push(configuredZendesk(sync.zendesk, deps));
  if (sync.liveagent) {
    const { baseUrl, apiKey, timeZone } = sync.liveagent;
    out.push({
      source: liveAgentSource({ baseUrl, label: `LiveAgent (${new URL(baseUrl).host})`, ...timeZone ? { timeZone } : {} }),
      http: { baseUrl, headers: { apikey: apiKey }, budgets: LIVEAGENT_BUDGETS }
    });
  }
  if (sync.freshdesk) {
    const { baseUrl, apiKey } = sync.freshdesk;
    out.push({
      source: freshdeskSource({ baseUrl, label: `Freshdesk (${new URL(baseUrl).host})` }),
      http: { baseUrl, headers: { authorization: freshdeskAuthorization(apiKey) }, budgets: FRESHDESK_BUDGETS }
    });
  }
  if (sync.intercom) {
    const { baseUrl, token } = sync.intercom;
    out.push({
      source: intercomSource({ baseUrl, label: `Intercom (${new URL(baseUrl).host})` }),
      http: { baseUrl, headers: intercomHeaders(token), budgets: INTERCOM_BUDGETS, resetAt: intercomResetAt }
    });
  }
  return out;
}
function sourceLabels(sync) {
  return Object.fromEntries(configuredSources(sync).map(({ source }) => [source.id, source.label]));
}
function syncWarnings(sync) {
  return zendeskWarnings(sync.zendesk);
}
function createSyncEngine(sync, store, deps) {
  return new SyncEngine({
    store,
    sources: deps.sources ?? configuredSources(sync, deps.grants ? { grants: deps.grants } : {}),
    clock: deps.clock,
    cron: sync.cron,
    since: new Date(deps.clock.now().getTime() - sync.historyDays * DAY_MS),
    ...deps.log ? { log: deps.log } : {},
    ...deps.onSynced ? { onSynced: deps.onSynced } : {}
  });
}

export {
  SyncEngine,
  configuredSources,
  sourceLabels,
  syncWarnings,
  createSyncEngine
};

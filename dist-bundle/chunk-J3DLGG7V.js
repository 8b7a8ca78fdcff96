import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);
import {
  arr,
  idOf,
  nameOf,
  namesById,
  num,
  obj,
  str,
  time
} from "./chunk-ABZKDEB3.js";
import {
  SyncHttpError
} from "./chunk-SGRIXTUX.js";

// dist/src/ingest/helpdesk/zendesk/oauth.js
var ZENDESK_SCOPE = "read";
var REFRESH_MARGIN_MS = 5 * 6e4;
var SOURCE = "zendesk";
function authorizeUrl(app, state) {
  const u = new URL(`${app.baseUrl}/oauth/authorizations/new`);
  u.searchParams.set("response_type", "code");
  u.searchParams.set("client_id", app.clientId);
  u.searchParams.set("redirect_uri", app.redirectUrl);
  u.searchParams.set("scope", ZENDESK_SCOPE);
  u.searchParams.set("state", state);
  return u.toString();
}
function exchangeCode(app, code, now) {
  return tokenRequest(app, { grant_type: "authorization_code", code, redirect_uri: app.redirectUrl }, now);
}
async function refreshGrant(app, grant, now) {
  if (grant.refreshToken === null)
    throw new GrantRefused("the grant has no refresh token");
  const fresh = await tokenRequest(app, { grant_type: "refresh_token", refresh_token: grant.refreshToken }, now);
  return { ...fresh, ...grant.connectedBy ? { connectedBy: grant.connectedBy } : {} };
}
var GrantRefused = class extends Error {
  constructor(reason) {
    super(reason);
    this.name = "GrantRefused";
  }
};
async function tokenRequest(app, body, now) {
  const res = await fetch(`${app.baseUrl}/oauth/tokens`, {
    method: "POST",
    headers: { "content-type": "application/json", accept: "application/json" },
    body: JSON.stringify({ ...body, client_id: app.clientId, client_secret: app.clientSecret, scope: ZENDESK_SCOPE }),
    signal: AbortSignal.timeout(3e4)
  });
  const text = await res.text();
  let json = {};
  try {
    json = JSON.parse(text);
  } catch {
  }
  if (!res.ok) {
    const error = typeof json["error"] === "string" ? json["error"] : `${res.status} ${res.statusText}`;
    if (res.status >= 400 && res.status < 500)
      throw new GrantRefused(`Zendesk's /oauth/tokens answered ${res.status} (${error})`);
    throw new Error(`Zendesk's /oauth/tokens answered ${res.status} (${error})`);
  }
  const access = json["access_token"];
  if (typeof access !== "string" || access === "")
    throw new Error("Zendesk's /oauth/tokens answered without an access_token");
  const seconds = (v) => typeof v === "number" && Number.isFinite(v) && v > 0 ? now + v * 1e3 : null;
  return {
    accessToken: access,
    refreshToken: typeof json["refresh_token"] === "string" && json["refresh_token"] !== "" ? json["refresh_token"] : null,
    expiresAt: seconds(json["expires_in"]),
    refreshExpiresAt: seconds(json["refresh_token_expires_in"]),
    scope: typeof json["scope"] === "string" ? json["scope"] : ZENDESK_SCOPE
  };
}
function asGrant(v) {
  const g = v;
  if (g === null || typeof g !== "object" || typeof g.accessToken !== "string")
    return null;
  return {
    accessToken: g.accessToken,
    refreshToken: typeof g.refreshToken === "string" ? g.refreshToken : null,
    expiresAt: typeof g.expiresAt === "number" ? g.expiresAt : null,
    refreshExpiresAt: typeof g.refreshExpiresAt === "number" ? g.refreshExpiresAt : null,
    scope: typeof g.scope === "string" ? g.scope : ZENDESK_SCOPE,
    ...typeof g.connectedBy === "string" ? { connectedBy: g.connectedBy } : {}
  };
}
function zendeskTokens(opts) {
  const now = opts.now ?? Date.now;
  let refreshing = null;
  const refused = (why) => new SyncHttpError(`Zendesk no longer accepts the bot's OAuth grant (${why}): an admin must connect Zendesk again \u2014 ${opts.connectHint}`, 401);
  const refresh = async (grant) => {
    try {
      const fresh = await refreshGrant(opts.app, grant, now());
      await opts.grants.saveHelpdeskGrant(SOURCE, fresh, new Date(now()));
      return fresh;
    } catch (e) {
      if (!(e instanceof GrantRefused))
        throw e;
      const latest = asGrant(await opts.grants.getHelpdeskGrant(SOURCE));
      if (latest !== null && latest.refreshToken !== grant.refreshToken && !expiring(latest, now()))
        return latest;
      throw refused(e.message);
    }
  };
  return {
    async headers() {
      let grant = asGrant(await opts.grants.getHelpdeskGrant(SOURCE));
      if (grant === null)
        throw new SyncHttpError(`Zendesk is not connected yet: an admin must connect it \u2014 ${opts.connectHint}`, 401);
      if (expiring(grant, now())) {
        if (grant.refreshExpiresAt !== null && grant.refreshExpiresAt <= now())
          throw refused("its refresh token expired");
        const current = grant;
        refreshing ??= refresh(current).finally(() => {
          refreshing = null;
        });
        grant = await refreshing;
      }
      return { authorization: `Bearer ${grant.accessToken}` };
    }
  };
}
function expiring(grant, now) {
  return grant.expiresAt !== null && grant.expiresAt - now <= REFRESH_MARGIN_MS;
}

// dist/src/ingest/helpdesk/zendesk/rateLimit.js
var INCREMENTAL_PER_MINUTE = 10;
function paceFromHeaders(http, headers, now) {
  const limit = whole(headers.get("ratelimit-limit") ?? headers.get("x-rate-limit"));
  if (limit !== null && limit > 0) {
    const incremental = Math.max(1, Math.min(INCREMENTAL_PER_MINUTE, Math.floor(limit / 2)));
    http.pace("incremental", { requests: incremental, perMs: 6e4 });
    http.pace("api", { requests: Math.max(1, limit - incremental), perMs: 6e4 });
  }
  const remaining = whole(headers.get("ratelimit-remaining") ?? headers.get("x-rate-limit-remaining"));
  const reset = whole(headers.get("ratelimit-reset"));
  if (remaining === 0) {
    const until = now + (reset !== null ? reset : 60) * 1e3;
    http.pace("incremental", { pauseUntil: until });
    http.pace("api", { pauseUntil: until });
  }
}
function whole(v) {
  if (v === null || !/^\s*\d+\s*$/.test(v))
    return null;
  return Number(v.trim());
}

// dist/src/ingest/helpdesk/zendesk/via.js
var ZENDESK_VIA_IDS = {
  0: "web_form",
  4: "mail",
  5: "web_service",
  8: "rule",
  9: "linked_problem",
  10: "group_deletion",
  11: "user_change",
  12: "user_deletion",
  13: "group_change",
  14: "resource_push",
  15: "iphone",
  16: "get_satisfaction",
  17: "dropbox",
  19: "merge",
  20: "batch",
  21: "recovered_from_suspended_tickets",
  22: "automatic_solution_suggestions",
  23: "twitter_favorite",
  24: "topic",
  25: "user_merge",
  26: "twitter_dm",
  27: "closed_ticket",
  28: "logmein_rescue",
  29: "chat",
  30: "twitter",
  31: "ticket_sharing",
  32: "macro_reference",
  33: "voicemail",
  34: "phone_call_inbound",
  35: "phone_call_outbound",
  36: "blog",
  37: "text_message",
  38: "facebook_post",
  39: "import",
  40: "github",
  41: "facebook_message",
  42: "lotus",
  43: "monitor_event",
  44: "api_voicemail",
  45: "api_phone_call_inbound",
  46: "api_phone_call_outbound",
  47: "churned_account",
  48: "web_widget",
  49: "mobile_sdk",
  50: "helpcenter",
  51: "sample_ticket",
  52: "sample_interactive_ticket",
  53: "admin_setting",
  54: "satisfaction_prediction",
  55: "any_channel",
  56: "mobile",
  57: "sms"
};
function viaType(channel) {
  if (typeof channel === "string" && channel.trim() !== "" && !/^\d+$/.test(channel.trim()))
    return channel.trim();
  const id = typeof channel === "number" ? channel : typeof channel === "string" && channel.trim() !== "" ? Number(channel.trim()) : NaN;
  return Number.isInteger(id) ? ZENDESK_VIA_IDS[id] ?? null : null;
}

// dist/src/ingest/helpdesk/zendesk/index.js
var ZENDESK_BUDGETS = {
  incremental: { requests: 10, perMs: 6e4 },
  api: { requests: 190, perMs: 6e4 }
};
var ZENDESK_CHANNELS = {
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
  google_rcs: "social"
};
function zendeskChannel(via) {
  const c = (viaType(via) ?? "").toLowerCase();
  if (c === "")
    return "unknown";
  if (c.startsWith("sunshine_conversations_"))
    return "social";
  return ZENDESK_CHANNELS[c] ?? c;
}
var TICKETS_PATH = "/api/v2/incremental/tickets/cursor.json";
var RATINGS_PATH = "/api/v2/satisfaction_ratings.json";
var USERS_PATH = "/api/v2/users/show_many.json";
var GROUPS_PATH = "/api/v2/groups.json";
var RATINGS_OVERLAP_S = 300;
var ZENDESK_ADMIN_HINT = "Zendesk's ticket export and satisfaction ratings are allowed for admins only: use an admin's credentials";
function zendeskSource(opts) {
  const refused = opts.refusedHint ?? ZENDESK_ADMIN_HINT;
  return {
    id: "zendesk",
    label: opts.label ?? `Zendesk (${hostOf(opts.baseUrl)}, legacy CSAT ratings only)`,
    streams: [ticketsStream(), ratingsStream()].map((stream) => explainRefusals(stream, refused))
  };
}
function explainRefusals(stream, hint) {
  return {
    ...stream,
    async *pull(cursor, ctx) {
      try {
        yield* stream.pull(cursor, ctx);
      } catch (e) {
        if (e instanceof SyncHttpError && (e.status === 401 || e.status === 403) && !e.message.includes(hint) && !e.message.includes("an admin must connect")) {
          throw new SyncHttpError(`${e.message}. ${hint}`, e.status, { cause: e });
        }
        throw e;
      }
    }
  };
}
async function get(ctx, url, options) {
  const response = await ctx.http.get(url, options);
  paceFromHeaders(ctx.http, response.headers, Date.now());
  return response;
}
var TICKET_PAGE_SIZES = [1e3, 500, 250];
function tooSlow(e) {
  return e instanceof SyncHttpError && (e.status === null || e.status === 500 || e.status === 502 || e.status === 503 || e.status === 504);
}
function ticketsStream() {
  return {
    id: "zendesk.tickets",
    datasets: ["tickets"],
    async *pull(cursor, ctx) {
      let at = cursor === null ? { start_time: unixSeconds(ctx.since.getTime()) } : parseTicketsCursor(cursor);
      let size = 0;
      for (; ; ) {
        ctx.signal.throwIfAborted();
        let body;
        for (; ; ) {
          const perPage = TICKET_PAGE_SIZES[size];
          const smaller = size + 1 < TICKET_PAGE_SIZES.length;
          try {
            body = (await get(ctx, TICKETS_PATH, { budget: "incremental", query: { include: "metric_sets,users,groups", per_page: perPage, ...at }, ...smaller ? { maxAttempts: 2 } : {} })).body;
            break;
          } catch (e) {
            if (!smaller || !tooSlow(e))
              throw e;
            size++;
            ctx.log?.warn("Zendesk ticket export too slow; asking for smaller pages", { perPage: TICKET_PAGE_SIZES[size], error: e instanceof Error ? e.message : String(e) });
          }
        }
        const page = expectObject(body, "the incremental ticket export");
        const after = str(page["after_cursor"]);
        yield ticketsBatch(page, after ?? ("cursor" in at ? at.cursor : JSON.stringify(at)));
        if (page["end_of_stream"] === true)
          return;
        if (after === null || "cursor" in at && after === at.cursor) {
          ctx.log?.warn("Zendesk ticket export did not move on before the end of the stream; stopping here", { afterCursor: after !== null });
          return;
        }
        at = { cursor: after };
      }
    }
  };
}
function parseTicketsCursor(cursor) {
  if (!cursor.startsWith("{"))
    return { cursor };
  const start = num(obj(JSON.parse(cursor))?.["start_time"]);
  if (start === null)
    throw new Error(`zendesk.tickets: unreadable saved cursor ${cursor}`);
  return { start_time: start };
}
function ticketsBatch(page, cursor) {
  const tickets = arrayOf(page, "tickets", "the incremental ticket export");
  const users = namesById(page["users"]);
  const groups = namesById(page["groups"]);
  const metrics = /* @__PURE__ */ new Map();
  for (const m of arr(page["metric_sets"])) {
    const id = idOf(obj(m)?.["ticket_id"]);
    if (id !== null)
      metrics.set(id, m);
  }
  const rows = [];
  const deletes = [];
  const skipped = [];
  for (const raw of tickets) {
    const t = obj(raw);
    const zid = idOf(t?.["id"]);
    if (t === void 0 || zid === null) {
      skipped.push({ dataset: "tickets", id: "zendesk:?", reason: "a ticket without an id" });
      continue;
    }
    const id = `zendesk:${zid}`;
    if (t["status"] === "deleted") {
      deletes.push(id);
      continue;
    }
    const row = ticketRow(t, id, metrics.get(zid) ?? obj(t["metric_set"]), users, groups);
    if (typeof row === "string")
      skipped.push({ dataset: "tickets", id, reason: row });
    else
      rows.push(row);
  }
  return { upserts: { tickets: rows }, deletes: { tickets: deletes }, skipped, cursor };
}
function ticketRow(t, id, metric, users, groups) {
  const created = time(t["created_at"]);
  if (created === null)
    return t["created_at"] === void 0 || t["created_at"] === null ? "no created_at" : `unreadable created_at ${JSON.stringify(t["created_at"])}`;
  const reply = minutes(metric?.["reply_time_in_minutes"]);
  const status = str(t["status"]);
  const settled = status === "solved" || status === "closed";
  const fullResolution = minutes(metric?.["full_resolution_time_in_minutes"]);
  const resolved = !settled ? null : time(metric?.["solved_at"]) ?? (fullResolution === null ? null : created + fullResolution * 6e4);
  const priority = str(t["priority"]);
  const tags = arr(t["tags"]);
  return {
    id,
    created_at: created,
    first_response_at: reply === null ? null : created + reply * 6e4,
    resolved_at: resolved,
    escalated_at: null,
    channel: zendeskChannel(obj(t["via"])?.["channel"]),
    agent: nameOf(t["assignee_id"], users),
    team: nameOf(t["group_id"], groups),
    priority: priority === null ? null : priority.toLowerCase(),
    is_complaint: tags.some((tag) => typeof tag === "string" && tag.toLowerCase() === "complaint")
  };
}
function minutes(v) {
  return num(obj(v)?.["calendar"]);
}
function ratingsStream() {
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
        let body;
        if (next === void 0) {
          body = (await get(ctx, RATINGS_PATH, { budget: "api", query: { "page[size]": 100, start_time: start } })).body;
        } else {
          try {
            body = (await get(ctx, next, { budget: "api" })).body;
          } catch (e) {
            if (!(first && e instanceof SyncHttpError && (e.status === 400 || e.status === 422)))
              throw e;
            ctx.log?.warn("Zendesk refused the saved satisfaction ratings link; reading the pass again from its start", { status: e.status, start });
            next = void 0;
            high = start;
            continue;
          }
        }
        const page = expectObject(body, "the satisfaction ratings list");
        const ratings = arrayOf(page, "satisfaction_ratings", "the satisfaction ratings list");
        for (const r of ratings) {
          const updated = time(obj(r)?.["updated_at"]);
          if (updated !== null)
            high = Math.max(high, unixSeconds(updated));
        }
        const batch = await ratingsBatch(ratings, directory);
        const link = str(obj(page["links"])?.["next"]);
        if (obj(page["meta"])?.["has_more"] === true && link !== null) {
          if (pathOf(link) === next)
            throw new Error("Zendesk: the satisfaction ratings list gave the same page as next; not asking again");
          next = pathOf(link);
          yield { ...batch, cursor: JSON.stringify({ start, next, high, began }) };
          continue;
        }
        const nextStart = Math.max(start, Math.min(high, began - RATINGS_OVERLAP_S));
        yield { ...batch, cursor: JSON.stringify({ start: nextStart }) };
        return;
      }
    }
  };
}
function parseRatingsCursor(cursor) {
  const c = obj(JSON.parse(cursor));
  const start = num(c?.["start"]);
  if (c === void 0 || start === null)
    throw new Error(`zendesk.satisfaction_ratings: unreadable saved cursor ${cursor}`);
  const next = str(c["next"]);
  const high = num(c["high"]);
  const began = num(c["began"]);
  return { start, ...next !== null && { next }, ...high !== null && { high }, ...began !== null && { began } };
}
var SCORES = { good: 1, bad: 0 };
var NOT_ANSWERS = /* @__PURE__ */ new Set(["offered", "unoffered"]);
async function ratingsBatch(ratings, directory) {
  const answered = ratings.map(obj).filter((r) => r !== void 0 && typeof r["score"] === "string" && r["score"] in SCORES);
  await directory.learn(answered);
  const rows = [];
  const deletes = [];
  const skipped = [];
  for (const raw of ratings) {
    const r = obj(raw);
    const zid = idOf(r?.["id"]);
    if (r === void 0 || zid === null) {
      skipped.push({ dataset: "surveys", id: "zendesk:?", reason: "a satisfaction rating without an id" });
      continue;
    }
    const id = `zendesk:${zid}`;
    const score = str(r["score"]);
    if (score !== null && NOT_ANSWERS.has(score)) {
      deletes.push(id);
      continue;
    }
    const value = score === null ? void 0 : SCORES[score];
    if (value === void 0) {
      skipped.push({ dataset: "surveys", id, reason: score === null ? "no score" : `unknown score "${score}"` });
      continue;
    }
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
      customer_id: requester === null ? null : `zendesk:${requester}`
    });
  }
  return { upserts: { surveys: rows }, deletes: { surveys: deletes }, skipped };
}
var Directory = class {
  ctx;
  users = /* @__PURE__ */ new Map();
  asked = /* @__PURE__ */ new Set();
  groups;
  constructor(ctx) {
    this.ctx = ctx;
  }
  async learn(ratings) {
    const wanted = [...new Set(ratings.map((r) => idOf(r["assignee_id"])).filter((id) => id !== null && !this.asked.has(id)))];
    for (let i = 0; i < wanted.length; i += 100) {
      const ids = wanted.slice(i, i + 100);
      ids.forEach((id) => this.asked.add(id));
      this.ctx.signal.throwIfAborted();
      const page = expectObject((await get(this.ctx, USERS_PATH, { budget: "api", query: { ids: ids.join(",") } })).body, "Show Many Users");
      for (const [id, name] of namesById(page["users"]))
        this.users.set(id, name);
    }
    if (this.groups === void 0 && ratings.some((r) => idOf(r["group_id"]) !== null)) {
      const groups = /* @__PURE__ */ new Map();
      let next = null;
      do {
        this.ctx.signal.throwIfAborted();
        const page = expectObject((await (next === null ? get(this.ctx, GROUPS_PATH, { budget: "api", query: { "page[size]": 100 } }) : get(this.ctx, next, { budget: "api" }))).body, "List Groups");
        for (const [id, name] of namesById(page["groups"]))
          groups.set(id, name);
        const link = str(obj(page["links"])?.["next"]);
        next = obj(page["meta"])?.["has_more"] === true && link !== null ? pathOf(link) : null;
      } while (next !== null);
      this.groups = groups;
    }
  }
  agent(id) {
    return nameOf(id, this.users);
  }
  team(id) {
    return nameOf(id, this.groups ?? /* @__PURE__ */ new Map());
  }
};
var unixSeconds = (ms) => Math.floor(ms / 1e3);
function expectObject(body, what) {
  const o = obj(body);
  if (o === void 0)
    throw new Error(`Zendesk: ${what} did not answer a JSON object`);
  return o;
}
function arrayOf(page, key, what) {
  const list = page[key];
  if (!Array.isArray(list))
    throw new Error(`Zendesk: ${what} answered without a "${key}" list`);
  return list;
}
function pathOf(link) {
  try {
    const u = new URL(link);
    return `${u.pathname}${u.search}`;
  } catch {
    return link;
  }
}
function hostOf(baseUrl) {
  try {
    return new URL(baseUrl).host;
  } catch {
    return baseUrl;
  }
}

// dist/src/ingest/helpdesk/zendesk/configured.js
function installUrl(redirectUrl) {
  return redirectUrl ? redirectUrl.replace(/\/zendesk\/oauth_redirect$/, "/zendesk/install") : "/zendesk/install on the bot's public address";
}
function connectHint(redirectUrl) {
  return `a Zendesk admin opens ${installUrl(redirectUrl)} (\`npm run sync -- --connect zendesk\` prints it)`;
}
function oauthApp(zendesk) {
  const { auth } = zendesk;
  return auth.kind === "oauth-app" ? { baseUrl: zendesk.baseUrl, clientId: auth.clientId, clientSecret: auth.clientSecret, ...auth.redirectUrl ? { redirectUrl: auth.redirectUrl } : {} } : void 0;
}
function configuredZendesk(zendesk, deps = {}) {
  const { baseUrl, auth } = zendesk;
  const app = oauthApp(zendesk);
  if (app !== void 0 && auth.kind === "oauth-app") {
    const hint = connectHint(auth.redirectUrl);
    const grants = deps.grants;
    const tokens = grants ? zendeskTokens({ app, grants, connectHint: hint }) : void 0;
    return {
      source: zendeskSource({ baseUrl, refusedHint: `${ZENDESK_ADMIN_HINT}; if the grant was revoked, an admin must connect Zendesk again \u2014 ${hint}` }),
      http: {
        baseUrl,
        budgets: ZENDESK_BUDGETS,
        headers: async () => {
          if (tokens === void 0)
            throw new SyncHttpError("Zendesk over OAuth needs the bot's Store to keep its grant in; none was opened", null);
          return tokens.headers();
        }
      }
    };
  }
  const authorization = auth.kind === "oauth" ? `Bearer ${auth.token}` : auth.kind === "token" ? `Basic ${Buffer.from(`${auth.email}/token:${auth.token}`).toString("base64")}` : "";
  return { source: zendeskSource({ baseUrl }), http: { baseUrl, headers: { authorization }, budgets: ZENDESK_BUDGETS } };
}
function zendeskWarnings(zendesk) {
  if (zendesk === void 0)
    return [];
  const oauth = "set ZENDESK_CLIENT_ID, ZENDESK_CLIENT_SECRET and ZENDESK_REDIRECT_URL (an OAuth client in Admin Center \u2192 Apps and integrations \u2192 APIs \u2192 OAuth clients), then have a Zendesk admin open /zendesk/install";
  if (zendesk.auth.kind === "token") {
    return [
      `ZENDESK_API_TOKEN: Zendesk is retiring API tokens \u2014 no new ones since 27 Oct 2026, unused ones are switched off after 30 days, and all stop working on 30 Apr 2027. Move to OAuth before then: ${oauth}.`
    ];
  }
  if (zendesk.auth.kind === "oauth") {
    return [`ZENDESK_OAUTH_TOKEN: a fixed OAuth token is never refreshed, and tokens of OAuth clients created after 30 Apr 2026 expire. To stay connected: ${oauth}.`];
  }
  return [];
}

// node_modules/node-cron/dist/_shared.js
import { EventEmitter } from "events";
import { randomUUID } from "node:crypto";
function createID() {
  return randomUUID();
}
var levelColors = {
  INFO: "\x1B[36m",
  WARN: "\x1B[33m",
  ERROR: "\x1B[31m",
  DEBUG: "\x1B[35m"
};
var GREEN = "\x1B[32m";
var RESET = "\x1B[0m";
function log(level, message, extra) {
  const timestamp = (/* @__PURE__ */ new Date()).toISOString();
  const color = levelColors[level];
  const prefix = `[${timestamp}] [PID: ${process.pid}] ${GREEN}[NODE-CRON]${GREEN} ${color}[${level}]${RESET}`;
  const output = `${prefix} ${message}`;
  switch (level) {
    case "ERROR":
      console.error(output, extra ?? "");
      break;
    case "DEBUG":
      console.debug(output, extra ?? "");
      break;
    case "WARN":
      console.warn(output);
      break;
    case "INFO":
    default:
      console.info(output);
      break;
  }
}
var defaultLogger = {
  info(message) {
    log("INFO", message);
  },
  warn(message) {
    log("WARN", message);
  },
  error(message, err) {
    if (message instanceof Error) {
      log("ERROR", message.message, message);
    } else {
      log("ERROR", message, err);
    }
  },
  debug(message, err) {
    if (message instanceof Error) {
      log("DEBUG", message.message, message);
    } else {
      log("DEBUG", message, err);
    }
  }
};
var activeLogger = defaultLogger;
var logger = {
  info: (message) => activeLogger.info(message),
  warn: (message) => activeLogger.warn(message),
  error: (message, err) => activeLogger.error(message, err),
  debug: (message, err) => activeLogger.debug(message, err)
};
var TrackedPromise = class {
  promise;
  error;
  state;
  value;
  constructor(executor) {
    this.state = "pending";
    this.promise = new Promise((resolve2, reject) => {
      executor((value) => {
        this.state = "fulfilled";
        this.value = value;
        resolve2(value);
      }, (error) => {
        this.state = "rejected";
        this.error = error;
        reject(error);
      });
    });
  }
  getPromise() {
    return this.promise;
  }
  getState() {
    return this.state;
  }
  isPending() {
    return this.state === "pending";
  }
  isFulfilled() {
    return this.state === "fulfilled";
  }
  isRejected() {
    return this.state === "rejected";
  }
  getValue() {
    return this.value;
  }
  getError() {
    return this.error;
  }
  then(onfulfilled, onrejected) {
    return this.promise.then(onfulfilled, onrejected);
  }
  catch(onrejected) {
    return this.promise.catch(onrejected);
  }
  finally(onfinally) {
    return this.promise.finally(onfinally);
  }
};
function planBeat(expected, now, toleranceMs, getNextMatch) {
  const missed = [];
  let slot = expected;
  while (true) {
    const nowMs = now.getTime();
    const slotMs = slot.getTime();
    if (nowMs < slotMs) {
      return { missed, next: slot };
    }
    const next = getNextMatch(slot);
    if (next.getTime() <= slotMs) {
      return { missed, next: getNextMatch(now) };
    }
    const gap = next.getTime() - slotMs;
    const lateBy = nowMs - slotMs;
    if (lateBy <= toleranceMs && lateBy < gap) {
      return { missed, run: slot, next };
    }
    missed.push(slot);
    slot = next;
  }
}
var DEFAULT_MISSED_EXECUTION_TOLERANCE = 1e3;
function emptyOnFn() {
}
function emptySkipFn() {
}
function emptyHookFn() {
  return true;
}
var DEFAULT_COORDINATOR_TTL = 3e4;
var Runner = class {
  timeMatcher;
  onMatch;
  noOverlap;
  maxExecutions;
  maxRandomDelay;
  missedExecutionTolerance;
  runCount;
  running;
  heartBeatTimeout;
  jitterTimeout;
  logger;
  onMissedExecution;
  onOverlap;
  onError;
  beforeRun;
  onFinished;
  onMaxExecutions;
  runCoordinator;
  coordinatorKeyPrefix;
  coordinatorTtl;
  onSkipped;
  unref;
  constructor(timeMatcher, onMatch, options) {
    this.timeMatcher = timeMatcher;
    this.onMatch = onMatch;
    this.noOverlap = options == void 0 || options.noOverlap === void 0 ? false : options.noOverlap;
    this.maxExecutions = options?.maxExecutions;
    this.maxRandomDelay = options?.maxRandomDelay || 0;
    this.missedExecutionTolerance = options?.missedExecutionTolerance ?? DEFAULT_MISSED_EXECUTION_TOLERANCE;
    this.logger = options?.logger || logger;
    this.onMissedExecution = options?.onMissedExecution || emptyOnFn;
    this.onOverlap = options?.onOverlap || emptyOnFn;
    this.onError = options?.onError || ((date, error) => this.logger.error("Task failed with error!", error));
    this.onFinished = options?.onFinished || emptyHookFn;
    this.beforeRun = options?.beforeRun || emptyHookFn;
    this.onMaxExecutions = options?.onMaxExecutions || emptyOnFn;
    this.runCoordinator = options?.runCoordinator;
    this.coordinatorKeyPrefix = options?.coordinatorKeyPrefix || "";
    this.coordinatorTtl = options?.coordinatorTtl ?? DEFAULT_COORDINATOR_TTL;
    this.onSkipped = options?.onSkipped || emptySkipFn;
    this.unref = options?.unref ?? false;
    this.runCount = 0;
    this.running = false;
  }
  onErrorFallback = (date, error) => {
    this.logger.error("Task failed with error!", error);
  };
  async runCoordinated(slot, run) {
    if (!this.runCoordinator) {
      await run();
      return;
    }
    const key = `${this.coordinatorKeyPrefix}:${slot.toISOString()}`;
    let allowed;
    try {
      allowed = await this.runCoordinator.shouldRun(key, this.coordinatorTtl);
    } catch (err) {
      this.logger.error("Run coordinator failed; skipping execution (fail-closed)", err);
      this.emitSkipped(slot, "coordinator-error");
      return;
    }
    if (!allowed) {
      this.emitSkipped(slot, "not-elected");
      return;
    }
    try {
      await run();
    } finally {
      try {
        await this.runCoordinator.onComplete?.(key);
      } catch (err) {
        this.logger.error("Run coordinator onComplete failed", err);
      }
    }
  }
  emitSkipped(slot, reason) {
    Promise.resolve(this.onSkipped(slot, reason)).catch((err) => this.onErrorFallback(slot, err));
  }
  start() {
    this.running = true;
    let lastExecution;
    let expectedNextExecution = this.timeMatcher.getNextMatch(nowWithoutMs());
    const armHeartBeat = () => {
      if (this.running) {
        clearTimeout(this.heartBeatTimeout);
        this.heartBeatTimeout = setTimeout(heartBeat, getDelay(expectedNextExecution));
        if (this.unref)
          this.heartBeatTimeout.unref();
      }
    };
    const runTask = async (date) => {
      const execution = {
        id: createID(),
        reason: "scheduled"
      };
      let shouldExecute;
      try {
        shouldExecute = await this.beforeRun(date, execution);
      } catch (error) {
        this.onError(date, error, execution);
        return;
      }
      if (!shouldExecute)
        return;
      const execute = async () => {
        try {
          this.runCount++;
          execution.startedAt = /* @__PURE__ */ new Date();
          const result = await this.onMatch(date, execution);
          execution.finishedAt = /* @__PURE__ */ new Date();
          execution.result = result;
        } catch (error) {
          execution.finishedAt = /* @__PURE__ */ new Date();
          execution.error = error;
          try {
            this.onError(date, error, execution);
          } catch (hookError) {
            this.onErrorFallback(date, hookError);
          }
          return;
        }
        try {
          await this.onFinished(date, execution);
        } catch (hookError) {
          this.onErrorFallback(date, hookError);
        }
        if (this.maxExecutions && this.runCount >= this.maxExecutions) {
          this.onMaxExecutions(date);
          this.stop();
        }
      };
      const randomDelay = Math.floor(Math.random() * this.maxRandomDelay);
      if (randomDelay > 0) {
        await new Promise((resolve2) => {
          this.jitterTimeout = setTimeout(() => {
            execute().then(() => resolve2(), () => resolve2());
          }, randomDelay);
          if (this.unref)
            this.jitterTimeout.unref();
        });
      } else {
        await execute();
      }
    };
    const heartBeat = async () => {
      const currentDate = nowWithoutMs();
      const plan = planBeat(expectedNextExecution, currentDate, this.missedExecutionTolerance, (date) => this.timeMatcher.getNextMatch(date));
      expectedNextExecution = plan.next;
      for (const missedSlot of plan.missed) {
        runAsync(this.onMissedExecution, missedSlot, this.onErrorFallback);
      }
      if (plan.run) {
        if (lastExecution && lastExecution.getState() === "pending") {
          runAsync(this.onOverlap, plan.run, this.onErrorFallback);
          if (this.noOverlap) {
            this.logger.warn("task still running, new execution blocked by overlap prevention!");
            armHeartBeat();
            return;
          }
        }
        const slot = plan.run;
        lastExecution = new TrackedPromise(async (resolve2, reject) => {
          try {
            await this.runCoordinated(slot, () => runTask(slot));
            resolve2(true);
          } catch (err) {
            reject(err);
          }
        });
        lastExecution.catch(() => {
        });
      }
      armHeartBeat();
    };
    armHeartBeat();
  }
  nextRun() {
    return this.timeMatcher.getNextMatch(/* @__PURE__ */ new Date());
  }
  stop() {
    this.running = false;
    if (this.heartBeatTimeout) {
      clearTimeout(this.heartBeatTimeout);
      this.heartBeatTimeout = void 0;
    }
    if (this.jitterTimeout) {
      clearTimeout(this.jitterTimeout);
      this.jitterTimeout = void 0;
    }
  }
  isStarted() {
    return !!this.heartBeatTimeout && this.running;
  }
  isStopped() {
    return !this.isStarted();
  }
  setUnref(value) {
    this.unref = value;
    if (this.heartBeatTimeout) {
      if (value)
        this.heartBeatTimeout.unref();
      else
        this.heartBeatTimeout.ref();
    }
    if (this.jitterTimeout) {
      if (value)
        this.jitterTimeout.unref();
      else
        this.jitterTimeout.ref();
    }
  }
  async execute(executionId) {
    const date = /* @__PURE__ */ new Date();
    const execution = {
      id: executionId ?? createID(),
      reason: "invoked"
    };
    try {
      const shouldExecute = await this.beforeRun(date, execution);
      if (!shouldExecute)
        return;
      execution.startedAt = /* @__PURE__ */ new Date();
      const result = await this.onMatch(date, execution);
      execution.finishedAt = /* @__PURE__ */ new Date();
      execution.result = result;
    } catch (error) {
      execution.finishedAt = /* @__PURE__ */ new Date();
      execution.error = error;
      this.onError(date, error, execution);
      return;
    }
    try {
      await this.onFinished(date, execution);
    } catch (hookError) {
      this.onErrorFallback(date, hookError);
    }
  }
};
async function runAsync(fn, date, onError) {
  try {
    await fn(date);
  } catch (error) {
    onError(date, error);
  }
}
function getDelay(nextRun) {
  const maxDelay = 864e5;
  const now = /* @__PURE__ */ new Date();
  const delay = nextRun.getTime() - now.getTime();
  if (delay > maxDelay) {
    return maxDelay;
  }
  return Math.max(0, delay);
}
function nowWithoutMs() {
  const date = /* @__PURE__ */ new Date();
  date.setMilliseconds(0);
  return date;
}
var monthNamesConversion = /* @__PURE__ */ (() => {
  const months = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december"
  ];
  const shortMonths = [
    "jan",
    "feb",
    "mar",
    "apr",
    "may",
    "jun",
    "jul",
    "aug",
    "sep",
    "oct",
    "nov",
    "dec"
  ];
  function convertMonthName(expression, items) {
    for (let i = 0; i < items.length; i++) {
      expression = expression.replace(new RegExp(items[i], "gi"), i + 1);
    }
    return expression;
  }
  function interpret(monthExpression) {
    monthExpression = convertMonthName(monthExpression, months);
    monthExpression = convertMonthName(monthExpression, shortMonths);
    return monthExpression;
  }
  return interpret;
})();
var weekDayNamesConversion = /* @__PURE__ */ (() => {
  const weekDays = [
    "sunday",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday"
  ];
  const shortWeekDays = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];
  function convertWeekDayName(expression, items) {
    for (let i = 0; i < items.length; i++) {
      expression = expression.replace(new RegExp(items[i], "gi"), i);
    }
    return expression;
  }
  function convertWeekDays(expression) {
    expression = convertWeekDayName(expression, weekDays);
    return convertWeekDayName(expression, shortWeekDays);
  }
  return convertWeekDays;
})();
var convertAsterisksToRanges = /* @__PURE__ */ (() => {
  function convertAsterisk(expression, replecement) {
    return expression.split(",").map((token) => token.indexOf("*") !== -1 ? token.replace("*", replecement) : token).join(",");
  }
  function convertAsterisksToRanges2(expressions) {
    expressions[0] = convertAsterisk(expressions[0], "0-59");
    expressions[1] = convertAsterisk(expressions[1], "0-59");
    expressions[2] = convertAsterisk(expressions[2], "0-23");
    expressions[3] = convertAsterisk(expressions[3], "1-31");
    expressions[4] = convertAsterisk(expressions[4], "1-12");
    expressions[5] = convertAsterisk(expressions[5], "0-6");
    return expressions;
  }
  return convertAsterisksToRanges2;
})();
var convertRanges = /* @__PURE__ */ (() => {
  const rangeRegEx = /^(\d+)-(\d+)(?:\/(\d+))?$/;
  const FIELD_BOUNDS = [
    { min: 0, max: 59 },
    { min: 0, max: 59 },
    { min: 0, max: 23 },
    { min: 1, max: 31 },
    { min: 1, max: 12 },
    { min: 0, max: 6 }
  ];
  function expandRange(initTxt, endTxt, stepTxt, bounds) {
    const step = parseInt(stepTxt, 10);
    if (!(step >= 1))
      return `${initTxt}-${endTxt}/${stepTxt}`;
    const first = parseInt(initTxt, 10);
    const last = parseInt(endTxt, 10);
    const numbers = [];
    if (first <= last) {
      for (let i = first; i <= last; i += step) {
        numbers.push(i);
      }
      return numbers.join();
    }
    const { min, max } = bounds;
    const size = max - min + 1;
    const span = ((last - first) % size + size) % size;
    for (let offset = 0; offset <= span; offset += step) {
      let value = first + offset;
      if (value > max)
        value -= size;
      numbers.push(value);
    }
    return numbers.join();
  }
  function convertRange(expression, bounds) {
    return expression.split(",").map((token) => {
      const match = rangeRegEx.exec(token.trim());
      return match ? expandRange(match[1], match[2], match[3] || "1", bounds) : token;
    }).join();
  }
  function convertAllRanges(expressions) {
    for (let i = 0; i < expressions.length; i++) {
      expressions[i] = convertRange(expressions[i], FIELD_BOUNDS[i]);
    }
    return expressions;
  }
  return convertAllRanges;
})();
var NICKNAMES = {
  "@yearly": "0 0 1 1 *",
  "@annually": "0 0 1 1 *",
  "@monthly": "0 0 1 * *",
  "@weekly": "0 0 * * 0",
  "@daily": "0 0 * * *",
  "@midnight": "0 0 * * *",
  "@hourly": "0 * * * *"
};
function resolveNickname(expression) {
  const key = expression.trim().toLowerCase();
  return NICKNAMES[key] ?? expression;
}
var convertExpression = /* @__PURE__ */ (() => {
  function appendSecondExpression(expressions) {
    if (expressions.length === 5) {
      return ["0"].concat(expressions);
    }
    return expressions;
  }
  function removeSpaces(str2) {
    return str2.replace(/\s{2,}/g, " ").trim();
  }
  function normalizeIntegers(expressions) {
    for (let i = 0; i < expressions.length; i++) {
      const numbers = expressions[i].split(",");
      for (let j = 0; j < numbers.length; j++) {
        const token = String(numbers[j]).trim();
        if (/^l$/i.test(token)) {
          numbers[j] = "L";
        } else if (/^l-\d{1,2}$/i.test(token)) {
          numbers[j] = token.toUpperCase();
        } else if (/^[0-7]l$/i.test(token)) {
          numbers[j] = token.toUpperCase();
        } else if (/w/i.test(token)) {
          numbers[j] = token.toUpperCase();
        } else if (token.indexOf("#") !== -1) {
          numbers[j] = token;
        } else if (/^\d+$/.test(token)) {
          numbers[j] = parseInt(token, 10);
        } else {
          numbers[j] = token;
        }
      }
      expressions[i] = numbers;
    }
    return expressions;
  }
  function convertQuestionMarks(expressions) {
    if (expressions[3] === "?")
      expressions[3] = "*";
    if (expressions[5] === "?")
      expressions[5] = "*";
    return expressions;
  }
  function interpret(expression) {
    let expressions = removeSpaces(resolveNickname(`${expression}`)).split(" ");
    expressions = appendSecondExpression(expressions);
    expressions = convertQuestionMarks(expressions);
    expressions[4] = monthNamesConversion(expressions[4]);
    expressions[5] = weekDayNamesConversion(expressions[5]);
    expressions = convertAsterisksToRanges(expressions);
    expressions = convertRanges(expressions);
    expressions = normalizeIntegers(expressions);
    const weekdays = expressions[5];
    for (let i = 0; i < weekdays.length; i++) {
      if (weekdays[i] === 7)
        weekdays[i] = 0;
      else if (typeof weekdays[i] === "string" && weekdays[i].startsWith("7")) {
        weekdays[i] = "0" + weekdays[i].slice(1);
      }
    }
    expressions[5] = [...new Set(weekdays)];
    return expressions;
  }
  return interpret;
})();
var LocalizedTime = class {
  timestamp;
  parts;
  timezone;
  constructor(date, timezone) {
    this.timestamp = date.getTime();
    this.timezone = timezone;
    this.parts = buildDateParts(date, timezone);
  }
  toDate() {
    return new Date(this.timestamp);
  }
  toISO() {
    const gmt = this.parts.gmt.replace(/^GMT/, "");
    const offset = gmt ? gmt : "Z";
    const pad = (n) => String(n).padStart(2, "0");
    return `${this.parts.year}-${pad(this.parts.month)}-${pad(this.parts.day)}T${pad(this.parts.hour)}:${pad(this.parts.minute)}:${pad(this.parts.second)}.${String(this.parts.millisecond).padStart(3, "0")}` + offset;
  }
  getParts() {
    return this.parts;
  }
};
function getOffsetMinutes(date, timezone) {
  const offset = parseOffsetMinutes(getTimezoneGMT(date, timezone).replace(/^GMT/, "") || "Z");
  return offset ?? 0;
}
function readsBackTo(timestamp, parts, timezone) {
  const p = buildDateParts(new Date(timestamp), timezone);
  return p.year === parts.year && p.month === parts.month && p.day === parts.day && p.hour === parts.hour && p.minute === parts.minute && p.second === parts.second;
}
function localTimeToTimestamp(parts, timezone) {
  const guess = Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute, parts.second, parts.millisecond);
  const firstOffset = getOffsetMinutes(new Date(guess), timezone);
  const candidate1 = guess - firstOffset * 6e4;
  const secondOffset = getOffsetMinutes(new Date(candidate1), timezone);
  if (secondOffset === firstOffset) {
    return candidate1;
  }
  const candidate2 = guess - secondOffset * 6e4;
  if (readsBackTo(candidate1, parts, timezone))
    return candidate1;
  if (readsBackTo(candidate2, parts, timezone))
    return candidate2;
  return Math.max(candidate1, candidate2);
}
var partsFormatterCache = /* @__PURE__ */ new Map();
var offsetFormatterCache = /* @__PURE__ */ new Map();
function getPartsFormatter(timezone) {
  const key = timezone ?? "";
  let formatter = partsFormatterCache.get(key);
  if (!formatter) {
    const dftOptions = {
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
      weekday: "short",
      hour12: false
    };
    if (timezone) {
      dftOptions.timeZone = timezone;
    }
    formatter = new Intl.DateTimeFormat("en-US", dftOptions);
    partsFormatterCache.set(key, formatter);
  }
  return formatter;
}
function getOffsetFormatter(timezone) {
  const key = timezone ?? "";
  let formatter = offsetFormatterCache.get(key);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat("en-US", {
      timeZone: timezone,
      timeZoneName: "shortOffset"
    });
    offsetFormatterCache.set(key, formatter);
  }
  return formatter;
}
function buildDateParts(date, timezone) {
  const dateFormat = getPartsFormatter(timezone);
  const parts = dateFormat.formatToParts(date).filter((part) => {
    return part.type !== "literal";
  }).reduce((acc, part) => {
    acc[part.type] = part.value;
    return acc;
  }, {});
  const result = {
    day: parseInt(parts.day),
    month: parseInt(parts.month),
    year: parseInt(parts.year),
    hour: parts.hour === "24" ? 0 : parseInt(parts.hour),
    minute: parseInt(parts.minute),
    second: parseInt(parts.second),
    millisecond: date.getMilliseconds(),
    weekday: parts.weekday
  };
  let gmt;
  Object.defineProperty(result, "gmt", {
    enumerable: true,
    configurable: true,
    get() {
      return gmt ??= getTimezoneGMT(date, timezone);
    }
  });
  return result;
}
function parseOffsetMinutes(isoString) {
  if (isoString.endsWith("Z"))
    return 0;
  const match = isoString.match(/([+-])(\d{2}):(\d{2})$/);
  if (!match)
    return null;
  const sign = match[1] === "+" ? 1 : -1;
  return sign * (parseInt(match[2]) * 60 + parseInt(match[3]));
}
function getTimezoneGMT(date, timezone) {
  const fmt = getOffsetFormatter(timezone);
  const parts = fmt.formatToParts(date);
  const tzPart = parts.find((p) => p.type === "timeZoneName");
  if (!tzPart)
    return "Z";
  const tzValue = tzPart.value;
  if (tzValue === "GMT")
    return "Z";
  const match = tzValue.match(/^GMT([+-])(\d{1,2})(?::(\d{2}))?$/);
  if (!match)
    return "Z";
  const sign = match[1];
  const hoursNum = parseInt(match[2]);
  const minutesNum = parseInt(match[3] || "0");
  if (hoursNum === 0 && minutesNum === 0)
    return "Z";
  const hours = match[2].padStart(2, "0");
  const minutes2 = (match[3] || "00").padStart(2, "0");
  return `GMT${sign}${hours}:${minutes2}`;
}
var LAST_DAY_TOKEN = "L";
var WEEKDAY_TOKEN = /^(\d{1,2}|L)W$/;
var LAST_DAY_OFFSET_TOKEN = /^L-(\d{1,2})$/;
function lastDayOfMonth(year, month) {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}
function nearestWeekday(year, month, target) {
  const last = lastDayOfMonth(year, month);
  if (target < 1 || target > last)
    return -1;
  const weekday = new Date(Date.UTC(year, month - 1, target)).getUTCDay();
  if (weekday === 6)
    return target === 1 ? target + 2 : target - 1;
  if (weekday === 0)
    return target === last ? target - 2 : target + 1;
  return target;
}
function matchesDayOfMonth(field, year, month, day) {
  for (const value of field) {
    if (value === day)
      return true;
    if (value === LAST_DAY_TOKEN && day === lastDayOfMonth(year, month))
      return true;
    if (typeof value === "string") {
      const weekdayMatch = WEEKDAY_TOKEN.exec(value);
      if (weekdayMatch) {
        const target = weekdayMatch[1] === LAST_DAY_TOKEN ? lastDayOfMonth(year, month) : parseInt(weekdayMatch[1], 10);
        if (nearestWeekday(year, month, target) === day)
          return true;
      }
      const offsetMatch = LAST_DAY_OFFSET_TOKEN.exec(value);
      if (offsetMatch) {
        const target = lastDayOfMonth(year, month) - parseInt(offsetMatch[1], 10);
        if (target >= 1 && target === day)
          return true;
      }
    }
  }
  return false;
}
var LAST_WEEKDAY_REGEX = /^([0-7])L$/i;
var NTH_WEEKDAY_REGEX = /^([0-7])#([1-5])$/;
function parseLastWeekdayToken(value) {
  if (typeof value !== "string")
    return null;
  const match = LAST_WEEKDAY_REGEX.exec(value);
  if (!match)
    return null;
  const weekday = parseInt(match[1], 10);
  return weekday === 7 ? 0 : weekday;
}
function isLastWeekdayOfMonth(year, month, day) {
  const date = new Date(Date.UTC(year, month - 1, day));
  const inSevenDays = new Date(date.getTime());
  inSevenDays.setUTCDate(inSevenDays.getUTCDate() + 7);
  return inSevenDays.getUTCMonth() + 1 !== month;
}
function isNthWeekdayToken(value) {
  return typeof value === "string" && NTH_WEEKDAY_REGEX.test(value);
}
function parseNthWeekday(value) {
  if (typeof value !== "string")
    return null;
  const match = NTH_WEEKDAY_REGEX.exec(value);
  if (!match)
    return null;
  const weekday = parseInt(match[1], 10) % 7;
  const nth = parseInt(match[2], 10);
  return { weekday, nth };
}
function occurrenceInMonth(day) {
  return Math.floor((day - 1) / 7) + 1;
}
function matchesNthWeekday(token, year, month, day) {
  const parsed = parseNthWeekday(token);
  if (!parsed)
    return false;
  const weekday = new Date(Date.UTC(year, month - 1, day)).getUTCDay();
  if (weekday !== parsed.weekday)
    return false;
  return occurrenceInMonth(day) === parsed.nth;
}
function matchesDayOfWeek(field, year, month, day, weekday) {
  for (const value of field) {
    if (value === weekday)
      return true;
    if (isNthWeekdayToken(value)) {
      if (matchesNthWeekday(value, year, month, day))
        return true;
      continue;
    }
    const lastWeekday = parseLastWeekdayToken(value);
    if (lastWeekday !== null && lastWeekday === weekday && isLastWeekdayOfMonth(year, month, day)) {
      return true;
    }
  }
  return false;
}
var MAX_DAYS = 366 * 100;
var MatcherWalker = class {
  baseDate;
  timeMatcher;
  timezone;
  seconds;
  minutes;
  hours;
  days;
  months;
  weekdays;
  constructor(timeMatcher, baseDate, timezone) {
    this.baseDate = baseDate;
    this.timeMatcher = timeMatcher;
    this.timezone = timezone;
    const expressions = timeMatcher.expressions;
    this.seconds = sortedAsc(expressions[0]);
    this.minutes = sortedAsc(expressions[1]);
    this.hours = sortedAsc(expressions[2]);
    this.days = expressions[3];
    this.months = expressions[4];
    this.weekdays = expressions[5];
  }
  isMatching() {
    return this.timeMatcher.match(this.baseDate);
  }
  matchNext() {
    const months = this.months;
    const days = this.days;
    const baseMs = Math.floor(this.baseDate.getTime() / 1e3) * 1e3;
    const baseParts = new LocalizedTime(new Date(baseMs), this.timezone).getParts();
    let { year, month, day } = baseParts;
    for (let i = 0; i < MAX_DAYS; i++) {
      if (months.includes(month) && matchesDayOfMonth(days, year, month, day) && this.matchesWeekday(year, month, day)) {
        const lowerBound = i === 0 ? baseParts : null;
        const found = this.firstTimeOnDay(year, month, day, lowerBound, baseMs);
        if (found !== null) {
          return new LocalizedTime(new Date(found), this.timezone);
        }
      }
      ({ year, month, day } = nextDay(year, month, day));
    }
    throw new Error("Could not find next matching date within reasonable time range");
  }
  firstTimeOnDay(year, month, day, lowerBound, baseMs) {
    const { seconds, minutes: minutes2, hours } = this;
    for (const hour of hours) {
      if (lowerBound && hour < lowerBound.hour)
        continue;
      for (const minute of minutes2) {
        for (const second of seconds) {
          if (lowerBound && !isLaterInDay(hour, minute, second, lowerBound))
            continue;
          const ts = localTimeToTimestamp({ year, month, day, hour, minute, second, millisecond: 0 }, this.timezone);
          if (ts > baseMs && this.timeMatcher.match(new Date(ts))) {
            return ts;
          }
        }
      }
    }
    return null;
  }
  matchesWeekday(year, month, day) {
    const weekday = new Date(Date.UTC(year, month - 1, day)).getUTCDay();
    return matchesDayOfWeek(this.weekdays, year, month, day, weekday);
  }
};
function nextDay(year, month, day) {
  const d = new Date(Date.UTC(year, month - 1, day + 1));
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}
function sortedAsc(values) {
  return [...values].sort((a, b) => a - b);
}
function isLaterInDay(hour, minute, second, bound) {
  return hour * 3600 + minute * 60 + second > bound.hour * 3600 + bound.minute * 60 + bound.second;
}
function matchValue(allowedValues, value) {
  return allowedValues.indexOf(value) !== -1;
}
var TimeMatcher = class {
  timezone;
  pattern;
  expressions;
  constructor(pattern, timezone) {
    this.timezone = timezone;
    this.pattern = pattern;
    this.expressions = convertExpression(pattern);
  }
  match(date) {
    const localizedTime = new LocalizedTime(date, this.timezone);
    const parts = localizedTime.getParts();
    const runOnSecond = matchValue(this.expressions[0], parts.second);
    const runOnMinute = matchValue(this.expressions[1], parts.minute);
    const runOnHour = matchValue(this.expressions[2], parts.hour);
    const runOnDay = matchesDayOfMonth(this.expressions[3], parts.year, parts.month, parts.day);
    const runOnMonth = matchValue(this.expressions[4], parts.month);
    const weekday = parseInt(weekDayNamesConversion(parts.weekday));
    const runOnWeekDay = matchesDayOfWeek(this.expressions[5], parts.year, parts.month, parts.day, weekday);
    return runOnSecond && runOnMinute && runOnHour && runOnDay && runOnMonth && runOnWeekDay;
  }
  getNextMatch(date) {
    const walker = new MatcherWalker(this, date, this.timezone);
    const next = walker.matchNext();
    return next.toDate();
  }
};
var allowedTransitions = {
  "stopped": ["stopped", "idle", "destroyed"],
  "idle": ["idle", "running", "stopped", "destroyed"],
  "running": ["running", "idle", "stopped", "destroyed"],
  "destroyed": ["destroyed"]
};
var StateMachine = class {
  state;
  constructor(initial = "stopped") {
    this.state = initial;
  }
  changeState(state) {
    if (allowedTransitions[this.state].includes(state)) {
      this.state = state;
    } else {
      throw new Error(`invalid transition from ${this.state} to ${state}`);
    }
  }
};
var EnvVarRunCoordinator = class {
  envName;
  constructor(envName = "NODE_CRON_RUN") {
    this.envName = envName;
    this.read();
  }
  shouldRun() {
    return this.read();
  }
  read() {
    const value = process.env[this.envName];
    if (value !== "true" && value !== "false") {
      throw new Error(`node-cron: a \`distributed\` task needs ${this.envName} set to 'true' or 'false'. Set it to 'true' on exactly one instance and 'false' on the others, or provide a coordinator via cron.setRunCoordinator(...).`);
    }
    return value === "true";
  }
};
var globalRunCoordinator;
function resolveRunCoordinator(perTask) {
  return perTask ?? globalRunCoordinator ?? new EnvVarRunCoordinator();
}
var TaskEmitter = class extends EventEmitter {
};
function safeEmit(emitter, event, context, onError) {
  for (const listener of emitter.listeners(event)) {
    try {
      Promise.resolve(listener(context)).catch(onError);
    } catch (error) {
      onError(error);
    }
  }
}
var InlineScheduledTask = class {
  emitter;
  cronExpression;
  timeMatcher;
  runner;
  id;
  name;
  stateMachine;
  timezone;
  logger;
  suppressMissedWarning;
  _lastRun = null;
  constructor(cronExpression, taskFn, options) {
    this.emitter = new TaskEmitter();
    this.cronExpression = cronExpression;
    this.id = createID();
    this.name = options?.name || this.id;
    this.timezone = options?.timezone;
    this.logger = options?.logger || logger;
    this.suppressMissedWarning = options?.suppressMissedWarning || false;
    this.timeMatcher = new TimeMatcher(cronExpression, options?.timezone);
    this.stateMachine = new StateMachine();
    const runnerOptions = {
      timezone: options?.timezone,
      noOverlap: options?.noOverlap,
      maxExecutions: options?.maxExecutions,
      maxRandomDelay: options?.maxRandomDelay,
      missedExecutionTolerance: options?.missedExecutionTolerance,
      logger: this.logger,
      beforeRun: (date, execution) => {
        if (execution.reason === "scheduled") {
          this.changeState("running");
        }
        this.emit("execution:started", this.createContext(date, execution));
        return true;
      },
      onFinished: (date, execution) => {
        if (execution.reason === "scheduled") {
          this.changeState("idle");
        }
        this.recordLastRun(execution);
        this.emit("execution:finished", this.createContext(date, execution));
        return true;
      },
      onError: (date, error, execution) => {
        this.logger.error(error);
        this.recordLastRun(execution);
        this.emit("execution:failed", this.createContext(date, execution));
        this.changeState("idle");
      },
      onOverlap: (date) => {
        this.emit("execution:overlap", this.createContext(date));
      },
      onMissedExecution: (date) => {
        const handled = this.emitter.listenerCount("execution:missed") > 0;
        if (!this.suppressMissedWarning && !handled) {
          this.logger.warn(`missed execution at ${date}! Possible blocking IO or high CPU user at the same process used by node-cron.`);
        }
        this.emit("execution:missed", this.createContext(date));
      },
      onMaxExecutions: (date) => {
        this.emit("execution:maxReached", this.createContext(date));
        this.destroy();
      },
      runCoordinator: options?.distributed ? resolveRunCoordinator(options?.runCoordinator) : void 0,
      coordinatorKeyPrefix: this.name,
      coordinatorTtl: options?.distributedLease,
      onSkipped: (date, reason) => {
        this.emit("execution:skipped", this.createContext(date, void 0, reason));
      },
      unref: options?.unref
    };
    this.runner = new Runner(this.timeMatcher, (date, execution) => {
      return taskFn(this.createContext(date, execution));
    }, runnerOptions);
  }
  getNextRun() {
    if (this.stateMachine.state !== "stopped") {
      return this.runner.nextRun();
    }
    return null;
  }
  getNextRuns(count) {
    const runs = [];
    let from = /* @__PURE__ */ new Date();
    for (let i = 0; i < count; i++) {
      from = this.timeMatcher.getNextMatch(from);
      runs.push(from);
    }
    return runs;
  }
  match(date) {
    return this.timeMatcher.match(date);
  }
  msToNext() {
    const next = this.getNextRun();
    return next ? next.getTime() - Date.now() : null;
  }
  isBusy() {
    return this.getStatus() === "running";
  }
  runsLeft() {
    if (this.runner.maxExecutions == null)
      return void 0;
    return Math.max(0, this.runner.maxExecutions - this.runner.runCount);
  }
  getPattern() {
    return this.cronExpression;
  }
  lastRun() {
    return this._lastRun;
  }
  recordLastRun(execution) {
    const date = execution.finishedAt;
    const lastRun = { date };
    if (execution.error) {
      lastRun.error = execution.error;
    } else {
      lastRun.result = execution.result;
    }
    this._lastRun = lastRun;
  }
  emit(event, context) {
    safeEmit(this.emitter, event, context, (error) => this.logger.error(error));
  }
  changeState(state) {
    if (this.runner.isStarted()) {
      this.stateMachine.changeState(state);
    }
  }
  start() {
    if (this.stateMachine.state === "destroyed")
      return;
    if (this.runner.isStopped()) {
      this.runner.start();
      this.stateMachine.changeState("idle");
      this.emit("task:started", this.createContext(/* @__PURE__ */ new Date()));
    }
  }
  stop() {
    if (this.runner.isStarted()) {
      this.runner.stop();
      this.stateMachine.changeState("stopped");
      this.emit("task:stopped", this.createContext(/* @__PURE__ */ new Date()));
    }
  }
  getStatus() {
    return this.stateMachine.state;
  }
  unref() {
    this.runner.setUnref(true);
  }
  ref() {
    this.runner.setUnref(false);
  }
  destroy() {
    if (this.stateMachine.state === "destroyed")
      return;
    this.stop();
    this.stateMachine.changeState("destroyed");
    this.emit("task:destroyed", this.createContext(/* @__PURE__ */ new Date()));
  }
  execute(executionId) {
    const id = executionId ?? createID();
    return new Promise((resolve2, reject) => {
      const onFail = (context) => {
        if (context.execution?.id !== id)
          return;
        this.off("execution:finished", onFinished);
        this.off("execution:failed", onFail);
        reject(context.execution?.error);
      };
      const onFinished = (context) => {
        if (context.execution?.id !== id)
          return;
        this.off("execution:finished", onFinished);
        this.off("execution:failed", onFail);
        resolve2(context.execution?.result);
      };
      this.on("execution:finished", onFinished);
      this.on("execution:failed", onFail);
      this.runner.execute(id);
    });
  }
  on(event, fun) {
    this.emitter.on(event, fun);
  }
  off(event, fun) {
    this.emitter.off(event, fun);
  }
  once(event, fun) {
    this.emitter.once(event, fun);
  }
  createContext(executionDate, execution, reason) {
    const localTime = new LocalizedTime(executionDate, this.timezone);
    const ctx = {
      date: localTime.toDate(),
      dateLocalIso: localTime.toISO(),
      triggeredAt: /* @__PURE__ */ new Date(),
      task: this,
      execution
    };
    if (reason)
      ctx.reason = reason;
    return ctx;
  }
};

// node_modules/node-cron/dist/node-cron.js
import path, { resolve, dirname } from "path";
import { fileURLToPath, pathToFileURL } from "url";
import { fork } from "child_process";
import { EventEmitter as EventEmitter2 } from "events";
var tasks = /* @__PURE__ */ new Map();
var TaskRegistry = class {
  add(task) {
    if (this.has(task.id)) {
      throw Error(`task ${task.id} already registered!`);
    }
    tasks.set(task.id, task);
    task.on("task:destroyed", () => {
      this.remove(task);
    });
  }
  get(taskId) {
    return tasks.get(taskId);
  }
  remove(task) {
    if (this.has(task.id)) {
      tasks.delete(task.id);
      task.destroy();
    }
  }
  all() {
    return tasks;
  }
  has(taskId) {
    return tasks.has(taskId);
  }
  killAll() {
    tasks.forEach((id) => this.remove(id));
  }
};
var validationRegex = /^(?:\d+|\*|\*\/\d+)$/;
var ALLOWED_CHARS_REGEX = /^[a-zA-Z0-9-*/,#? ]+$/;
function splitFields(resolved) {
  return resolved.replace(/\s{2,}/g, " ").trim().split(" ");
}
function isValidExpression(expression, min, max) {
  const options = expression;
  for (const option of options) {
    const optionAsInt = parseInt(option, 10);
    if (!Number.isNaN(optionAsInt) && (optionAsInt < min || optionAsInt > max) || !validationRegex.test(option))
      return false;
  }
  return true;
}
function isInvalidSecond(expression) {
  return !isValidExpression(expression, 0, 59);
}
function isInvalidMinute(expression) {
  return !isValidExpression(expression, 0, 59);
}
function isInvalidHour(expression) {
  return !isValidExpression(expression, 0, 23);
}
var DAY_OF_MONTH_W_TOKEN = /^(\d{1,2}|L)W$/i;
var DAY_OF_MONTH_OFFSET_TOKEN = /^L-(\d{1,2})$/i;
function isInvalidDayOfMonth(expression) {
  const days = expression.filter((value) => {
    if (value === "L")
      return false;
    const weekday = DAY_OF_MONTH_W_TOKEN.exec(String(value));
    if (weekday) {
      if (weekday[1] === "L")
        return false;
      const target = parseInt(weekday[1], 10);
      return target < 1 || target > 31;
    }
    const offset = DAY_OF_MONTH_OFFSET_TOKEN.exec(String(value));
    if (offset) {
      const n = parseInt(offset[1], 10);
      return n < 1 || n > 30;
    }
    return true;
  });
  return !isValidExpression(days, 1, 31);
}
function hasInvalidWModifier(rawDayOfMonth) {
  if (!/w/i.test(rawDayOfMonth))
    return false;
  return rawDayOfMonth.split(",").some((token) => {
    const value = token.trim();
    if (!/w/i.test(value))
      return false;
    return !DAY_OF_MONTH_W_TOKEN.test(value);
  });
}
function isInvalidMonth(expression) {
  return !isValidExpression(expression, 1, 12);
}
function isInvalidWeekDay(expression) {
  const days = expression.filter((value) => !isNthWeekdayToken(value) && !/^[0-7]L$/.test(value));
  return !isValidExpression(days, 0, 7);
}
var MAX_DAYS_IN_MONTH = {
  1: 31,
  2: 29,
  3: 31,
  4: 30,
  5: 31,
  6: 30,
  7: 31,
  8: 31,
  9: 30,
  10: 31,
  11: 30,
  12: 31
};
function isImpossibleDayOfMonth(days, months) {
  if (days.some((day) => typeof day !== "number"))
    return false;
  return !months.some((month) => days.some((day) => day <= MAX_DAYS_IN_MONTH[month]));
}
var FIELDS = [
  { key: "second", label: "second", invalid: isInvalidSecond },
  { key: "minute", label: "minute", invalid: isInvalidMinute },
  { key: "hour", label: "hour", invalid: isInvalidHour },
  { key: "dayOfMonth", label: "day of month", invalid: isInvalidDayOfMonth },
  { key: "month", label: "month", invalid: isInvalidMonth },
  { key: "dayOfWeek", label: "week day", invalid: isInvalidWeekDay }
];
function validateDetailed$1(pattern) {
  if (typeof pattern !== "string")
    return { valid: false, errors: [{ field: "expression", message: "pattern must be a string" }] };
  const resolved = resolveNickname(pattern);
  if (!ALLOWED_CHARS_REGEX.test(resolved))
    return { valid: false, errors: [{ field: "expression", value: pattern, message: "pattern includes illegal characters" }] };
  const raw = splitFields(resolved);
  if (raw.length !== 5 && raw.length !== 6)
    return { valid: false, errors: [{ field: "expression", value: pattern, message: `expected 5 or 6 fields but got ${raw.length}` }] };
  const patterns = raw.length === 5 ? ["0", ...raw] : raw;
  const executable = convertExpression(pattern);
  const errors = [];
  FIELDS.forEach((f, i) => {
    const rawWMisuse = f.key === "dayOfMonth" && hasInvalidWModifier(patterns[i]);
    if (f.invalid(executable[i]) || rawWMisuse)
      errors.push({ field: f.key, value: patterns[i], message: `${patterns[i]} is a invalid expression for ${f.label}` });
  });
  if (!errors.length && isImpossibleDayOfMonth(executable[3], executable[4])) {
    errors.push({
      field: "dayOfMonth",
      value: patterns[3],
      message: `${patterns[3]} ${patterns[4]} is an impossible day of month for the given month`
    });
  }
  if (errors.length)
    return { valid: false, errors };
  return {
    valid: true,
    errors: [],
    fields: {
      second: executable[0],
      minute: executable[1],
      hour: executable[2],
      dayOfMonth: executable[3],
      month: executable[4],
      dayOfWeek: executable[5]
    }
  };
}
function parse$1(pattern) {
  const result = validateDetailed$1(pattern);
  if (!result.valid)
    throw new Error(result.errors[0].message);
  return result.fields;
}
var daemonPath = resolve(dirname(fileURLToPath(import.meta.url)), "daemon.js");
var TaskEmitter2 = class extends EventEmitter2 {
};
var BackgroundScheduledTask = class {
  emitter;
  id;
  name;
  cronExpression;
  taskPath;
  options;
  forkProcess;
  stateMachine;
  logger;
  suppressMissedWarning;
  timeMatcher;
  runCount;
  runCoordinator;
  _lastRun = null;
  executing = false;
  killPending = false;
  pendingKillCleanup;
  currentExecution;
  killRequested = false;
  startPromise;
  constructor(cronExpression, taskPath, options) {
    this.cronExpression = cronExpression;
    this.taskPath = taskPath;
    this.options = options;
    this.id = createID();
    this.name = options?.name || this.id;
    this.emitter = new TaskEmitter2();
    this.stateMachine = new StateMachine("stopped");
    this.timeMatcher = new TimeMatcher(cronExpression, options?.timezone);
    this.runCount = 0;
    this.on("execution:started", (context) => {
      if (context?.execution?.reason === "scheduled")
        this.runCount++;
      this.executing = true;
      this.currentExecution = context?.execution;
    });
    this.on("execution:finished", (context) => {
      this.executing = false;
      this.currentExecution = void 0;
      this.recordLastRun(context.execution);
    });
    this.on("execution:failed", (context) => {
      this.executing = false;
      this.currentExecution = void 0;
      this.recordLastRun(context.execution);
    });
    this.logger = options?.logger || logger;
    this.suppressMissedWarning = options?.suppressMissedWarning || false;
    this.runCoordinator = options?.distributed ? resolveRunCoordinator(options?.runCoordinator) : void 0;
    this.on("task:stopped", () => {
      this.killForkWhenSettled();
      if (this.stateMachine.state !== "destroyed") {
        this.stateMachine.changeState("stopped");
      }
    });
    this.on("task:destroyed", () => {
      this.killForkWhenSettled();
      this.stateMachine.changeState("destroyed");
    });
  }
  getNextRun() {
    if (this.stateMachine.state !== "stopped") {
      return this.timeMatcher.getNextMatch(/* @__PURE__ */ new Date());
    }
    return null;
  }
  getNextRuns(count) {
    const runs = [];
    let from = /* @__PURE__ */ new Date();
    for (let i = 0; i < count; i++) {
      from = this.timeMatcher.getNextMatch(from);
      runs.push(from);
    }
    return runs;
  }
  match(date) {
    return this.timeMatcher.match(date);
  }
  msToNext() {
    const next = this.getNextRun();
    return next ? next.getTime() - Date.now() : null;
  }
  isBusy() {
    return this.getStatus() === "running";
  }
  runsLeft() {
    if (this.options?.maxExecutions == null)
      return void 0;
    return Math.max(0, this.options.maxExecutions - this.runCount);
  }
  getPattern() {
    return this.cronExpression;
  }
  lastRun() {
    return this._lastRun;
  }
  recordLastRun(execution) {
    if (!execution)
      return;
    const raw = execution.finishedAt ?? execution.startedAt;
    const date = raw ? new Date(raw) : /* @__PURE__ */ new Date();
    const lastRun = { date };
    if (execution.error) {
      lastRun.error = execution.error;
    } else {
      lastRun.result = execution.result;
    }
    this._lastRun = lastRun;
  }
  killForkWhenSettled() {
    if (!this.forkProcess)
      return;
    if (!this.executing) {
      this.killFork();
      return;
    }
    if (this.killPending)
      return;
    this.killPending = true;
    const onSettled = () => this.killFork();
    this.once("execution:finished", onSettled);
    this.once("execution:failed", onSettled);
    this.pendingKillCleanup = () => {
      this.off("execution:finished", onSettled);
      this.off("execution:failed", onSettled);
    };
  }
  clearPendingKillWait() {
    this.pendingKillCleanup?.();
    this.pendingKillCleanup = void 0;
    this.killPending = false;
  }
  killFork() {
    this.clearPendingKillWait();
    this.killRequested = true;
    this.forkProcess?.kill();
    this.forkProcess = void 0;
  }
  handleUnexpectedExit(code, signal) {
    this.clearPendingKillWait();
    const erro = new Error(`daemon exited unexpectedly (code ${code}, signal ${signal})`);
    this.logger.error(erro);
    if (this.executing) {
      const execution = { id: createID(), reason: "scheduled", ...this.currentExecution, error: erro, finishedAt: /* @__PURE__ */ new Date() };
      this.emitter.emit("execution:failed", this.createContext(/* @__PURE__ */ new Date(), execution));
    }
    try {
      this.stateMachine.changeState("stopped");
    } catch (err) {
      this.logger.error(err);
    }
    const context = this.createContext(/* @__PURE__ */ new Date());
    context.error = erro;
    this.emitter.emit("task:failed", context);
    this.forkProcess = void 0;
  }
  start() {
    if (this.stateMachine.state === "destroyed") {
      return Promise.resolve();
    }
    if (this.startPromise) {
      return this.startPromise;
    }
    if (this.forkProcess) {
      return Promise.resolve();
    }
    this.startPromise = this.forkAndStart().finally(() => {
      this.startPromise = void 0;
    });
    return this.startPromise;
  }
  forkAndStart() {
    return new Promise((resolve2, reject) => {
      const startTimeout = this.options?.startTimeout ?? 5e3;
      const failStart = (error) => {
        clearTimeout(timeout);
        this.killFork();
        reject(error);
      };
      const timeout = setTimeout(() => {
        failStart(new Error(`Start operation timed out after ${startTimeout}ms. The background task file may have failed to load or taken too long to import; verify it runs on its own and consider increasing the \`startTimeout\` option.`));
      }, startTimeout);
      this.killRequested = false;
      let startSucceeded = false;
      try {
        this.forkProcess = fork(daemonPath);
        this.forkProcess.on("error", (err) => {
          failStart(new Error(`Error on daemon: ${err.message}`));
        });
        this.forkProcess.on("exit", (code, signal) => {
          if (this.killRequested) {
            this.killRequested = false;
            return;
          }
          if (code !== 0 && signal !== "SIGTERM") {
            if (startSucceeded) {
              this.handleUnexpectedExit(code, signal);
              return;
            }
            const erro = new Error(`node-cron daemon exited with code ${code || signal}`);
            this.logger.error(erro);
            failStart(erro);
          }
        });
        this.forkProcess.on("message", (message) => {
          if (message.type === "coordinator:shouldRun") {
            void this.handleShouldRun(message);
            return;
          }
          if (message.type === "coordinator:complete") {
            this.runCoordinator?.onComplete?.(message.key)?.catch?.((err) => this.logger.error("Run coordinator onComplete failed", err));
            return;
          }
          if (message.event === "daemon:error") {
            failStart(message.jsonError ? deserializeError(message.jsonError) : new Error("Background task failed to start"));
            return;
          }
          if (message.jsonError) {
            if (message.context?.execution) {
              message.context.execution.error = deserializeError(message.jsonError);
              delete message.jsonError;
            }
          }
          if (message.context?.task?.state) {
            this.stateMachine.changeState(message.context?.task?.state);
          }
          if (message.context) {
            const execution = message.context?.execution;
            delete execution?.hasError;
            const context = this.createContext(new Date(message.context.date), execution, message.context.reason);
            this.logEvent(message.event, context);
            this.emitter.emit(message.event, context);
          }
        });
        this.once("task:started", () => {
          startSucceeded = true;
          this.stateMachine.changeState("idle");
          clearTimeout(timeout);
          resolve2(void 0);
        });
        this.forkProcess.send({
          command: "task:start",
          path: this.taskPath,
          cron: this.cronExpression,
          options: serializableOptions(this.options)
        });
      } catch (error) {
        failStart(error);
      }
    });
  }
  stop() {
    return new Promise((resolve2, reject) => {
      if (this.stateMachine.state === "destroyed") {
        return resolve2(void 0);
      }
      if (!this.forkProcess) {
        this.emitter.emit("task:stopped");
        return resolve2(void 0);
      }
      const timeoutId = setTimeout(() => {
        clearTimeout(timeoutId);
        this.killFork();
        reject(new Error("Stop operation timed out"));
      }, 5e3);
      const cleanupAndResolve = () => {
        clearTimeout(timeoutId);
        this.off("task:stopped", onStopped);
        resolve2(void 0);
      };
      const onStopped = () => {
        cleanupAndResolve();
      };
      this.once("task:stopped", onStopped);
      this.forkProcess.send({
        command: "task:stop"
      });
    });
  }
  getStatus() {
    return this.stateMachine.state;
  }
  unref() {
    if (!this.forkProcess)
      return;
    this.forkProcess.unref();
    this.forkProcess.channel?.unref();
  }
  ref() {
    if (!this.forkProcess)
      return;
    this.forkProcess.ref();
    this.forkProcess.channel?.ref();
  }
  destroy() {
    return new Promise((resolve2, reject) => {
      if (this.stateMachine.state === "destroyed") {
        return resolve2(void 0);
      }
      if (!this.forkProcess) {
        this.emitter.emit("task:destroyed");
        return resolve2(void 0);
      }
      const timeoutId = setTimeout(() => {
        clearTimeout(timeoutId);
        this.killFork();
        reject(new Error("Destroy operation timed out"));
      }, 5e3);
      const onDestroy = () => {
        clearTimeout(timeoutId);
        this.off("task:destroyed", onDestroy);
        resolve2(void 0);
      };
      this.once("task:destroyed", onDestroy);
      this.forkProcess.send({
        command: "task:destroy"
      });
    });
  }
  execute() {
    return new Promise((resolve2, reject) => {
      if (!this.forkProcess) {
        return reject(new Error("Cannot execute background task because it hasn't been started yet. Please initialize the task using the start() method before attempting to execute it."));
      }
      const executionId = createID();
      let timeoutId;
      if (typeof this.options?.executeTimeout === "number") {
        timeoutId = setTimeout(() => {
          cleanupListeners();
          reject(new Error("Execution timeout exceeded"));
        }, this.options.executeTimeout);
      }
      const cleanupListeners = () => {
        if (timeoutId)
          clearTimeout(timeoutId);
        this.off("execution:finished", onFinished);
        this.off("execution:failed", onFail);
      };
      const onFinished = (context) => {
        if (context.execution?.id !== executionId)
          return;
        cleanupListeners();
        resolve2(context.execution?.result);
      };
      const onFail = (context) => {
        if (context.execution?.id !== executionId)
          return;
        cleanupListeners();
        reject(context.execution?.error || new Error("Execution failed without specific error"));
      };
      this.on("execution:finished", onFinished);
      this.on("execution:failed", onFail);
      this.forkProcess.send({
        command: "task:execute",
        executionId
      });
    });
  }
  async handleShouldRun(message) {
    let allowed = false;
    let error;
    try {
      allowed = this.runCoordinator ? await this.runCoordinator.shouldRun(message.key, message.ttlMs) : false;
    } catch (err) {
      error = err?.message ?? String(err);
    }
    this.forkProcess?.send({ type: "coordinator:result", reqId: message.reqId, allowed, error });
  }
  on(event, fun) {
    this.emitter.on(event, fun);
  }
  off(event, fun) {
    this.emitter.off(event, fun);
  }
  once(event, fun) {
    this.emitter.once(event, fun);
  }
  logEvent(event, context) {
    switch (event) {
      case "execution:missed": {
        const handled = this.emitter.listenerCount("execution:missed") > 0;
        if (!this.suppressMissedWarning && !handled) {
          this.logger.warn(`missed execution at ${context.date}! Possible blocking IO or high CPU user at the same process used by node-cron.`);
        }
        break;
      }
      case "execution:overlap":
        if (this.options?.noOverlap) {
          this.logger.warn("task still running, new execution blocked by overlap prevention!");
        }
        break;
      case "execution:failed":
        if (context.execution?.error) {
          this.logger.error(context.execution.error);
        }
        break;
    }
  }
  createContext(executionDate, execution, reason) {
    const localTime = new LocalizedTime(executionDate, this.options?.timezone);
    const ctx = {
      date: localTime.toDate(),
      dateLocalIso: localTime.toISO(),
      triggeredAt: /* @__PURE__ */ new Date(),
      task: this,
      execution
    };
    if (reason)
      ctx.reason = reason;
    return ctx;
  }
};
function serializableOptions(options) {
  if (!options)
    return options;
  const { logger: _logger, runCoordinator: _runCoordinator, ...rest } = options;
  return rest;
}
function deserializeError(str2) {
  const data = JSON.parse(str2);
  const Err = globalThis[data.name] || Error;
  const err = new Err(data.message);
  if (data.stack) {
    err.stack = data.stack;
  }
  Object.keys(data).forEach((key) => {
    if (!["name", "message", "stack"].includes(key)) {
      err[key] = data[key];
    }
  });
  return err;
}
var moduleFilename = fileURLToPath(import.meta.url);
var registry = new TaskRegistry();
function schedule(expression, func, options) {
  const task = createTask(expression, func, options);
  let started;
  try {
    started = task.start();
  } catch (error) {
    registry.remove(task);
    throw error;
  }
  if (started && typeof started.catch === "function") {
    started.catch((error) => {
      (options?.logger || logger).error(`Failed to start scheduled task: ${error?.message ?? error}`);
    });
  }
  return task;
}
function createTask(expression, func, options) {
  parse$1(expression);
  if (options?.distributed && !options.name) {
    throw new Error("`distributed` requires a `name` (it forms the coordination key shared across instances).");
  }
  let task;
  if (func instanceof Function) {
    task = new InlineScheduledTask(expression, func, options);
  } else {
    const taskPath = solvePath(func);
    task = new BackgroundScheduledTask(expression, taskPath, options);
  }
  registry.add(task);
  return task;
}
function solvePath(filePath) {
  if (path.isAbsolute(filePath))
    return pathToFileURL(filePath).href;
  if (filePath.startsWith("file://"))
    return filePath;
  const stackLines = new Error().stack?.split("\n");
  if (stackLines) {
    stackLines?.shift();
    const callerLine = stackLines?.find((line) => {
      return line.indexOf(moduleFilename) === -1;
    });
    const match = callerLine?.match(/(file:\/\/)?(((\/?)(\w:))?([/\\].+)):\d+:\d+/);
    if (match) {
      const dir = `${match[5] ?? ""}${path.dirname(match[6])}`;
      return pathToFileURL(path.resolve(dir, filePath)).href;
    }
  }
  throw new Error(`Could not locate task file ${filePath}`);
}
var getTasks = registry.all;
var getTask = registry.get;

// dist/src/retry.js
function parseRetryAfter(value, nowMs) {
  if (typeof value !== "string" || value.trim() === "")
    return void 0;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed))
    return Math.round(Number(trimmed) * 1e3);
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? void 0 : Math.max(0, date - nowMs);
}
function backoffMs(attempts, policy, random = Math.random) {
  const full = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempts - 1));
  return Math.round(full / 2 + random() * full / 2);
}

export {
  schedule,
  parseRetryAfter,
  backoffMs,
  authorizeUrl,
  exchangeCode,
  GrantRefused,
  asGrant,
  installUrl,
  oauthApp,
  configuredZendesk,
  zendeskWarnings
};

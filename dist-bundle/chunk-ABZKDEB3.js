import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);
import {
  SyncHttpError
} from "./chunk-SGRIXTUX.js";

// dist/src/ingest/helpdesk/json.js
var obj = (v) => v !== null && typeof v === "object" && !Array.isArray(v) ? v : void 0;
var arr = (v) => Array.isArray(v) ? v : [];
var num = (v) => typeof v === "number" && Number.isFinite(v) ? v : null;
var str = (v) => typeof v === "string" && v !== "" ? v : null;
function idOf(v) {
  if (typeof v === "number" && Number.isFinite(v))
    return String(v);
  return typeof v === "string" && v.trim() !== "" ? v.trim() : null;
}
function namesById(list) {
  const names = /* @__PURE__ */ new Map();
  for (const item of arr(list)) {
    const id = idOf(obj(item)?.["id"]);
    const name = str(obj(item)?.["name"]);
    if (id !== null && name !== null)
      names.set(id, name);
  }
  return names;
}
function time(v) {
  const s = str(v);
  if (s === null)
    return null;
  const t = Date.parse(s);
  return Number.isNaN(t) ? null : t;
}
function nameOf(id, names) {
  const key = idOf(id);
  return key === null ? null : names.get(key) ?? key;
}

// dist/src/ingest/helpdesk/intercom/conversations.js
var INTERCOM_CHANNELS = {
  conversation: "chat",
  email: "email",
  phone_call: "phone",
  phone_switch: "phone",
  sms: "sms",
  facebook: "social",
  instagram: "social",
  twitter: "social",
  whatsapp: "social"
};
function intercomChannel(type) {
  const t = (type ?? "").trim().toLowerCase();
  return t === "" ? "unknown" : INTERCOM_CHANNELS[t] ?? t;
}
function conversationsBatch(conversations, names) {
  const tickets = [];
  const surveys = [];
  const gone = { tickets: [], surveys: [] };
  const skipped = [];
  for (const raw of conversations) {
    const c = obj(raw);
    const cid = idOf(c?.["id"]);
    if (c === void 0 || cid === null) {
      skipped.push({ dataset: "tickets", id: "intercom:?", reason: "a conversation without an id" });
      continue;
    }
    const id = `intercom:${cid}`;
    const ticket = ticketRow(c, id, names);
    if (ticket === null)
      gone.tickets.push(id);
    else if (typeof ticket === "string")
      skipped.push({ dataset: "tickets", id, reason: ticket });
    else
      tickets.push(ticket);
    const survey = surveyRow(c, id, names);
    if (survey === null)
      gone.surveys.push(id);
    else if (typeof survey === "string")
      skipped.push({ dataset: "surveys", id, reason: survey });
    else
      surveys.push(survey);
  }
  return { upserts: { tickets, surveys }, deletes: gone, skipped };
}
function ticketRow(c, id, names) {
  const stats = obj(c["statistics"]);
  const source = obj(c["source"]);
  const deliveredAs = str(source?.["delivered_as"]);
  const started = seconds(c["created_at"]);
  if (started === null)
    return c["created_at"] === void 0 || c["created_at"] === null ? "no created_at" : `unreadable created_at ${JSON.stringify(c["created_at"])}`;
  let created = started;
  if (deliveredAs !== null && deliveredAs !== "customer_initiated") {
    const asked = seconds(stats?.["first_contact_reply_at"]);
    if (asked === null)
      return null;
    created = asked;
  }
  let resolved = null;
  if (str(c["state"]) === "closed") {
    resolved = seconds(stats?.["last_close_at"]);
    if (resolved === null)
      return "closed, without statistics.last_close_at (when it was closed)";
  }
  const tags = arr(obj(c["tags"])?.["tags"]);
  const priority = str(c["priority"]);
  return {
    id,
    created_at: created,
    first_response_at: seconds(stats?.["first_admin_reply_at"]),
    resolved_at: resolved,
    escalated_at: null,
    channel: intercomChannel(str(source?.["type"])),
    agent: nameOf(c["admin_assignee_id"], names.admins),
    team: nameOf(c["team_assignee_id"], names.teams),
    priority: priority === null ? null : priority.toLowerCase(),
    is_complaint: tags.some((t) => str(obj(t)?.["name"])?.toLowerCase() === "complaint")
  };
}
function surveyRow(c, id, names) {
  const rating = obj(c["conversation_rating"]);
  if (rating === void 0 || rating["rating"] === void 0 || rating["rating"] === null)
    return null;
  const score = num(rating["rating"]);
  if (score === null || !Number.isInteger(score) || score < 1 || score > 5)
    return `rating ${JSON.stringify(rating["rating"])} is not a whole number from 1 to 5`;
  const submitted = seconds(rating["updated_at"]) ?? seconds(rating["created_at"]);
  if (submitted === null)
    return "a rating without a readable updated_at or created_at (when it was given)";
  const contact = idOf(obj(rating["contact"])?.["id"]);
  return {
    id,
    kind: "csat",
    score,
    scale_min: 1,
    scale_max: 5,
    submitted_at: submitted,
    channel: intercomChannel(str(obj(c["source"])?.["type"])),
    agent: nameOf(idOf(obj(rating["teammate"])?.["id"]) ?? c["admin_assignee_id"], names.admins),
    team: nameOf(c["team_assignee_id"], names.teams),
    ticket_id: id,
    customer_id: contact === null ? null : `intercom:${contact}`
  };
}
function seconds(v) {
  const s = num(v);
  return s === null || s <= 0 ? null : s * 1e3;
}

// dist/src/ingest/helpdesk/intercom/index.js
var INTERCOM_VERSION = "2.14";
var INTERCOM_HOSTS = {
  us: "https://api.intercom.io",
  eu: "https://api.eu.intercom.io",
  au: "https://api.au.intercom.io"
};
var INTERCOM_BUDGETS = { api: { requests: 166, perMs: 1e4 } };
var SEARCH_PATH = "/conversations/search";
var ADMINS_PATH = "/admins";
var TEAMS_PATH = "/teams";
var PER_PAGE = 150;
var OVERLAP_S = 300;
function intercomHeaders(token) {
  return { authorization: `Bearer ${token}`, "intercom-version": INTERCOM_VERSION };
}
function intercomResetAt(headers) {
  const reset = Number(headers.get("x-ratelimit-reset"));
  return Number.isFinite(reset) && reset > 0 ? reset * 1e3 : void 0;
}
function intercomSource(opts) {
  return {
    id: "intercom",
    label: opts.label ?? `Intercom (${hostOf(opts.baseUrl)})`,
    streams: [conversationsStream()]
  };
}
function conversationsStream() {
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
          pagination: { per_page: PER_PAGE, ...after === void 0 ? {} : { starting_after: after } }
        };
        let body;
        try {
          body = await request(ctx.http, "post", SEARCH_PATH, search);
        } catch (e) {
          if (!(first && after !== void 0 && e instanceof SyncHttpError && (e.status === 400 || e.status === 422)))
            throw e;
          ctx.log?.warn("Intercom refused the saved search cursor; reading the pass again from its start", { status: e.status, start });
          after = void 0;
          high = start;
          continue;
        }
        const page = expectObject(body, "Search conversations");
        const conversations = page["conversations"];
        if (!Array.isArray(conversations))
          throw new Error('Intercom: Search conversations answered without a "conversations" list');
        for (const c of conversations) {
          const updated = num(obj(c)?.["updated_at"]);
          if (updated !== null)
            high = Math.max(high, Math.floor(updated));
        }
        const batch = conversationsBatch(conversations, await directory.names(conversations));
        const next = str(obj(obj(page["pages"])?.["next"])?.["starting_after"]);
        if (next !== null && conversations.length > 0) {
          if (next === after)
            throw new Error("Intercom: Search conversations gave the same cursor as next; not asking again");
          after = next;
          yield { ...batch, cursor: JSON.stringify({ start, after, high, began }) };
          continue;
        }
        const nextStart = Math.max(start, Math.min(high, began - OVERLAP_S));
        yield { ...batch, cursor: JSON.stringify({ start: nextStart }) };
        return;
      }
    }
  };
}
function parseCursor(cursor) {
  let c;
  try {
    c = obj(JSON.parse(cursor));
  } catch {
    c = void 0;
  }
  const start = num(c?.["start"]);
  if (c === void 0 || start === null)
    throw new Error(`intercom.conversations: unreadable saved cursor ${cursor}`);
  const after = str(c["after"]);
  const high = num(c["high"]);
  const began = num(c["began"]);
  return { start, ...after !== null && { after }, ...high !== null && { high }, ...began !== null && { began } };
}
async function request(http, method, path, body) {
  const res = method === "post" ? await http.post(path, body, { budget: "api" }) : await http.get(path, { budget: "api" });
  const limit = Number(res.headers.get("x-ratelimit-limit"));
  const remaining = res.headers.get("x-ratelimit-remaining");
  const reset = intercomResetAt(res.headers);
  http.pace("api", {
    ...Number.isInteger(limit) && limit > 0 ? { requests: limit } : {},
    ...remaining !== null && Number(remaining) <= 0 && reset !== void 0 ? { pauseUntil: reset } : {}
  });
  return res.body;
}
var Directory = class {
  ctx;
  admins;
  teams;
  constructor(ctx) {
    this.ctx = ctx;
  }
  async names(conversations) {
    const cs = conversations.map(obj).filter((c) => c !== void 0);
    if (this.admins === void 0 && cs.some((c) => idOf(c["admin_assignee_id"]) !== null || idOf(obj(obj(c["conversation_rating"])?.["teammate"])?.["id"]) !== null)) {
      this.ctx.signal.throwIfAborted();
      this.admins = namesById(expectObject(await request(this.ctx.http, "get", ADMINS_PATH), "List admins")["admins"]);
    }
    if (this.teams === void 0 && cs.some((c) => idOf(c["team_assignee_id"]) !== null)) {
      this.ctx.signal.throwIfAborted();
      this.teams = namesById(expectObject(await request(this.ctx.http, "get", TEAMS_PATH), "List teams")["teams"]);
    }
    return { admins: this.admins ?? /* @__PURE__ */ new Map(), teams: this.teams ?? /* @__PURE__ */ new Map() };
  }
};
function expectObject(body, what) {
  const o = obj(body);
  if (o === void 0)
    throw new Error(`Intercom: ${what} did not answer a JSON object`);
  return o;
}
var unixSeconds = (ms) => Math.floor(ms / 1e3);
function hostOf(baseUrl) {
  try {
    return new URL(baseUrl).host;
  } catch {
    return baseUrl;
  }
}

export {
  obj,
  arr,
  num,
  str,
  idOf,
  namesById,
  time,
  nameOf,
  INTERCOM_HOSTS,
  INTERCOM_BUDGETS,
  intercomHeaders,
  intercomResetAt,
  intercomSource
};

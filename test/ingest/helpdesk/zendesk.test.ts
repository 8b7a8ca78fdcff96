import { afterEach, describe, expect, it } from "vitest";
import { createSyncHttp } from "../../../src/ingest/helpdesk/http.ts";
import { SyncHttpError, type PaceChange, type PullContext, type RateBudget, type SyncBatch, type SyncHttp, type SyncStream } from "../../../src/ingest/helpdesk/types.ts";
import { paceFromHeaders } from "../../../src/ingest/helpdesk/zendesk/rateLimit.ts";
import { ZENDESK_VIA_IDS } from "../../../src/ingest/helpdesk/zendesk/via.ts";
import { ZENDESK_BUDGETS, zendeskChannel, zendeskSource } from "../../../src/ingest/helpdesk/zendesk/index.ts";
import { startFakeZendesk, zendeskFixtures, type FakeZendesk, type FakeZendeskOptions } from "../../fakes/zendesk.ts";

const SINCE = new Date("2025-03-01T00:00:00Z");
const SINCE_S = SINCE.getTime() / 1000;
const AUTH = { email: "admin@acme.com", token: "t0k3n" };
const basic = (email: string, token: string) => `Basic ${Buffer.from(`${email}/token:${token}`).toString("base64")}`;
const ms = (iso: string) => Date.parse(iso);
const MIN = 60_000;

let fakes: FakeZendesk[] = [];
afterEach(async () => {
  await Promise.all(fakes.map((f) => f.close()));
  fakes = [];
});

async function fake(opts: FakeZendeskOptions = {}): Promise<FakeZendesk> {
  const zd = await startFakeZendesk({ auth: AUTH, ...opts });
  fakes.push(zd);
  return zd;
}

/** The real client, with the budget names each request used recorded. */
function httpFor(zd: FakeZendesk, opts: { budgets?: Record<string, RateBudget>; authorization?: string; timeoutMs?: number } = {}): SyncHttp & { budgets: string[]; paced: Array<[string, PaceChange]> } {
  const http = createSyncHttp({
    label: "Zendesk (test)",
    baseUrl: zd.url,
    headers: { authorization: opts.authorization ?? basic(AUTH.email, AUTH.token) },
    budgets: opts.budgets ?? ZENDESK_BUDGETS,
    backoffMs: 10,
    ...(opts.timeoutMs ? { timeoutMs: opts.timeoutMs } : {}),
  });
  const budgets: string[] = [];
  const paced: Array<[string, PaceChange]> = [];
  return {
    ...http,
    budgets,
    paced,
    pace(budget, change) {
      paced.push([budget, change]);
      http.pace(budget, change);
    },
    getJson(url, o) {
      budgets.push(o?.budget ?? "(none)");
      return http.getJson(url, o);
    },
    get(url, o) {
      budgets.push(o?.budget ?? "(none)");
      return http.get(url, o);
    },
  };
}

const source = zendeskSource({ baseUrl: "https://acme.zendesk.com" });
const tickets = source.streams.find((s) => s.id === "zendesk.tickets")!;
const ratings = source.streams.find((s) => s.id === "zendesk.satisfaction_ratings")!;

async function pull(stream: SyncStream, cursor: string | null, http: SyncHttp): Promise<SyncBatch[]> {
  const ctx: PullContext = { http, since: SINCE, signal: new AbortController().signal };
  const batches: SyncBatch[] = [];
  for await (const b of stream.pull(cursor, ctx)) batches.push(b);
  return batches;
}

const upserts = (batches: SyncBatch[], dataset: "tickets" | "surveys") => batches.flatMap((b) => b.upserts[dataset] ?? []);
const byId = <T extends { id: string }>(rows: T[]) => new Map(rows.map((r) => [r.id, r]));
const exportRequests = (zd: FakeZendesk) => zd.requests.filter((r) => r.path === "/api/v2/incremental/tickets/cursor.json");

describe("zendeskSource", () => {
  it("names itself by host and offers the two streams", () => {
    expect(source.id).toBe("zendesk");
    // `sources` shows the label: it says that only Zendesk's legacy CSAT (satisfaction ratings) is read.
    expect(source.label).toBe("Zendesk (acme.zendesk.com, legacy CSAT ratings only)");
    expect(zendeskSource({ baseUrl: "https://acme.zendesk.com", label: "Support" }).label).toBe("Support");
    expect(source.streams.map((s) => [s.id, s.datasets])).toEqual([
      ["zendesk.tickets", ["tickets"]],
      ["zendesk.satisfaction_ratings", ["surveys"]],
    ]);
    expect(ZENDESK_BUDGETS).toEqual({ incremental: { requests: 10, perMs: 60_000 }, api: { requests: 190, perMs: 60_000 } });
  });
});

describe("zendesk.tickets", () => {
  it("pulls the cursor export page by page from start_time, with the sideloads, and stops after end_of_stream", async () => {
    const zd = await fake({ ticketsPageSize: 10 });
    const http = httpFor(zd);
    const batches = await pull(tickets, null, http);

    // 33 tickets in the fixtures, one changed before `since`: 32 in pages of 10.
    expect(batches.map((b) => (b.upserts.tickets?.length ?? 0) + (b.deletes?.tickets?.length ?? 0) + (b.skipped?.length ?? 0))).toEqual([10, 10, 10, 2]);
    const reqs = exportRequests(zd);
    expect(reqs).toHaveLength(4);
    expect(zd.requests).toHaveLength(4);
    expect(reqs[0]!.query).toEqual({ start_time: String(SINCE_S), include: "metric_sets,users,groups", per_page: "1000" });
    for (let i = 1; i < reqs.length; i++) {
      // Each later page asks for what follows the previous batch's cursor: the after_cursor.
      expect(reqs[i]!.query).toEqual({ cursor: batches[i - 1]!.cursor, include: "metric_sets,users,groups", per_page: "1000" });
    }
    expect(new Set(batches.map((b) => b.cursor)).size).toBe(4);
    expect(http.budgets).toEqual(["incremental", "incremental", "incremental", "incremental"]);
    expect(byId(upserts(batches, "tickets")).has("zendesk:1000")).toBe(false);
  });

  it("maps tickets: reply and resolution times from the metric sets, names from the sideloads", async () => {
    const zd = await fake();
    const rows = byId(upserts(await pull(tickets, null, httpFor(zd)), "tickets"));

    expect(rows.get("zendesk:1001")).toEqual({
      id: "zendesk:1001",
      created_at: ms("2025-03-03T08:00:00Z"),
      first_response_at: ms("2025-03-03T08:45:00Z"), // reply_time_in_minutes.calendar = 45
      resolved_at: ms("2025-03-03T12:00:00Z"), // metric solved_at
      escalated_at: null,
      channel: "email",
      agent: "Ana Silva",
      team: "Billing",
      priority: "normal",
      is_complaint: false,
    });
    // A complaint (tags ["complaint", "refund"]), another agent and group.
    expect(rows.get("zendesk:1006")).toMatchObject({ agent: "Dmitri Ivanov", team: "Onboarding", is_complaint: true, first_response_at: ms("2025-03-04T14:20:00Z") });
    expect(rows.get("zendesk:1005")).toMatchObject({ priority: "urgent", first_response_at: ms("2025-03-04T07:55:00Z"), resolved_at: ms("2025-03-04T08:07:00Z") });
    // Unsolved: no resolution.
    expect(rows.get("zendesk:1010")).toMatchObject({ resolved_at: null, first_response_at: ms("2025-03-05T12:20:00Z") });
    // New, unassigned, no priority, no reply yet.
    expect(rows.get("zendesk:1016")).toMatchObject({ agent: null, team: null, priority: null, first_response_at: null, resolved_at: null });
    // A group but nobody assigned.
    expect(rows.get("zendesk:1030")).toMatchObject({ agent: null, team: "Billing" });
    // An agent and a group not in the sideloads (deleted): their ids.
    expect(rows.get("zendesk:1017")).toMatchObject({ agent: "9099", team: "360099" });
    // No metric set: neither time is known.
    expect(rows.get("zendesk:1019")).toMatchObject({ first_response_at: null, resolved_at: null, agent: "Ben Okafor" });
    // Reopened: the metric set still has the earlier solved_at, but the ticket is open now.
    expect(rows.get("zendesk:1020")).toMatchObject({ resolved_at: null, first_response_at: ms("2025-03-10T10:10:00Z") });
    // Solved without solved_at in the metric set: created_at + full_resolution_time_in_minutes.calendar.
    expect(rows.get("zendesk:1021")).toMatchObject({ resolved_at: ms("2025-03-10T14:30:00Z") + 8 * MIN });
    // Closed long after solving: resolved when solved.
    expect(rows.get("zendesk:1023")).toMatchObject({ resolved_at: ms("2025-03-11T09:30:00Z") + 4320 * MIN, priority: "low", is_complaint: true });
    expect(rows.get("zendesk:1008")).toMatchObject({ priority: null, channel: "social" });

    const complaints = [...rows.values()].filter((r) => r.is_complaint).map((r) => r.id);
    expect(complaints.sort()).toEqual(["zendesk:1006", "zendesk:1009", "zendesk:1023"]);
  });

  it("normalises via.channel to the catalog's channels", async () => {
    const zd = await fake();
    const rows = upserts(await pull(tickets, null, httpFor(zd)), "tickets");
    const channelOf = Object.fromEntries(rows.map((r) => [r.id.replace("zendesk:", ""), r.channel]));
    const via = Object.fromEntries(zendeskFixtures().tickets.map((t) => [String(t["id"]), (t["via"] as { channel: string }).channel]));
    const seen = Object.fromEntries(Object.keys(channelOf).map((id) => [via[id], channelOf[id]]));
    expect(seen).toEqual({
      email: "email",
      web: "web",
      chat: "chat",
      native_messaging: "chat",
      voice: "phone",
      sms: "sms",
      facebook: "social",
      twitter: "social",
      instagram_dm: "social",
      whatsapp: "social",
      api: "api",
      mobile_sdk: "web",
      any_channel: "any_channel",
    });
    expect(zendeskChannel("sunshine_conversations_facebook_messenger")).toBe("social");
    expect(zendeskChannel("Email")).toBe("email");
    expect(zendeskChannel("side_conversation")).toBe("side_conversation");
    expect(zendeskChannel(null)).toBe("unknown");
    expect(zendeskChannel("")).toBe("unknown");
  });

  it("maps an integer via.channel through Zendesk's via-id table (4 is mail, 34 an inbound call); an id not in the table is unknown", async () => {
    const data = zendeskFixtures();
    const ids = [4, 0, 29, 34, 57, 41, 5, 999];
    const live = data.tickets.filter((t) => t["status"] !== "deleted" && (t["generated_timestamp"] as number) >= SINCE_S && !Number.isNaN(Date.parse(String(t["created_at"])))).slice(0, ids.length);
    live.forEach((t, i) => ((t["via"] as { channel: unknown }).channel = ids[i]));
    const zd = await fake({ data });
    const rows = byId(upserts(await pull(tickets, null, httpFor(zd)), "tickets"));
    const got = live.map((t) => rows.get(`zendesk:${String(t["id"])}`)?.channel);
    expect(got).toEqual(["email", "web", "chat", "phone", "sms", "social", "api", "unknown"]);
    expect(ZENDESK_VIA_IDS[4]).toBe("mail");
    expect(zendeskChannel("4")).toBe("email");
  });

  it("asks for 500 and then 250 tickets a page after the 1,000-ticket page times out, and keeps the smaller size", async () => {
    const zd = await fake({ slowAbovePerPage: 250, ticketsPageSize: 1000 });
    const all = zendeskFixtures().tickets.length;
    const batches = await pull(tickets, null, httpFor(zd, { timeoutMs: 300 }));
    expect(exportRequests(zd).map((r) => [r.query["per_page"], r.status])).toEqual([
      ["1000", -1],
      ["1000", -1],
      ["500", -1],
      ["500", -1],
      ["250", 200],
    ]);
    // The same tickets as in 1,000-ticket pages.
    const plain = await fake();
    const expected = await pull(tickets, null, httpFor(plain));
    expect(byId(upserts(batches, "tickets"))).toEqual(byId(upserts(expected, "tickets")));
    expect(upserts(batches, "tickets").length).toBeGreaterThan(all / 2);
  });

  it("gives up with the last failure when even 250 tickets a page time out", async () => {
    const zd = await fake({ slowAbovePerPage: 100 });
    const error = await pull(tickets, null, httpFor(zd, { timeoutMs: 200 })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SyncHttpError);
    expect((error as Error).message).toMatch(/incremental\/tickets\/cursor\.json failed 5 times; last: timed out/);
    expect(exportRequests(zd).map((r) => r.query["per_page"])).toEqual(["1000", "1000", "500", "500", "250", "250", "250", "250", "250"]);
  });

  it("takes its budgets from the rate-limit headers Zendesk sends, not a fixed 200 a minute", async () => {
    const zd = await fake({ rateLimitHeaders: { limit: 700 } });
    const http = httpFor(zd);
    await pull(tickets, null, http);
    await pull(ratings, null, http);
    expect(http.paced).toContainEqual(["incremental", { requests: 10, perMs: 60_000 }]);
    expect(http.paced).toContainEqual(["api", { requests: 690, perMs: 60_000 }]);
    // A legacy plan's 10 a minute is shared: never more than 10 together.
    const small: Array<[string, PaceChange]> = [];
    paceFromHeaders({ pace: (b, c) => small.push([b, c]) }, new Headers({ "x-rate-limit": "10", "x-rate-limit-remaining": "3" }), 0);
    expect(small).toEqual([
      ["incremental", { requests: 5, perMs: 60_000 }],
      ["api", { requests: 5, perMs: 60_000 }],
    ]);
    // Nothing left this minute: both budgets wait for the reset.
    const spent: Array<[string, PaceChange]> = [];
    paceFromHeaders({ pace: (b, c) => spent.push([b, c]) }, new Headers({ "ratelimit-limit": "200", "ratelimit-remaining": "0", "ratelimit-reset": "41" }), 1_000_000);
    expect(spent.filter(([, c]) => c.pauseUntil !== undefined)).toEqual([
      ["incremental", { pauseUntil: 1_041_000 }],
      ["api", { pauseUntil: 1_041_000 }],
    ]);
  });

  it("turns deleted tickets into deletes", async () => {
    const zd = await fake();
    const batches = await pull(tickets, null, httpFor(zd));
    expect(batches.flatMap((b) => b.deletes?.tickets ?? [])).toEqual(["zendesk:1018"]);
    expect(byId(upserts(batches, "tickets")).has("zendesk:1018")).toBe(false);
    expect(upserts(batches, "tickets")).toHaveLength(31);
  });

  it("skips tickets it cannot use, saying why, and keeps going", async () => {
    const data = zendeskFixtures();
    const template = data.tickets.find((t) => t["id"] === 1001)!;
    const { created_at: _drop, ...noCreated } = template;
    data.tickets.push({ ...noCreated, id: 2001, generated_timestamp: 1741100000 }, { ...template, id: 2002, created_at: "yesterday-ish", generated_timestamp: 1741100001 });
    const zd = await fake({ data, ticketsPageSize: 10 });
    const batches = await pull(tickets, null, httpFor(zd));
    expect(batches.flatMap((b) => b.skipped ?? [])).toEqual([
      { dataset: "tickets", id: "zendesk:2001", reason: "no created_at" },
      { dataset: "tickets", id: "zendesk:2002", reason: 'unreadable created_at "yesterday-ish"' },
    ]);
    expect(upserts(batches, "tickets")).toHaveLength(31);
  });

  it("resumes from a saved mid-stream cursor with exactly the remaining pages", async () => {
    const zd = await fake({ ticketsPageSize: 10 });
    const all = await pull(tickets, null, httpFor(zd));
    const before = zd.requests.length;
    const rest = await pull(tickets, all[1]!.cursor, httpFor(zd));
    expect(rest).toEqual(all.slice(2));
    const resumed = zd.requests.slice(before);
    expect(resumed).toHaveLength(2);
    expect(resumed[0]!.query["cursor"]).toBe(all[1]!.cursor);
    expect(resumed[0]!.query["start_time"]).toBeUndefined();
  });

  it("polls on from the last cursor: nothing new is one empty page; a changed ticket comes again", async () => {
    const zd = await fake({ ticketsPageSize: 10 });
    const all = await pull(tickets, null, httpFor(zd));
    const last = all[all.length - 1]!.cursor;

    const quiet = await pull(tickets, last, httpFor(zd));
    expect(quiet).toEqual([{ upserts: { tickets: [] }, deletes: { tickets: [] }, skipped: [], cursor: last }]);

    // Ticket 1010 gets solved an hour after the last change Zendesk had.
    const t = zd.data.tickets.find((x) => x["id"] === 1010)!;
    Object.assign(t, { status: "solved", updated_at: "2025-03-18T10:30:00Z", generated_timestamp: ms("2025-03-18T10:30:00Z") / 1000 });
    Object.assign(zd.data.metric_sets.find((m) => m["ticket_id"] === 1010)!, {
      solved_at: "2025-03-18T10:30:00Z",
      full_resolution_time_in_minutes: { calendar: 18750, business: 4000 },
    });
    const changed = await pull(tickets, last, httpFor(zd));
    expect(changed).toHaveLength(1);
    expect(upserts(changed, "tickets")).toEqual([expect.objectContaining({ id: "zendesk:1010", resolved_at: ms("2025-03-18T10:30:00Z"), channel: "social" })]);
    expect(changed[0]!.cursor).not.toBe(last);
  });

  it("stops between requests when the pull is aborted", async () => {
    const zd = await fake({ ticketsPageSize: 10 });
    const abort = new AbortController();
    const seen: SyncBatch[] = [];
    const err = await (async () => {
      for await (const b of tickets.pull(null, { http: httpFor(zd), since: SINCE, signal: abort.signal })) {
        seen.push(b);
        abort.abort();
      }
    })().catch((e: unknown) => e);
    expect((err as Error).name).toBe("AbortError");
    expect(seen).toHaveLength(1);
    expect(zd.requests).toHaveLength(1);
  });

  it("sends the credentials, and a refusal (401) stops the pull with a SyncHttpError", async () => {
    const zd = await fake();
    await pull(tickets, null, httpFor(zd));
    expect(zd.requests.every((r) => r.headers.authorization === basic(AUTH.email, AUTH.token))).toBe(true);

    const wrong = await fake();
    const err = await pull(tickets, null, httpFor(wrong, { authorization: basic(AUTH.email, "wrong") })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SyncHttpError);
    expect((err as SyncHttpError).status).toBe(401);
    expect(String(err)).not.toContain("wrong");
  });

  it("waits out a 429's Retry-After and loses no page", async () => {
    const zd = await fake({ ticketsPageSize: 10, rateLimit: { 2: 1 } });
    const batches = await pull(tickets, null, httpFor(zd));
    expect(batches).toHaveLength(4);
    expect(upserts(batches, "tickets")).toHaveLength(31);
    const [, limited, retried] = zd.requests;
    expect(limited!.status).toBe(429);
    expect(retried!.query).toEqual(limited!.query);
    expect(retried!.at - limited!.at).toBeGreaterThanOrEqual(950);
  });

  it("asks again for a page whose connection dropped midway", async () => {
    const zd = await fake({ ticketsPageSize: 10, drop: [2] });
    const batches = await pull(tickets, null, httpFor(zd));
    expect(batches).toHaveLength(4);
    expect(upserts(batches, "tickets")).toHaveLength(31);
    expect(zd.requests[1]!.dropped).toBe(true);
    expect(zd.requests[2]!.query).toEqual(zd.requests[1]!.query);
    expect(zd.requests).toHaveLength(5);
  });

  it("paced within the budget, never meets a 429 from a Zendesk enforcing it", async () => {
    // Zendesk allows 3 a second here; the client budgets 3 every 1.1 s (a margin for latency).
    const zd = await fake({ ticketsPageSize: 5, budgets: { incremental: { requests: 3, perMs: 1000 } } });
    const started = Date.now();
    const batches = await pull(tickets, null, httpFor(zd, { budgets: { incremental: { requests: 3, perMs: 1100 }, api: { requests: 200, perMs: 60_000 } } }));
    expect(batches).toHaveLength(7);
    expect(zd.requests.map((r) => r.status)).toEqual([200, 200, 200, 200, 200, 200, 200]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(2 * 1100 - 50);
  });
});

describe("fake Zendesk", () => {
  it("enforces its budget, counting every attempt, with Retry-After", async () => {
    const zd = await fake({ budgets: { api: { requests: 3, perMs: 10_000 } } });
    const statuses: Array<[number, string | null]> = [];
    for (let i = 0; i < 5; i++) {
      const res = await fetch(`${zd.url}/api/v2/groups.json`, { headers: { authorization: basic(AUTH.email, AUTH.token) } });
      statuses.push([res.status, res.headers.get("retry-after")]);
      await res.arrayBuffer();
    }
    expect(statuses.map(([s]) => s)).toEqual([200, 200, 200, 429, 429]);
    expect(Number(statuses[3]![1])).toBeGreaterThanOrEqual(9);
    expect(Number(statuses[3]![1])).toBeLessThanOrEqual(10);
  });
});

describe("zendesk.satisfaction_ratings", () => {
  it("maps good and bad to csat 1 and 0; offered and unoffered are not answers and are deleted", async () => {
    const zd = await fake();
    const http = httpFor(zd);
    const batches = await pull(ratings, null, http);
    expect(batches).toHaveLength(1);
    const rows = byId(upserts(batches, "surveys"));

    expect(rows.get("zendesk:5001")).toEqual({
      id: "zendesk:5001",
      kind: "csat",
      score: 1,
      scale_min: 0,
      scale_max: 1,
      submitted_at: ms("2025-03-03T16:30:00Z"), // updated_at: when the customer answered
      channel: null,
      agent: "Ana Silva",
      team: "Billing",
      ticket_id: "zendesk:1001",
      customer_id: "zendesk:7002",
    });
    expect(rows.get("zendesk:5002")).toMatchObject({ score: 0, agent: "Ben Okafor", team: "Technical Support", submitted_at: ms("2025-03-04T18:30:00Z") });
    expect(rows.get("zendesk:5013")).toMatchObject({ score: 1, agent: "9099", team: "360099" });
    expect([...rows.keys()].sort()).toEqual(
      [5001, 5002, 5003, 5005, 5006, 5009, 5010, 5011, 5013, 5014, 5015, 5017, 5018].map((id) => `zendesk:${id}`),
    );
    expect(batches[0]!.deletes?.surveys?.sort()).toEqual(["zendesk:5004", "zendesk:5007", "zendesk:5008", "zendesk:5012", "zendesk:5016"]);
    expect(batches[0]!.skipped).toEqual([]);

    const list = zd.requests.find((r) => r.path === "/api/v2/satisfaction_ratings.json")!;
    expect(list.query).toEqual({ "page[size]": "100", start_time: String(SINCE_S) });
    const users = zd.requests.find((r) => r.path === "/api/v2/users/show_many.json")!;
    expect(users.query["ids"]!.split(",").sort()).toEqual(["9001", "9002", "9003", "9004", "9099"]);
    expect(zd.requests.filter((r) => r.path === "/api/v2/groups.json")).toHaveLength(1);
    expect(new Set(http.budgets)).toEqual(new Set(["api"]));
    // The next pass starts at the newest updated_at seen (5018, 2025-03-13T12:45:00Z).
    expect(JSON.parse(batches[0]!.cursor)).toEqual({ start: ms("2025-03-13T12:45:00Z") / 1000 });
  });

  it("follows links.next while meta.has_more, and resumes from a saved page with exactly the rest", async () => {
    const zd = await fake({ listPageSize: 5 });
    const all = await pull(ratings, null, httpFor(zd));
    // 18 ratings since March 1st, 5 a page.
    expect(all.map((b) => (b.upserts.surveys?.length ?? 0) + (b.deletes?.surveys?.length ?? 0))).toEqual([5, 5, 5, 3]);
    const lists = zd.requests.filter((r) => r.path === "/api/v2/satisfaction_ratings.json");
    expect(lists.map((r) => r.query["page[after]"] !== undefined)).toEqual([false, true, true, true]);
    expect(lists.every((r) => r.query["start_time"] === String(SINCE_S))).toBe(true);
    const mid = JSON.parse(all[1]!.cursor) as { next: string; start: number; high: number; began: number };
    expect(mid.next).toMatch(/^\/api\/v2\/satisfaction_ratings\.json\?/);
    expect(mid.start).toBe(SINCE_S);
    expect(JSON.parse(all[3]!.cursor)).toEqual({ start: ms("2025-03-13T12:45:00Z") / 1000 });

    const before = zd.requests.length;
    const rest = await pull(ratings, all[1]!.cursor, httpFor(zd));
    expect(rest.map((b) => [b.upserts, b.deletes, b.skipped])).toEqual(all.slice(2).map((b) => [b.upserts, b.deletes, b.skipped]));
    expect(rest[rest.length - 1]!.cursor).toBe(all[3]!.cursor);
    const resumed = zd.requests.slice(before).filter((r) => r.path === "/api/v2/satisfaction_ratings.json");
    expect(resumed).toHaveLength(2);
    expect(`${resumed[0]!.path}?${new URLSearchParams(resumed[0]!.query).toString()}`).toBe(mid.next);
  });

  it("a next pass re-reads from where the last ended: a rating taken back is deleted, a new answer arrives", async () => {
    const zd = await fake();
    const first = await pull(ratings, null, httpFor(zd));
    const saved = first[first.length - 1]!.cursor;
    const start = (JSON.parse(saved) as { start: number }).start;

    // 5001 (good) is taken back to offered; 5008 (offered) is answered bad.
    Object.assign(zd.data.satisfaction_ratings.find((r) => r["id"] === 5001)!, { score: "offered", updated_at: "2025-03-20T09:00:00Z" });
    Object.assign(zd.data.satisfaction_ratings.find((r) => r["id"] === 5008)!, { score: "bad", updated_at: "2025-03-20T10:00:00Z" });
    const before = zd.requests.length;
    const next = await pull(ratings, saved, httpFor(zd));
    expect(zd.requests[before]!.query["start_time"]).toBe(String(start));
    expect(next.flatMap((b) => b.deletes?.surveys ?? [])).toEqual(["zendesk:5001"]);
    // 5018 is read again (its updated_at is the start itself): harmless, upserts go by id.
    expect(upserts(next, "surveys").map((r) => [r.id, r.score])).toEqual([
      ["zendesk:5008", 0],
      ["zendesk:5018", 1],
    ]);
    expect(JSON.parse(next[next.length - 1]!.cursor)).toEqual({ start: ms("2025-03-20T10:00:00Z") / 1000 });
  });

  it("reads the pass again from its start when Zendesk refuses a saved next link", async () => {
    const zd = await fake();
    const stale = JSON.stringify({ start: SINCE_S, next: "/api/v2/satisfaction_ratings.json?page%5Bsize%5D=100&start_time=1740787200&page%5Bafter%5D=zzzz", high: SINCE_S, began: SINCE_S + 86_400 * 30 });
    const batches = await pull(ratings, stale, httpFor(zd));
    expect(zd.requests.map((r) => [r.status, r.query["page[after]"] ?? null])).toEqual([
      [400, "zzzz"],
      [200, null],
      [200, null], // users
      [200, null], // groups
    ]);
    expect(upserts(batches, "surveys")).toHaveLength(13);
  });

  it("skips a rating it cannot use, saying why", async () => {
    const data = zendeskFixtures();
    data.satisfaction_ratings.push({ ...data.satisfaction_ratings.find((r) => r["id"] === 5001)!, id: 6001, score: "neutral" });
    const zd = await fake({ data });
    const batches = await pull(ratings, null, httpFor(zd));
    expect(batches.flatMap((b) => b.skipped ?? [])).toEqual([{ dataset: "surveys", id: "zendesk:6001", reason: 'unknown score "neutral"' }]);
  });
});

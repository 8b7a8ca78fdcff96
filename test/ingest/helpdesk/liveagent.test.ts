/**
 * The LiveAgent adapter against the fake LiveAgent (test/fakes/liveagent.ts)
 * serving test/fixtures/liveagent/, through the real SyncHttp: what the
 * tickets, responses and calls rows say (checked by hand against the
 * fixtures), how it pages and where it stops, that a saved cursor resumes
 * with exactly the rest, and that 429s, dropped connections, a budget and
 * the account's time zone change nothing.
 */
import { afterEach, describe, expect, it } from "vitest";
import { createSyncHttp } from "../../../src/ingest/helpdesk/http.ts";
import { LIVEAGENT_BUDGETS, LIVEAGENT_CHANNELS, liveAgentChannel, liveAgentSource, parseTime } from "../../../src/ingest/helpdesk/liveagent/index.ts";
import { SyncHttpError, type PullContext, type RateBudget, type SyncBatch, type SyncHttp, type SyncStream, type SyncedRow } from "../../../src/ingest/helpdesk/types.ts";
import type { Logger } from "../../../src/log.ts";
import { startFakeLiveAgent, type FakeLiveAgent, type FakeLiveAgentOptions } from "../../fakes/liveagent.ts";
import { busiestWindow } from "./support.ts";

const SINCE = new Date("2024-03-01T00:00:00Z");
const utc = (s: string) => Date.parse(`${s.replace(" ", "T")}Z`);

let fake: FakeLiveAgent | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

async function start(opts: FakeLiveAgentOptions = {}): Promise<FakeLiveAgent> {
  fake = await startFakeLiveAgent(opts);
  return fake;
}

/** The SyncHttp the engine would build, with quick backoff; `budgets` default to LiveAgent's. */
function httpFor(la: FakeLiveAgent, budgets: Record<string, RateBudget> = LIVEAGENT_BUDGETS, apiKey = la.apiKey): SyncHttp {
  return createSyncHttp({ label: "LiveAgent (test)", baseUrl: la.url, headers: { apikey: apiKey }, budgets, backoffMs: 20 });
}

function context(http: SyncHttp, extra: Partial<PullContext> = {}): PullContext {
  return { http, since: SINCE, signal: new AbortController().signal, ...extra };
}

async function collect(stream: SyncStream, cursor: string | null, ctx: PullContext): Promise<SyncBatch[]> {
  const out: SyncBatch[] = [];
  for await (const batch of stream.pull(cursor, ctx)) out.push(batch);
  return out;
}

/** The rows of a dataset as the store would hold them after the batches (last write wins). */
function rowsOf(batches: SyncBatch[], dataset: "tickets" | "responses" | "calls"): Map<string, SyncedRow> {
  const rows = new Map<string, SyncedRow>();
  for (const b of batches) for (const r of b.upserts[dataset] ?? []) rows.set(r.id, r);
  return rows;
}

const idsOf = (batches: SyncBatch[], dataset: "tickets" | "calls") => batches.flatMap((b) => (b.upserts[dataset] ?? []).map((r) => r.id));

function streams(opts: { baseUrl: string; timeZone?: string; perPage?: number }) {
  const source = liveAgentSource({ perPage: 10, ...opts });
  return { source, tickets: source.streams[0]!, calls: source.streams[1]! };
}

function responsesOf(rows: Map<string, SyncedRow>, ticket: string): SyncedRow[] {
  return [...rows.values()].filter((r) => r.ticket_id === `liveagent:${ticket}`).sort((a, b) => (a.responded_at as number) - (b.responded_at as number));
}

describe("liveAgentSource", () => {
  it("is a source with a tickets stream and a calls stream, paced in one budget of 180 a minute", () => {
    const { source, tickets, calls } = streams({ baseUrl: "https://acme.ladesk.com/" });
    expect(source.id).toBe("liveagent");
    expect(source.label).toBe("LiveAgent (acme.ladesk.com)");
    expect(tickets.id).toBe("liveagent.tickets");
    expect(tickets.datasets).toEqual(["tickets", "responses"]);
    expect(calls.id).toBe("liveagent.calls");
    expect(calls.datasets).toEqual(["calls"]);
    expect(LIVEAGENT_BUDGETS).toEqual({ api: { requests: 180, perMs: 60_000 } });
    expect(() => liveAgentSource({ baseUrl: "https://acme.ladesk.com", timeZone: "Mars/Olympus" })).toThrow(/time zone/);
    expect(() => liveAgentSource({ baseUrl: "acme" })).toThrow(/not a URL/);
  });

  it("maps channel codes through the table, unknown codes to their lower-case code", () => {
    expect(LIVEAGENT_CHANNELS).toEqual({ E: "email", B: "chat", I: "chat", C: "phone", W: "phone", F: "social", A: "social", T: "social", M: "web", Q: "web", S: "web" });
    expect(liveAgentChannel("V")).toBe("v");
    expect(liveAgentChannel(null)).toBe("unknown");
  });

  it("reads LiveAgent dates in the account's zone; empty and zero dates are absent", () => {
    expect(parseTime("2024-03-04 09:00:00", "UTC")).toBe(utc("2024-03-04 09:00:00"));
    expect(parseTime("2024-03-04 02:00:00", "America/Phoenix")).toBe(utc("2024-03-04 09:00:00"));
    expect(parseTime("2024-07-01 10:00:00", "Europe/Prague")).toBe(utc("2024-07-01 08:00:00"));
    expect(parseTime("", "UTC")).toBeNull();
    expect(parseTime(null, "UTC")).toBeNull();
    expect(parseTime("0000-00-00 00:00:00", "UTC")).toBeNull();
    expect(parseTime("2024-03-32 10:00:00", "UTC")).toBe("bad");
    expect(parseTime("04.03.2024 09:00", "UTC")).toBe("bad");
  });
});

describe("liveagent.tickets", () => {
  it("maps tickets: names, channels, resolution, the first agent reply after the customer's first message", async () => {
    const la = await start();
    const { tickets } = streams({ baseUrl: la.url });
    const budgets: Array<string | undefined> = [];
    const http = httpFor(la);
    const spy: SyncHttp = { ...http, getJson: (url, o) => (budgets.push(o?.budget), http.getJson(url, o)), get: (url, o) => (budgets.push(o?.budget), http.get(url, o)) };
    const batches = await collect(tickets, null, context(spy));
    const rows = rowsOf(batches, "tickets");
    const t = (id: string) => rows.get(`liveagent:${id}`)!;

    // 36 in the fixture: one not usable, one deleted.
    expect(rows.size).toBe(34);
    expect(budgets.length).toBeGreaterThan(0);
    expect(new Set(budgets)).toEqual(new Set(["api"]));

    // tk000101: e-mail to Billing, Anna; a note at 09:10 is not the first response, the e-mail at 09:30 is.
    expect(t("tk000101")).toEqual({
      id: "liveagent:tk000101",
      created_at: utc("2024-03-04 09:00:00"),
      first_response_at: utc("2024-03-04 09:30:00"),
      resolved_at: utc("2024-03-04 11:00:00"),
      escalated_at: null,
      channel: "email",
      agent: "Anna Novak",
      team: "Billing",
      priority: null,
      is_complaint: false,
    });
    // Chat: the reply at +60 s answers both customer lines.
    expect(t("tk000102")).toMatchObject({ channel: "chat", agent: "Ben Ortiz", team: "Technical support", first_response_at: utc("2024-03-05 14:01:00") });
    // Unresolved, only a note so far, no agent, zero date_resolved.
    expect(t("tk000103")).toMatchObject({ channel: "email", agent: null, first_response_at: null, resolved_at: null });
    // The agent wrote first: the first response is the reply to the customer's answer.
    expect(t("tk000104")).toMatchObject({ first_response_at: utc("2024-03-06 12:20:00"), resolved_at: null, team: "Sales", agent: "Dev Singh" });
    // An offline-internal message is not a reply; contact form is web.
    expect(t("tk000105")).toMatchObject({ channel: "web", first_response_at: utc("2024-03-07 08:40:00"), agent: "Erin Walsh" });
    expect(t("tk000106")).toMatchObject({ channel: "v", first_response_at: utc("2024-03-08 11:03:00") });
    // An agent or department no longer listed: the id.
    expect(t("tk000109")).toMatchObject({ agent: "x0old123", first_response_at: utc("2024-03-05 08:15:00") });
    expect(t("tk000110")).toMatchObject({ team: "d9gone99", channel: "social" });
    // Reopened: date_resolved is set but the ticket is open.
    expect(t("tk000111")).toMatchObject({ resolved_at: null, first_response_at: utc("2024-03-11 09:10:00") });
    // Calls and the call button are phone; a call has no written reply.
    expect(t("tk000113")).toMatchObject({ channel: "phone", first_response_at: null, agent: "Anna Novak" });
    expect(t("tk000115")).toMatchObject({ channel: "phone" });
    expect(t("tk000119")).toMatchObject({ channel: "email", first_response_at: utc("2024-03-04 10:15:00") + 45 * 60_000 });

    const channels: Record<string, number> = {};
    for (const r of rows.values()) channels[r.channel as string] = (channels[r.channel as string] ?? 0) + 1;
    expect(channels).toEqual({ email: 14, chat: 5, web: 3, phone: 6, social: 5, v: 1 });

    // Deleted and unusable tickets.
    expect(batches.flatMap((b) => b.deletes?.tickets ?? [])).toEqual(["liveagent:tk000108"]);
    const skipped = batches.flatMap((b) => b.skipped ?? []);
    expect(skipped).toEqual([{ dataset: "tickets", id: "liveagent:tk000107", reason: 'date_created "2024-03-32 10:00:00" is not a date' }]);
    // Nothing was asked about them but the list.
    expect(la.requests.some((r) => r.path.includes("tk000107") || r.path.includes("tk000108"))).toBe(false);
  });

  it("writes a responses row per agent reply, timed from the customer message it answers", async () => {
    const la = await start();
    const { tickets } = streams({ baseUrl: la.url });
    const batches = await collect(tickets, null, context(httpFor(la)));
    const responses = rowsOf(batches, "responses");
    const seconds = (ticket: string) => responsesOf(responses, ticket).map((r) => r.response_seconds);

    expect(seconds("tk000101")).toEqual([1800, 2700]);
    expect(seconds("tk000102")).toEqual([60, 10]); // the second agent line (no customer line before it) is not a reply
    expect(seconds("tk000103")).toEqual([]);
    expect(seconds("tk000104")).toEqual([1200]);
    expect(seconds("tk000105")).toEqual([2400]);
    expect(seconds("tk000106")).toEqual([180]);
    expect(seconds("tk000109")).toEqual([900]);
    expect(seconds("tk000110")).toEqual([300]);
    expect(seconds("tk000111")).toEqual([600]); // the customer's last e-mail is still waiting
    expect(seconds("tk000112")).toEqual([900, 900, 900, 900, 900, 900]); // 13 message groups: two pages
    for (const phone of ["tk000113", "tk000114", "tk000115", "tk000116", "tk000117", "tk000118"]) expect(seconds(phone)).toEqual([]);
    expect(responses.size).toBe(38);

    const first = responsesOf(responses, "tk000101")[0]!;
    expect(first).toEqual({
      id: expect.stringMatching(/^liveagent:tk000101:m\d+$/),
      ticket_id: "liveagent:tk000101",
      responded_at: utc("2024-03-04 09:30:00"),
      response_seconds: 1800,
      agent: "Anna Novak",
      channel: "email",
    });
    // The id is the reply's message id: the e-mail's message part, not its header or quoted text.
    const group = la.data.messages["tk000101"]!.find((g) => g["datecreated"] === "2024-03-04 09:30:00")!;
    const message = (group["messages"] as Array<Record<string, unknown>>).find((m) => m["type"] === "M")!;
    expect(first.id).toBe(`liveagent:tk000101:${message["id"] as string}`);
    expect(responsesOf(responses, "tk000109")[0]).toMatchObject({ agent: "x0old123" });
    expect(responsesOf(responses, "tk000106")[0]).toMatchObject({ agent: "Ben Ortiz", channel: "v" });

    // Every ticket's first response is its earliest reply.
    const tickets_ = rowsOf(batches, "tickets");
    for (const ticket of tickets_.values()) {
      const own = responsesOf(responses, ticket.id.slice("liveagent:".length));
      expect(ticket.first_response_at).toBe(own[0]?.responded_at ?? null);
    }
    // Messages were paged until an empty page: a short page need not be the last.
    const pages = la.answered("/api/v3/tickets/tk000112/messages").map((r) => [r.query["_page"], r.rows]);
    expect(pages).toEqual([
      ["1", 10],
      ["2", 3],
      ["3", 0],
    ]);
  });

  it("pages by date_changed ascending from the since date, one batch per page, and stops at a page with nothing new", async () => {
    const la = await start();
    const { tickets } = streams({ baseUrl: la.url });
    const batches = await collect(tickets, null, context(httpFor(la)));
    const lists = la.answered("/api/v3/tickets");
    for (const r of lists) {
      expect(r.query).toMatchObject({ _sortField: "date_changed", _sortDir: "ASC", _perPage: "10" });
      expect(r.headers["apikey"]).toBe(la.apiKey);
    }
    expect(JSON.parse(lists[0]!.query["_filters"]!)).toEqual([["date_changed", "D>=", "2024-03-01 00:00:00"]]);
    expect(lists[0]!.query["_page"]).toBe("1");
    // Re-anchored after each page; the twelve tickets changed in one second take pages 1 and 2 of that
    // second, and page 2 asked again holds only what was applied: the end.
    expect(lists.map((r) => [JSON.parse(r.query["_filters"]!)[0][2], r.query["_page"], r.rows])).toEqual([
      ["2024-03-01 00:00:00", "1", 10],
      ["2024-03-11 17:15:00", "1", 10],
      ["2024-03-14 09:35:00", "1", 10],
      ["2024-03-16 18:00:00", "1", 10],
      ["2024-03-16 18:00:00", "2", 2],
      ["2024-03-16 18:00:00", "2", 2],
    ]);
    expect(la.requests.at(-1)!.path).toBe("/api/v3/tickets");
    expect(batches).toHaveLength(5);
    // Each ticket once: a shared second at a page boundary neither loses nor repeats one.
    const ids = idsOf(batches, "tickets");
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toHaveLength(34);
    // Agents and departments: loaded once, each paged to its empty page.
    expect(la.answered("/api/v3/agents").map((r) => r.rows)).toEqual([5, 0]);
    expect(la.answered("/api/v3/departments").map((r) => r.rows)).toEqual([4, 0]);
  });

  it("resumes from any saved cursor with exactly the rest", async () => {
    const la = await start();
    const { tickets } = streams({ baseUrl: la.url });
    const full = await collect(tickets, null, context(httpFor(la)));
    const all = idsOf(full, "tickets").sort();
    for (let k = 1; k < full.length; k++) {
      const before = full.slice(0, k).flatMap((b) => idsOf([b], "tickets"));
      const rest = await collect(tickets, full[k - 1]!.cursor, context(httpFor(la)));
      const after = idsOf(rest, "tickets");
      expect(after.filter((id) => before.includes(id)), `cursor after batch ${k}`).toEqual([]);
      expect([...before, ...after].sort(), `cursor after batch ${k}`).toEqual(all);
      expect(rest.flatMap((b) => b.deletes?.tickets ?? []).length + full.slice(0, k).flatMap((b) => b.deletes?.tickets ?? []).length).toBe(1);
    }
    // From the last cursor: nothing new, one request.
    const n = la.requests.length;
    expect(await collect(tickets, full.at(-1)!.cursor, context(httpFor(la)))).toEqual([]);
    expect(la.requests.length - n).toBe(1);
  });

  it("loses nothing when a ticket already read changes during the sync, and reads it again", async () => {
    const la = await start();
    const { tickets } = streams({ baseUrl: la.url });
    const seen: string[] = [];
    let first = true;
    for await (const batch of tickets.pull(null, context(httpFor(la)))) {
      seen.push(...idsOf([batch], "tickets"));
      if (first) {
        // The oldest-changed ticket gets a new message: it moves to the end of the list.
        const t = la.data.tickets.find((x) => x["id"] === "tk000124")!;
        t["date_changed"] = "2024-03-17 08:00:00";
        first = false;
      }
    }
    expect(new Set(seen).size).toBe(34);
    expect(seen.filter((id) => id === "liveagent:tk000124")).toHaveLength(2);
  });

  it("sends deletes and reports unusable tickets; a later sync picks up changes", async () => {
    const la = await start();
    const { tickets } = streams({ baseUrl: la.url });
    const full = await collect(tickets, null, context(httpFor(la)));
    const t = la.data.tickets.find((x) => x["id"] === "tk000103")!;
    t["date_changed"] = "2024-03-17 09:00:00";
    t["agentid"] = "w3cy7d5e";
    la.data.messages["tk000103"]!.push({
      id: "g900001",
      parent_id: "",
      userid: "w3cy7d5e",
      user_full_name: "Chloe Park",
      type: "4",
      status: "V",
      datecreated: "2024-03-17 09:00:00",
      datefinished: "2024-03-17 09:00:00",
      sort_order: 3,
      mail_msg_id: "",
      pop3_msg_id: "",
      messages: [{ id: "m9000001", userid: "w3cy7d5e", type: "M", datecreated: "2024-03-17 09:00:00", format: "H", message: "<p>Fixed.</p>" }],
    });
    const next = await collect(tickets, full.at(-1)!.cursor, context(httpFor(la)));
    expect(idsOf(next, "tickets")).toEqual(["liveagent:tk000103"]);
    expect(rowsOf(next, "tickets").get("liveagent:tk000103")).toMatchObject({ agent: "Chloe Park", first_response_at: utc("2024-03-17 09:00:00") });
    expect([...rowsOf(next, "responses").values()]).toEqual([
      { id: "liveagent:tk000103:m9000001", ticket_id: "liveagent:tk000103", responded_at: utc("2024-03-17 09:00:00"), response_seconds: 17 * 3600 + 24 * 3600, agent: "Chloe Park", channel: "email" },
    ]);
  });

  it("starts again from the since date when the saved cursor cannot be read", async () => {
    const la = await start();
    const { tickets } = streams({ baseUrl: la.url });
    const warnings: string[] = [];
    const log: Logger = { info() {}, warn: (m) => void warnings.push(m), error() {} };
    const batches = await collect(tickets, "not json", context(httpFor(la), { log }));
    expect(idsOf(batches, "tickets")).toHaveLength(34);
    expect(warnings).toEqual(["unreadable LiveAgent cursor; syncing again from the start"]);
  });

  it("falls back to plain paging when /tickets ignores the date filter: the same tickets, and the sync ends", async () => {
    const clean = await startFakeLiveAgent();
    const expected = rowsOf(await collect(streams({ baseUrl: clean.url }).tickets, null, context(httpFor(clean))), "tickets");
    await clean.close();
    const la = await start({ ignore: { ticketFilter: true } });
    const warnings: string[] = [];
    const log = { warn: (m: string) => warnings.push(m), info() {}, error() {}, debug() {} } as unknown as Logger;
    const since = new Date("2024-03-10T00:00:00Z");
    const { tickets } = streams({ baseUrl: la.url });
    const batches = await collect(tickets, null, context(httpFor(la), { log, since }));
    const got = rowsOf(batches, "tickets");
    const changedSince = la.data.tickets.filter((t) => utc(String(t["date_changed"])) >= since.getTime() && !["X", "B"].includes(String(t["status"])) && t["id"] !== "tk000107");
    expect([...got.keys()].sort()).toEqual(changedSince.map((t) => `liveagent:${String(t["id"])}`).sort());
    for (const [id, row] of got) expect(row).toEqual(expected.get(id));
    expect(warnings).toContain("LiveAgent ignored the date filter; reading every page and keeping only what changed since");
    // The pass ends at an empty page; the next pull filters again from the latest change.
    const last = JSON.parse(batches.at(-1)!.cursor) as { page: number; unfiltered?: boolean };
    expect(last).toMatchObject({ page: 1, seen: [] });
    expect(last.unfiltered).toBeUndefined();
  });

  it("stops with a clear error, instead of looping, when /tickets ignores _page", async () => {
    const la = await start({ ignore: { ticketFilter: true, page: true } });
    const { tickets } = streams({ baseUrl: la.url });
    const error = await collect(tickets, null, context(httpFor(la), { since: new Date("2024-03-10T00:00:00Z") })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SyncHttpError);
    expect((error as Error).message).toMatch(/\/tickets answered the same records again for _page=2: it ignores _page there/);
    expect(la.answered("/api/v3/tickets").length).toBeLessThan(5);
  });
});

describe("liveagent.calls", () => {
  it("maps incoming calls; agent and topic come from the call's ticket; outgoing and internal calls are left out", async () => {
    const la = await start();
    const { calls } = streams({ baseUrl: la.url });
    const batches = await collect(calls, null, context(httpFor(la)));
    const rows = rowsOf(batches, "calls");
    const c = (id: string) => rows.get(`liveagent:${id}`);

    expect(rows.size).toBe(18); // 22: 2 outgoing, 1 internal, 1 unusable
    expect(c("cl000002")).toEqual({
      id: "liveagent:cl000002",
      queued_at: utc("2024-03-04 13:00:00"),
      answered_at: utc("2024-03-04 13:00:20"),
      ended_at: utc("2024-03-04 13:04:00"),
      hold_seconds: 0,
      wrap_up_seconds: 0,
      blocked: false,
      agent: "Anna Novak",
      topic: "Technical support",
    });
    // Missed: ended unanswered; no agent, still the ticket's department.
    expect(c("cl000001")).toMatchObject({ answered_at: null, ended_at: utc("2024-03-04 12:59:10"), agent: null, topic: "Technical support" });
    expect(c("cl000005")).toMatchObject({ agent: "Dev Singh", topic: "Sales" });
    // The ticket is gone (404) or there is none.
    expect(c("cl000008")).toMatchObject({ agent: null, topic: null, answered_at: utc("2024-03-09 14:00:40") });
    expect(c("cl000009")).toMatchObject({ agent: null, topic: null });
    expect(la.requests.find((r) => r.path === "/api/v3/tickets/tk999999")!.status).toBe(404);
    // In progress.
    expect(c("cl000022")).toMatchObject({ answered_at: utc("2024-03-16 19:00:15"), ended_at: null, agent: "Chloe Park" });
    for (const gone of ["cl000004", "cl000007", "cl000015"]) expect(c(gone)).toBeUndefined();
    expect(batches.flatMap((b) => b.skipped ?? [])).toEqual([
      { dataset: "calls", id: "liveagent:cl000018", reason: 'dateCreated "2024-03-15 10:00:00 +01" is not a date' },
    ]);
    // Each ticket asked for once in the pull.
    const lookups = la.requests.filter((r) => /^\/api\/v3\/tickets\/[^/]+$/.test(r.path)).map((r) => r.path);
    expect(lookups.length).toBe(new Set(lookups).size);
    expect(lookups).toHaveLength(7);
  });

  it("pages /calls by _cursor from the next_page_cursor header (no _page), filtered by dateCreated", async () => {
    const la = await start();
    const { calls } = streams({ baseUrl: la.url });
    const batches = await collect(calls, null, context(httpFor(la)));
    const lists = la.answered("/api/v3/calls");
    for (const r of lists) expect(r.query).toMatchObject({ _perPage: "10", _filters: JSON.stringify([["dateCreated", "D>=", "2024-03-01 00:00:00"]]) });
    expect(lists.map((r) => [r.query["_page"], r.query["_cursor"] && JSON.parse(Buffer.from(r.query["_cursor"], "base64").toString()), r.rows])).toEqual([
      [undefined, undefined, 10],
      [undefined, { id: "cl000010" }, 10],
      [undefined, { id: "cl000020" }, 2],
    ]);
    expect(batches).toHaveLength(3);
    const ids = idsOf(batches, "calls");
    expect(ids).toHaveLength(18);
    expect(new Set(ids).size).toBe(18);
    // Mid-pass the cursor holds LiveAgent's own next_page_cursor, so a resumed pull goes on from there.
    expect(JSON.parse(batches[0]!.cursor)).toMatchObject({ since: "2024-03-01T00:00:00.000Z", next: Buffer.from('{"id":"cl000010"}').toString("base64") });
  });

  it("counts 250 calls created in one second once each, and the sync ends", async () => {
    const data = (await start()).data;
    data.calls = Array.from({ length: 250 }, (_, i) => ({
      id: `cs${String(i + 1).padStart(5, "0")}`,
      ticketId: null,
      type: "I",
      dateCreated: "2024-03-20 09:00:00",
      dateAnswered: "2024-03-20 09:00:30",
      dateFinished: "2024-03-20 09:05:00",
    }));
    const { calls } = streams({ baseUrl: fake!.url, perPage: 100 });
    const batches = await collect(calls, null, context(httpFor(fake!)));
    const ids = idsOf(batches, "calls");
    expect(ids).toHaveLength(250);
    expect(new Set(ids).size).toBe(250);
    expect(fake!.answered("/api/v3/calls").map((r) => r.rows)).toEqual([100, 100, 50]);
    expect(JSON.parse(batches.at(-1)!.cursor)).toEqual({ since: "2024-03-20T09:00:00.000Z" });
  });

  it("stops with a clear error, instead of looping, when /calls ignores _cursor", async () => {
    const la = await start({ ignore: { cursor: true } });
    const { calls } = streams({ baseUrl: la.url });
    const error = await collect(calls, null, context(httpFor(la))).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SyncHttpError);
    expect((error as Error).message).toMatch(/\/calls answered the same records again for _cursor=.*it ignores _cursor there, so the sync stopped/);
    expect(la.answered("/api/v3/calls")).toHaveLength(2);
  });

  it("does not move the cursor past a call in progress, so its end arrives later", async () => {
    const la = await start();
    const { calls } = streams({ baseUrl: la.url });
    const full = await collect(calls, null, context(httpFor(la)));
    expect(JSON.parse(full.at(-1)!.cursor)).toEqual({ since: "2024-03-16T19:00:00.000Z" });

    la.data.calls.find((x) => x["id"] === "cl000022")!["dateFinished"] = "2024-03-16 19:07:00";
    const later = await collect(calls, full.at(-1)!.cursor, context(httpFor(la)));
    expect([...rowsOf(later, "calls").values()]).toEqual([expect.objectContaining({ id: "liveagent:cl000022", ended_at: utc("2024-03-16 19:07:00") })]);
    expect(JSON.parse(later.at(-1)!.cursor)).toEqual({ since: "2024-03-16T19:00:00.000Z" });
  });

  it("resumes from a mid-stream cursor with exactly the rest", async () => {
    const la = await start();
    const { calls } = streams({ baseUrl: la.url });
    const full = await collect(calls, null, context(httpFor(la)));
    const rest = await collect(calls, full[0]!.cursor, context(httpFor(la)));
    const before = idsOf(full.slice(0, 1), "calls");
    const after = idsOf(rest, "calls");
    expect(after.filter((id) => before.includes(id))).toEqual([]);
    expect([...before, ...after].sort()).toEqual(idsOf(full, "calls").sort());
  });
});

describe("LiveAgent over a real connection", () => {
  it("reads dates in the account's time zone and filters in UTC", async () => {
    const utcFake = await startFakeLiveAgent();
    const phoenix = await start({ timeZone: "America/Phoenix" });
    try {
      const inUtc = streams({ baseUrl: utcFake.url });
      const inPhoenix = streams({ baseUrl: phoenix.url, timeZone: "America/Phoenix" });
      const expected = await collect(inUtc.tickets, null, context(httpFor(utcFake)));
      const got = await collect(inPhoenix.tickets, null, context(httpFor(phoenix)));
      expect(rowsOf(got, "tickets")).toEqual(rowsOf(expected, "tickets"));
      expect(rowsOf(got, "responses")).toEqual(rowsOf(expected, "responses"));
      expect(got.map((b) => b.cursor)).toEqual(expected.map((b) => b.cursor));
      expect(phoenix.answered("/api/v3/tickets").map((r) => r.query["_filters"])).toEqual(utcFake.answered("/api/v3/tickets").map((r) => r.query["_filters"]));
      const calls = await collect(inPhoenix.calls, null, context(httpFor(phoenix)));
      expect(rowsOf(calls, "calls").get("liveagent:cl000002")).toMatchObject({ queued_at: utc("2024-03-04 13:00:00") });

      // Read as UTC, the same answers would be seven hours early.
      const wrong = await collect(streams({ baseUrl: phoenix.url }).tickets, null, context(httpFor(phoenix)));
      expect(rowsOf(wrong, "tickets").get("liveagent:tk000101")!.created_at).toBe(utc("2024-03-04 02:00:00"));
    } finally {
      await utcFake.close();
    }
  });

  it("rides out a 429 with Retry-After and a connection dropped mid-page", async () => {
    const clean = await startFakeLiveAgent();
    const expected = await collect(streams({ baseUrl: clean.url }).calls, null, context(httpFor(clean)));
    await clean.close();

    const la = await start({ rateLimit: { 2: 1 }, drop: [5] });
    const got = await collect(streams({ baseUrl: la.url }).calls, null, context(httpFor(la)));
    expect(rowsOf(got, "calls")).toEqual(rowsOf(expected, "calls"));
    expect(la.requests[1]!.status).toBe(429);
    expect(la.requests[2]!.at - la.requests[1]!.at).toBeGreaterThanOrEqual(990);
    expect(la.requests[2]!.path).toBe(la.requests[1]!.path);
    expect(la.requests[4]!.dropped).toBe(true);
    expect(la.requests[5]!.path).toBe(la.requests[4]!.path);
    expect(la.requests[5]!.query).toEqual(la.requests[4]!.query);
  });

  it("stays within a budget the server enforces", async () => {
    // The server counts arrivals over a slightly shorter window than the client paces by, so loopback
    // jitter cannot turn a paced request into a 429.
    const server = { requests: 5, perMs: 900 };
    const la = await start({ budget: server });
    await collect(streams({ baseUrl: la.url }).calls, null, context(httpFor(la, { api: { requests: 5, perMs: 1000 } })));
    expect(la.requests.length).toBeGreaterThan(10);
    expect(la.requests.filter((r) => r.status === 429)).toEqual([]);
    expect(busiestWindow(la.requests.map((r) => r.at), server.perMs)).toBeLessThanOrEqual(server.requests);
  });

  it("the fake enforces its budget: a burst gets 429 with Retry-After", async () => {
    const la = await start({ budget: { requests: 3, perMs: 60_000 } });
    const statuses: Array<[number, string | null]> = [];
    for (let i = 0; i < 5; i++) {
      const res = await fetch(`${la.url}/api/v3/agents`, { headers: { apikey: la.apiKey } });
      statuses.push([res.status, res.headers.get("retry-after")]);
      await res.body?.cancel();
    }
    expect(statuses.map(([s]) => s)).toEqual([200, 200, 200, 429, 429]);
    expect(Number(statuses[3]![1])).toBeGreaterThan(0);
  });

  it("fails with the status when the API key is refused", async () => {
    const la = await start();
    const { tickets } = streams({ baseUrl: la.url });
    const error = await collect(tickets, null, context(httpFor(la, LIVEAGENT_BUDGETS, "wrong-key"))).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SyncHttpError);
    expect((error as SyncHttpError).status).toBe(401);
    expect(la.requests).toHaveLength(1);
  });

  it("stops before asking anything when the pull is aborted", async () => {
    const la = await start();
    const { tickets } = streams({ baseUrl: la.url });
    const abort = new AbortController();
    abort.abort(new Error("stopping"));
    await expect(collect(tickets, null, context(httpFor(la), { signal: abort.signal }))).rejects.toThrow("stopping");
    expect(la.requests).toHaveLength(0);
  });
});

/**
 * The Intercom source against the fake Intercom on loopback (real HTTP, the
 * real paced client): what a support lead's conversations become as tickets
 * and CSAT answers, how a pass pages and resumes, and how it keeps to
 * Intercom's rate limits.
 */
import { afterEach, describe, expect, it } from "vitest";
import { createSyncHttp } from "../../../src/ingest/helpdesk/http.ts";
import { INTERCOM_BUDGETS, intercomChannel, intercomHeaders, intercomResetAt, intercomSource } from "../../../src/ingest/helpdesk/intercom/index.ts";
import type { PullContext, RateBudget, SyncBatch, SyncedRow } from "../../../src/ingest/helpdesk/types.ts";
import { startFakeIntercom, type FakeIntercom } from "../../fakes/intercom.ts";

const TOKEN = "ic-t0ken-s3cret";
const SINCE = new Date("2024-01-01T00:00:00Z");

let fakes: FakeIntercom[] = [];
afterEach(async () => {
  for (const f of fakes.splice(0)) await f.close();
});

async function fake(opts: Parameters<typeof startFakeIntercom>[0] = {}): Promise<FakeIntercom> {
  const ic = await startFakeIntercom({ token: TOKEN, ...opts });
  fakes.push(ic);
  return ic;
}

function httpFor(ic: FakeIntercom, opts: { budget?: RateBudget; token?: string; maxAttempts?: number } = {}) {
  return createSyncHttp({
    label: "Intercom (test)",
    baseUrl: ic.url,
    headers: intercomHeaders(opts.token ?? TOKEN),
    budgets: { api: opts.budget ?? INTERCOM_BUDGETS.api! },
    resetAt: intercomResetAt,
    backoffMs: 10,
    ...(opts.maxAttempts ? { maxAttempts: opts.maxAttempts } : {}),
  });
}

const stream = intercomSource({ baseUrl: "https://api.intercom.io" }).streams[0]!;

async function pull(http: ReturnType<typeof httpFor>, cursor: string | null = null): Promise<SyncBatch[]> {
  const ctx: PullContext = { http, since: SINCE, signal: new AbortController().signal };
  const batches: SyncBatch[] = [];
  for await (const b of stream.pull(cursor, ctx)) batches.push(b);
  return batches;
}

const all = (batches: SyncBatch[], dataset: "tickets" | "surveys"): SyncedRow[] => batches.flatMap((b) => b.upserts[dataset] ?? []);
const byId = (rows: SyncedRow[]) => new Map(rows.map((r) => [r.id, r]));
const ms = (iso: string) => Date.parse(iso);

describe("Intercom conversations", () => {
  it("become tickets timed from the customer's first message, with first reply and close from statistics, names from List admins and List teams", async () => {
    const ic = await fake();
    const batches = await pull(httpFor(ic));
    const tickets = byId(all(batches, "tickets"));
    const fixtures = new Map(ic.data.conversations.map((c) => [`intercom:${String(c.id)}`, c]));

    // A customer-initiated Messenger conversation: as Intercom tells it.
    const plain = [...tickets.values()].find((t) => fixtures.get(t.id)!.state === "closed" && (fixtures.get(t.id)!.source as { delivered_as: string }).delivered_as === "customer_initiated" && t.first_response_at !== null)!;
    const raw = fixtures.get(plain.id)! as { created_at: number; statistics: { first_admin_reply_at: number; last_close_at: number } };
    expect(plain.created_at).toBe(raw.created_at * 1000);
    expect(plain.first_response_at).toBe(raw.statistics.first_admin_reply_at * 1000);
    expect(plain.resolved_at).toBe(raw.statistics.last_close_at * 1000);

    // The outbound message answered two days later counts from the customer's reply on 1 March 2025.
    const answered = tickets.get("intercom:557")!;
    expect(new Date(answered.created_at as number).toISOString()).toBe("2025-03-01T09:00:00.000Z");
    expect(answered.agent).toBe("Ciaran234 Lee");
    expect(answered.team).toBe("Billing");
    // The outbound message nobody answered is not a ticket, and is sent as a delete.
    expect(tickets.has("intercom:556")).toBe(false);
    expect(batches.flatMap((b) => b.deletes?.tickets ?? [])).toContain("intercom:556");
    // The custom-bot conversation is a chat, from the customer's first message a minute after the bot's.
    expect(tickets.get("intercom:558")).toMatchObject({ channel: "chat", created_at: ms("2025-03-12T10:01:00Z"), first_response_at: ms("2025-03-12T10:13:00Z"), agent: "Ciaran7 Lee", team: "Example Team" });
    // Reopened: open now, so not resolved, though it was closed once.
    expect(tickets.get("intercom:560")).toMatchObject({ resolved_at: null, first_response_at: ms("2025-03-15T08:30:00Z") });
    // A teammate no longer in List admins is named by id.
    expect(tickets.get("intercom:561")).toMatchObject({ agent: "991267999", team: "Technical" });

    // A closed conversation without statistics cannot say when it was closed: skipped, with why.
    expect(tickets.has("intercom:559")).toBe(false);
    expect(batches.flatMap((b) => b.skipped ?? [])).toContainEqual({ dataset: "tickets", id: "intercom:559", reason: "closed, without statistics.last_close_at (when it was closed)" });

    // Channels from source.type; priority and the complaint tag as Intercom says.
    for (const [id, t] of tickets) {
      const c = fixtures.get(id)! as { source: { type: string }; priority: string; tags: { tags: Array<{ name: string }> } };
      expect(t.channel).toBe(intercomChannel(c.source.type));
      expect(t.priority).toBe(c.priority);
      expect(t.is_complaint).toBe(c.tags.tags.some((x) => x.name === "complaint"));
    }
    expect(new Set([...tickets.values()].map((t) => t.channel))).toEqual(new Set(["chat", "email", "social", "phone", "sms"]));
  });

  it("give their rating 1–5 as a CSAT answer when it was given; ratings 0 and 7 are skipped and reported", async () => {
    const ic = await fake();
    const batches = await pull(httpFor(ic));
    const surveys = byId(all(batches, "surveys"));
    const rated = ic.data.conversations.filter((c) => c.conversation_rating !== null);
    expect(surveys.size).toBe(rated.length - 2);
    // Requested on 26 February 2025, given on 2 March 2025: a March answer.
    expect(surveys.get("intercom:564")).toEqual({
      id: "intercom:564",
      kind: "csat",
      score: 2,
      scale_min: 1,
      scale_max: 5,
      submitted_at: ms("2025-03-02T08:00:00Z"),
      channel: "chat",
      agent: "Ciaran210 Lee",
      team: "Billing",
      ticket_id: "intercom:564",
      customer_id: "intercom:6762f14a1bb69f9f2193bb49",
    });
    // Without updated_at, the rating's created_at.
    expect(surveys.get("intercom:557")?.submitted_at).toBe(ms("2025-03-01T14:01:00Z"));
    const skipped = batches.flatMap((b) => b.skipped ?? []).filter((s) => s.dataset === "surveys");
    expect(skipped).toEqual([
      { dataset: "surveys", id: "intercom:562", reason: "rating 0 is not a whole number from 1 to 5" },
      { dataset: "surveys", id: "intercom:563", reason: "rating 7 is not a whole number from 1 to 5" },
    ]);
    // A conversation without a rating sends its survey id as a delete (a rating taken away goes).
    const unrated = ic.data.conversations.find((c) => c.conversation_rating === null)!;
    expect(batches.flatMap((b) => b.deletes?.surveys ?? [])).toContain(`intercom:${String(unrated.id)}`);
  });

  it("are searched by updated_at with the documented paging, Bearer token and API version; a cut-off pass resumes at its next page", async () => {
    const ic = await fake({ pageSize: 15 });
    const http = httpFor(ic);
    const batches = await pull(http);
    const searches = ic.requests.filter((r) => r.path === "/conversations/search");
    expect(searches).toHaveLength(Math.ceil(50 / 15));
    expect(searches[0]!.body).toEqual({ query: { field: "updated_at", operator: ">", value: SINCE.getTime() / 1000 }, pagination: { per_page: 150 } });
    expect(searches.slice(1).every((r) => typeof (r.body as { pagination: { starting_after?: string } }).pagination.starting_after === "string")).toBe(true);
    expect(ic.requests.every((r) => r.headers.authorization === `Bearer ${TOKEN}` && r.headers["intercom-version"] === "2.14")).toBe(true);
    // Names are read once a pull.
    expect(ic.requests.filter((r) => r.path === "/admins")).toHaveLength(1);
    expect(ic.requests.filter((r) => r.path === "/teams")).toHaveLength(1);
    expect(all(batches, "tickets").length + batches.flatMap((b) => b.skipped ?? []).filter((s) => s.dataset === "tickets").length + 1).toBe(50);

    // Mid-pass cursors carry Intercom's starting_after; resuming from the second page's asks for the third.
    const mid = JSON.parse(batches[1]!.cursor) as { start: number; after: string; high: number; began: number };
    expect(mid.after).toBe((searches[2]!.body as { pagination: { starting_after: string } }).pagination.starting_after);
    const before = ic.requests.length;
    const resumed = await pull(http, batches[1]!.cursor);
    expect(resumed).toHaveLength(batches.length - 2);
    expect((ic.requests[before]!.body as { pagination: { starting_after: string } }).pagination.starting_after).toBe(mid.after);

    // After the last page: the next pass starts at the newest updated_at seen (long before this pass began).
    const newest = Math.max(...ic.data.conversations.map((c) => c.updated_at as number));
    expect(JSON.parse(batches.at(-1)!.cursor)).toEqual({ start: newest });
  });

  it("a later pass picks up a conversation rated since, and nothing older", async () => {
    const ic = await fake();
    const http = httpFor(ic);
    const first = await pull(http);
    const open = ic.data.conversations.find((c) => c.id === "560")!;
    const now = Math.floor(Date.now() / 1000);
    Object.assign(open, { state: "closed", updated_at: now, conversation_rating: { rating: 5, remark: "", created_at: now - 60, updated_at: now - 30, contact: { type: "contact", id: "c-9" }, teammate: { type: "admin", id: "991267691" } } });
    (open.statistics as Record<string, number>).last_close_at = now - 120;
    const second = await pull(http, first.at(-1)!.cursor);
    expect(all(second, "tickets").map((t) => t.id)).toContain("intercom:560");
    expect(all(second, "tickets").find((t) => t.id === "intercom:560")?.resolved_at).toBe((now - 120) * 1000);
    expect(all(second, "surveys")).toEqual([expect.objectContaining({ id: "intercom:560", score: 5, agent: "Ciaran210 Lee", submitted_at: (now - 30) * 1000 })]);
    // Only what changed since the newest update of the first pass was read.
    expect(all(second, "tickets").length).toBeLessThanOrEqual(2);
  });

  it("read again from the pass's start when Intercom refuses a saved cursor", async () => {
    const ic = await fake({ pageSize: 20 });
    const http = httpFor(ic);
    const stale = JSON.stringify({ start: SINCE.getTime() / 1000, after: "bm90LWEtY3Vyc29y", high: 0, began: Math.floor(Date.now() / 1000) });
    const batches = await pull(http, stale);
    const searches = ic.requests.filter((r) => r.path === "/conversations/search");
    expect(searches[0]!.status).toBe(400);
    expect((searches[1]!.body as { pagination: Record<string, unknown> }).pagination).toEqual({ per_page: 150 });
    expect(all(batches, "tickets").length).toBeGreaterThan(40);
  });

  it("keep to the limit Intercom announces, wait for X-RateLimit-Reset after a 429, and retry a dropped connection", async () => {
    // Intercom allows 4 requests a second here; our own budget would allow 50, so only the headers keep it in.
    const ic = await fake({ pageSize: 5, window: { requests: 4, perMs: 1000 }, rateLimit: { 3: 1 }, drop: [6] });
    const batches = await pull(httpFor(ic, { budget: { requests: 50, perMs: 1000 } }));
    expect(all(batches, "tickets").length).toBeGreaterThan(40);
    expect(ic.requests.filter((r) => r.status === 429).map((r) => r.n)).toEqual([3]);
    // The request after the 429 waited for the announced reset (whole seconds), not a retry at once.
    expect(ic.requests[3]!.at - ic.requests[2]!.at).toBeGreaterThanOrEqual(500);
    expect(ic.requests[5]!.dropped).toBe(true);
    expect(ic.requests[6]!.body).toEqual(ic.requests[5]!.body);
    // Every fixed window of the fake's saw at most its limit: no 429 but the forced one.
    const perWindow = new Map<number, number>();
    for (const r of ic.requests) perWindow.set(Math.floor(r.at / 1000), (perWindow.get(Math.floor(r.at / 1000)) ?? 0) + 1);
    expect(Math.max(...perWindow.values())).toBeLessThanOrEqual(4);
  });

  it("a wrong token fails with Intercom's 401 and a hint, never the token", async () => {
    const ic = await fake();
    const error = await pull(httpFor(ic, { token: "wrong-t0ken" })).catch((e: unknown) => e as Error);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toMatch(/Intercom \(test\) \/conversations\/search answered 401 .*check the API credentials/);
    expect((error as Error).message).not.toContain("wrong-t0ken");
  });
});

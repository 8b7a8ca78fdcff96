/**
 * The Freshdesk adapter against the fake Freshdesk (test/fakes/freshdesk.ts)
 * through the real SyncHttp: what each stream asks for, how tickets and
 * ratings map onto `tickets` and `surveys`, deletes, skipped records, paging
 * past ties and resuming from a saved cursor.
 */
import { afterEach, describe, expect, it } from "vitest";
import { loadConfig } from "../../../src/config.ts";
import { configError } from "../../helpers.ts";
import { configuredSources } from "../../../src/ingest/helpdesk/index.ts";
import { createSyncHttp } from "../../../src/ingest/helpdesk/http.ts";
import {
  FRESHDESK_BUDGETS,
  freshdeskAuthorization,
  freshdeskChannel,
  freshdeskSource,
  nextLink,
  paceFrom,
  ratingScore,
} from "../../../src/ingest/helpdesk/freshdesk/index.ts";
import type { PaceChange, PullContext, SyncBatch, SyncHttp, SyncStream } from "../../../src/ingest/helpdesk/types.ts";
import { freshdeskFixtures, startFakeFreshdesk, type FakeFreshdesk, type FakeFreshdeskOptions } from "../../fakes/freshdesk.ts";

const SINCE = new Date("2025-01-01T00:00:00Z");
const KEY = "fd-k3y";

let fakes: FakeFreshdesk[] = [];
afterEach(async () => {
  await Promise.all(fakes.map((f) => f.close()));
  fakes = [];
});

async function fake(opts: FakeFreshdeskOptions = {}): Promise<FakeFreshdesk> {
  const fd = await startFakeFreshdesk({ apiKey: KEY, ...opts });
  fakes.push(fd);
  return fd;
}

function httpFor(fd: FakeFreshdesk, apiKey = KEY): SyncHttp {
  return createSyncHttp({ label: "Freshdesk (test)", baseUrl: fd.url, headers: { authorization: freshdeskAuthorization(apiKey) }, budgets: FRESHDESK_BUDGETS, backoffMs: 10, maxAttempts: 2 });
}

const source = freshdeskSource({ baseUrl: "https://acme.freshdesk.com" });
const stream = (id: string): SyncStream => source.streams.find((s) => s.id === id)!;

async function pull(s: SyncStream, cursor: string | null, http: SyncHttp): Promise<SyncBatch[]> {
  const ctx: PullContext = { http, since: SINCE, signal: new AbortController().signal };
  const batches: SyncBatch[] = [];
  for await (const b of s.pull(cursor, ctx)) batches.push(b);
  return batches;
}

const upserts = (batches: SyncBatch[], dataset: "tickets" | "surveys") => batches.flatMap((b) => b.upserts[dataset] ?? []);
const deletes = (batches: SyncBatch[]) => batches.flatMap((b) => b.deletes?.tickets ?? []);
const skipped = (batches: SyncBatch[]) => batches.flatMap((b) => b.skipped ?? []);
const ms = (iso: unknown) => Date.parse(String(iso));
type J = Record<string, unknown>;

describe("freshdeskSource", () => {
  it("names itself by host, offers its four streams, and authenticates with the key as user and X as password", () => {
    expect(source.id).toBe("freshdesk");
    expect(source.label).toBe("Freshdesk (acme.freshdesk.com)");
    expect(source.streams.map((s) => [s.id, s.datasets])).toEqual([
      ["freshdesk.tickets", ["tickets"]],
      ["freshdesk.deleted_tickets", ["tickets"]],
      ["freshdesk.spam_tickets", ["tickets"]],
      ["freshdesk.satisfaction_ratings", ["surveys"]],
    ]);
    expect(freshdeskAuthorization("abcd")).toBe(`Basic ${Buffer.from("abcd:X").toString("base64")}`);
    expect(() => freshdeskSource({ baseUrl: "acme" })).toThrow(/the base URL "acme" is not a URL/);
  });

  it("maps the documented ticket sources to channels and keeps an undocumented code visible", () => {
    expect([1, 2, 3, 7, 9, 10].map(freshdeskChannel)).toEqual(["email", "web", "phone", "chat", "web", "email"]);
    expect(freshdeskChannel(13)).toBe("source_13");
    expect(freshdeskChannel(null)).toBe("unknown");
  });

  it("reads the next page from a Link header, whatever else it holds", () => {
    expect(nextLink('<https://a.freshdesk.com/api/v2/tickets?page=2&per_page=100>; rel="next"')).toBe("https://a.freshdesk.com/api/v2/tickets?page=2&per_page=100");
    expect(nextLink('<https://x/p?page=1>; rel="prev", <https://x/p?page=3>; rel=next')).toBe("https://x/p?page=3");
    expect(nextLink('<https://x/p?page=1>; rel="prev"')).toBeNull();
    expect(nextLink(null)).toBeNull();
  });
});

describe("ratingScore: a rating on its survey's own scale", () => {
  it("places 3-, 5- and 7-point answers from the unhappiest (1) up", () => {
    expect(ratingScore(103, [103, 100, -103])).toEqual({ score: 3, scale_min: 1, scale_max: 3 });
    expect(ratingScore(-103, [103, 100, -103])).toEqual({ score: 1, scale_min: 1, scale_max: 3 });
    expect(ratingScore(102, [103, 102, 100, -102, -103])).toEqual({ score: 4, scale_min: 1, scale_max: 5 });
    expect(ratingScore(101, [103, 102, 101, 100, -101, -102, -103])).toEqual({ score: 5, scale_min: 1, scale_max: 7 });
    expect(ratingScore(101, [103, 102, 100, -102, -103])).toBeNull();
  });
});

describe("paceFrom: budgets from Freshdesk's rate-limit headers", () => {
  const recorder = () => {
    const calls: Array<[string, PaceChange]> = [];
    const http = { pace: (b: string, c: PaceChange) => void calls.push([b, c]) } as unknown as SyncHttp;
    return { calls, http };
  };

  it("splits the account's announced total between the ticket list (3 credits a call) and the rest", () => {
    const { calls, http } = recorder();
    paceFrom(new Headers({ "X-RateLimit-Total": "400", "X-RateLimit-Remaining": "390" }), http, 60_000);
    expect(calls).toEqual([
      ["tickets", { requests: 20, perMs: 60_000 }],
      ["api", { requests: 340, perMs: 60_000 }],
    ]);
  });

  it("waits a window when what remains cannot pay for a ticket list call, and does nothing without headers", () => {
    const { calls, http } = recorder();
    const before = Date.now();
    paceFrom(new Headers({ "X-RateLimit-Total": "40", "X-RateLimit-Remaining": "2" }), http, 1000);
    expect(calls.slice(0, 2)).toEqual([
      ["tickets", { requests: 6, perMs: 1000 }],
      ["api", { requests: 22, perMs: 1000 }],
    ]);
    const pauses = calls.slice(2).map(([b, c]) => [b, (c.pauseUntil ?? 0) - before]);
    expect(pauses.map(([b]) => b)).toEqual(["tickets", "api"]);
    for (const [, wait] of pauses) expect(wait).toBeGreaterThanOrEqual(1000);
    const quiet = recorder();
    paceFrom(new Headers(), quiet.http, 1000);
    expect(quiet.calls).toEqual([]);
  });
});

describe("freshdesk.tickets", () => {
  it("asks for tickets updated since, oldest first, 100 a page with their stats, and maps them", async () => {
    const fd = await fake();
    const batches = await pull(stream("freshdesk.tickets"), null, httpFor(fd));
    const list = fd.requests.filter((r) => r.path === "/api/v2/tickets");
    expect(list[0]!.query).toEqual({ updated_since: "2024-12-31T23:59:59Z", order_by: "updated_at", order_type: "asc", per_page: "100", page: "1", include: "stats" });
    expect(list[0]!.headers.authorization).toBe(freshdeskAuthorization(KEY));

    const f = freshdeskFixtures();
    const rows = new Map(upserts(batches, "tickets").map((r) => [r.id, r]));
    const live = f.tickets.filter((t) => t.deleted !== true && t.spam !== true && !Number.isNaN(ms(t.created_at)));
    expect([...rows.keys()].sort()).toEqual(live.map((t) => `freshdesk:${t.id}`).sort());

    const t1 = f.tickets.find((t) => t.id === 1)!;
    const s1 = t1.stats as J;
    expect(rows.get("freshdesk:1")).toEqual({
      id: "freshdesk:1",
      created_at: ms(t1.created_at),
      first_response_at: ms(s1.first_responded_at),
      resolved_at: ms(s1.resolved_at),
      escalated_at: null,
      channel: "email",
      agent: "Chloé Martin",
      team: "Technical",
      priority: "urgent",
      is_complaint: false,
    });
    // Reopened (status Open, an old resolved_at in stats): open, so not resolved.
    expect(rows.get("freshdesk:17")!.resolved_at).toBeNull();
    // Closed without a resolved_at: settled when it was closed.
    expect(rows.get("freshdesk:18")!.resolved_at).toBe(ms((f.tickets.find((t) => t.id === 18)!.stats as J).closed_at));
    expect(rows.get("freshdesk:7")!.is_complaint).toBe(true);
    expect(rows.get("freshdesk:33")!.channel).toBe("source_13");
    expect(skipped(batches)).toEqual([{ dataset: "tickets", id: "freshdesk:34", reason: 'unreadable created_at "2025-03-32T10:00:00Z"' }]);
  });

  it("pages through a second shared by more tickets than a page holds without losing or repeating any, and resumes from any saved cursor", async () => {
    const fd = await fake({ pageSize: 5 });
    const batches = await pull(stream("freshdesk.tickets"), null, httpFor(fd));
    const ids = upserts(batches, "tickets").map((r) => r.id);
    const expected = freshdeskFixtures().tickets.filter((t) => t.deleted !== true && t.spam !== true && !Number.isNaN(ms(t.created_at))).length;
    expect(ids).toHaveLength(expected);
    expect(new Set(ids).size).toBe(expected);
    // Re-anchored every page: no request went past a few pages of one query.
    const pages = fd.requests.filter((r) => r.path === "/api/v2/tickets").map((r) => Number(r.query.page));
    expect(Math.max(...pages)).toBeLessThanOrEqual(2);
    expect(pages).toContain(2); // the six tickets of one bulk update (one second) fill more than a page

    for (const k of [0, 2, 4]) {
      const rest = await pull(stream("freshdesk.tickets"), batches[k]!.cursor, httpFor(fd));
      const after = new Set(batches.slice(k + 1).flatMap((b) => (b.upserts.tickets ?? []).map((r) => r.id)));
      const resumed = upserts(rest, "tickets").map((r) => r.id);
      expect(new Set(resumed)).toEqual(after);
      expect(resumed.length).toBe(after.size);
    }
    // Nothing changed since the end: a later pull stores nothing.
    expect(upserts(await pull(stream("freshdesk.tickets"), batches.at(-1)!.cursor, httpFor(fd)), "tickets")).toEqual([]);
  });

  it("loses no ticket when one already read is updated mid-sync (offset paging would shift the next page past it)", async () => {
    const fd = await fake({ pageSize: 5 });
    const http = httpFor(fd);
    let calls = 0;
    const moving: SyncHttp = {
      ...http,
      async get(url, o) {
        const answer = await http.get(url, o);
        // After the first ticket page: the oldest ticket on it is updated, so it moves to the end of the list.
        if (url === "/api/v2/tickets" && ++calls === 1) Object.assign(fd.data.tickets.find((t) => t.id === (answer.body as J[])[0]!.id)!, { updated_at: "2025-04-01T09:00:00Z" });
        return answer;
      },
    };
    const ids = new Set(upserts(await pull(stream("freshdesk.tickets"), null, moving), "tickets").map((r) => r.id));
    const live = freshdeskFixtures().tickets.filter((t) => t.deleted !== true && t.spam !== true && !Number.isNaN(ms(t.created_at)));
    expect(ids).toEqual(new Set(live.map((t) => `freshdesk:${t.id}`)));
  });

  it("picks up a ticket changed after the last pull, and removes one the list now shows as spam", async () => {
    const fd = await fake({ pageSize: 5 });
    const first = await pull(stream("freshdesk.tickets"), null, httpFor(fd));
    const t3 = fd.data.tickets.find((t) => t.id === 3)!;
    Object.assign(t3, { status: 5, updated_at: "2025-04-01T10:00:00Z", stats: { ...(t3.stats as J), closed_at: "2025-04-01T10:00:00Z" } });
    const t5 = fd.data.tickets.find((t) => t.id === 5)!;
    Object.assign(t5, { spam: true, updated_at: "2025-04-01T10:00:01Z" });
    const later = await pull(stream("freshdesk.tickets"), first.at(-1)!.cursor, httpFor(fd));
    expect(upserts(later, "tickets").map((r) => r.id)).toEqual(["freshdesk:3"]);
    // The plain list no longer shows a spam ticket; the spam list does.
    const spam = await pull(stream("freshdesk.spam_tickets"), null, httpFor(fd));
    expect(deletes(spam).sort()).toEqual(["freshdesk:14", "freshdesk:5"]);
  });
});

describe("budgets", () => {
  it("spends the tickets budget on ticket lists only, and the api budget on agents, groups, surveys and ratings", async () => {
    const fd = await fake({ pageSize: 5 });
    const http = httpFor(fd);
    const used: string[] = [];
    const recording: SyncHttp = {
      ...http,
      get(url, o) {
        used.push(`${o?.budget} ${url}`);
        return http.get(url, o);
      },
    };
    for (const s of source.streams) await pull(s, null, recording);
    expect(new Set(used)).toEqual(
      new Set(["tickets /api/v2/tickets", "api /api/v2/agents", "api /api/v2/groups", "api /api/v2/surveys", "api /api/v2/surveys/satisfaction_ratings"]),
    );
  });
});

describe("freshdesk.deleted_tickets and freshdesk.spam_tickets", () => {
  it("turn the trash and the spam folder into deletes, asking with filter=deleted and filter=spam", async () => {
    const fd = await fake();
    expect(deletes(await pull(stream("freshdesk.deleted_tickets"), null, httpFor(fd))).sort()).toEqual(["freshdesk:13", "freshdesk:31"]);
    expect(deletes(await pull(stream("freshdesk.spam_tickets"), null, httpFor(fd)))).toEqual(["freshdesk:14"]);
    const filters = fd.requests.filter((r) => r.path === "/api/v2/tickets").map((r) => [r.query.filter, r.query.include]);
    expect(filters).toEqual([
      ["deleted", undefined],
      ["spam", undefined],
    ]);
  });
});

describe("freshdesk.satisfaction_ratings", () => {
  it("reads ratings created since, each on its survey's scale, and reports the ones it cannot place", async () => {
    const fd = await fake({ pageSize: 5 });
    const batches = await pull(stream("freshdesk.satisfaction_ratings"), null, httpFor(fd));
    const f = freshdeskFixtures();
    const scales = new Map(f.surveys.map((s) => [s.id, ((s.questions as J[]).find((q) => q.default === true)!.accepted_ratings as number[]).slice().sort((a, b) => a - b)]));
    const rows = new Map(upserts(batches, "surveys").map((r) => [r.id, r]));
    const placeable = f.satisfaction_ratings.filter((r) => scales.get(r.survey_id as number)?.includes((r.ratings as J).default_question as number));
    expect(rows.size).toBe(placeable.length);
    for (const r of placeable) {
      const scale = scales.get(r.survey_id as number)!;
      expect(rows.get(`freshdesk:${r.id}`)).toMatchObject({
        kind: "csat",
        score: scale.indexOf((r.ratings as J).default_question as number) + 1,
        scale_min: 1,
        scale_max: scale.length,
        submitted_at: ms(r.created_at),
        ticket_id: `freshdesk:${r.ticket_id}`,
        customer_id: `freshdesk:${r.user_id}`,
      });
    }
    const first = f.satisfaction_ratings[0]!;
    expect(rows.get(`freshdesk:${first.id}`)).toMatchObject({ agent: "Chloé Martin", team: "Technical" });
    expect(skipped(batches).map((s) => s.reason)).toEqual(["survey 99 not found (the rating's scale is unknown)", "rating 101 is not on survey 2's scale (103, 102, 100, -102, -103)"]);
    expect(fd.requests.filter((r) => r.path === "/api/v2/surveys/satisfaction_ratings")[0]!.query).toEqual({ created_since: "2025-01-01T00:00:00Z", per_page: "100", page: "1" });

    // The next pass starts at the newest rating read (or five minutes before this one began), not at the start again.
    const newest = Math.max(...f.satisfaction_ratings.map((r) => ms(r.created_at)));
    expect(JSON.parse(batches.at(-1)!.cursor)).toEqual({ start: new Date(newest).toISOString() });
    // A pass cut off mid-way resumes at the page after the last one stored.
    const before = fd.requests.length;
    const resumed = await pull(stream("freshdesk.satisfaction_ratings"), batches[1]!.cursor, httpFor(fd));
    const ratingsAsked = fd.requests.slice(before).filter((r) => r.path === "/api/v2/surveys/satisfaction_ratings");
    expect(ratingsAsked[0]!.query).toMatchObject({ created_since: "2025-01-01T00:00:00Z", page: "3" });
    expect(new Set(upserts(resumed, "surveys").map((r) => r.id))).toEqual(new Set(batches.slice(2).flatMap((b) => (b.upserts.surveys ?? []).map((r) => r.id))));
  });
});

describe("errors", () => {
  it("a wrong API key fails with the status and a hint, never the key", async () => {
    const fd = await fake();
    const error = await pull(stream("freshdesk.tickets"), null, httpFor(fd, "wrong-key")).catch((e: Error) => e);
    expect(String(error)).toMatch(/Freshdesk \(test\) \/api\/v2\/tickets answered 401 .*check the API credentials/);
    expect(String(error)).not.toContain("wrong-key");
  });
});

describe("Freshdesk configuration", () => {
  it("FRESHDESK_DOMAIN and FRESHDESK_API_KEY configure Freshdesk with Basic auth and the documented budgets", () => {
    const config = loadConfig({ FRESHDESK_DOMAIN: "acme.freshdesk.com", FRESHDESK_API_KEY: "k3y" });
    expect(config.sync?.freshdesk).toEqual({ baseUrl: "https://acme.freshdesk.com", apiKey: "k3y" });
    const [fd] = configuredSources(config.sync!);
    expect(fd!.source.label).toBe("Freshdesk (acme.freshdesk.com)");
    expect(fd!.http.headers).toEqual({ authorization: `Basic ${Buffer.from("k3y:X").toString("base64")}` });
    expect(fd!.http.budgets).toEqual({ tickets: { requests: 20, perMs: 60_000 }, api: { requests: 140, perMs: 60_000 } });
    expect(loadConfig({ FRESHDESK_URL: "http://127.0.0.1:9000/", FRESHDESK_API_KEY: "k" }).sync?.freshdesk?.baseUrl).toBe("http://127.0.0.1:9000");
  });

  it("says what is missing and where to find it, and never repeats the key", () => {
    expect(configError({ FRESHDESK_DOMAIN: "acme" })).toMatch(/FRESHDESK_API_KEY is missing: .*Profile settings → View API key/);
    const missingDomain = configError({ FRESHDESK_API_KEY: "sekrit-key" });
    expect(missingDomain).toContain("FRESHDESK_DOMAIN is missing");
    expect(missingDomain).not.toContain("sekrit-key");
    expect(configError({ FRESHDESK_DOMAIN: "acme co", FRESHDESK_API_KEY: "k" })).toContain("FRESHDESK_DOMAIN (got `acme co`) is not a Freshdesk domain");
    expect(configError({ FRESHDESK_DOMAIN: "acme", FRESHDESK_API_KEY: "k", DATA_URL: "postgres://x@h/db" })).toContain("DATA_URL is set together with a help desk");
  });
});

/**
 * Freshdesk sync end to end: the fake Freshdesk on loopback (Link paging,
 * credits per window with X-RateLimit-* headers, a forced 429 and a dropped
 * connection) → the sync engine → DATA_DIR/helpdesk.duckdb → the DuckDB
 * connector → answers. The figures equal a plain computation over the
 * fixtures; a sync cut off mid-way resumes where it stopped and duplicates
 * nothing; no window of the account's limit ever holds more credits than
 * it allows (the limit is scaled from a minute to a second so the test is
 * quick; the pacing code is the same); `npm run sync` works with
 * FRESHDESK_URL and FRESHDESK_API_KEY and names them when nothing is configured.
 */
import { describe, expect, it } from "vitest";
import { answer } from "../../../src/commands/answer.ts";
import type { ConfiguredSource } from "../../../src/ingest/helpdesk/engine.ts";
import { freshdeskAuthorization, freshdeskChannel, freshdeskSource } from "../../../src/ingest/helpdesk/freshdesk/index.ts";
import type { RateBudget } from "../../../src/ingest/helpdesk/types.ts";
import { renderText } from "../../../src/render/text.ts";
import { freshdeskFixtures, startFakeFreshdesk, type FakeFreshdesk, type FakeFreshdeskOptions } from "../../fakes/freshdesk.ts";
import { busiestWindow, cleanupAfterEach, metric, syncCliHarness, synced as syncedWith } from "./support.ts";

const KEY = "fd-live-k3y";
/** The account's limit, a minute scaled to a second: 40 credits; a ticket list call with stats costs 3. */
const ACCOUNT = { credits: 40, windowMs: 1000 };
const BUDGETS: Record<string, RateBudget> = { tickets: { requests: 6, perMs: 1000 }, api: { requests: 22, perMs: 1000 } };

const cleanup = cleanupAfterEach();

async function fake(opts: FakeFreshdeskOptions = {}): Promise<FakeFreshdesk> {
  const fd = await startFakeFreshdesk({ apiKey: KEY, account: ACCOUNT, pageSize: 5, ...opts });
  cleanup.push(() => fd.close());
  return fd;
}

const synced = (sources: ConfiguredSource[]) => syncedWith(cleanup, { dirPrefix: "freshdesk-sync-", sourceLabels: { freshdesk: "Freshdesk (test)" }, sources });

function configured(fd: FakeFreshdesk, http: { maxAttempts?: number } = {}): ConfiguredSource[] {
  return [
    {
      source: freshdeskSource({ baseUrl: fd.url, label: "Freshdesk (test)", rateWindowMs: ACCOUNT.windowMs }),
      http: { baseUrl: fd.url, headers: { authorization: freshdeskAuthorization(KEY) }, budgets: BUDGETS, backoffMs: 20, ...http },
    },
  ];
}

// ---- the fixtures, computed directly (plain arithmetic on the JSON; no bot code but the channel table) ----

type J = Record<string, unknown>;
const t = (iso: unknown) => (typeof iso === "string" ? Date.parse(iso) : Number.NaN);
const inMonth = (ms: number, month: string) => Number.isFinite(ms) && new Date(ms).toISOString().startsWith(month);
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

function direct(month: string) {
  const f = freshdeskFixtures();
  const end = Date.parse(`${month}-01T00:00:00Z`);
  const monthEnd = new Date(end).setUTCMonth(new Date(end).getUTCMonth() + 1);
  const live = f.tickets.filter((x) => x.deleted !== true && x.spam !== true && Number.isFinite(t(x.created_at)));
  const resolvedAt = (x: J) => {
    if (x.status !== 4 && x.status !== 5) return Number.NaN;
    const s = x.stats as J;
    return Number.isFinite(t(s.resolved_at)) ? t(s.resolved_at) : t(s.closed_at);
  };
  const created = live.filter((x) => inMonth(t(x.created_at), month));
  const resolved = live.filter((x) => inMonth(resolvedAt(x), month));
  const byChannel = new Map<string, number>();
  for (const x of created) byChannel.set(freshdeskChannel(x.source), (byChannel.get(freshdeskChannel(x.source)) ?? 0) + 1);
  const scales = new Map(f.surveys.map((s) => [s.id, ((s.questions as J[]).find((q) => q.default === true)!.accepted_ratings as number[]).slice().sort((a, b) => a - b)]));
  const answers = f.satisfaction_ratings.flatMap((r) => {
    const scale = scales.get(r.survey_id as number);
    const at = scale?.indexOf((r.ratings as J).default_question as number) ?? -1;
    return scale && at >= 0 && inMonth(t(r.created_at), month) ? [{ score: at + 1, max: scale.length }] : [];
  });
  return {
    volume: created.length,
    byChannel,
    frt: mean(resolved.flatMap((x) => (Number.isFinite(t((x.stats as J).first_responded_at)) ? [(t((x.stats as J).first_responded_at) - t(x.created_at)) / 1000] : []))),
    resolution: mean(resolved.map((x) => (resolvedAt(x) - t(x.created_at)) / 1000)),
    backlog: live.filter((x) => t(x.created_at) < monthEnd && !(resolvedAt(x) < monthEnd)).length,
    csat: (100 * answers.filter((a) => a.score >= 1 + 0.75 * (a.max - 1)).length) / answers.length,
    csatN: answers.length,
  };
}

describe("Freshdesk sync end to end", () => {
  it("gives the same figures as the fixtures, through a 429 and a dropped connection, never over the account's limit", async () => {
    // Request 3 is refused with Retry-After: 1; request 5 is cut mid-body.
    const fd = await fake({ rateLimit: { 3: 1 }, drop: [5] });
    const { sync, engine } = await synced(configured(fd));
    const [summary] = await sync.runOnce();
    expect(summary).toMatchObject({ source: "freshdesk", error: null });

    // Only the forced 429: the fake's own credit count never refused a request.
    expect(fd.requests.filter((r) => r.status === 429).map((r) => r.n)).toEqual([3]);
    const credits = fd.requests.flatMap((r) => Array<number>(r.credits).fill(r.at));
    expect(busiestWindow(credits, ACCOUNT.windowMs)).toBeLessThanOrEqual(ACCOUNT.credits);
    expect(fd.requests.filter((r) => r.path === "/api/v2/tickets").length).toBeGreaterThan(BUDGETS.tickets!.requests);
    // Retry-After honoured, and the dropped page asked for again.
    expect(fd.requests[3]!.at - fd.requests[2]!.at).toBeGreaterThanOrEqual(1000);
    expect(fd.requests[4]!.dropped).toBe(true);
    expect(fd.requests[5]!.query).toEqual(fd.requests[4]!.query);

    const march = direct("2025-03");
    expect(march.volume).toBeGreaterThan(20);
    expect((await metric(engine, "ticket_volume 2025-03")).result?.value).toBe(march.volume);
    expect((await metric(engine, "frt 2025-03")).result?.value).toBeCloseTo(march.frt, 6);
    expect((await metric(engine, "resolution_time 2025-03")).result?.value).toBeCloseTo(march.resolution, 6);
    expect((await metric(engine, "backlog 2025-03")).result?.value).toBe(march.backlog);
    const csat = await metric(engine, "csat 2025-03");
    expect(csat.result?.value).toBeCloseTo(march.csat, 9);
    expect(csat.result?.n).toBe(march.csatN);
    const channels = await metric(engine, "ticket_volume 2025-03 by channel");
    expect(new Map(channels.breakdown!.rows.map((r) => [r.key, r.result?.value]))).toEqual(march.byChannel);

    const text = renderText(await answer("sources", engine));
    expect(text).toMatch(/Freshdesk \(test\): last synced just now/);
    // The ticket with an impossible date and the ratings off their survey's scale are reported, not counted.
    expect(text).toMatch(/unreadable created_at "2025-03-32T10:00:00Z" \(Freshdesk \(test\)\) 1/);
    expect(text).toMatch(/survey 99 not found \(the rating's scale is unknown\) \(Freshdesk \(test\)\) 1/);
  });

  it("resumes a sync cut off mid-way at the page it stopped on, removes what was deleted since, and duplicates nothing", async () => {
    // The 4th request fails on both tries: the tickets stream stops after its first pages; the other streams still run.
    const fd = await fake({ drop: [4, 5] });
    const { sync, engine, connector } = await synced(configured(fd, { maxAttempts: 2 }));
    const [first] = await sync.runOnce();
    expect(first!.error).toMatch(/^freshdesk\.tickets: Freshdesk \(test\) \/api\/v2\/tickets failed 2 times/);
    const cursor = await connector.helpdesk!.cursor("freshdesk.tickets");
    expect(cursor).not.toBeNull();
    expect((await connector.helpdesk!.counts()).find((c) => c.dataset === "surveys")?.rows).toBeGreaterThan(0);
    expect(renderText(await answer("sources", engine))).toMatch(/Freshdesk \(test\): not synced yet .* last error \(just now\): freshdesk\.tickets: /);

    const before = fd.requests.length;
    const [second] = await sync.runOnce();
    expect(second!.error).toBeNull();
    // The resumed run asked from the saved anchor, not from the first sync's start.
    const saved = JSON.parse(cursor!) as { since: string };
    const resumed = fd.requests.slice(before).find((r) => r.path === "/api/v2/tickets" && r.query.filter === undefined)!;
    expect(Date.parse(resumed.query.updated_since!)).toBe(Date.parse(saved.since) - 1000);

    const counts = async () => new Map((await connector.helpdesk!.counts()).map((c) => [c.dataset, c.rows]));
    const live = freshdeskFixtures().tickets.filter((x) => x.deleted !== true && x.spam !== true && Number.isFinite(t(x.created_at)));
    expect((await counts()).get("tickets")).toBe(live.length);
    expect((await metric(engine, "ticket_volume 2025-03")).result?.value).toBe(direct("2025-03").volume);

    // Ticket 2 moves to the trash after it was synced: the next run removes it. A run over unchanged data changes nothing.
    Object.assign(fd.data.tickets.find((x) => x.id === 2)!, { deleted: true, updated_at: "2025-03-31T23:30:00Z" });
    const [third] = await sync.runOnce();
    expect(third).toMatchObject({ error: null, deleted: 1 });
    expect((await counts()).get("tickets")).toBe(live.length - 1);
    const settled = await counts();
    await sync.runOnce();
    expect(await counts()).toEqual(settled);
    expect(renderText(await answer("sources", engine))).not.toContain("last error");
  });

  it("`npm run sync` pulls Freshdesk once and says what it stored; a wrong key exits 1 without showing it; nothing configured names the variables", async () => {
    const fd = await startFakeFreshdesk({ apiKey: KEY });
    cleanup.push(() => fd.close());
    const cli = await syncCliHarness(cleanup, "freshdesk-cli-");
    const env = { DATA_DIR: cli.dataDir, FRESHDESK_URL: fd.url, FRESHDESK_API_KEY: KEY, LOG_LEVEL: "silent" };
    const ok = await cli.run(env);
    expect(ok.code).toBe(0);
    expect(ok.err).toEqual([]);
    // Trash and spam never stored are nothing to delete; the skipped are the ticket with an impossible date and the two ratings off their scale.
    expect(ok.out.join("\n")).toMatch(/^Freshdesk \(127\.0\.0\.1:\d+\): up to date — \d+ pages, \d+ records stored, 0 deleted, 3 skipped/);
    expect(fd.requests.every((r) => r.headers.authorization === freshdeskAuthorization(KEY))).toBe(true);

    const wrong = await cli.run({ ...env, FRESHDESK_API_KEY: "wrong-key" });
    expect(wrong.code).toBe(1);
    expect(wrong.err.join("\n")).toMatch(/answered 401 .*check the API credentials/);
    expect(wrong.err.join("\n")).not.toContain("wrong-key");

    const none = await cli.run({ DATA_DIR: cli.dataDir });
    expect(none.code).toBe(2);
    expect(none.err.at(-1)).toMatch(/No help desk is configured: .*FRESHDESK_DOMAIN and FRESHDESK_API_KEY/);
  });
});

/**
 * Help-desk sync end to end: the fake Zendesk and LiveAgent servers on
 * loopback (real pagination, 429s, dropped connections, enforced budgets)
 * → the sync engine → DATA_DIR/helpdesk.duckdb → the DuckDB connector →
 * answers. The synced copy gives the same figures as a plain computation
 * over the fixtures; a sync cut off mid-way resumes where it stopped and
 * duplicates nothing; and no budget window ever holds more requests than
 * the budget (budgets are scaled from per-minute to about a second so the
 * test is quick; the pacing code is the same).
 */
import { describe, expect, it } from "vitest";
import { answer } from "../../../src/commands/answer.ts";
import type { ConfiguredSource } from "../../../src/ingest/helpdesk/engine.ts";
import { liveAgentChannel, liveAgentSource } from "../../../src/ingest/helpdesk/liveagent/index.ts";
import type { RateBudget } from "../../../src/ingest/helpdesk/types.ts";
import { zendeskChannel, zendeskSource } from "../../../src/ingest/helpdesk/zendesk/index.ts";
import { renderText } from "../../../src/render/text.ts";
import { startFakeLiveAgent, liveAgentFixtures, type FakeLiveAgent } from "../../fakes/liveagent.ts";
import { startFakeZendesk, zendeskFixtures, type FakeZendesk } from "../../fakes/zendesk.ts";
import { busiestWindow, cleanupAfterEach, metric, syncCliHarness, synced as syncedWith } from "./support.ts";

const AUTH = { email: "lead@acme.com", token: "zd-t0ken" };
const basic = `Basic ${Buffer.from(`${AUTH.email}/token:${AUTH.token}`).toString("base64")}`;

/**
 * Zendesk's 10 incremental requests a minute (which also count against its
 * account-wide 200, leaving the rest 190) and LiveAgent's 180, scaled to a
 * test's patience. The fake Zendesk counts every request against `api`, as Zendesk does.
 */
const ZD_BUDGETS: Record<string, RateBudget> = { incremental: { requests: 3, perMs: 1000 }, api: { requests: 8, perMs: 1000 } };
const ZD_ACCOUNT: RateBudget = { requests: 11, perMs: 1000 };
const LA_BUDGET: RateBudget = { requests: 25, perMs: 1000 };

const cleanup = cleanupAfterEach();

async function fakes(opts: { zendesk?: Parameters<typeof startFakeZendesk>[0]; liveagent?: Parameters<typeof startFakeLiveAgent>[0] } = {}) {
  const zd = await startFakeZendesk({ auth: AUTH, ticketsPageSize: 5, listPageSize: 5, budgets: { incremental: ZD_BUDGETS.incremental!, api: ZD_ACCOUNT }, ...opts.zendesk });
  const la = await startFakeLiveAgent({ budget: LA_BUDGET, ...opts.liveagent });
  cleanup.push(() => zd.close(), () => la.close());
  return { zd, la };
}

const synced = (configured: ConfiguredSource[]) =>
  syncedWith(cleanup, { dirPrefix: "helpdesk-sync-", sourceLabels: { zendesk: "Zendesk (test)", liveagent: "LiveAgent (test)" }, sources: configured });

function sources(zd: FakeZendesk, la: FakeLiveAgent, http: { maxAttempts?: number } = {}): ConfiguredSource[] {
  return [
    {
      source: zendeskSource({ baseUrl: zd.url, label: "Zendesk (test)" }),
      http: { baseUrl: zd.url, headers: { authorization: basic }, budgets: ZD_BUDGETS, backoffMs: 20, ...http },
    },
    {
      source: liveAgentSource({ baseUrl: la.url, label: "LiveAgent (test)", perPage: 10 }),
      http: { baseUrl: la.url, headers: { apikey: la.apiKey }, budgets: { api: LA_BUDGET }, backoffMs: 20, ...http },
    },
  ];
}

// ---- the fixtures, computed directly (plain arithmetic on the JSON, no bot code but the channel tables) ----

type J = Record<string, unknown>;
const t = (iso: unknown) => Date.parse(String(iso));
const laTime = (s: unknown) => (/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/.test(String(s)) && !String(s).startsWith("0000") ? Date.parse(`${String(s).replace(" ", "T")}Z`) : Number.NaN);
const inMonth = (ms: number, month: string) => new Date(ms).toISOString().startsWith(month);
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

function zendeskDirect(month: string) {
  const f = zendeskFixtures();
  const metrics = new Map(f.metric_sets.map((m) => [m.ticket_id, m]));
  const live = f.tickets.filter((x) => x.status !== "deleted");
  const resolved = live.flatMap((x) => {
    if (x.status !== "solved" && x.status !== "closed") return [];
    const m = metrics.get(x.id) as J | undefined;
    const solved = m?.solved_at ? t(m.solved_at) : t(x.created_at) + Number((m?.full_resolution_time_in_minutes as J | undefined)?.calendar) * 60_000;
    const reply = (m?.reply_time_in_minutes as J | undefined)?.calendar;
    return Number.isFinite(solved) && inMonth(solved, month) ? [{ created: t(x.created_at), solved, reply: typeof reply === "number" ? reply * 60 : null }] : [];
  });
  const rated = f.satisfaction_ratings.filter((r) => (r.score === "good" || r.score === "bad") && inMonth(t(r.updated_at), month));
  const byChannel = new Map<string, number>();
  for (const x of live.filter((x) => inMonth(t(x.created_at), month))) {
    const channel = zendeskChannel((x.via as J | undefined)?.channel as string | undefined);
    byChannel.set(channel, (byChannel.get(channel) ?? 0) + 1);
  }
  return {
    volume: live.filter((x) => inMonth(t(x.created_at), month)).length,
    byChannel,
    resolution: mean(resolved.map((r) => (r.solved - r.created) / 1000)),
    frt: mean(resolved.flatMap((r) => (r.reply === null ? [] : [r.reply]))),
    csat: (100 * rated.filter((r) => r.score === "good").length) / rated.length,
    csatN: rated.length,
  };
}

function liveAgentDirect(month: string) {
  const f = liveAgentFixtures();
  const live = f.tickets.filter((x) => x.status !== "X" && x.status !== "B" && !Number.isNaN(laTime(x.date_created)));
  const created = live.filter((x) => inMonth(laTime(x.date_created), month));
  const resolved = live.filter((x) => (x.status === "R" || x.status === "L") && inMonth(laTime(x.date_resolved), month));
  const answered = f.calls.filter((c) => c.type === "I" && !Number.isNaN(laTime(c.dateCreated)) && !Number.isNaN(laTime(c.dateAnswered)) && inMonth(laTime(c.dateCreated), month));
  const byChannel = new Map<string, number>();
  for (const x of created) {
    const channel = liveAgentChannel((x.channel_type as string | undefined) || null);
    byChannel.set(channel, (byChannel.get(channel) ?? 0) + 1);
  }
  return {
    volume: created.length,
    byChannel,
    resolution: mean(resolved.map((x) => (laTime(x.date_resolved) - laTime(x.date_created)) / 1000)),
    asa: mean(answered.map((c) => (laTime(c.dateAnswered) - laTime(c.dateCreated)) / 1000)),
    asaN: answered.length,
  };
}

describe("help-desk sync end to end", () => {
  it("gives the same figures as the fixtures, through 429s and a dropped connection, never over budget", async () => {
    // Zendesk: request 3 is refused with Retry-After: 1, request 5 is cut mid-body. LiveAgent: the same on 4 and 9.
    const { zd, la } = await fakes({ zendesk: { rateLimit: { 3: 1 }, drop: [5] }, liveagent: { rateLimit: { 4: 1 }, drop: [9] } });
    const { sync, engine } = await synced(sources(zd, la));
    const summaries = await sync.runOnce();
    expect(summaries.map((s) => [s.source, s.error])).toEqual([
      ["zendesk", null],
      ["liveagent", null],
    ]);

    // Budgets: only the forced 429s; the fakes' own budget checks never refused a request.
    expect(zd.requests.filter((r) => r.status === 429).map((r) => r.n)).toEqual([3]);
    expect(la.requests.filter((r) => r.status === 429).map((r) => r.n)).toEqual([4]);
    const incremental = zd.requests.filter((r) => r.path.includes("/incremental/")).map((r) => r.at);
    expect(incremental.length).toBeGreaterThan(3);
    expect(busiestWindow(incremental, ZD_BUDGETS.incremental!.perMs)).toBeLessThanOrEqual(ZD_BUDGETS.incremental!.requests);
    expect(busiestWindow(zd.requests.map((r) => r.at), ZD_ACCOUNT.perMs)).toBeLessThanOrEqual(ZD_ACCOUNT.requests);
    expect(busiestWindow(la.requests.map((r) => r.at), LA_BUDGET.perMs)).toBeLessThanOrEqual(LA_BUDGET.requests);
    // Retry-After honoured: the request after the 429 waited at least a second.
    expect(zd.requests[3]!.at - zd.requests[2]!.at).toBeGreaterThanOrEqual(1000);
    // The dropped page was asked for again.
    expect(zd.requests[4]!.dropped).toBe(true);
    expect(zd.requests[5]!.query).toEqual(zd.requests[4]!.query);

    const zdMarch = zendeskDirect("2025-03");
    const laMarch = liveAgentDirect("2024-03");
    expect((await metric(engine, "ticket_volume 2025-03")).result?.value).toBe(zdMarch.volume);
    expect((await metric(engine, "frt 2025-03")).result?.value).toBeCloseTo(zdMarch.frt, 6);
    expect((await metric(engine, "resolution_time 2025-03")).result?.value).toBeCloseTo(zdMarch.resolution, 6);
    const csat = await metric(engine, "csat 2025-03");
    expect(csat.result?.value).toBeCloseTo(zdMarch.csat, 9);
    expect(csat.result?.n).toBe(zdMarch.csatN);
    const channels = await metric(engine, "ticket_volume 2025-03 by channel");
    expect(new Map(channels.breakdown!.rows.map((r) => [r.key, r.result?.value]))).toEqual(zdMarch.byChannel);

    expect((await metric(engine, "ticket_volume 2024-03")).result?.value).toBe(laMarch.volume);
    expect((await metric(engine, "resolution_time 2024-03")).result?.value).toBeCloseTo(laMarch.resolution, 6);
    const asa = await metric(engine, "asa 2024-03");
    expect(asa.result?.value).toBeCloseTo(laMarch.asa, 6);
    expect(asa.result?.n).toBe(laMarch.asaN);
    const laChannels = await metric(engine, "ticket_volume 2024-03 by channel");
    expect(new Map(laChannels.breakdown!.rows.map((r) => [r.key, r.result?.value]))).toEqual(laMarch.byChannel);

    const text = renderText(await answer("sources", engine));
    expect(text).toContain("from synced from LiveAgent (test) and Zendesk (test)");
    expect(text).toMatch(/Zendesk \(test\): last synced just now/);
    expect(text).toMatch(/LiveAgent \(test\): last synced just now/);
    // The LiveAgent ticket with an impossible date is reported, not counted.
    expect(text).toMatch(/date_created "2024-03-32 10:00:00" is not a date \(LiveAgent \(test\)\) 1/);
  });

  it("resumes a sync cut off mid-way at the page it stopped on, and duplicates nothing", async () => {
    // Zendesk's 3rd and LiveAgent's 6th request fail on every try: both runs stop part-way.
    const { zd, la } = await fakes({ zendesk: { drop: [3, 4] }, liveagent: { drop: [6, 7] } });
    const { sync, engine, connector } = await synced(sources(zd, la, { maxAttempts: 2 }));
    const first = await sync.runOnce();
    expect(first.every((s) => s.error !== null)).toBe(true);
    expect(first[0]!.error).toMatch(/^zendesk\.tickets: /);
    // Two ticket pages were stored before the cut; the ratings stream still ran.
    expect(zd.requests.filter((r) => r.path.includes("/incremental/") && r.status === 200 && !r.dropped)).toHaveLength(2);
    expect((await connector.helpdesk!.counts()).find((c) => c.source === "zendesk" && c.dataset === "surveys")?.rows).toBeGreaterThan(0);
    const cursor = await connector.helpdesk!.cursor("zendesk.tickets");
    expect(cursor).not.toBeNull();
    const stoppedText = renderText(await answer("sources", engine));
    expect(stoppedText).toMatch(/Zendesk \(test\): not synced yet \(every 15 min\) — stale; last error \(just now\): zendesk\.tickets: Zendesk \(test\) \/api\/v2\/incremental\/tickets\/cursor\.json failed 2 times/);

    const before = zd.requests.length;
    const second = await sync.runOnce();
    expect(second.map((s) => s.error)).toEqual([null, null]);
    // Zendesk: the resumed run asked for the page after the last stored one, not the start again.
    const resumed = zd.requests.slice(before).filter((r) => r.path.includes("/incremental/"));
    expect(resumed[0]!.query.cursor).toBe(cursor);
    expect(resumed.some((r) => r.query.start_time !== undefined)).toBe(false);

    const counts = new Map((await connector.helpdesk!.counts()).map((c) => [`${c.source}.${c.dataset}`, c.rows]));
    const zdLive = zendeskFixtures().tickets.filter((x) => x.status !== "deleted").length;
    expect(counts.get("zendesk.tickets")).toBe(zdLive);
    expect((await metric(engine, "ticket_volume 2025-03")).result?.value).toBe(zendeskDirect("2025-03").volume);
    expect((await metric(engine, "ticket_volume 2024-03")).result?.value).toBe(liveAgentDirect("2024-03").volume);
    expect((await metric(engine, "asa 2024-03")).result?.n).toBe(liveAgentDirect("2024-03").asaN);

    // A third run over unchanged data stores the same rows again and counts stay put.
    await sync.runOnce();
    expect(new Map((await connector.helpdesk!.counts()).map((c) => [`${c.source}.${c.dataset}`, c.rows]))).toEqual(counts);
    expect(renderText(await answer("sources", engine))).not.toContain("last error");
  });

  it("`npm run sync` pulls the configured help desk once and says what it stored; bad credentials exit 1 with the reason", async () => {
    const zd = await startFakeZendesk({ auth: AUTH });
    cleanup.push(() => zd.close());
    const cli = await syncCliHarness(cleanup, "sync-cli-");
    const env = { DATA_DIR: cli.dataDir, ZENDESK_URL: zd.url, ZENDESK_EMAIL: AUTH.email, ZENDESK_API_TOKEN: AUTH.token, LOG_LEVEL: "silent" };
    const ok = await cli.run(env);
    expect(ok.code).toBe(0);
    // An API token still works, with the warning that Zendesk switches them all off on 30 Apr 2027.
    expect(ok.err).toEqual([expect.stringMatching(/^Warning: ZENDESK_API_TOKEN: .*30 Apr 2027/)]);
    expect(ok.out.join("\n"), ok.out.join("\n")).toMatch(/^Zendesk \(127\.0\.0\.1:\d+, legacy CSAT ratings only\): up to date — \d+ pages, \d+ records stored, 0 deleted, 0 skipped/);

    const wrong = await cli.run({ ...env, ZENDESK_API_TOKEN: "wrong-token" });
    expect(wrong.code).toBe(1);
    expect(wrong.err.join("\n")).toMatch(/answered 401 .*check the API credentials.*allowed for admins only/);
    expect(wrong.err.join("\n")).not.toContain("wrong-token");

    const none = await cli.run({ DATA_DIR: cli.dataDir });
    expect(none.code).toBe(2);
    expect(none.err.at(-1)).toMatch(/No help desk is configured/);
  });
});

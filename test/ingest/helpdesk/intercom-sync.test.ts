/**
 * Intercom sync end to end: the fake Intercom on loopback (documented
 * paging, X-RateLimit-* headers on fixed windows, a 429 without
 * Retry-After, a dropped connection) → the sync engine →
 * DATA_DIR/helpdesk.duckdb → the DuckDB connector → answers. The synced copy
 * gives the same figures as a plain computation over the fixtures; a sync
 * cut off mid-way resumes where it stopped and duplicates nothing; and
 * `npm run sync` names INTERCOM_ACCESS_TOKEN among the help desks it can
 * sync. (The window is scaled from Intercom's 10 s to one second so the
 * test is quick; the pacing code is the same.)
 */
import { describe, expect, it } from "vitest";
import { answer } from "../../../src/commands/answer.ts";
import type { ConfiguredSource } from "../../../src/ingest/helpdesk/engine.ts";
import { intercomChannel, intercomHeaders, intercomResetAt, intercomSource } from "../../../src/ingest/helpdesk/intercom/index.ts";
import type { RateBudget } from "../../../src/ingest/helpdesk/types.ts";
import { createLogger, type Logger } from "../../../src/log.ts";
import { renderText } from "../../../src/render/text.ts";
import { intercomFixtures, startFakeIntercom, type FakeIntercom } from "../../fakes/intercom.ts";
import { cleanupAfterEach, metric, syncCliHarness, synced as syncedWith } from "./support.ts";

const TOKEN = "ic-e2e-t0ken";
/** Intercom's per-window limit, scaled: 6 requests a second. */
const WINDOW: RateBudget = { requests: 6, perMs: 1000 };

const cleanup = cleanupAfterEach();

async function fake(opts: Parameters<typeof startFakeIntercom>[0] = {}): Promise<FakeIntercom> {
  const ic = await startFakeIntercom({ token: TOKEN, window: WINDOW, pageSize: 7, ...opts });
  cleanup.push(() => ic.close());
  return ic;
}

const synced = (sources: ConfiguredSource[], log?: Logger) =>
  syncedWith(cleanup, { dirPrefix: "intercom-sync-", sourceLabels: { intercom: "Intercom (test)" }, sources, ...(log ? { log } : {}) });

function configured(ic: FakeIntercom, http: { maxAttempts?: number } = {}): ConfiguredSource[] {
  return [
    {
      source: intercomSource({ baseUrl: ic.url, label: "Intercom (test)" }),
      // Our own budget is looser than the fake's window: the announced X-RateLimit-Limit is what keeps the sync inside it.
      http: { baseUrl: ic.url, headers: intercomHeaders(TOKEN), budgets: { api: { requests: 50, perMs: WINDOW.perMs } }, resetAt: intercomResetAt, backoffMs: 20, ...http },
    },
  ];
}

// ---- the fixtures, computed directly (plain arithmetic on the JSON, no bot code but the channel table) ----

type J = Record<string, unknown>;
const inMonth = (ms: number, month: string) => new Date(ms).toISOString().startsWith(month);
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

function direct(month: string) {
  const tickets = intercomFixtures().conversations.flatMap((c) => {
    const stats = (c.statistics ?? {}) as J;
    const source = c.source as J;
    // Customer-started: from created_at; otherwise from the customer's first reply (none: not a support request).
    const asked = source.delivered_as === "customer_initiated" ? (c.created_at as number) : (stats.first_contact_reply_at as number | undefined);
    if (asked === undefined) return [];
    const closed = c.state === "closed";
    // Closed without a close time: skipped.
    if (closed && stats.last_close_at === undefined) return [];
    return [{ created: asked * 1000, reply: stats.first_admin_reply_at === undefined ? null : (stats.first_admin_reply_at as number) * 1000, resolved: closed ? (stats.last_close_at as number) * 1000 : null, channel: intercomChannel(source.type as string) }];
  });
  const resolved = tickets.filter((t) => t.resolved !== null && inMonth(t.resolved, month));
  const ratings = intercomFixtures().conversations.flatMap((c) => {
    const r = c.conversation_rating as J | null;
    if (r === null || !Number.isInteger(r.rating) || (r.rating as number) < 1 || (r.rating as number) > 5) return [];
    const at = ((r.updated_at ?? r.created_at) as number) * 1000;
    return inMonth(at, month) ? [r.rating as number] : [];
  });
  const created = tickets.filter((t) => inMonth(t.created, month));
  const byChannel = new Map<string, number>();
  for (const t of created) byChannel.set(t.channel, (byChannel.get(t.channel) ?? 0) + 1);
  return {
    volume: created.length,
    byChannel,
    resolution: mean(resolved.map((t) => (t.resolved! - t.created) / 1000)),
    frt: mean(resolved.flatMap((t) => (t.reply === null ? [] : [(t.reply - t.created) / 1000]))),
    csat: (100 * ratings.filter((s) => s >= 4).length) / ratings.length,
    csatScore: mean(ratings),
    csatN: ratings.length,
  };
}

describe("Intercom sync end to end", () => {
  it("gives the same figures as the fixtures for March 2025, through a 429 and a dropped connection, never over Intercom's window", async () => {
    // Request 3 is refused for a second (429, X-RateLimit-Reset, no Retry-After); request 5 is cut mid-body.
    const ic = await fake({ rateLimit: { 3: 1 }, drop: [5] });
    const logged: string[] = [];
    const { sync, engine } = await synced(configured(ic), createLogger("debug", (l) => logged.push(l)));
    const [summary] = await sync.runOnce();
    expect(summary!.error).toBeNull();
    expect(summary!.skipped).toBe(3);
    // The 429 and the dropped page were logged, without the token.
    expect(logged.join("\n")).toMatch(/rate limit hit[\s\S]*request failed; retrying/);
    expect(logged.join("\n")).not.toContain(TOKEN);

    expect(ic.requests.filter((r) => r.status === 429).map((r) => r.n)).toEqual([3]);
    expect(ic.requests[3]!.at - ic.requests[2]!.at).toBeGreaterThanOrEqual(500);
    expect(ic.requests[4]!.dropped).toBe(true);
    expect(ic.requests[5]!.body).toEqual(ic.requests[4]!.body);
    const perWindow = new Map<number, number>();
    for (const r of ic.requests) perWindow.set(Math.floor(r.at / WINDOW.perMs), (perWindow.get(Math.floor(r.at / WINDOW.perMs)) ?? 0) + 1);
    expect(Math.max(...perWindow.values())).toBeLessThanOrEqual(WINDOW.requests);

    const march = direct("2025-03");
    expect(march.volume).toBeGreaterThan(10);
    expect((await metric(engine, "ticket_volume 2025-03")).result?.value).toBe(march.volume);
    expect((await metric(engine, "frt 2025-03")).result?.value).toBeCloseTo(march.frt, 6);
    expect((await metric(engine, "resolution_time 2025-03")).result?.value).toBeCloseTo(march.resolution, 6);
    const csat = await metric(engine, "csat 2025-03");
    expect(csat.result?.value).toBeCloseTo(march.csat, 9);
    expect(csat.result?.n).toBe(march.csatN);
    expect((await metric(engine, "csat_score 2025-03")).result?.value).toBeCloseTo(march.csatScore, 9);
    const channels = await metric(engine, "ticket_volume 2025-03 by channel");
    expect(new Map(channels.breakdown!.rows.map((r) => [r.key, r.result?.value]))).toEqual(march.byChannel);

    const text = renderText(await answer("sources", engine));
    expect(text).toContain("from synced from Intercom (test)");
    expect(text).toMatch(/Intercom \(test\): last synced just now/);
    expect(text).toMatch(/closed, without statistics\.last_close_at \(when it was closed\) \(Intercom \(test\)\) 1/);
    expect(text).toMatch(/rating 7 is not a whole number from 1 to 5 \(Intercom \(test\)\) 1/);
  });

  it("resumes a sync cut off mid-way at the page it stopped on, and duplicates nothing", async () => {
    // The 4th request fails on both tries: the first run stops after two stored pages.
    const ic = await fake({ drop: [4, 5] });
    const { sync, engine, connector } = await synced(configured(ic, { maxAttempts: 2 }));
    const [first] = await sync.runOnce();
    expect(first!.error).toMatch(/^intercom\.conversations: Intercom \(test\) \/conversations\/search failed 2 times/);
    const cursor = JSON.parse((await connector.helpdesk!.cursor("intercom.conversations"))!) as { after?: string };
    expect(cursor.after).toEqual(expect.any(String));
    expect(renderText(await answer("sources", engine))).toMatch(/Intercom \(test\): not synced yet \(every 15 min\) — stale; last error/);

    const before = ic.requests.length;
    const [second] = await sync.runOnce();
    expect(second!.error).toBeNull();
    const resumed = ic.requests.slice(before).filter((r) => r.path === "/conversations/search");
    expect((resumed[0]!.body as { pagination: { starting_after?: string } }).pagination.starting_after).toBe(cursor.after);

    const counts = new Map((await connector.helpdesk!.counts()).map((c) => [`${c.source}.${c.dataset}`, c.rows]));
    const everything = direct("20");
    expect(counts.get("intercom.tickets")).toBe(everything.volume);
    expect(counts.get("intercom.surveys")).toBe(everything.csatN);
    expect((await metric(engine, "ticket_volume 2025-03")).result?.value).toBe(direct("2025-03").volume);

    // A third run over unchanged data reads the last conversations again and counts stay put.
    await sync.runOnce();
    expect(new Map((await connector.helpdesk!.counts()).map((c) => [`${c.source}.${c.dataset}`, c.rows]))).toEqual(counts);
    expect(renderText(await answer("sources", engine))).not.toContain("last error");
  });

  it("`npm run sync` pulls Intercom with INTERCOM_ACCESS_TOKEN; a wrong token exits 1 without showing it; with no help desk it names INTERCOM_ACCESS_TOKEN", async () => {
    const ic = await startFakeIntercom({ token: TOKEN });
    cleanup.push(() => ic.close());
    const cli = await syncCliHarness(cleanup, "intercom-cli-");
    const env = { DATA_DIR: cli.dataDir, INTERCOM_URL: ic.url, INTERCOM_ACCESS_TOKEN: TOKEN, LOG_LEVEL: "silent" };
    const ok = await cli.run(env);
    expect(ok.code).toBe(0);
    expect(ok.err).toEqual([]);
    expect(ok.out.join("\n")).toMatch(/^Intercom \(127\.0\.0\.1:\d+\): up to date — 1 page, \d+ records stored, 0 deleted, 3 skipped/);

    const wrong = await cli.run({ ...env, INTERCOM_ACCESS_TOKEN: "wrong-t0ken" });
    expect(wrong.code).toBe(1);
    expect(wrong.err.join("\n")).toMatch(/answered 401 .*check the API credentials/);
    expect(wrong.err.join("\n")).not.toContain("wrong-t0ken");

    const none = await cli.run({ DATA_DIR: cli.dataDir });
    expect(none.code).toBe(2);
    expect(none.err.at(-1)).toMatch(/No help desk is configured: .*ZENDESK_CLIENT_ID.*LIVEAGENT_API_KEY.*FRESHDESK_API_KEY.*INTERCOM_ACCESS_TOKEN/);
  });
});

/**
 * The sync engine and its store, over a real DuckDB file and a scripted
 * stream (no HTTP): pages are upserted by id, a page and its cursor land
 * together, a crash resumes at the page it stopped on, runs do not overlap,
 * and staleness is judged against two sync intervals. The connector reads
 * what was synced, and `sources` and digests say how fresh it is.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { answer } from "../../../src/commands/answer.ts";
import { fixedClock, type Clock } from "../../../src/clock.ts";
import { openDuckDbConnector, type DuckDbConnector } from "../../../src/connectors/duckdb/index.ts";
import { SyncEngine, cronIntervalMs, syncStatus, type ConfiguredSource } from "../../../src/ingest/helpdesk/engine.ts";
import { HELPDESK_FILE, type HelpdeskStore } from "../../../src/ingest/helpdesk/store.ts";
import type { SyncBatch, SyncSource, SyncedRow } from "../../../src/ingest/helpdesk/types.ts";
import { silentLogger } from "../../../src/log.ts";
import { DEFAULT_METRIC_OPTIONS } from "../../../src/metrics/types.ts";
import { renderSlack } from "../../../src/render/slack.ts";
import { renderTeams } from "../../../src/render/teams.ts";
import { renderText } from "../../../src/render/text.ts";
import { buildDigest } from "../../../src/schedule/digest.ts";
import type { Digest } from "../../../src/store/store.ts";
import { tempDir } from "../../connectors/support.ts";

const NOW = new Date("2026-11-20T12:00:00Z");
const at = (iso: string) => new Date(iso).getTime();

function ticket(n: number, extra: Partial<SyncedRow> = {}): SyncedRow {
  const created = at("2026-11-16T09:00:00Z") + n * 3_600_000;
  return {
    id: `test:${n}`,
    created_at: created,
    first_response_at: created + 30 * 60_000,
    resolved_at: created + 2 * 3_600_000,
    escalated_at: null,
    channel: n % 2 === 0 ? "email" : "chat",
    agent: "Ana",
    team: "Billing",
    priority: null,
    is_complaint: false,
    ...extra,
  };
}

/** A stream of numbered pages of `size` tickets; the cursor is the next page's number. */
function pagedSource(pages: SyncBatch["upserts"]["tickets"][], opts: { failOnPage?: number; requested?: Array<string | null> } = {}): SyncSource {
  return {
    id: "zendesk",
    label: "Test desk",
    streams: [
      {
        id: "test.tickets",
        datasets: ["tickets"],
        async *pull(cursor) {
          opts.requested?.push(cursor);
          for (let page = cursor === null ? 0 : Number(cursor); page < pages.length; page++) {
            if (opts.failOnPage === page) throw new Error(`connection dropped on page ${page}`);
            yield { upserts: { tickets: pages[page] ?? [] }, cursor: String(page + 1) };
          }
        },
      },
    ],
  };
}

const http: ConfiguredSource["http"] = { baseUrl: "http://127.0.0.1:9", headers: {}, budgets: { api: { requests: 1, perMs: 1000 } } };

let cleanup: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanup.reverse()) await c();
  cleanup = [];
});

async function openStore(clock: Clock = fixedClock(NOW)): Promise<{ connector: DuckDbConnector; store: HelpdeskStore; dir: string }> {
  const dir = await tempDir("sync-engine-");
  const connector = await openDuckDbConnector({ dataDir: dir.path, clock, helpdesk: true, sourceLabels: { zendesk: "Test desk" }, refreshMs: 0 });
  cleanup.push(dir.dispose, () => connector.close?.() ?? Promise.resolve());
  return { connector, store: connector.helpdesk!, dir: dir.path };
}

describe("helpdesk store", () => {
  it("upserts by id: a page applied twice changes nothing, a changed record replaces the old one", async () => {
    const { store } = await openStore();
    const page: SyncBatch = { upserts: { tickets: [ticket(1), ticket(2)] }, cursor: "a" };
    await store.apply("zendesk", "s", page, NOW);
    await store.apply("zendesk", "s", page, NOW);
    await store.apply("zendesk", "s", { upserts: { tickets: [ticket(2, { channel: "phone" })] }, cursor: "b" }, NOW);
    expect(await store.counts()).toEqual([{ dataset: "tickets", source: "zendesk", rows: 2 }]);
    expect(await store.cursor("s")).toBe("b");
  });

  it("keeps the last version when a page holds one id twice, deletes what the source deleted, and records skips", async () => {
    const { store } = await openStore();
    await store.apply("zendesk", "s", { upserts: { tickets: [ticket(1), ticket(2), ticket(3)] }, cursor: "1" }, NOW);
    const applied = await store.apply(
      "zendesk",
      "s",
      {
        upserts: { tickets: [ticket(4, { channel: "web" }), ticket(4, { channel: "phone" })] },
        deletes: { tickets: ["test:1", "test:99"] },
        skipped: [{ dataset: "tickets", id: "test:2", reason: "no creation time" }],
        cursor: "2",
      },
      NOW,
    );
    expect(applied).toEqual({ upserted: 1, deleted: 1, skipped: 1 });
    // test:2 was usable before and is not now: it leaves the data and is reported.
    expect(await store.counts()).toEqual([{ dataset: "tickets", source: "zendesk", rows: 2 }]);
    expect(await store.skipped()).toEqual([{ dataset: "tickets", source: "zendesk", reason: "no creation time", count: 1 }]);
    // Fixed later: back in the data, off the skipped list.
    await store.apply("zendesk", "s", { upserts: { tickets: [ticket(2)] }, cursor: "3" }, NOW);
    expect(await store.skipped()).toEqual([]);
    expect(await store.counts()).toEqual([{ dataset: "tickets", source: "zendesk", rows: 3 }]);
  });

  it("a page that gives a ticket's replies in full removes the replies it no longer has, and a deleted ticket's", async () => {
    const { store } = await openStore();
    const reply = (ticketId: string, n: number): SyncedRow => ({
      id: `${ticketId}:m${n}`,
      ticket_id: ticketId,
      responded_at: at("2026-11-16T10:00:00Z") + n * 60_000,
      response_seconds: 60 * n,
      agent: "Ana",
      channel: "email",
    });
    await store.apply("liveagent", "s", { upserts: { tickets: [ticket(1), ticket(2)], responses: [reply("test:1", 1), reply("test:1", 2), reply("test:2", 1)] }, replacesResponsesOf: ["test:1", "test:2"], cursor: "1" }, NOW);
    // test:1 now has one qualifying reply; test:2 was deleted.
    const applied = await store.apply(
      "liveagent",
      "s",
      { upserts: { tickets: [ticket(1)], responses: [reply("test:1", 2)] }, deletes: { tickets: ["test:2"] }, replacesResponsesOf: ["test:1", "test:2"], cursor: "2" },
      NOW,
    );
    expect(applied.deleted).toBe(3);
    expect(await store.counts()).toEqual([
      { dataset: "responses", source: "liveagent", rows: 1 },
      { dataset: "tickets", source: "liveagent", rows: 1 },
    ]);
  });

  it("stores a page and its cursor together: a page that cannot be stored leaves neither", async () => {
    const { store } = await openStore();
    await store.apply("zendesk", "s", { upserts: { tickets: [ticket(1)] }, cursor: "1" }, NOW);
    const bad = { ...ticket(2), created_at: "yesterday" } as unknown as SyncedRow;
    await expect(store.apply("zendesk", "s", { upserts: { tickets: [ticket(3), bad] }, cursor: "2" }, NOW)).rejects.toThrow(/created_at of test:2 is not an instant/);
    expect(await store.cursor("s")).toBe("1");
    expect(await store.counts()).toEqual([{ dataset: "tickets", source: "zendesk", rows: 1 }]);
  });
});

describe("SyncEngine", () => {
  const pages = [
    [ticket(1), ticket(2), ticket(3)],
    [ticket(4), ticket(5), ticket(6)],
    [ticket(7), ticket(8)],
  ];

  it("resumes after a crash at the page it stopped on, duplicating nothing", async () => {
    const { connector, store } = await openStore();
    const requested: Array<string | null> = [];
    const failing = new SyncEngine({ store, sources: [{ source: pagedSource(pages, { failOnPage: 2, requested }), http }], clock: fixedClock(NOW), since: new Date(0), log: silentLogger });
    const [first] = await failing.runOnce();
    expect(first).toMatchObject({ pages: 2, upserted: 6, error: "test.tickets: connection dropped on page 2" });
    expect(await store.cursor("test.tickets")).toBe("2");

    let reloads = 0;
    const healthy = new SyncEngine({
      store,
      sources: [{ source: pagedSource(pages, { requested }), http }],
      clock: fixedClock(new Date(NOW.getTime() + 60_000)),
      since: new Date(0),
      onSynced: async () => {
        reloads++;
        await connector.reload();
      },
    });
    const [second] = await healthy.runOnce();
    expect(second).toMatchObject({ pages: 1, upserted: 2, error: null });
    expect(requested).toEqual([null, "2"]);
    expect(await store.counts()).toEqual([{ dataset: "tickets", source: "zendesk", rows: 8 }]);
    expect(reloads).toBe(1);

    const [state] = await store.runs();
    expect(state).toMatchObject({ source: "zendesk", lastSuccessAt: new Date(NOW.getTime() + 60_000), lastError: null, lastErrorAt: NOW });
    expect(existsSync(join(connector.dataDir, HELPDESK_FILE))).toBe(true);
  });

  it("joins the run in progress instead of starting a second one", async () => {
    const { store } = await openStore();
    const requested: Array<string | null> = [];
    const engine = new SyncEngine({ store, sources: [{ source: pagedSource(pages, { requested }), http }], clock: fixedClock(NOW), since: new Date(0) });
    const [a, b] = await Promise.all([engine.runOnce(), engine.runOnce()]);
    expect(a).toBe(b);
    expect(requested).toEqual([null]);
  });

  it("judges staleness against two sync intervals", () => {
    expect(cronIntervalMs("*/15 * * * *", NOW)).toBe(15 * 60_000);
    expect(cronIntervalMs("0 * * * *", NOW)).toBe(3_600_000);
    const sources: ConfiguredSource[] = [{ source: pagedSource([]), http }];
    const run = (minutesAgo: number | null, error: string | null = null) => [
      {
        source: "zendesk" as const,
        label: "Test desk",
        lastSuccessAt: minutesAgo === null ? null : new Date(NOW.getTime() - minutesAgo * 60_000),
        lastAttemptAt: NOW,
        lastError: error,
        lastErrorAt: error ? NOW : null,
      },
    ];
    expect(syncStatus(run(29), sources, "*/15 * * * *", NOW)[0]!.stale).toBe(false);
    expect(syncStatus(run(31), sources, "*/15 * * * *", NOW)[0]!.stale).toBe(true);
    expect(syncStatus(run(null), sources, "*/15 * * * *", NOW)[0]!.stale).toBe(true);
    expect(syncStatus([], sources, "*/15 * * * *", NOW)[0]).toMatchObject({ lastSuccessAt: null, stale: true, intervalMs: 900_000 });
  });
});

const digest = (id: string): Digest => ({
  id,
  destination: { platform: "console", workspace: "local", channel: "console" },
  schedule: { cron: "0 9 * * *", timeZone: "UTC" },
  metrics: ["frt"],
  period: "yesterday",
  paused: false,
  createdBy: "console",
  createdAt: NOW,
});

describe("synced data in answers", () => {
  async function syncedEngine(clock: Clock, failOnPage?: number) {
    const { connector, store } = await openStore(clock);
    const sync = new SyncEngine({
      store,
      sources: [{ source: pagedSource([[ticket(1), ticket(2), ticket(3), ticket(4)]], failOnPage === undefined ? {} : { failOnPage }), http }],
      clock,
      since: new Date(0),
      onSynced: () => connector.reload(),
    });
    await sync.runOnce();
    const engine = {
      connector,
      options: DEFAULT_METRIC_OPTIONS,
      clock,
      timeZone: "UTC",
      weekStartsOn: 1 as const,
      defaultPeriod: "last-7-days",
      log: silentLogger,
      sync,
    };
    return { engine, sync, store };
  }

  it("answers from the synced copy, with no sample data mixed in", async () => {
    const { engine } = await syncedEngine(fixedClock(NOW));
    const report = await answer("frt 2026-11-16..2026-11-19", engine);
    expect(report.kind).toBe("metric");
    if (report.kind !== "metric") return;
    expect(report.result).toMatchObject({ value: 1800, n: 4 });
    const sources = await answer("sources", engine);
    const text = renderText(sources);
    expect(text).toContain("from synced from Test desk");
    expect(text).toContain("4 rows used");
    expect(text).toMatch(/Test desk: last synced just now \(every 15 min\)/);
    expect(text).not.toContain("stale");
    // Nothing else: the sample team's surveys are not there.
    expect(text).toMatch(/No data: responses, surveys, calls, customers/);
  });

  it("says in `sources` when the last sync failed, and a digest built on stale data says so", async () => {
    let now = NOW;
    const clock: Clock = { now: () => now };
    const { engine, sync } = await syncedEngine(clock, 0);
    now = new Date(NOW.getTime() + 10 * 60_000);
    expect(renderText(await answer("sources", engine))).toMatch(
      /Test desk: not synced yet \(every 15 min\) — stale; last error \(10 min ago\): test\.tickets: connection dropped on page 0/,
    );
    const report = await buildDigest(digest("d1"), engine, new Date("2026-11-20T09:00:00Z"));
    expect(report.stale).toHaveLength(1);
    expect(renderText(report)).toContain("⚠ Stale data — Test desk: not synced yet (every 15 min) — stale");
    // The same warning on the Slack message and the Teams card.
    expect(JSON.stringify(renderSlack(report))).toContain("⚠ Stale data — Test desk: not synced yet (every 15 min) — stale");
    expect(JSON.stringify(renderTeams(report))).toContain("⚠ Stale data — Test desk: not synced yet (every 15 min) — stale");
    expect((await sync.status())[0]!.stale).toBe(true);
  });

  it("a digest on fresh data carries no warning", async () => {
    const { engine } = await syncedEngine(fixedClock(NOW));
    const report = await buildDigest(digest("d2"), engine, new Date("2026-11-20T09:00:00Z"));
    expect(report.stale).toBeUndefined();
    expect(renderText(report)).not.toContain("Stale");
  });
});

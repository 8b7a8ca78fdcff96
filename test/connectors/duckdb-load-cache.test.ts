/**
 * What loading DATA_DIR counted (skipped rows, duplicates, row counts and
 * spans) is kept between starts, so a one-shot question or a restart does
 * not scan every file again — and never outlives the files it was counted
 * from, nor the "now" its rules were taken at.
 */
import { open as openFile, readFile, rm, stat, utimes, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { fixedClock } from "../../src/clock.ts";
import { openDuckDb } from "../../src/connectors/duckdb/database.ts";
import { openDuckDbConnector } from "../../src/connectors/duckdb/index.ts";
import { DataProblemError } from "../../src/errors.ts";
import { loadCacheFile, openLoadCache } from "../../src/connectors/duckdb/loadCache.ts";
import { within } from "../../src/measures/measures.ts";
import { tempDir, writeParquet } from "./support.ts";

/** Sunday 22 November 2026, 14:05 UTC. */
const NOW = new Date("2026-11-22T14:05:00Z");
const HOUR = 3_600_000;

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});

const SURVEYS = [
  "id,kind,score,scale_min,scale_max,submitted_at,channel",
  "s1,csat,5,1,5,2026-11-03T10:00:00Z,email",
  "s2,csat,2,1,5,2026-11-04T10:00:00Z,chat",
  "s2,csat,4,1,5,2026-11-05T10:00:00Z,chat",
  "s3,csat,9,1,5,2026-11-05T10:00:00Z,chat",
  ",csat,4,1,5,2026-11-05T10:00:00Z,chat",
  // A day and an hour after NOW: the future, for a load at NOW.
  "s5,csat,4,1,5,2026-11-23T15:05:00Z,chat",
].join("\n");

async function dataDir(files: Record<string, string>): Promise<string> {
  const dir = await tempDir("cs-load-cache-");
  cleanups.push(dir.dispose);
  cleanups.push(() => rm(loadCacheFile(dir.path), { force: true }));
  for (const [name, content] of Object.entries(files)) await writeFile(join(dir.path, name), content);
  return dir.path;
}

async function open(dir: string, now = NOW) {
  const c = await openDuckDbConnector({ dataDir: dir, clock: fixedClock(now), sample: false, refreshMs: 0 });
  cleanups.push(async () => c.close?.());
  return c;
}

const countIn = (c: Awaited<ReturnType<typeof open>>, end: Date) =>
  c.measure({ dataset: "surveys", measures: { n: { agg: "count", where: within("submitted_at") } }, range: { start: new Date("2026-11-01T00:00:00Z"), end }, filters: [], timeZone: "UTC" });

describe("the load cache", () => {
  it("a second start reports the same rows used and skipped as the first, from the cache file", async () => {
    const dir = await dataDir({ "surveys.csv": SURVEYS });
    const first = await (await open(dir)).describe();
    expect(first[0]).toMatchObject({ dataset: "surveys", rows: 2 });
    expect(first[0]!.skipped).toEqual([
      { reason: "duplicate id (the last row kept)", count: 1 },
      { reason: "missing id", count: 1 },
      { reason: "score out of range", count: 1 },
      { reason: "submitted_at in the future", count: 1 },
    ].sort((a, b) => b.count - a.count || (a.reason < b.reason ? -1 : 1)));
    const written = JSON.parse(await readFile(loadCacheFile(dir), "utf8")) as { loadedAt: number; results: Record<string, unknown> };
    expect(written.loadedAt).toBe(NOW.getTime());
    expect(Object.keys(written.results).length).toBeGreaterThan(0);

    const again = await (await open(dir, new Date(NOW.getTime() + HOUR))).describe();
    expect(again).toEqual(first);
  });

  it("a changed file is counted afresh: never a figure from before the change", async () => {
    const dir = await dataDir({ "surveys.csv": SURVEYS });
    expect((await (await open(dir)).describe())[0]!.rows).toBe(2);
    await writeFile(join(dir, "surveys.csv"), `${SURVEYS}\ns6,csat,5,1,5,2026-11-06T10:00:00Z,email\ns7,csat,5,1,5,2026-11-06T11:00:00Z,email\n`);
    const c = await open(dir);
    expect((await c.describe())[0]!.rows).toBe(4);
    expect((await countIn(c, new Date("2026-12-01T00:00:00Z"))).total.n).toBe(4);
  });

  it("keeps to the rules of the load that wrote it while a running bot would, then takes 'now' afresh", async () => {
    const dir = await dataDir({ "surveys.csv": SURVEYS });
    await (await open(dir)).describe();
    // Two hours on, s5 (an hour past the old edge) would be in time; a bot started at NOW still skips it, and so does
    // this start: what it reports and what it answers agree.
    const soon = await open(dir, new Date(NOW.getTime() + 2 * HOUR));
    expect((await soon.describe())[0]!.skipped).toContainEqual({ reason: "submitted_at in the future", count: 1 });
    expect((await countIn(soon, new Date("2026-12-01T00:00:00Z"))).total.n).toBe(2);
    // A day on, the cache is too old: s5 is counted.
    const later = await open(dir, new Date(NOW.getTime() + 24 * HOUR));
    expect((await later.describe())[0]!.skipped).not.toContainEqual({ reason: "submitted_at in the future", count: 1 });
    expect((await countIn(later, new Date("2026-12-01T00:00:00Z"))).total.n).toBe(3);
  });

  it("an unreadable cache file only costs a slow start", async () => {
    const dir = await dataDir({ "surveys.csv": SURVEYS });
    await (await open(dir)).describe();
    await writeFile(loadCacheFile(dir), "{ not json");
    expect((await (await open(dir)).describe())[0]!.rows).toBe(2);
  });

  it("a second start makes a dataset's views when a question first reads it; a file broken under the same size and time fails its own dataset, by name", async () => {
    const dir = await dataDir({});
    const writer = await openDuckDb({ connections: 1 });
    cleanups.push(() => writer.close());
    const at = (iso: string) => Date.parse(iso);
    await writeParquet(writer, join(dir, "surveys.parquet"), "surveys", [
      { id: "s1", kind: "csat", score: 5, scale_min: 1, scale_max: 5, submitted_at: at("2026-11-03T10:00:00Z"), responded_at: null, channel: "email", agent: null, team: null, ticket_id: null, customer_id: null, question: null },
      { id: "s2", kind: "csat", score: 2, scale_min: 1, scale_max: 5, submitted_at: at("2026-11-04T10:00:00Z"), responded_at: null, channel: "chat", agent: null, team: null, ticket_id: null, customer_id: null, question: null },
    ]);
    await writeParquet(writer, join(dir, "tickets.parquet"), "tickets", [
      { id: "t1", created_at: at("2026-11-10T09:00:00Z"), first_response_at: null, resolved_at: null, escalated_at: null, channel: "email", agent: null, team: null, priority: null, is_complaint: false },
    ]);
    // Whole seconds, so the times can be put back exactly.
    const when = new Date("2026-11-21T08:00:00Z");
    for (const f of ["surveys.parquet", "tickets.parquet"]) await utimes(join(dir, f), when, when);
    const first = await open(dir);
    const described = await first.describe();
    expect(described.map((i) => [i.dataset, i.rows, i.problems])).toEqual([["tickets", 1, undefined], ["surveys", 2, undefined]]);
    await first.close?.();

    // The tickets file's footer length is damaged; its size and time are as before, so the folder's signature is too.
    const tickets = join(dir, "tickets.parquet");
    const { size } = await stat(tickets);
    const handle = await openFile(tickets, "r+");
    await handle.write(Buffer.from([0xff, 0xff, 0xff, 0x7f]), 0, 4, size - 8);
    await handle.close();
    await utimes(tickets, when, when);

    const second = await open(dir);
    // Nothing has read the tickets yet: what the first start counted is reported.
    expect(await second.describe()).toEqual(described);
    expect((await countIn(second, new Date("2026-12-01T00:00:00Z"))).total.n).toBe(2);
    const failed = await second
      .measure({ dataset: "tickets", measures: { n: { agg: "count" } }, range: { start: new Date("2026-11-01T00:00:00Z"), end: new Date("2026-12-01T00:00:00Z") }, filters: [], timeZone: "UTC" })
      .then(() => null, (e: unknown) => e);
    expect(failed).toBeInstanceOf(DataProblemError);
    expect((failed as DataProblemError).problems.join(" ")).toMatch(/^tickets\.parquet could not be read as Parquet: /);
    // Reported from then on, and the other dataset keeps answering.
    expect((await second.describe()).find((i) => i.dataset === "tickets")?.problems).toEqual((failed as DataProblemError).problems);
    expect((await countIn(second, new Date("2026-12-01T00:00:00Z"))).total.n).toBe(2);
  });

  it("brings back dates and big integers as they were", async () => {
    const dir = await dataDir({});
    const cache = await openLoadCache(dir, "sig", NOW, HOUR);
    const rows = [{ n: 12n, first: new Date("2026-11-03T10:00:00Z"), none: null, label: "x" }];
    expect(await cache.rows("SELECT 1", async () => rows)).toBe(rows);
    await cache.save();
    const reopened = await openLoadCache(dir, "sig", NOW, HOUR);
    expect(await reopened.rows("SELECT 1", async () => [])).toEqual(rows);
    // Another folder signature: nothing from before.
    const changed = await openLoadCache(dir, "other", NOW, HOUR);
    expect(await changed.rows("SELECT 1", async () => [{ n: 1 }])).toEqual([{ n: 1 }]);
  });
});

/**
 * Closed periods from cache (cache.ts) over the real DuckDB connector and a
 * real DATA_DIR: a repeated question asks the engine only for the period
 * still open; a changed file is a new figure at once; a connector that cannot
 * say when its data changes is cached for its TTL only; the cache keeps to
 * its size, dropping the least recently used.
 */
import { appendFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { fixedClock, type Clock } from "../../src/clock.ts";
import { cacheClosedPeriods, ResultCache } from "../../src/connectors/cache.ts";
import type { Connector } from "../../src/connectors/connector.ts";
import { openDuckDbConnector } from "../../src/connectors/duckdb/index.ts";
import { createMemoryConnector } from "../../src/connectors/memory.ts";
import type { PeriodsQuery } from "../../src/connectors/periods.ts";
import { and, field, within, type Cond } from "../../src/measures/measures.ts";
import { tempDir } from "./support.ts";

/** Wednesday 18 November 2026, 12:00 UTC: the week of 16 November is open, the weeks before it have ended. */
const NOW = new Date("2026-11-18T12:00:00Z");
const week = (isoMonday: string) => ({ start: new Date(`${isoMonday}T00:00:00Z`), end: new Date(new Date(`${isoMonday}T00:00:00Z`).getTime() + 7 * 86_400_000) });
const WEEK_OF_2_NOV = week("2026-11-02");
const WEEK_OF_9_NOV = week("2026-11-09");
const THIS_WEEK = { start: week("2026-11-16").start, end: NOW };

const csat: Cond = and({ eq: "kind", value: "csat" }, within("submitted_at"));
const QUESTION: PeriodsQuery = {
  dataset: "surveys",
  measures: { answers: { agg: "count", where: csat }, score: { agg: "moments", of: field("score"), where: csat } },
  ranges: [THIS_WEEK, WEEK_OF_9_NOV, WEEK_OF_2_NOV],
  filters: [],
  groupBy: "channel",
  timeZone: "UTC",
};

const HEADER = "id,kind,score,scale_min,scale_max,submitted_at,channel\n";
const SURVEYS = [
  "s1,csat,5,1,5,2026-11-03T10:00:00Z,email",
  "s2,csat,3,1,5,2026-11-10T10:00:00Z,chat",
  "s3,csat,4,1,5,2026-11-11T10:00:00Z,email",
  "s4,csat,2,1,5,2026-11-17T10:00:00Z,email",
].join("\n");

/** The ranges each question asked `inner` for, as "start…end" per call. */
function observed<C extends Connector>(inner: C): { connector: C; asked: string[][] } {
  const asked: string[][] = [];
  const connector = Object.create(inner) as C;
  connector.measurePeriods = async (q) => {
    asked.push(q.ranges.map((r) => `${r.start.toISOString().slice(0, 10)}…${r.end.toISOString().slice(0, 10)}`));
    return inner.measurePeriods!(q);
  };
  return { connector, asked };
}

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});

async function duckOver(csv: string, clock: Clock) {
  const dir = await tempDir("cs-cache-");
  cleanups.push(dir.dispose);
  await writeFile(join(dir.path, "surveys.csv"), HEADER + csv + "\n");
  // Answers look at the files only every hour: the cache must not wait for that.
  const duck = await openDuckDbConnector({ dataDir: dir.path, clock, sample: false, refreshMs: 3_600_000 });
  cleanups.push(async () => duck.close?.());
  return { dir: dir.path, duck };
}

describe("closed periods from cache", () => {
  it("keeps the trend's ended weeks under the measures they were asked, with or without the current week's first-only median", async () => {
    const clock = fixedClock(NOW);
    const { duck } = await duckOver(SURVEYS, clock);
    const calls: Array<{ ranges: string[]; measures: string[]; firstOnly: string[] }> = [];
    const inner = Object.create(duck) as typeof duck;
    inner.measurePeriods = async (q) => {
      calls.push({ ranges: q.ranges.map((r) => r.start.toISOString().slice(0, 10)), measures: Object.keys(q.measures), firstOnly: q.firstOnly ?? [] });
      return duck.measurePeriods!(q);
    };
    const cached = cacheClosedPeriods(inner, { clock });
    const withMedian: PeriodsQuery = { ...QUESTION, measures: { ...QUESTION.measures, median: { agg: "quantile", of: field("score"), q: 0.5, where: csat } }, firstOnly: ["median"] };
    const first = await cached.measurePeriods!(withMedian);
    // This week's median; the ended weeks read it as over no rows, their groups only those the other measures count.
    expect(first[0]!.groups!.map((g) => [g.key, g.values.median])).toEqual([["email", 2]]);
    expect(first.slice(1).flatMap((r) => [r.total.median, ...r.groups!.map((g) => g.values.median)])).toEqual([null, null, null, null, null]);
    // The same question without the median: the ended weeks come from the cache.
    const plain = await cached.measurePeriods!(QUESTION);
    expect(plain.slice(1)).toEqual(first.slice(1).map((r) => ({ total: { answers: r.total.answers, score: r.total.score }, groups: r.groups!.map((g) => ({ key: g.key, values: { answers: g.values.answers, score: g.values.score } })) })));
    // A week that has ended asked first: the median is asked of it, and nothing is asked of the cached weeks.
    const lastWeekFirst: PeriodsQuery = { ...withMedian, ranges: [WEEK_OF_9_NOV, WEEK_OF_2_NOV] };
    const again = await cached.measurePeriods!(lastWeekFirst);
    expect(again[0]!.total.median).toBe(3.5);
    expect(again[1]!.total.median).toBeNull();
    expect(calls).toEqual([
      { ranges: ["2026-11-16", "2026-11-09", "2026-11-02"], measures: ["answers", "score", "median"], firstOnly: ["median"] },
      { ranges: ["2026-11-16"], measures: ["answers", "score"], firstOnly: [] },
      { ranges: ["2026-11-09"], measures: ["answers", "score", "median"], firstOnly: ["median"] },
    ]);
    // Asked again, all from the cache.
    expect(await cached.measurePeriods!(lastWeekFirst)).toEqual(again);
    expect(calls).toHaveLength(3);
  });

  it("asks DuckDB again only for the week still open (16–18 November 2026) when the question is repeated", async () => {
    const clock = fixedClock(NOW);
    const { duck } = await duckOver(SURVEYS, clock);
    const { connector: inner, asked } = observed(duck);
    const cached = cacheClosedPeriods(inner, { clock });
    const first = await cached.measurePeriods!(QUESTION);
    const second = await cached.measurePeriods!(QUESTION);
    expect(asked).toEqual([["2026-11-16…2026-11-18", "2026-11-09…2026-11-16", "2026-11-02…2026-11-09"], ["2026-11-16…2026-11-18"]]);
    expect(second).toEqual(first);
    expect(first.map((r) => r.total.answers)).toEqual([1, 2, 1]);
    expect(first[1]!.groups?.map((g) => [g.key, g.values.answers])).toEqual([["chat", 1], ["email", 1]]);
    // The same question with a filter is another question.
    await cached.measurePeriods!({ ...QUESTION, filters: [{ field: "channel", values: ["email"] }] });
    expect(asked).toHaveLength(3);
    expect(asked[2]).toHaveLength(3);
  });

  it("gives the new figure for the week of 9 November 2026 as soon as surveys.csv gets a row for it", async () => {
    const clock = fixedClock(NOW);
    const { dir, duck } = await duckOver(SURVEYS, clock);
    const cached = cacheClosedPeriods(duck, { clock });
    const before = await cached.measurePeriods!(QUESTION);
    expect(before[1]!.total.score).toEqual({ n: 2, sum: 7, sumSq: 25 });
    await appendFile(join(dir, "surveys.csv"), "s5,csat,1,1,5,2026-11-12T10:00:00Z,chat\n");
    const after = await cached.measurePeriods!(QUESTION);
    expect(after[1]!.total.score).toEqual({ n: 3, sum: 8, sumSq: 26 });
    expect(after[1]!.groups?.find((g) => g.key === "chat")?.values.answers).toBe(2);
    // A single-period question reads the same version.
    const { ranges: _r, ...single } = QUESTION;
    expect((await cached.measure({ ...single, range: WEEK_OF_9_NOV })).total.answers).toBe(3);
  });

  it("keeps a Postgres-like connector's ended periods for its TTL only, and none without a TTL", async () => {
    let now = NOW;
    const clock: Clock = { now: () => new Date(now.getTime()) };
    const rows = [{ id: "s2", kind: "csat", score: 3, scale_min: 1, scale_max: 5, submitted_at: Date.parse("2026-11-10T10:00:00Z"), channel: "chat" }];
    const { connector: inner, asked } = observed(createMemoryConnector({ surveys: rows }));
    const withTtl = cacheClosedPeriods(inner, { clock, ttlMs: 60_000 });
    const question = { ...QUESTION, ranges: [WEEK_OF_9_NOV] };
    await withTtl.measurePeriods!(question);
    await withTtl.measurePeriods!(question);
    expect(asked).toHaveLength(1);
    now = new Date(NOW.getTime() + 61_000);
    await withTtl.measurePeriods!(question);
    expect(asked).toHaveLength(2);
    const withoutTtl = cacheClosedPeriods(inner, { clock });
    await withoutTtl.measurePeriods!(question);
    await withoutTtl.measurePeriods!(question);
    expect(asked).toHaveLength(4);
  });

  it("holds no more than its size, dropping the least recently used result first", () => {
    const result = (n: number) => ({ total: { answers: n } });
    const one = 2 * ("k1".length + JSON.stringify(result(1)).length);
    const cache = new ResultCache(3 * one);
    cache.set("k1", result(1), Infinity);
    cache.set("k2", result(2), Infinity);
    cache.set("k3", result(3), Infinity);
    expect(cache.get("k1", 0)).toEqual(result(1)); // k1 used: k2 is now the least recent
    cache.set("k4", result(4), Infinity);
    expect(cache.size).toEqual({ entries: 3, bytes: 3 * one });
    expect(cache.get("k2", 0)).toBeUndefined();
    expect([cache.get("k1", 0), cache.get("k3", 0), cache.get("k4", 0)]).toEqual([result(1), result(3), result(4)]);
  });
});

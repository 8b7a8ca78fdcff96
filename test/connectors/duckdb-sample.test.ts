/**
 * First start: an empty DATA_DIR gets the sample data as Parquet, and the
 * DuckDB connector over those files answers every metric exactly as the
 * in-memory reference over the same generated rows.
 */
import { readdir, readFile, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Engine } from "../../src/commands/answer.ts";
import { fixedClock } from "../../src/clock.ts";
import { dimensionsOf } from "../../src/measures/datasets.ts";
import { openDuckDbConnector, type DuckDbConnector } from "../../src/connectors/duckdb/index.ts";
import { ensureSampleData } from "../../src/connectors/duckdb/sample.ts";
import { sampleConnector } from "../../src/ingest/sample/index.ts";
import { CATALOG } from "../../src/metrics/catalog/index.ts";
import { renderText } from "../../src/render/text.ts";
import { ask, engineOver, NOW } from "../helpers.ts";
import { tempDir } from "./support.ts";

const HOUR = 3_600_000;
let dir: { path: string; dispose: () => Promise<void> };
let duck: DuckDbConnector;
let onDuckDb: Engine;
let inMemory: Engine;

beforeAll(async () => {
  dir = await tempDir("cs-sample-");
  duck = await openDuckDbConnector({ dataDir: join(dir.path, "data"), clock: fixedClock(NOW) });
  onDuckDb = engineOver({}, { connector: duck });
  inMemory = engineOver({}, { connector: sampleConnector(NOW) });
}, 60_000);
afterAll(async () => {
  await duck?.close?.();
  await dir?.dispose();
});

describe("the sample data on first start (22 November 2026 14:05 UTC, DATA_DIR missing)", () => {
  it("writes one Parquet file per dataset and a marker holding the end instant", async () => {
    const names = (await readdir(join(dir.path, "data"))).sort();
    expect(names).toEqual([
      ".sample.json",
      "calls.parquet",
      "customers.parquet",
      "engagement.parquet",
      "feedback.parquet",
      "orders.parquet",
      "quality_reviews.parquet",
      "responses.parquet",
      "sessions.parquet",
      "surveys.parquet",
      "tickets.parquet",
    ]);
    const marker = JSON.parse(await readFile(join(dir.path, "data", ".sample.json"), "utf8")) as { end: string; files: Record<string, number> };
    expect(marker.end).toBe("2026-11-22T14:05:00.000Z");
    expect(Object.keys(marker.files)).toHaveLength(10);
  });

  it("describes the ten datasets as sample data, with the same rows and coverage as the in-memory sample", async () => {
    const [fromFiles, fromMemory] = await Promise.all([duck.describe(), sampleConnector(NOW).describe()]);
    expect(fromFiles.map((i) => [i.dataset, i.rows, i.firstAt, i.latestAt])).toEqual(fromMemory.map((i) => [i.dataset, i.rows, i.firstAt, i.latestAt]));
    expect(fromFiles[0]!.source).toBe("tickets.parquet — sample data (fictional team)");
    expect(fromFiles.every((i) => i.skipped.length === 0)).toBe(true);
  });

  it("answers every metric, for last month and broken down for last week, exactly as the in-memory sample", async () => {
    for (const def of CATALOG) {
      const dimension = dimensionsOf(def.dataset)[0];
      for (const question of [`${def.id} last-month`, ...(dimension ? [`${def.id} last-week by ${dimension}`] : [])]) {
        const [files, memory] = await Promise.all([ask(onDuckDb, question), ask(inMemory, question)]);
        expect(files.kind, question).toBe("metric");
        expect(renderText(files), question).toBe(renderText(memory));
      }
    }
  }, 60_000);
});

describe("stale sample data", () => {
  it("is kept while less than a day old and written again, ending at the new now, when older", async () => {
    const data = join(dir.path, "data");
    const before = (await stat(join(data, "tickets.parquet"))).mtimeMs;
    expect(await ensureSampleData(data, new Date(NOW.getTime() + 3 * HOUR))).toMatchObject({ wrote: false });
    expect((await stat(join(data, "tickets.parquet"))).mtimeMs).toBe(before);
    const later = new Date(NOW.getTime() + 26 * HOUR);
    expect(await ensureSampleData(data, later)).toMatchObject({ wrote: true, end: later });
    expect(JSON.parse(await readFile(join(data, ".sample.json"), "utf8")).end).toBe(later.toISOString());
  }, 60_000);

  it("is no longer read, nor mixed with the team's data, once a file of the team's own is added beside it", async () => {
    await writeFile(join(dir.path, "data", "tickets.csv"), "id,created_at,channel,is_complaint\nt1,2026-11-10T09:00:00Z,email,false\n");
    await duck.reload();
    const infos = await duck.describe();
    expect(infos.map((i) => [i.dataset, i.source, i.rows])).toEqual([["tickets", "tickets.csv", 1]]);
    expect((await ask(onDuckDb, "ticket_volume last-week")).kind).toBe("metric");
  });

  it("is never written into a DATA_DIR that holds a file of the team's own", async () => {
    const own = await tempDir("cs-own-");
    try {
      await writeFile(join(own.path, "tickets.csv"), "id,created_at,channel,is_complaint\nt1,2026-11-02T09:00:00Z,email,false\n");
      expect(await ensureSampleData(own.path, NOW)).toMatchObject({ wrote: false });
      expect(await readdir(own.path)).toEqual(["tickets.csv"]);
    } finally {
      await own.dispose();
    }
  });
});

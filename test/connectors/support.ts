/**
 * Test support for the SQL connectors: rows (as the memory connector holds
 * them) written to real Parquet files for DuckDB, and into real Postgres
 * tables of a schema of the test's own.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import type { DuckDb } from "../../src/connectors/duckdb/database.ts";
import { stageRows, typedSelect } from "../../src/connectors/duckdb/rows.ts";
import { DATASETS, type DatasetId, type Row } from "../../src/measures/datasets.ts";
import { sqlString } from "../../src/connectors/sql/identifiers.ts";

/** Somebody else's export: 5,000 calls, January–March 2021 (see test/fixtures/call-centre/README.md). */
export const CALL_CENTRE_CSV = fileURLToPath(new URL("../fixtures/call-centre/call-centre-2021q1.csv", import.meta.url));

/** A fresh temporary folder; `dispose` removes it. */
export async function tempDir(prefix = "cs-bot-"): Promise<{ path: string; dispose: () => Promise<void> }> {
  const path = await mkdtemp(join(tmpdir(), prefix));
  return { path, dispose: () => rm(path, { recursive: true, force: true }) };
}

let staged = 0;
/** Writes rows as `<dataset>.parquet`-shaped Parquet at `path` (times as TIMESTAMPTZ, numbers DOUBLE). */
export async function writeParquet(db: DuckDb, path: string, dataset: DatasetId, rows: readonly Row[]): Promise<void> {
  const table = `stage_${dataset}_${++staged}`;
  await stageRows(db, table, dataset, rows);
  await db.exec(`COPY (${typedSelect(dataset, table)}) TO ${sqlString(path)} (FORMAT parquet)`);
  await db.exec(`DROP TABLE "${table}"`);
}

const PG_TYPES = { string: "TEXT", number: "DOUBLE PRECISION", boolean: "BOOLEAN", time: "TIMESTAMPTZ" } as const;
const ARRAY_TYPES = { string: "TEXT[]", number: "DOUBLE PRECISION[]", boolean: "BOOLEAN[]", time: "TIMESTAMPTZ[]" } as const;

/** Creates a table per dataset in `schema` (created if missing), with the dataset's fields and types. */
export async function createPgTables(client: pg.ClientBase, schema: string, datasets: readonly DatasetId[]): Promise<void> {
  await client.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
  for (const dataset of datasets) {
    const cols = Object.entries(DATASETS[dataset].fields).map(([name, f]) => `"${name}" ${PG_TYPES[f.type]}`);
    await client.query(`CREATE TABLE IF NOT EXISTS "${schema}"."${dataset}" (${cols.join(", ")})`);
  }
}

/** Replaces the rows of `schema.dataset` with `rows`, in one INSERT … SELECT FROM unnest(arrays). */
export async function loadPgRows(client: pg.ClientBase, schema: string, dataset: DatasetId, rows: readonly Row[]): Promise<void> {
  await client.query(`TRUNCATE "${schema}"."${dataset}"`);
  if (rows.length === 0) return;
  const fields = Object.entries(DATASETS[dataset].fields);
  const arrays = fields.map(([name, f]) =>
    rows.map((r) => {
      const v = r[name];
      if (v === null || v === undefined) return null;
      return f.type === "time" ? new Date(v as number).toISOString() : v;
    }),
  );
  const unnest = fields.map(([, f], i) => `CAST($${i + 1} AS ${ARRAY_TYPES[f.type]})`).join(", ");
  await client.query(`INSERT INTO "${schema}"."${dataset}" SELECT * FROM unnest(${unnest})`, arrays);
}

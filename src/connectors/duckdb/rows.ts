/**
 * Rows held in JavaScript (the sample generator's, a test's) into DuckDB: a
 * staging table filled through the appender in columnar chunks, then a typed
 * SELECT over it (times as TIMESTAMPTZ, numbers as DOUBLE). Used to write the
 * sample data as Parquet and to load test rows; never on the query path.
 *
 * @example
 * await stageRows(db, "stage_tickets", "tickets", rows);
 * await db.exec(`COPY (${typedSelect("tickets", "stage_tickets")}) TO 'tickets.parquet' (FORMAT parquet)`);
 */
import { duckdb } from "./api.ts";

const { BOOLEAN, DOUBLE, DuckDBDataChunk, VARCHAR } = duckdb;
import { DATASETS, type DatasetId, type Row } from "../../measures/datasets.ts";
import { quoteIdent } from "../sql/identifiers.ts";
import type { DuckDb } from "./database.ts";

const CHUNK = 2048;

/** Creates `table` (replacing it) with the dataset's fields, times as epoch-ms doubles, and appends `rows`. */
export async function stageRows(db: DuckDb, table: string, dataset: DatasetId, rows: readonly Row[]): Promise<void> {
  const fields = Object.entries(DATASETS[dataset].fields);
  const columns = fields.map(([name, f]) => `${quoteIdent(name)} ${f.type === "string" ? "VARCHAR" : f.type === "boolean" ? "BOOLEAN" : "DOUBLE"}`);
  await db.exec(`CREATE OR REPLACE TABLE ${quoteIdent(table)} (${columns.join(", ")})`);
  if (rows.length === 0) return;
  await db.withConnection(async (c) => {
    const appender = await c.createAppender(table);
    const types = fields.map(([, f]) => (f.type === "string" ? VARCHAR : f.type === "boolean" ? BOOLEAN : DOUBLE));
    const chunk = DuckDBDataChunk.create(types);
    try {
      for (let from = 0; from < rows.length; from += CHUNK) {
        const n = Math.min(CHUNK, rows.length - from);
        chunk.reset();
        chunk.rowCount = n;
        fields.forEach(([name, f], k) => {
          const values = new Array<string | number | boolean | null>(n);
          for (let j = 0; j < n; j++) {
            const v = rows[from + j]![name];
            values[j] = v === undefined || v === null || (typeof v === "number" && Number.isNaN(v)) ? null : v;
            if (values[j] !== null && typeof values[j] !== (f.type === "time" ? "number" : f.type)) {
              throw new Error(`Dataset "${dataset}", row ${from + j}: field "${name}" should be a ${f.type}, got ${JSON.stringify(v)}`);
            }
          }
          chunk.setColumnValues(k, values);
        });
        appender.appendDataChunk(chunk);
      }
      appender.flushSync();
    } finally {
      appender.closeSync();
    }
  });
}

/** SELECT of a staged table with the dataset's types: times from epoch ms to TIMESTAMPTZ (exact to the millisecond). */
export function typedSelect(dataset: DatasetId, table: string): string {
  const cols = Object.entries(DATASETS[dataset].fields).map(([name, f]) => {
    const c = quoteIdent(name);
    return f.type === "time" ? `timezone('UTC', make_timestamp(CAST(${c} * 1000 AS BIGINT))) AS ${c}` : c;
  });
  return `SELECT ${cols.join(", ")} FROM ${quoteIdent(table)}`;
}

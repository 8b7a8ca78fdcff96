/**
 * The local copy of the help desks: a DuckDB file (DATA_DIR/helpdesk.duckdb)
 * attached to the connector's DuckDB as `helpdesk`, so commands read synced
 * rows with the same SQL as the team's files, and never wait on a help desk.
 *
 * - One table per synced dataset (tickets, responses, surveys, calls) with
 *   the catalog's columns, plus `source` and `synced_at`; `id` is the primary
 *   key, so a page applied twice changes nothing (upsert).
 * - `skipped`: records a source sent that could not be used, with why
 *   (`sources` reports them; a record fixed later leaves the list).
 * - `cursors`: where each stream resumes. A page's rows, deletions, skips and
 *   the cursor after it are written in ONE transaction: a crash loses at most
 *   the page in flight, and the next run asks for that page again.
 * - `runs`: per source, the last successful sync and the last error.
 *
 * @example
 * const store = await attachHelpdeskStore(db, join(dataDir, HELPDESK_FILE));
 * await store.apply("zendesk", "zendesk.tickets", batch, new Date());
 * await store.cursor("zendesk.tickets"); // → the batch's cursor
 */
import { DATASETS, type FieldType } from "../../measures/datasets.ts";
import type { DuckDb } from "../../connectors/duckdb/database.ts";
import { quoteIdent, sqlString } from "../../connectors/sql/identifiers.ts";
import { SYNCED_DATASETS, type SyncBatch, type SyncedDataset, type SyncedRow, type SyncSource } from "./types.ts";

export const HELPDESK_FILE = "helpdesk.duckdb";
/** The catalog name the file is attached as. */
export const HELPDESK = "helpdesk";

const SQL_TYPE: Record<FieldType, string> = { string: "VARCHAR", number: "DOUBLE", boolean: "BOOLEAN", time: "TIMESTAMPTZ" };

/** The last run of one source, for `sources` and stale digests. */
export interface SyncRunState {
  source: SyncSource["id"];
  label: string;
  /** When the last sync that finished every stream without error finished. */
  lastSuccessAt: Date | null;
  lastAttemptAt: Date | null;
  /** The last run's error; null once a later run succeeded. */
  lastError: string | null;
  lastErrorAt: Date | null;
}

export interface HelpdeskStore {
  /** The file. */
  readonly file: string;
  /** Stores one page and the cursor after it, atomically. */
  apply(source: SyncSource["id"], stream: string, batch: SyncBatch, at: Date): Promise<{ upserted: number; deleted: number; skipped: number }>;
  cursor(stream: string): Promise<string | null>;
  /** Records how a source's run ended: `error` null means every stream finished. */
  finishRun(source: SyncSource["id"], label: string, at: Date, error: string | null): Promise<void>;
  runs(): Promise<SyncRunState[]>;
  /** Rows per synced dataset and source (pairs with none are absent). */
  counts(): Promise<Array<{ dataset: SyncedDataset; source: string; rows: number }>>;
  /** Records skipped per dataset, source and reason. */
  skipped(): Promise<Array<{ dataset: SyncedDataset; source: string; reason: string; count: number }>>;
  /** `SELECT` of a dataset's catalog fields from its table, for the connector's views. */
  select(dataset: SyncedDataset): string;
}

/** Column names of a synced table: `id` first, then the catalog's fields. */
export function syncedColumns(dataset: SyncedDataset): Array<{ name: string; type: FieldType }> {
  const fields = Object.entries(DATASETS[dataset].fields).map(([name, f]) => ({ name, type: f.type }));
  return fields.some((f) => f.name === "id") ? fields : [{ name: "id", type: "string" }, ...fields];
}

const table = (name: string) => `${HELPDESK}.main.${quoteIdent(name)}`;

/** Attaches the file (created when absent) and makes sure its tables exist. */
export async function attachHelpdeskStore(db: DuckDb, file: string): Promise<HelpdeskStore> {
  const attached = await db.query("SELECT database_name FROM duckdb_databases() WHERE database_name = ?", [HELPDESK]);
  if (attached.length === 0) {
    try {
      await db.exec(`ATTACH ${sqlString(file)} AS ${HELPDESK}`);
    } catch (e) {
      const message = e instanceof Error ? e.message.split("\n")[0]! : String(e);
      if (/lock/i.test(message)) {
        throw new Error(`${file} is in use by another process (a running bot syncs on its own schedule; stop it or let it sync): ${message}`, { cause: e });
      }
      throw e;
    }
  }
  for (const dataset of SYNCED_DATASETS) {
    const cols = syncedColumns(dataset).map((c) => `${quoteIdent(c.name)} ${SQL_TYPE[c.type]}${c.name === "id" ? " PRIMARY KEY" : ""}`);
    await db.exec(`CREATE TABLE IF NOT EXISTS ${table(dataset)} (${cols.join(", ")}, "source" VARCHAR NOT NULL, "synced_at" TIMESTAMPTZ NOT NULL)`);
  }
  await db.exec(
    `CREATE TABLE IF NOT EXISTS ${table("skipped")} ("dataset" VARCHAR NOT NULL, "id" VARCHAR NOT NULL, "source" VARCHAR NOT NULL, "reason" VARCHAR NOT NULL, "at" TIMESTAMPTZ NOT NULL, PRIMARY KEY ("dataset", "id"))`,
  );
  await db.exec(`CREATE TABLE IF NOT EXISTS ${table("cursors")} ("stream" VARCHAR PRIMARY KEY, "cursor" VARCHAR NOT NULL, "at" TIMESTAMPTZ NOT NULL)`);
  await db.exec(
    `CREATE TABLE IF NOT EXISTS ${table("runs")} ("source" VARCHAR PRIMARY KEY, "label" VARCHAR NOT NULL, "last_success_at" TIMESTAMPTZ, "last_attempt_at" TIMESTAMPTZ, "last_error" VARCHAR, "last_error_at" TIMESTAMPTZ)`,
  );

  return {
    file,
    select(dataset) {
      const cols = Object.keys(DATASETS[dataset].fields).map(quoteIdent).join(", ");
      return `SELECT ${cols} FROM ${table(dataset)}`;
    },

    async apply(source, stream, batch, at) {
      const stamp = at.toISOString();
      return db.session(async (query) => {
        await query("BEGIN TRANSACTION");
        try {
          let upserted = 0;
          let deleted = 0;
          const owners = [...new Set(batch.replacesResponsesOf ?? [])];
          if (owners.length > 0) {
            // Rows about to be written again are kept (DuckDB refuses a key deleted and re-inserted in one transaction).
            const keep = new Set((batch.upserts.responses ?? []).map((r) => r.id));
            for (const part of chunks(owners, 500)) {
              const stale = await query(`SELECT "id" FROM ${table("responses")} WHERE "ticket_id" IN (${part.map(() => "?").join(", ")})`, part);
              const gone = stale.map((r) => String(r.id)).filter((id) => !keep.has(id));
              if (gone.length > 0) deleted += await deleteIds(query, "responses", gone);
            }
          }
          for (const dataset of SYNCED_DATASETS) {
            const rows = dedupe(batch.upserts[dataset] ?? []);
            if (rows.length > 0) {
              upserted += await upsert(query, dataset, rows, source, stamp);
              await deleteIds(query, "skipped", rows.map((r) => r.id), dataset);
            }
            const gone = [...new Set(batch.deletes?.[dataset] ?? [])];
            if (gone.length > 0) {
              deleted += await deleteIds(query, dataset, gone);
              await deleteIds(query, "skipped", gone, dataset);
            }
          }
          const skips = [...new Map((batch.skipped ?? []).map((s) => [`${s.dataset}\u0000${s.id}`, s])).values()];
          for (const part of chunks(skips, 200)) {
            await query(
              `INSERT OR REPLACE INTO ${table("skipped")} ("dataset", "id", "source", "reason", "at") VALUES ${part.map(() => "(?, ?, ?, ?, CAST(? AS TIMESTAMPTZ))").join(", ")}`,
              part.flatMap((s) => [s.dataset, s.id, source, s.reason, stamp]),
            );
            // A record skipped now is no longer counted from an earlier, usable version.
            for (const dataset of SYNCED_DATASETS) {
              const ids = part.filter((s) => s.dataset === dataset).map((s) => s.id);
              if (ids.length > 0) await deleteIds(query, dataset, ids);
            }
          }
          await query(`INSERT OR REPLACE INTO ${table("cursors")} ("stream", "cursor", "at") VALUES (?, ?, CAST(? AS TIMESTAMPTZ))`, [stream, batch.cursor, stamp]);
          await query("COMMIT");
          return { upserted, deleted, skipped: skips.length };
        } catch (e) {
          await query("ROLLBACK").catch(() => undefined);
          throw e;
        }
      });
    },

    async cursor(stream) {
      const rows = await db.query(`SELECT "cursor" FROM ${table("cursors")} WHERE "stream" = ?`, [stream]);
      return rows.length > 0 ? String(rows[0]!.cursor) : null;
    },

    async finishRun(source, label, at, error) {
      const stamp = at.toISOString();
      await db.query(
        `INSERT INTO ${table("runs")} ("source", "label", "last_success_at", "last_attempt_at", "last_error", "last_error_at")
         VALUES (?, ?, ${error === null ? "CAST(? AS TIMESTAMPTZ)" : "NULL"}, CAST(? AS TIMESTAMPTZ), ?, ${error === null ? "NULL" : "CAST(? AS TIMESTAMPTZ)"})
         ON CONFLICT ("source") DO UPDATE SET
           "label" = excluded."label",
           "last_attempt_at" = excluded."last_attempt_at",
           "last_success_at" = COALESCE(excluded."last_success_at", ${table("runs")}."last_success_at"),
           "last_error" = excluded."last_error",
           "last_error_at" = COALESCE(excluded."last_error_at", ${table("runs")}."last_error_at")`,
        error === null ? [source, label, stamp, stamp, null] : [source, label, stamp, error, stamp],
      );
    },

    async runs() {
      const rows = await db.query(`SELECT * FROM ${table("runs")} ORDER BY "source"`);
      return rows.map((r) => ({
        source: String(r.source) as SyncSource["id"],
        label: String(r.label),
        lastSuccessAt: asDate(r.last_success_at),
        lastAttemptAt: asDate(r.last_attempt_at),
        lastError: r.last_error === null || r.last_error === undefined ? null : String(r.last_error),
        lastErrorAt: asDate(r.last_error_at),
      }));
    },

    async counts() {
      const parts = SYNCED_DATASETS.map((d) => `SELECT '${d}' AS dataset, "source", count(*) AS n FROM ${table(d)} GROUP BY "source"`);
      const rows = await db.query(`${parts.join(" UNION ALL ")} ORDER BY 1, 2`);
      return rows.map((r) => ({ dataset: String(r.dataset) as SyncedDataset, source: String(r.source), rows: Number(r.n) }));
    },

    async skipped() {
      const rows = await db.query(`SELECT "dataset", "source", "reason", count(*) AS n FROM ${table("skipped")} GROUP BY 1, 2, 3 ORDER BY 4 DESC, 3`);
      return rows.map((r) => ({ dataset: String(r.dataset) as SyncedDataset, source: String(r.source), reason: String(r.reason), count: Number(r.n) }));
    },
  };
}

type Query = (sql: string, values?: readonly unknown[]) => Promise<Array<Record<string, unknown>>>;

async function upsert(query: Query, dataset: SyncedDataset, rows: SyncedRow[], source: string, stamp: string): Promise<number> {
  const cols = syncedColumns(dataset);
  const names = [...cols.map((c) => quoteIdent(c.name)), `"source"`, `"synced_at"`].join(", ");
  const one = `(${[...cols.map((c) => `CAST(? AS ${SQL_TYPE[c.type]})`), "?", "CAST(? AS TIMESTAMPTZ)"].join(", ")})`;
  for (const part of chunks(rows, 200)) {
    const values = part.flatMap((r) => [...cols.map((c) => sqlValue(r[c.name], c.type, dataset, c.name, r.id)), source, stamp]);
    await query(`INSERT OR REPLACE INTO ${table(dataset)} (${names}) VALUES ${part.map(() => one).join(", ")}`, values);
  }
  return rows.length;
}

async function deleteIds(query: Query, name: string, ids: readonly string[], dataset?: SyncedDataset): Promise<number> {
  let n = 0;
  for (const part of chunks(ids, 500)) {
    const rows = await query(
      `DELETE FROM ${table(name)} WHERE "id" IN (${part.map(() => "?").join(", ")})${dataset ? ` AND "dataset" = ?` : ""} RETURNING 1 AS x`,
      dataset ? [...part, dataset] : [...part],
    );
    n += rows.length;
  }
  return n;
}

/** A value as a statement parameter: times as ISO instants, absent as NULL. */
function sqlValue(v: unknown, type: FieldType, dataset: string, field: string, id: string): unknown {
  if (v === undefined || v === null) return null;
  if (type === "time") {
    const ms = v instanceof Date ? v.getTime() : typeof v === "number" ? v : Number.NaN;
    if (!Number.isFinite(ms)) throw new Error(`sync adapter bug: ${dataset}.${field} of ${id} is not an instant (${String(v)})`);
    return new Date(ms).toISOString();
  }
  if (type === "number") return typeof v === "number" && Number.isFinite(v) ? v : null;
  if (type === "boolean") return Boolean(v);
  return String(v);
}

/** The last version of each id in a page wins (DuckDB refuses one key twice in a statement). */
function dedupe(rows: readonly SyncedRow[]): SyncedRow[] {
  return [...new Map(rows.map((r) => [r.id, r])).values()];
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

function asDate(v: unknown): Date | null {
  return v instanceof Date ? v : null;
}

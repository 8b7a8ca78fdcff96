/**
 * The Store in Postgres (a `pg` Pool), for several replicas sharing one
 * database. Tables live in one schema: `opts.schema` (created if missing), or
 * else the connection's current schema (`public`, or whatever the URL's
 * `search_path` names). Opening applies missing migrations in a transaction
 * under an advisory lock, so replicas starting together migrate once.
 */
import pg from "pg";
import type { Logger } from "../log.ts";
import { postgresDialect as dialect } from "./dialect.ts";
import { appliedVersionsSql, pendingMigrations, recordMigrationSql, schemaMigrationsSql } from "./migrations.ts";
import { createSqlStore, type Row } from "./sqlStore.ts";
import type { Store } from "./store.ts";

export interface PostgresStoreOptions {
  /** The schema holding the tables; created if missing. Default: the connection's current schema. */
  schema?: string;
  /** Connections in the pool (default 10). */
  poolSize?: number;
  /** Where errors of idle pooled connections are reported (they are otherwise harmless: the pool replaces them). */
  log?: Logger;
}

export async function openPostgresStore(url: string, opts: PostgresStoreOptions = {}): Promise<Store> {
  const pool = new pg.Pool({ connectionString: url, max: opts.poolSize ?? 10 });
  pool.on("error", (error) => opts.log?.warn("A pooled Postgres connection failed while idle; the pool replaces it", { error }));
  try {
    const schema = opts.schema ?? (await currentSchema(pool));
    const quoted = quoteIdentifier(schema);
    const table = (name: string) => `${quoted}.${name}`;
    await migrate(pool, schema, table);
    let closed = false;
    return createSqlStore({
      dialect,
      table,
      query: async (sql, params = []) => (await pool.query(sql, params.map(dialect.param))).rows as Row[],
      close: async () => {
        if (closed) return;
        closed = true;
        await pool.end();
      },
    });
  } catch (e) {
    await pool.end();
    throw e;
  }
}

async function currentSchema(pool: pg.Pool): Promise<string> {
  const { rows } = await pool.query<{ schema: string | null }>("SELECT current_schema() AS schema");
  const schema = rows[0]?.schema;
  if (!schema) throw new Error("The Postgres connection has no current schema (its search_path names none that exists): create it, or pass a schema");
  return schema;
}

function quoteIdentifier(name: string): string {
  if (name.length === 0 || name.length > 63) throw new Error(`"${name}" cannot be a Postgres schema name: use 1 to 63 characters`);
  return `"${name.replaceAll('"', '""')}"`;
}

async function migrate(pool: pg.Pool, schema: string, table: (name: string) => string): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query("BEGIN");
    // Held until COMMIT: a replica opening at the same time waits here, then finds nothing left to apply.
    await client.query("SELECT pg_advisory_xact_lock(hashtext($1))", [`cs-metrics-bot store migrations ${schema}`]);
    // Only when missing: CREATE SCHEMA IF NOT EXISTS would still need the right to create schemas.
    const { rowCount } = await client.query("SELECT 1 FROM pg_namespace WHERE nspname = $1", [schema]);
    if (rowCount === 0) await client.query(`CREATE SCHEMA ${quoteIdentifier(schema)}`);
    await client.query(schemaMigrationsSql(dialect, table));
    const { rows } = await client.query(appliedVersionsSql(table));
    for (const m of pendingMigrations(rows.map((r: Row) => dialect.readNumber(r.version)))) {
      await client.query(m.sql(dialect, table));
      await client.query(recordMigrationSql(table), [m.version, m.name, new Date()]);
    }
    await client.query("COMMIT");
    client.release();
  } catch (e) {
    // Closing the connection rolls the transaction back and frees the lock.
    client.release(true);
    throw e;
  }
}

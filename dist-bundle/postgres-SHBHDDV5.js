import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);
import {
  appliedVersionsSql,
  createSqlStore,
  pendingMigrations,
  postgresDialect,
  recordMigrationSql,
  schemaMigrationsSql
} from "./chunk-ZHZTBUR5.js";
import "./chunk-V4RWK56N.js";

// dist/src/store/postgres.js
import pg from "pg";
async function openPostgresStore(url, opts = {}) {
  const pool = new pg.Pool({ connectionString: url, max: opts.poolSize ?? 10 });
  pool.on("error", (error) => opts.log?.warn("A pooled Postgres connection failed while idle; the pool replaces it", { error }));
  try {
    const schema = opts.schema ?? await currentSchema(pool);
    const quoted = quoteIdentifier(schema);
    const table = (name) => `${quoted}.${name}`;
    await migrate(pool, schema, table);
    let closed = false;
    return createSqlStore({
      dialect: postgresDialect,
      table,
      query: async (sql, params = []) => (await pool.query(sql, params.map(postgresDialect.param))).rows,
      close: async () => {
        if (closed)
          return;
        closed = true;
        await pool.end();
      }
    });
  } catch (e) {
    await pool.end();
    throw e;
  }
}
async function currentSchema(pool) {
  const { rows } = await pool.query("SELECT current_schema() AS schema");
  const schema = rows[0]?.schema;
  if (!schema)
    throw new Error("The Postgres connection has no current schema (its search_path names none that exists): create it, or pass a schema");
  return schema;
}
function quoteIdentifier(name) {
  if (name.length === 0 || name.length > 63)
    throw new Error(`"${name}" cannot be a Postgres schema name: use 1 to 63 characters`);
  return `"${name.replaceAll('"', '""')}"`;
}
async function migrate(pool, schema, table) {
  const client = await pool.connect();
  try {
    await client.query("BEGIN");
    await client.query("SELECT pg_advisory_xact_lock(hashtext($1))", [`cs-metrics-bot store migrations ${schema}`]);
    const { rowCount } = await client.query("SELECT 1 FROM pg_namespace WHERE nspname = $1", [schema]);
    if (rowCount === 0)
      await client.query(`CREATE SCHEMA ${quoteIdentifier(schema)}`);
    await client.query(schemaMigrationsSql(postgresDialect, table));
    const { rows } = await client.query(appliedVersionsSql(table));
    for (const m of pendingMigrations(rows.map((r) => postgresDialect.readNumber(r.version)))) {
      await client.query(m.sql(postgresDialect, table));
      await client.query(recordMigrationSql(table), [m.version, m.name, /* @__PURE__ */ new Date()]);
    }
    await client.query("COMMIT");
    client.release();
  } catch (e) {
    client.release(true);
    throw e;
  }
}
export {
  openPostgresStore
};

/**
 * The Store in a SQLite file (better-sqlite3): the embedded default, a
 * `bot.sqlite` in DATA_DIR. WAL mode and a busy timeout let several processes
 * share one file; every write runs inside `BEGIN IMMEDIATE`, which takes the
 * file's single write lock up front, so the conditional writes that arbitrate
 * between processes (`claimRun`, `claimOutbox`) cannot interleave.
 *
 * The file holds Slack installations (tokens, encrypted by secrets.ts) and
 * who manages which digest: it is created with mode 0600, and an existing
 * one (with its -wal and -shm, which SQLite creates with the database file's
 * mode) is made 0600 when opened.
 */
import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from "node:fs";
import { dirname } from "node:path";
import Database from "better-sqlite3";
import { sqliteDialect as dialect } from "./dialect.ts";
import { appliedVersionsSql, pendingMigrations, recordMigrationSql, schemaMigrationsSql } from "./migrations.ts";
import { createSqlStore, type Row } from "./sqlStore.ts";
import type { Store } from "./store.ts";

/** How long a write waits for another process's write lock before failing. */
const BUSY_TIMEOUT_MS = 10_000;

export async function openSqliteStore(path: string): Promise<Store> {
  if (path !== ":memory:") {
    mkdirSync(dirname(path), { recursive: true });
    ownerOnly(path);
  }
  const db = new Database(path);
  try {
    // First, so that switching to WAL also waits for a process busy with the file.
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    db.pragma("journal_mode = WAL");
    db.pragma("synchronous = NORMAL");
    db.pragma("foreign_keys = ON");
  } catch (e) {
    db.close();
    throw e;
  }

  const statements = new Map<string, { statement: Database.Statement; order: number[] }>();

  /** One statement; `$n` placeholders become `?` with the parameters reordered to match. */
  function run(sql: string, params: readonly unknown[]): Row[] {
    let prepared = statements.get(sql);
    if (!prepared) {
      const order: number[] = [];
      const positional = sql.replace(/\$(\d+)/g, (_, n: string) => {
        order.push(Number(n) - 1);
        return "?";
      });
      prepared = { statement: db.prepare(positional), order };
      statements.set(sql, prepared);
    }
    const { statement, order } = prepared;
    const values = order.map((i) => dialect.param(params[i]));
    return statement.readonly ? (statement.all(values) as Row[]) : write.immediate(statement, values);
  }

  const write = db.transaction((statement: Database.Statement, values: unknown[]): Row[] => {
    if (statement.reader) return statement.all(values) as Row[];
    statement.run(values);
    return [];
  });

  const table = (name: string) => name;
  // Synchronously, in one BEGIN IMMEDIATE: a process opening the file at the same time waits, then finds nothing to apply.
  const migrate = db.transaction(() => {
    db.exec(schemaMigrationsSql(dialect, table));
    const applied = run(appliedVersionsSql(table), []).map((r) => dialect.readNumber(r.version));
    for (const m of pendingMigrations(applied)) {
      db.exec(m.sql(dialect, table));
      run(recordMigrationSql(table), [m.version, m.name, new Date()]);
    }
  });
  try {
    migrate.immediate();
  } catch (e) {
    db.close();
    throw e;
  }

  if (path !== ":memory:") ownerOnly(path);

  let closed = false;
  return createSqlStore({
    dialect,
    table,
    query: async (sql, params = []) => run(sql, params),
    close: async () => {
      if (closed) return;
      closed = true;
      db.close();
    },
  });
}

/** Creates the database file readable by its owner only (0600), and makes it and its -wal and -shm so when they exist. */
function ownerOnly(path: string): void {
  closeSync(openSync(path, "a", 0o600));
  for (const file of [path, `${path}-wal`, `${path}-shm`]) {
    if (existsSync(file)) chmodSync(file, 0o600);
  }
}

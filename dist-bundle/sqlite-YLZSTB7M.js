import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);
import {
  appliedVersionsSql,
  createSqlStore,
  pendingMigrations,
  recordMigrationSql,
  schemaMigrationsSql,
  sqliteDialect
} from "./chunk-ZHZTBUR5.js";
import "./chunk-V4RWK56N.js";

// dist/src/store/sqlite.js
import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from "node:fs";
import { dirname } from "node:path";
import Database from "better-sqlite3";
var BUSY_TIMEOUT_MS = 1e4;
async function openSqliteStore(path) {
  if (path !== ":memory:") {
    mkdirSync(dirname(path), { recursive: true });
    ownerOnly(path);
  }
  const db = new Database(path);
  try {
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    db.pragma("journal_mode = WAL");
    db.pragma("synchronous = NORMAL");
    db.pragma("foreign_keys = ON");
  } catch (e) {
    db.close();
    throw e;
  }
  const statements = /* @__PURE__ */ new Map();
  function run(sql, params) {
    let prepared = statements.get(sql);
    if (!prepared) {
      const order2 = [];
      const positional = sql.replace(/\$(\d+)/g, (_, n) => {
        order2.push(Number(n) - 1);
        return "?";
      });
      prepared = { statement: db.prepare(positional), order: order2 };
      statements.set(sql, prepared);
    }
    const { statement, order } = prepared;
    const values = order.map((i) => sqliteDialect.param(params[i]));
    return statement.readonly ? statement.all(values) : write.immediate(statement, values);
  }
  const write = db.transaction((statement, values) => {
    if (statement.reader)
      return statement.all(values);
    statement.run(values);
    return [];
  });
  const table = (name) => name;
  const migrate = db.transaction(() => {
    db.exec(schemaMigrationsSql(sqliteDialect, table));
    const applied = run(appliedVersionsSql(table), []).map((r) => sqliteDialect.readNumber(r.version));
    for (const m of pendingMigrations(applied)) {
      db.exec(m.sql(sqliteDialect, table));
      run(recordMigrationSql(table), [m.version, m.name, /* @__PURE__ */ new Date()]);
    }
  });
  try {
    migrate.immediate();
  } catch (e) {
    db.close();
    throw e;
  }
  if (path !== ":memory:")
    ownerOnly(path);
  let closed = false;
  return createSqlStore({
    dialect: sqliteDialect,
    table,
    query: async (sql, params = []) => run(sql, params),
    close: async () => {
      if (closed)
        return;
      closed = true;
      db.close();
    }
  });
}
function ownerOnly(path) {
  closeSync(openSync(path, "a", 384));
  for (const file of [path, `${path}-wal`, `${path}-shm`]) {
    if (existsSync(file))
      chmodSync(file, 384);
  }
}
export {
  openSqliteStore
};

/**
 * An in-process DuckDB database with a few connections, used one statement at
 * a time each: queries from concurrent questions overlap up to the pool size,
 * and DuckDB parallelises each one over its own threads.
 *
 * @example
 * const db = await openDuckDb();
 * const rows = await db.query("SELECT count(*) AS n FROM read_parquet(?)", ["tickets.parquet"]);
 */
import type { DuckDBConnection, DuckDBValue } from "@duckdb/node-api";
import { duckdb } from "./api.ts";

export interface DuckDb {
  /** Runs one statement with parameters; rows as plain objects (BIGINT as bigint, TIMESTAMPTZ as Date). */
  query(sql: string, values?: readonly unknown[]): Promise<Array<Record<string, unknown>>>;
  /** Runs statements without parameters. */
  exec(sql: string): Promise<void>;
  /** Runs `work` on one connection of its own (e.g. an appender). */
  withConnection<T>(work: (c: DuckDBConnection) => Promise<T>): Promise<T>;
  /** Runs several statements on one connection (temporary tables are per connection). */
  session<T>(work: (query: (sql: string, values?: readonly unknown[]) => Promise<Array<Record<string, unknown>>>) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export async function openDuckDb(opts: { path?: string; connections?: number } = {}): Promise<DuckDb> {
  const instance = await duckdb.DuckDBInstance.create(opts.path ?? ":memory:");
  const size = Math.max(1, opts.connections ?? 3);
  const idle: DuckDBConnection[] = [];
  const all: DuckDBConnection[] = [];
  const waiting: Array<(c: DuckDBConnection) => void> = [];
  let closed = false;
  for (let i = 0; i < size; i++) {
    const c = await instance.connect();
    all.push(c);
    idle.push(c);
  }
  // Naive timestamps (and casts of them) are UTC, whatever the machine's zone.
  await all[0]!.run("SET GLOBAL TimeZone = 'UTC'");
  // Files are local (the OS caches them); DuckDB's own cache can serve a file rewritten
  // within the same second from stale blocks, so it is off.
  await all[0]!.run("SET GLOBAL enable_external_file_cache = false");

  const acquire = (): Promise<DuckDBConnection> => {
    if (closed) return Promise.reject(new Error("DuckDB is closed"));
    const c = idle.pop();
    if (c !== undefined) return Promise.resolve(c);
    return new Promise((resolve) => waiting.push(resolve));
  };
  /** Called when every connection is idle again (close() waits for the statements still running). */
  let drained: (() => void) | undefined;
  const release = (c: DuckDBConnection) => {
    const next = waiting.shift();
    if (next !== undefined) next(c);
    else idle.push(c);
    if (idle.length === all.length) drained?.();
  };
  const withConnection = async <T>(work: (c: DuckDBConnection) => Promise<T>): Promise<T> => {
    const c = await acquire();
    try {
      return await work(c);
    } finally {
      release(c);
    }
  };

  const run = async (c: DuckDBConnection, sql: string, values: readonly unknown[] = []) => {
    const reader = await c.runAndReadAll(sql, values.length > 0 ? (values as DuckDBValue[]) : undefined);
    return reader.getRowObjectsJS() as Array<Record<string, unknown>>;
  };

  return {
    withConnection,
    session: (work) => withConnection((c) => work((sql, values) => run(c, sql, values))),
    async query(sql, values = []) {
      return withConnection((c) => run(c, sql, values));
    },
    async exec(sql) {
      await withConnection(async (c) => {
        await c.run(sql);
      });
    },
    async close() {
      if (closed) return;
      closed = true;
      // A question whose first measure failed returns while its other statements still run (Promise.all):
      // closing the connections under them crashes the process, so wait for them to finish.
      if (idle.length < all.length) await new Promise<void>((resolve) => (drained = resolve));
      for (const c of all) c.closeSync();
      instance.closeSync();
    },
  };
}

/**
 * The Postgres gate for tests. Suites that need Postgres use `describePostgres`:
 * it registers them when Postgres answers at TEST_DATABASE_URL (default
 * postgres://postgres@127.0.0.1:5432/test), and otherwise skips them with a
 * message saying Postgres is unreachable — unless REQUIRE_POSTGRES=1, which
 * turns the skip into a failure (CI, where Postgres must be there).
 *
 * Other suites share the database concurrently: work in a schema of your own
 * (`uniqueSchemaName`) and drop it at the end (`dropSchema`).
 *
 * @example
 * await describePostgres("the Postgres store", (url) => {
 *   it("…", async () => { … });
 * });
 */
import { randomBytes } from "node:crypto";
import pg from "pg";
import { describeWhen } from "./gate.ts";

export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL || "postgres://postgres@127.0.0.1:5432/test";

export type PostgresProbe = { reachable: true; url: string } | { reachable: false; url: string; reason: string };

let probe: Promise<PostgresProbe> | undefined;

/**
 * Whether Postgres answers at TEST_DATABASE_URL; asked once per test file.
 * A busy machine can be slow to accept a connection, so it is tried a few
 * times with a generous timeout before Postgres counts as unreachable.
 */
export function probePostgres(): Promise<PostgresProbe> {
  probe ??= (async (): Promise<PostgresProbe> => {
    const url = TEST_DATABASE_URL;
    let reason = "";
    for (let attempt = 1; attempt <= 3; attempt++) {
      const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
      try {
        await client.connect();
        await client.query("SELECT 1");
        return { reachable: true, url };
      } catch (e) {
        reason = e instanceof Error ? e.message : String(e);
        // Refused outright: nothing listens there, and waiting will not change that.
        if ((e as { code?: string }).code === "ECONNREFUSED") break;
        await new Promise((resolve) => setTimeout(resolve, 1_000 * attempt));
      } finally {
        await client.end().catch(() => undefined);
      }
    }
    return { reachable: false, url, reason };
  })();
  return probe;
}

/** `describe(name, …)` when Postgres is reachable; a clear skip (or, with REQUIRE_POSTGRES=1, a failure) when not. */
export async function describePostgres(name: string, suite: (url: string) => void): Promise<void> {
  const postgres = await probePostgres();
  describeWhen(
    name,
    {
      what: "Postgres",
      missing: postgres.reachable ? undefined : `Postgres is unreachable at ${withoutPassword(postgres.url)} (${postgres.reason})`,
      require: "REQUIRE_POSTGRES",
      fix: "Start Postgres or point TEST_DATABASE_URL at one",
    },
    () => suite(postgres.url),
  );
}

/** A fresh schema name, `<prefix>_<random>`, safe to create beside other suites' schemas. */
export function uniqueSchemaName(prefix: string): string {
  return `${prefix}_${randomBytes(6).toString("hex")}`;
}

/** Drops a schema and everything in it, if it exists. */
export async function dropSchema(url: string, schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS "${schema.replaceAll('"', '""')}" CASCADE`);
  } finally {
    await client.end();
  }
}

function withoutPassword(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = "***";
    return u.toString();
  } catch {
    return "TEST_DATABASE_URL (not a URL)";
  }
}

/**
 * Runs `work` in a fresh schema: given a connection URL whose search_path is
 * that schema, and an admin client to look inside it; drops it afterwards.
 */
export async function inFreshSchema(url: string, prefix: string, work: (scoped: { url: string; schema: string; client: pg.Client }) => Promise<void>): Promise<void> {
  const schema = uniqueSchemaName(prefix);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`CREATE SCHEMA "${schema}"`);
    const scoped = new URL(url);
    scoped.searchParams.set("options", `-c search_path=${schema}`);
    await work({ url: scoped.toString(), schema, client });
  } finally {
    await client.end();
    await dropSchema(url, schema);
  }
}

import pg from "pg";
import { describe, expect, it } from "vitest";
import { openPostgresStore } from "../../src/store/postgres.ts";
import { describePostgres, dropSchema, uniqueSchemaName } from "../support/postgres.ts";
import { storeContract, type StoreBacking } from "./store.contract.ts";

/** Rows of one query on a connection of its own. */
async function rowsOf<R extends pg.QueryResultRow>(url: string, sql: string): Promise<R[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<R>(sql)).rows;
  } finally {
    await client.end();
  }
}

/** A new schema of the test database: the store's tables land there and go with it. */
function schemaBacking(url: string): StoreBacking {
  const schema = uniqueSchemaName("store");
  return {
    open: () => openPostgresStore(url, { schema, poolSize: 4 }),
    migrationVersions: async () => (await rowsOf<{ version: number }>(url, `SELECT version FROM "${schema}".schema_migrations`)).map((r) => r.version),
    dispose: () => dropSchema(url, schema),
  };
}

await describePostgres("the Postgres store", (url) => {
  storeContract(async () => schemaBacking(url));

  describe("choosing its schema", () => {
    it("creates the schema it is given when it is missing", async () => {
      const schema = uniqueSchemaName("store");
      try {
        const store = await openPostgresStore(url, { schema, poolSize: 1 });
        await store.close();
        const tables = await rowsOf<{ table_name: string }>(
          url,
          `SELECT table_name FROM information_schema.tables WHERE table_schema = '${schema}' ORDER BY table_name`,
        );
        expect(tables.map((t) => t.table_name)).toEqual([
          "alert_rules",
          "alert_states",
          "conversation_references",
          "digests",
          "helpdesk_grants",
          "outbox",
          "processes",
          "runs",
          "schema_migrations",
          "slack_installations",
          "slack_refused_blocks",
        ]);
      } finally {
        await dropSchema(url, schema);
      }
    });

    it("uses the schema the URL's search_path names when none is given", async () => {
      const schema = uniqueSchemaName("store");
      await rowsOf(url, `CREATE SCHEMA "${schema}"`);
      try {
        const withPath = new URL(url);
        withPath.searchParams.set("options", `-c search_path=${schema}`);
        const store = await openPostgresStore(withPath.toString(), { poolSize: 1 });
        await store.saveConversationReference("19:ops@thread.tacv2", { channelId: "msteams" }, new Date("2026-11-23T09:00:00Z"));
        await store.close();
        expect(await rowsOf(url, `SELECT conversation_id FROM "${schema}".conversation_references`)).toEqual([
          { conversation_id: "19:ops@thread.tacv2" },
        ]);
      } finally {
        await dropSchema(url, schema);
      }
    });

    it("refuses to guess when the URL's search_path names no existing schema", async () => {
      const withPath = new URL(url);
      withPath.searchParams.set("options", `-c search_path=${uniqueSchemaName("missing")}`);
      await expect(openPostgresStore(withPath.toString(), { poolSize: 1 })).rejects.toThrow(/no current schema/);
    });
  });
});

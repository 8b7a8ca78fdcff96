import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { openStore } from "../../src/store/index.ts";
import { MIGRATIONS } from "../../src/store/migrations.ts";
import { describePostgres, inFreshSchema, uniqueSchemaName } from "../support/postgres.ts";

const NOW = new Date("2026-11-23T09:00:00Z");

describe("openStore", () => {
  it("keeps state in <dataDir>/bot.sqlite when no database URL is set, creating the directory", async () => {
    const root = await mkdtemp(join(tmpdir(), "store-index-"));
    const dataDir = join(root, "data", "state");
    try {
      const store = await openStore({ dataDir });
      await store.saveConversationReference("a:1personal", { channelId: "msteams" }, NOW);
      await store.close();
      expect(existsSync(join(dataDir, "bot.sqlite"))).toBe(true);

      const reopened = await openStore({ dataDir });
      expect(await reopened.getConversationReference("a:1personal")).toEqual({ channelId: "msteams" });
      await reopened.close();
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});

describe("the migrations", () => {
  it("are numbered from 1 upwards without gaps", () => {
    expect(MIGRATIONS.map((m) => m.version)).toEqual(MIGRATIONS.map((_, i) => i + 1));
  });
});

await describePostgres("openStore with a database URL", (url) => {
  it("keeps state in Postgres, in the schema the URL's search_path names", async () => {
    await inFreshSchema(url, "store", async ({ url: databaseUrl, schema, client }) => {
      const dataDir = join(tmpdir(), uniqueSchemaName("store-index-unused"));

      const store = await openStore({ databaseUrl, dataDir });
      await store.saveConversationReference("a:1personal", { channelId: "msteams" }, NOW);
      await store.close();

      expect((await client.query(`SELECT conversation_id FROM "${schema}".conversation_references`)).rows).toEqual([{ conversation_id: "a:1personal" }]);
      expect(existsSync(dataDir)).toBe(false);
    });
  });
});

/**
 * Help-desk OAuth grants in the Store (migration 5): Zendesk's access and
 * refresh tokens are kept encrypted at rest, on SQLite and on Postgres; a
 * new grant replaces the old one; a revoked one can be forgotten; a grant
 * sealed with another key says what to do instead of failing obscurely.
 */
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { openStore } from "../../src/store/index.ts";
import { describePostgres, inFreshSchema } from "../support/postgres.ts";

const ACCESS = "zd-access-9f8e7d6c5b4a-secret";
const REFRESH = "zd-refresh-1a2b3c4d5e6f-secret";
const GRANT = { accessToken: ACCESS, refreshToken: REFRESH, expiresAt: Date.parse("2026-11-24T23:00:00Z"), refreshExpiresAt: null, scope: "read", user: "Ada Admin (admin)" };
const NOW = new Date("2026-11-24T21:00:00Z");

const dirs: string[] = [];
afterEach(async () => {
  while (dirs.length > 0) await rm(dirs.pop()!, { recursive: true, force: true });
});
async function dataDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "store-grants-"));
  dirs.push(dir);
  return dir;
}

describe("help-desk grants in SQLite", () => {
  it("are kept encrypted, read back as saved, replaced by a newer grant and forgotten when deleted", async () => {
    const dir = await dataDir();
    const store = await openStore({ dataDir: dir, encryptionKey: randomBytes(32) });
    expect(await store.getHelpdeskGrant("zendesk")).toBeNull();
    await store.saveHelpdeskGrant("zendesk", GRANT, NOW);
    expect(await store.getHelpdeskGrant("zendesk")).toEqual(GRANT);
    const raw = () => {
      const db = new Database(join(dir, "bot.sqlite"), { readonly: true });
      try {
        return String(db.prepare("SELECT credentials FROM helpdesk_grants WHERE source = 'zendesk'").pluck().get());
      } finally {
        db.close();
      }
    };
    expect(raw()).not.toContain(ACCESS);
    expect(raw()).not.toContain(REFRESH);
    expect(raw()).toContain('"$encrypted":"aes-256-gcm"');

    const newer = { ...GRANT, accessToken: "zd-access-next", refreshToken: "zd-refresh-next" };
    await store.saveHelpdeskGrant("zendesk", newer, new Date(NOW.getTime() + 60_000));
    expect(await store.getHelpdeskGrant("zendesk")).toEqual(newer);
    await store.deleteHelpdeskGrant("zendesk");
    expect(await store.getHelpdeskGrant("zendesk")).toBeNull();
    await store.close();
  });

  it("says an admin must connect again when the grant was sealed with another key", async () => {
    const dir = await dataDir();
    const first = await openStore({ dataDir: dir, encryptionKey: randomBytes(32) });
    await first.saveHelpdeskGrant("zendesk", GRANT, NOW);
    await first.close();
    const other = await openStore({ dataDir: dir, encryptionKey: randomBytes(32) });
    await expect(other.getHelpdeskGrant("zendesk")).rejects.toThrow(/The zendesk connection in the bot's database was encrypted with another key .*have an admin connect zendesk again \(\/zendesk\/install\)/);
    await other.close();
  });
});

await describePostgres("help-desk grants in Postgres", (url) => {
  it("are kept encrypted there too, and replaced by a newer grant", async () => {
    await inFreshSchema(url, "store_grants", async ({ url: databaseUrl, schema, client }) => {
      const store = await openStore({ databaseUrl, dataDir: await dataDir(), encryptionKey: randomBytes(32) });
      await store.saveHelpdeskGrant("zendesk", GRANT, NOW);
      expect(await store.getHelpdeskGrant("zendesk")).toEqual(GRANT);
      const newer = { ...GRANT, accessToken: "zd-access-next" };
      await store.saveHelpdeskGrant("zendesk", newer, NOW);
      expect(await store.getHelpdeskGrant("zendesk")).toEqual(newer);
      await store.close();
      const { rows } = await client.query(`SELECT credentials::text AS raw FROM "${schema}".helpdesk_grants`);
      expect(rows).toHaveLength(1);
      expect(rows[0].raw).not.toContain(REFRESH);
      expect(rows[0].raw).toContain('"$encrypted": "aes-256-gcm"');
    });
  });
});

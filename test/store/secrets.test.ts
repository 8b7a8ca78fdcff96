/**
 * Secrets at rest: bot.sqlite readable by its owner only, Slack installations
 * (bot tokens) encrypted in the database with BOT_ENCRYPTION_KEY or a key
 * kept in DATA_DIR/encryption.key, old clear-text rows still read.
 */
import { randomBytes } from "node:crypto";
import { chmodSync, existsSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { openStore } from "../../src/store/index.ts";
import { decodeKey, KEY_FILE } from "../../src/store/secrets.ts";
import { openSqliteStore } from "../../src/store/sqlite.ts";
import { describePostgres, inFreshSchema } from "../support/postgres.ts";

const TOKEN = "xoxb-1111-2222-secretBotTokenForTests";
const INSTALLATION = { team: { id: "T0ACME", name: "Acme" }, bot: { token: TOKEN, refreshToken: "xoxe-1-refresh", scopes: ["chat:write"] }, incomingWebhook: { url: "https://hooks.slack.com/services/T/B/x" } };

const dirs: string[] = [];
afterEach(async () => {
  while (dirs.length > 0) await rm(dirs.pop()!, { recursive: true, force: true });
});
async function dataDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "store-secrets-"));
  dirs.push(dir);
  return dir;
}

const mode = (path: string) => statSync(path).mode & 0o777;

/** The installation column as it is on disk. */
function rawInstallation(file: string): string {
  const db = new Database(file, { readonly: true });
  try {
    return String(db.prepare("SELECT installation FROM slack_installations").pluck().get());
  } finally {
    db.close();
  }
}

describe("bot.sqlite", () => {
  it("is created with mode 600, and so are its -wal and -shm", async () => {
    const dir = await dataDir();
    const store = await openStore({ dataDir: dir });
    await store.saveConversationReference("a:1", { channelId: "msteams" }, new Date("2026-11-23T09:00:00Z"));
    const file = join(dir, "bot.sqlite");
    expect(existsSync(`${file}-wal`)).toBe(true);
    expect([mode(file), mode(`${file}-wal`), mode(`${file}-shm`)]).toEqual([0o600, 0o600, 0o600]);
    await store.close();
  });

  it("is made mode 600 when it was readable by everyone", async () => {
    const dir = await dataDir();
    const file = join(dir, "bot.sqlite");
    await (await openSqliteStore(file)).close();
    chmodSync(file, 0o644);
    const store = await openStore({ dataDir: dir });
    expect(mode(file)).toBe(0o600);
    await store.close();
  });
});

describe("Slack installations at rest", () => {
  it("are encrypted in bot.sqlite with a key generated into DATA_DIR/encryption.key (mode 600), and read back as saved", async () => {
    const dir = await dataDir();
    const store = await openStore({ dataDir: dir });
    expect(existsSync(join(dir, KEY_FILE))).toBe(false);
    await store.saveSlackInstallation({ teamId: "T0ACME" }, INSTALLATION);
    expect(await store.getSlackInstallation({ teamId: "T0ACME" })).toEqual(INSTALLATION);
    await store.close();

    const raw = rawInstallation(join(dir, "bot.sqlite"));
    expect(raw).not.toContain(TOKEN);
    expect(raw).not.toContain("xoxe-1-refresh");
    expect(raw).not.toContain("hooks.slack.com");
    expect(JSON.parse(raw)).toMatchObject({ $encrypted: "aes-256-gcm" });
    expect(mode(join(dir, KEY_FILE))).toBe(0o600);
    expect(decodeKey(readFileSync(join(dir, KEY_FILE), "utf8"))).toHaveLength(32);

    // Another process on the same DATA_DIR finds the same key.
    const reopened = await openStore({ dataDir: dir });
    expect(await reopened.getSlackInstallation({ teamId: "T0ACME" })).toEqual(INSTALLATION);
    await reopened.close();
  });

  it("use BOT_ENCRYPTION_KEY when it is given, and write no key file", async () => {
    const dir = await dataDir();
    const key = randomBytes(32);
    const store = await openStore({ dataDir: dir, encryptionKey: key });
    await store.saveSlackInstallation({ enterpriseId: "E0GRID" }, INSTALLATION);
    await store.close();
    expect(existsSync(join(dir, KEY_FILE))).toBe(false);
    expect(rawInstallation(join(dir, "bot.sqlite"))).not.toContain(TOKEN);

    const same = await openStore({ dataDir: dir, encryptionKey: Buffer.from(key) });
    expect(await same.getSlackInstallation({ enterpriseId: "E0GRID" })).toEqual(INSTALLATION);
    await same.close();

    const other = await openStore({ dataDir: dir, encryptionKey: randomBytes(32) });
    const error = await other.getSlackInstallation({ enterpriseId: "E0GRID" }).catch((e: unknown) => e as Error);
    expect((error as Error).message).toMatch(/^A Slack installation in the bot's database was encrypted with another key \(key id [0-9a-f]{8}, this one [0-9a-f]{8}\): set BOT_ENCRYPTION_KEY/);
    expect((error as Error).message).not.toContain(TOKEN);
    await other.close();
  });

  it("read a clear-text row saved before encryption, and encrypt it on the next save", async () => {
    const dir = await dataDir();
    const file = join(dir, "bot.sqlite");
    const old = await openSqliteStore(file);
    await old.saveSlackInstallation({ teamId: "T0ACME" }, INSTALLATION);
    await old.close();
    expect(rawInstallation(file)).toContain(TOKEN);

    const store = await openStore({ dataDir: dir });
    expect(await store.getSlackInstallation({ teamId: "T0ACME" })).toEqual(INSTALLATION);
    const rotated = { ...INSTALLATION, bot: { ...INSTALLATION.bot, token: "xoxb-1111-2222-rotatedToken" } };
    await store.saveSlackInstallation({ teamId: "T0ACME" }, rotated);
    expect(await store.getSlackInstallation({ teamId: "T0ACME" })).toEqual(rotated);
    await store.close();
    expect(rawInstallation(file)).not.toContain("xoxb-1111-2222");
  });

  it("do not decrypt when copied onto another workspace's row", async () => {
    const dir = await dataDir();
    const store = await openStore({ dataDir: dir });
    await store.saveSlackInstallation({ teamId: "T0ACME" }, INSTALLATION);
    const db = new Database(join(dir, "bot.sqlite"));
    db.prepare("INSERT INTO slack_installations (enterprise_id, team_id, installation) SELECT enterprise_id, 'T0OTHER', installation FROM slack_installations").run();
    db.close();
    await expect(store.getSlackInstallation({ teamId: "T0OTHER" })).rejects.toThrow("could not be decrypted");
    await store.close();
  });

  it("stop with the fix when DATA_DIR/encryption.key is not a key", async () => {
    const dir = await dataDir();
    writeFileSync(join(dir, KEY_FILE), "not a key\n", { mode: 0o600 });
    const store = await openStore({ dataDir: dir });
    await expect(store.saveSlackInstallation({ teamId: "T0ACME" }, INSTALLATION)).rejects.toThrow(`${join(dir, KEY_FILE)} does not hold a 32-byte key (base64 or hex)`);
    await store.close();
  });
});

describe("a DATABASE_URL that cannot be reached", () => {
  it("says which database cannot be reached, without its password, instead of a stack trace", async () => {
    const error = await openStore({ databaseUrl: "postgres://bot:s3cretPassw0rd@127.0.0.1:1/state", dataDir: await dataDir() }).then(
      () => new Error("expected the store not to open"),
      (e: unknown) => e as Error,
    );
    expect(error.message).toMatch(/^Cannot open the bot's database at 127\.0\.0\.1:1\/state \(DATABASE_URL\): connect ECONNREFUSED 127\.0\.0\.1:1\.$/);
    expect(`${error.message} ${(error as { hint?: string }).hint}`).not.toContain("s3cretPassw0rd");
  });
});

await describePostgres("Slack installations in Postgres", (url) => {
  it("are encrypted there too", async () => {
    await inFreshSchema(url, "store_secrets", async ({ url: databaseUrl, schema, client }) => {
      const store = await openStore({ databaseUrl, dataDir: await dataDir(), encryptionKey: randomBytes(32) });
      await store.saveSlackInstallation({ teamId: "T0ACME" }, INSTALLATION);
      expect(await store.getSlackInstallation({ teamId: "T0ACME" })).toEqual(INSTALLATION);
      await store.close();
      const { rows } = await client.query(`SELECT installation::text AS raw FROM "${schema}".slack_installations`);
      expect(rows).toHaveLength(1);
      expect(rows[0].raw).not.toContain(TOKEN);
      expect(rows[0].raw).toContain('"$encrypted": "aes-256-gcm"');
    });
  });
});

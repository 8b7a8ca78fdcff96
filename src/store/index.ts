/**
 * Opens the configured Store: Postgres when a database URL is set (several
 * replicas), otherwise the embedded default, `<dataDir>/bot.sqlite` (mode
 * 0600). Each driver is loaded only when used. Slack installations (bot
 * tokens) are encrypted at rest (secrets.ts) with `encryptionKey`
 * (BOT_ENCRYPTION_KEY), else with the key in `<dataDir>/encryption.key`,
 * created when first needed.
 *
 * A database that cannot be reached is a config UserError naming it (never
 * its password), not a stack trace.
 *
 * @example
 * const store = await openStore({ dataDir: "./data" }); // ./data/bot.sqlite
 */
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { UserError } from "../errors.ts";
import type { Logger } from "../log.ts";
import { redactSecrets } from "../redact.ts";
import { KEY_FILE, keyFromFile, withEncryptedInstallations } from "./secrets.ts";
import type { Store } from "./store.ts";

export type * from "./store.ts";

export async function openStore(config: { databaseUrl?: string; dataDir: string; log?: Logger; encryptionKey?: Buffer }): Promise<Store> {
  const key = config.encryptionKey;
  const keyOf = key ? () => Promise.resolve(key) : keyFromFile(config.dataDir);
  if (config.databaseUrl) {
    if (!key) {
      config.log?.warn(`BOT_ENCRYPTION_KEY is not set: Slack tokens in the shared database are encrypted with ${join(config.dataDir, KEY_FILE)}, which other replicas do not have`, {
        hint: "set BOT_ENCRYPTION_KEY to the same value on every replica (e.g. the output of `openssl rand -base64 32`)",
      });
    }
    const { openPostgresStore } = await import("./postgres.ts");
    let store: Store;
    try {
      store = await openPostgresStore(config.databaseUrl, config.log ? { log: config.log } : {});
    } catch (e) {
      throw new UserError(
        "config",
        `Cannot open the bot's database at ${(await import("../connectors/postgres/index.ts")).describeUrl(config.databaseUrl)} (DATABASE_URL): ${redactSecrets(firstLine(e))}.`,
        "Check that Postgres is running and reachable from here, and the user, password and database in DATABASE_URL; or unset DATABASE_URL to keep the bot's state in DATA_DIR/bot.sqlite.",
      );
    }
    return withEncryptedInstallations(store, keyOf);
  }
  await mkdir(config.dataDir, { recursive: true });
  const { openSqliteStore } = await import("./sqlite.ts");
  return withEncryptedInstallations(await openSqliteStore(join(config.dataDir, "bot.sqlite")), keyOf);
}

function firstLine(e: unknown): string {
  const err = e as { message?: unknown; code?: unknown; errors?: unknown };
  // A refused connection to "localhost" is an AggregateError (IPv6 and IPv4) with an empty message.
  const message = typeof err?.message === "string" && err.message !== "" ? err.message : Array.isArray(err?.errors) ? String((err.errors[0] as Error | undefined)?.message ?? err.code) : String(err?.code ?? e);
  return message.split("\n")[0]!.replace(/\.$/, "");
}

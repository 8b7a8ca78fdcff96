/**
 * Opens the configured Store: Postgres when a database URL is set (several
 * replicas), otherwise the embedded default, `<dataDir>/bot.sqlite`. Each
 * driver is loaded only when used.
 *
 * @example
 * const store = await openStore({ dataDir: "./data" }); // ./data/bot.sqlite
 */
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import type { Logger } from "../log.ts";
import type { Store } from "./store.ts";

export type * from "./store.ts";

export async function openStore(config: { databaseUrl?: string; dataDir: string; log?: Logger }): Promise<Store> {
  if (config.databaseUrl) {
    const { openPostgresStore } = await import("./postgres.ts");
    return openPostgresStore(config.databaseUrl, config.log ? { log: config.log } : {});
  }
  await mkdir(config.dataDir, { recursive: true });
  const { openSqliteStore } = await import("./sqlite.ts");
  return openSqliteStore(join(config.dataDir, "bot.sqlite"));
}

import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);
import {
  KEY_FILE,
  keyFromFile,
  redactSecrets,
  withEncryptedInstallations
} from "./chunk-U2R7LURL.js";
import {
  UserError
} from "./chunk-LJ4WEFEH.js";

// dist/src/store/index.js
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
async function openStore(config) {
  const key = config.encryptionKey;
  const keyOf = key ? () => Promise.resolve(key) : keyFromFile(config.dataDir);
  if (config.databaseUrl) {
    if (!key) {
      config.log?.warn(`BOT_ENCRYPTION_KEY is not set: Slack tokens in the shared database are encrypted with ${join(config.dataDir, KEY_FILE)}, which other replicas do not have`, {
        hint: "set BOT_ENCRYPTION_KEY to the same value on every replica (e.g. the output of `openssl rand -base64 32`)"
      });
    }
    const { openPostgresStore } = await import("./postgres-SHBHDDV5.js");
    let store;
    try {
      store = await openPostgresStore(config.databaseUrl, config.log ? { log: config.log } : {});
    } catch (e) {
      throw new UserError("config", `Cannot open the bot's database at ${(await import("./postgres-32CSQGS7.js")).describeUrl(config.databaseUrl)} (DATABASE_URL): ${redactSecrets(firstLine(e))}.`, "Check that Postgres is running and reachable from here, and the user, password and database in DATABASE_URL; or unset DATABASE_URL to keep the bot's state in DATA_DIR/bot.sqlite.");
    }
    return withEncryptedInstallations(store, keyOf);
  }
  await mkdir(config.dataDir, { recursive: true });
  const { openSqliteStore } = await import("./sqlite-YLZSTB7M.js");
  return withEncryptedInstallations(await openSqliteStore(join(config.dataDir, "bot.sqlite")), keyOf);
}
function firstLine(e) {
  const err = e;
  const message = typeof err?.message === "string" && err.message !== "" ? err.message : Array.isArray(err?.errors) ? String(err.errors[0]?.message ?? err.code) : String(err?.code ?? e);
  return message.split("\n")[0].replace(/\.$/, "");
}

export {
  openStore
};

/**
 * `npm run sync`: pulls every configured help desk (ZENDESK_*, LIVEAGENT_*, INTERCOM_*)
 * into DATA_DIR/helpdesk.duckdb once, from where the last sync stopped, and
 * prints what it stored. The running bot does the same on SYNC_CRON; this is
 * for a first import, cron jobs outside the bot, and checking credentials.
 * Exit codes: 0 every source synced, 1 a source failed (the message says
 * which and why; what was stored stays, and the next sync resumes there),
 * 2 the configuration is wrong or no help desk is configured.
 *
 * `npm run sync -- --connect zendesk` prints the address a Zendesk admin
 * opens to connect Zendesk over OAuth (the bot must be serving there to take
 * the redirect), and whether a grant is stored already.
 */
import { pathToFileURL } from "node:url";
import { systemClock, type Clock } from "../../src/clock.ts";
import { loadConfig } from "../../src/config.ts";
import { loadDotEnv } from "../../src/dotenv.ts";
import { openDuckDbConnector } from "../../src/connectors/duckdb/index.ts";
import { createSyncEngine, sourceLabels, syncWarnings, type SyncRunSummary } from "../../src/ingest/helpdesk/index.ts";
import { installUrl, oauthApp } from "../../src/ingest/helpdesk/zendesk/configured.ts";
import { asGrant, type GrantStore } from "../../src/ingest/helpdesk/zendesk/oauth.ts";
import { openStore } from "../../src/store/index.ts";
import type { Store } from "../../src/store/store.ts";
import type { ConfiguredSource } from "../../src/ingest/helpdesk/engine.ts";
import { isUserError } from "../../src/errors.ts";
import { createLogger } from "../../src/log.ts";
import { redactSecrets } from "../../src/redact.ts";
import { formatDuration } from "../../src/render/format.ts";

export interface SyncCliDeps {
  env?: Record<string, string | undefined>;
  clock?: Clock;
  /** Instead of the configured sources (tests: scaled budgets). */
  sources?: ConfiguredSource[];
  /** Command-line arguments (default: process.argv after the script). */
  argv?: string[];
}

export async function main(out: (s: string) => void, err: (s: string) => void, deps: SyncCliDeps = {}): Promise<number> {
  const argv = deps.argv ?? process.argv.slice(2);
  const connect = argv.indexOf("--connect");
  const connectTo = connect >= 0 ? argv[connect + 1] : undefined;
  if (connect >= 0 && connectTo !== "zendesk") {
    err(`--connect takes the help desk to connect: \`npm run sync -- --connect zendesk\` (got ${connectTo === undefined ? "nothing" : `"${connectTo}"`}).`);
    return 2;
  }
  let config;
  try {
    if (!deps.env) loadDotEnv();
    config = loadConfig(deps.env ?? process.env);
  } catch (e) {
    if (!isUserError(e)) throw e;
    err(`${e.message}\n${e.hint ?? ""}`);
    return 2;
  }
  if (!config.sync) {
    err("No help desk is configured: set ZENDESK_SUBDOMAIN, ZENDESK_CLIENT_ID, ZENDESK_CLIENT_SECRET and ZENDESK_REDIRECT_URL (Zendesk over OAuth), or LIVEAGENT_URL and LIVEAGENT_API_KEY, or FRESHDESK_DOMAIN and FRESHDESK_API_KEY, or INTERCOM_ACCESS_TOKEN (see .env.example).");
    return 2;
  }
  const clock = deps.clock ?? systemClock;
  const log = createLogger(config.logLevel);
  for (const warning of syncWarnings(config.sync)) err(`Warning: ${warning}`);
  const app = config.sync.zendesk ? oauthApp(config.sync.zendesk) : undefined;
  // The Store keeps Zendesk's OAuth grant (encrypted); opened only when Zendesk is connected over OAuth.
  let store: Store | undefined;
  if (app) {
    try {
      store = await openStore({ ...(config.databaseUrl ? { databaseUrl: config.databaseUrl } : {}), ...(config.encryptionKey ? { encryptionKey: config.encryptionKey } : {}), dataDir: config.dataDir, log });
    } catch (e) {
      if (!isUserError(e)) throw e;
      err(`${e.message}\n${e.hint ?? ""}`);
      return 2;
    }
  }
  if (connectTo === "zendesk") {
    try {
      return await printConnect(out, err, app, store);
    } finally {
      await store?.close();
    }
  }
  try {
    return await syncOnce(out, err, { config, clock, log, ...(store ? { grants: store } : {}), ...(deps.sources ? { sources: deps.sources } : {}) });
  } finally {
    await store?.close();
  }
}

/** `--connect zendesk`: the install address, and whether Zendesk is connected already. */
async function printConnect(out: (s: string) => void, err: (s: string) => void, app: ReturnType<typeof oauthApp>, grants: GrantStore | undefined): Promise<number> {
  if (!app || !grants) {
    err(
      "Zendesk is not set up for OAuth: set ZENDESK_SUBDOMAIN, ZENDESK_CLIENT_ID, ZENDESK_CLIENT_SECRET and ZENDESK_REDIRECT_URL (see .env.example), with the bot's /zendesk/oauth_redirect address listed in the OAuth client's Redirect URLs.",
    );
    return 2;
  }
  const grant = asGrant(await grants.getHelpdeskGrant("zendesk"));
  out(`To connect Zendesk (${new URL(app.baseUrl).host}), a Zendesk admin opens:\n\n  ${installUrl(app.redirectUrl)}\n`);
  if (!app.redirectUrl) out("(Set ZENDESK_REDIRECT_URL to the bot's public https://…/zendesk/oauth_redirect to print the full address; it must match the OAuth client's Redirect URL.)");
  out("The bot must be running and reachable at that address (npm run serve) to take Zendesk's answer; only a Zendesk admin's grant is kept.");
  out(grant === null ? "Zendesk is not connected yet." : `Zendesk is connected already${grant.connectedBy ? ` (by ${grant.connectedBy})` : ""}; connecting again replaces that grant.`);
  return 0;
}

async function syncOnce(
  out: (s: string) => void,
  err: (s: string) => void,
  ctx: { config: NonNullable<ReturnType<typeof loadConfig>>; clock: Clock; log: ReturnType<typeof createLogger>; grants?: GrantStore; sources?: ConfiguredSource[] },
): Promise<number> {
  const { config, clock, log } = ctx;
  if (!config.sync) return 2;
  let connector;
  try {
    connector = await openDuckDbConnector({ dataDir: config.dataDir, clock, timeZone: config.timeZone, log, helpdesk: true, sourceLabels: sourceLabels(config.sync) });
  } catch (e) {
    err(redactSecrets(`Cannot open the help-desk store in ${config.dataDir}: ${e instanceof Error ? e.message : String(e)}`));
    return isUserError(e) ? 2 : 1;
  }
  try {
    const store = connector.helpdesk;
    if (!store) throw new Error("the DuckDB connector opened without its help-desk store");
    const engine = createSyncEngine(config.sync, store, { clock, log, ...(ctx.grants ? { grants: ctx.grants } : {}), ...(ctx.sources ? { sources: ctx.sources } : {}) });
    const summaries = await engine.runOnce();
    for (const s of summaries) {
      if (s.error) err(redactSecrets(summaryLine(s)));
      else out(redactSecrets(summaryLine(s)));
    }
    return summaries.some((s) => s.error) ? 1 : 0;
  } finally {
    await connector.close?.();
  }
}

export function summaryLine(s: SyncRunSummary): string {
  const stored = `${s.pages} page${s.pages === 1 ? "" : "s"}, ${s.upserted.toLocaleString("en-US")} record${s.upserted === 1 ? "" : "s"} stored, ${s.deleted} deleted, ${s.skipped} skipped, in ${formatDuration(Math.max(1, Math.round(s.ms / 1000)))}`;
  return s.error ? `${s.label}: stopped after ${stored}: ${s.error}. The next sync resumes from there.` : `${s.label}: up to date — ${stored}.`;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  main((s) => process.stdout.write(`${s}\n`), (s) => process.stderr.write(`${s}\n`)).then((code) => {
    process.exitCode = code;
  });
}

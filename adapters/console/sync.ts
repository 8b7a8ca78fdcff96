/**
 * `npm run sync`: pulls every configured help desk (ZENDESK_*, LIVEAGENT_*, INTERCOM_*)
 * into DATA_DIR/helpdesk.duckdb once, from where the last sync stopped, and
 * prints what it stored. The running bot does the same on SYNC_CRON; this is
 * for a first import, cron jobs outside the bot, and checking credentials.
 * Exit codes: 0 every source synced, 1 a source failed (the message says
 * which and why; what was stored stays, and the next sync resumes there),
 * 2 the configuration is wrong or no help desk is configured.
 */
import { pathToFileURL } from "node:url";
import { systemClock, type Clock } from "../../src/clock.ts";
import { loadConfig } from "../../src/config.ts";
import { loadDotEnv } from "../../src/dotenv.ts";
import { openDuckDbConnector } from "../../src/connectors/duckdb/index.ts";
import { createSyncEngine, sourceLabels, type SyncRunSummary } from "../../src/ingest/helpdesk/index.ts";
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
}

export async function main(out: (s: string) => void, err: (s: string) => void, deps: SyncCliDeps = {}): Promise<number> {
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
    err("No help desk is configured: set ZENDESK_SUBDOMAIN, ZENDESK_EMAIL and ZENDESK_API_TOKEN, or LIVEAGENT_URL and LIVEAGENT_API_KEY, or FRESHDESK_DOMAIN and FRESHDESK_API_KEY, or INTERCOM_ACCESS_TOKEN (see .env.example).");
    return 2;
  }
  const clock = deps.clock ?? systemClock;
  const log = createLogger(config.logLevel);
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
    const engine = createSyncEngine(config.sync, store, { clock, log, ...(deps.sources ? { sources: deps.sources } : {}) });
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

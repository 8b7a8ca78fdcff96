/**
 * Builds the command engine from configuration: the connector, the metric
 * options, the clock and the logger. Adapters get an Engine and nothing else.
 */
import type { Clock } from "./clock.ts";
import type { Engine } from "./commands/answer.ts";
import type { Config } from "./config.ts";
import type { Connector } from "./connectors/connector.ts";
import type { DuckDbConnector } from "./connectors/duckdb/index.ts";
import type { SyncEngine } from "./ingest/helpdesk/index.ts";
import type { GrantStore } from "./ingest/helpdesk/zendesk/oauth.ts";
import { cacheClosedPeriods } from "./connectors/cache.ts";
import type { Logger } from "./log.ts";

/**
 * The engine over the configured data. Throws a config UserError (naming the
 * file and column) when DATA_DIR's files or mapping cannot be used.
 */
export async function createEngine(
  config: Config,
  deps: { clock: Clock; log: Logger; connector?: Connector; sample?: "temporary"; grants?: GrantStore },
): Promise<Engine & { sync?: SyncEngine }> {
  const opened = deps.connector ?? (await openConnector(config, deps));
  // Periods that have ended from cache, until the data changes (files) or for DATA_CACHE_TTL_SECONDS (Postgres).
  const connector = cacheClosedPeriods(opened, { clock: deps.clock, ...(config.dataUrl ? { ttlMs: config.dataCacheTtlMs } : {}) });
  // Help desks are synced into the DuckDB connector's attached store (config refuses DATA_URL with them).
  const duck = "helpdesk" in opened ? (opened as DuckDbConnector) : undefined;
  // Modules for what is not configured are not loaded: a one-shot `npm run ask` starts faster.
  const helpdesk = config.sync ? await import("./ingest/helpdesk/index.ts") : undefined;
  // What the admin should change (Zendesk API tokens stop working on 30 Apr 2027).
  for (const warning of config.sync && helpdesk ? helpdesk.syncWarnings(config.sync) : []) deps.log.warn(warning);
  const sync = config.sync && helpdesk && duck?.helpdesk
    ? helpdesk.createSyncEngine(config.sync, duck.helpdesk, { clock: deps.clock, log: deps.log, onSynced: () => duck.reload(), ...(deps.grants ? { grants: deps.grants } : {}) })
    : undefined;
  return {
    connector,
    ...(sync ? { sync } : {}),
    options: config.metricOptions,
    clock: deps.clock,
    timeZone: config.timeZone,
    weekStartsOn: config.weekStartsOn,
    defaultPeriod: config.defaultPeriod,
    log: deps.log,
  };
}

/**
 * The connector the configuration asks for: Postgres at DATA_URL (table names
 * from DATA_DIR/mapping.json when there is one), otherwise DuckDB over the
 * files in DATA_DIR — where, on first start with an empty folder, the
 * fictional sample team's data is written, reaching up to now.
 */
export async function openConnector(config: Config, deps: { clock: Clock; log: Logger; sample?: "temporary" }): Promise<Connector> {
  if (config.dataUrl) {
    const [{ loadMapping }, { createPostgresConnector }] = await Promise.all([import("./ingest/mapping.ts"), import("./connectors/postgres/index.ts")]);
    const mapping = await loadMapping(config.dataDir);
    return createPostgresConnector({
      url: config.dataUrl,
      statementTimeoutMs: config.dataStatementTimeoutMs,
      ...(mapping?.tables ? { tables: mapping.tables } : {}),
      log: deps.log,
      clock: deps.clock,
    });
  }
  const { openDuckDbConnector } = await import("./connectors/duckdb/index.ts");
  const sourceLabels = config.sync ? (await import("./ingest/helpdesk/index.ts")).sourceLabels : undefined;
  return openDuckDbConnector({
    dataDir: config.dataDir,
    clock: deps.clock,
    timeZone: config.timeZone,
    log: deps.log,
    ...(deps.sample ? { sample: deps.sample } : {}),
    ...(config.sync && sourceLabels ? { helpdesk: true, sourceLabels: sourceLabels(config.sync) } : {}),
  });
}

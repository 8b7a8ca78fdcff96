/**
 * Help-desk sync from configuration: which sources (ZENDESK_*, LIVEAGENT_*, FRESHDESK_*, INTERCOM_*),
 * their credentials as request headers, their documented budgets, and the
 * engine that keeps DATA_DIR/helpdesk.duckdb current.
 *
 * @example
 * const engine = createSyncEngine(config.sync, connector.helpdesk, { clock, log, onSynced: connector.reload });
 * engine.start(); // now, then every SYNC_CRON
 */
import type { Clock } from "../../clock.ts";
import type { SyncConfig } from "../../config.ts";
import type { Logger } from "../../log.ts";
import { SyncEngine, type ConfiguredSource } from "./engine.ts";
import { FRESHDESK_BUDGETS, freshdeskAuthorization, freshdeskSource } from "./freshdesk/index.ts";
import { LIVEAGENT_BUDGETS, liveAgentSource } from "./liveagent/index.ts";
import { INTERCOM_BUDGETS, intercomHeaders, intercomResetAt, intercomSource } from "./intercom/index.ts";
import type { HelpdeskStore } from "./store.ts";
import { ZENDESK_BUDGETS, zendeskSource } from "./zendesk/index.ts";

export { SyncEngine, type SyncStatus, type SyncRunSummary } from "./engine.ts";

const DAY_MS = 86_400_000;

/** The configured help desks, each with how to reach it. Credentials go only into headers. */
export function configuredSources(sync: SyncConfig): ConfiguredSource[] {
  const out: ConfiguredSource[] = [];
  if (sync.zendesk) {
    const { baseUrl, auth } = sync.zendesk;
    const authorization =
      auth.kind === "oauth" ? `Bearer ${auth.token}` : `Basic ${Buffer.from(`${auth.email}/token:${auth.token}`).toString("base64")}`;
    out.push({ source: zendeskSource({ baseUrl, label: `Zendesk (${new URL(baseUrl).host})` }), http: { baseUrl, headers: { authorization }, budgets: ZENDESK_BUDGETS } });
  }
  if (sync.liveagent) {
    const { baseUrl, apiKey, timeZone } = sync.liveagent;
    out.push({
      source: liveAgentSource({ baseUrl, label: `LiveAgent (${new URL(baseUrl).host})`, ...(timeZone ? { timeZone } : {}) }),
      http: { baseUrl, headers: { apikey: apiKey }, budgets: LIVEAGENT_BUDGETS },
    });
  }
  if (sync.freshdesk) {
    const { baseUrl, apiKey } = sync.freshdesk;
    out.push({
      source: freshdeskSource({ baseUrl, label: `Freshdesk (${new URL(baseUrl).host})` }),
      http: { baseUrl, headers: { authorization: freshdeskAuthorization(apiKey) }, budgets: FRESHDESK_BUDGETS },
    });
  }
  if (sync.intercom) {
    const { baseUrl, token } = sync.intercom;
    out.push({
      source: intercomSource({ baseUrl, label: `Intercom (${new URL(baseUrl).host})` }),
      http: { baseUrl, headers: intercomHeaders(token), budgets: INTERCOM_BUDGETS, resetAt: intercomResetAt },
    });
  }
  return out;
}

/** Source ids → labels, for `sources`. */
export function sourceLabels(sync: SyncConfig): Record<string, string> {
  return Object.fromEntries(configuredSources(sync).map(({ source }) => [source.id, source.label]));
}

export function createSyncEngine(
  sync: SyncConfig,
  store: HelpdeskStore,
  deps: { clock: Clock; log?: Logger; onSynced?: () => Promise<void> | void; sources?: ConfiguredSource[] },
): SyncEngine {
  return new SyncEngine({
    store,
    sources: deps.sources ?? configuredSources(sync),
    clock: deps.clock,
    cron: sync.cron,
    since: new Date(deps.clock.now().getTime() - sync.historyDays * DAY_MS),
    ...(deps.log ? { log: deps.log } : {}),
    ...(deps.onSynced ? { onSynced: deps.onSynced } : {}),
  });
}

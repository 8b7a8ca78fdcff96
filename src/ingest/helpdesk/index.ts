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
import { configuredZendesk, zendeskWarnings } from "./zendesk/configured.ts";
import type { GrantStore } from "./zendesk/oauth.ts";

export { SyncEngine, type SyncStatus, type SyncRunSummary } from "./engine.ts";

const DAY_MS = 86_400_000;

/**
 * The configured help desks, each with how to reach it. Credentials go only
 * into headers. `grants`: the Store, where Zendesk's OAuth grant is kept.
 */
export function configuredSources(sync: SyncConfig, deps: { grants?: GrantStore } = {}): ConfiguredSource[] {
  const out: ConfiguredSource[] = [];
  if (sync.zendesk) out.push(configuredZendesk(sync.zendesk, deps));
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

/** Configuration the admin should change (e.g. Zendesk API tokens, retired on 30 Apr 2027). */
export function syncWarnings(sync: SyncConfig): string[] {
  return zendeskWarnings(sync.zendesk);
}

export function createSyncEngine(
  sync: SyncConfig,
  store: HelpdeskStore,
  deps: { clock: Clock; log?: Logger; onSynced?: () => Promise<void> | void; sources?: ConfiguredSource[]; grants?: GrantStore },
): SyncEngine {
  return new SyncEngine({
    store,
    sources: deps.sources ?? configuredSources(sync, deps.grants ? { grants: deps.grants } : {}),
    clock: deps.clock,
    cron: sync.cron,
    since: new Date(deps.clock.now().getTime() - sync.historyDays * DAY_MS),
    ...(deps.log ? { log: deps.log } : {}),
    ...(deps.onSynced ? { onSynced: deps.onSynced } : {}),
  });
}

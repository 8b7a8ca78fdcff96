/**
 * Serves every configured chat platform on one HTTP server (PORT):
 *
 *   GET  /healthz                 always
 *   POST /slack/events            Slack in HTTP mode (commands, buttons, events)
 *   GET  /slack/install           Slack multi-workspace install (OAuth)
 *   GET  /slack/oauth_redirect    Slack OAuth callback
 *   POST /api/messages            Teams (Bot Framework activities): with an app id,
 *                                 or TEAMS_AUTH=off (then the server listens on 127.0.0.1)
 *   GET  /zendesk/install         Zendesk over OAuth (ZENDESK_CLIENT_ID …): an admin connects it
 *   GET  /zendesk/oauth_redirect  Zendesk OAuth callback
 *
 * @example
 * const server = await serve(config, { engine, store, log });
 * // … later
 * await server.close();
 */
import type { Engine } from "../../src/commands/answer.ts";
import type { Config } from "../../src/config.ts";
import type { Logger } from "../../src/log.ts";
import type { Destination, Store } from "../../src/store/store.ts";
import { createSlackAdapter, type RetryPolicy, type SlackAdapter } from "../slack/app.ts";
import { createTeamsBot, TEAMS_NOT_CONFIGURED } from "../teams/app.ts";
import { isLoopback } from "../teams/localOnly.ts";
import { zendeskRoutes } from "../zendesk/routes.ts";
import { oauthApp } from "../../src/ingest/helpdesk/zendesk/configured.ts";
import type { TeamsPoster } from "../teams/poster.ts";
import { createHttpServer, healthRoute, type Route } from "./server.ts";

export interface Serving {
  port: number;
  slack?: SlackAdapter;
  /** Teams, when an app id is configured, or TEAMS_AUTH=off (then unauthenticated, this machine only). */
  teams?: { poster: TeamsPoster; authenticated: boolean };
  /**
   * Whether digests and alerts may still post to a destination: its Slack
   * workspace on SLACK_ALLOWED_TEAMS, its Teams tenant on TEAMS_ALLOWED_TENANTS
   * (the scheduler's `allowed`). A platform that is not served: no.
   */
  allowed(destination: Destination): Promise<boolean>;
  close(): Promise<void>;
}

export async function serve(
  config: Pick<Config, "port" | "slack" | "teams" | "teamsAuthOff" | "admins" | "teamsAllowedTenants"> & Partial<Pick<Config, "sync">>,
  deps: { engine: Engine; store: Store; log: Logger; host?: string; slackRetryPolicy?: RetryPolicy },
): Promise<Serving> {
  const { log } = deps;
  const slack = config.slack
    ? await createSlackAdapter({
        config: config.slack,
        engine: deps.engine,
        store: deps.store,
        log,
        admins: config.admins,
        ...(deps.slackRetryPolicy ? { retryPolicy: deps.slackRetryPolicy } : {}),
      })
    : undefined;

  const teams =
    config.teams || config.teamsAuthOff
      ? createTeamsBot({
          engine: deps.engine,
          store: deps.store,
          ...(config.teams ? { config: config.teams } : { authOff: true }),
          log,
          admins: config.admins,
          ...(config.teamsAllowedTenants ? { allowedTenants: config.teamsAllowedTenants } : {}),
        })
      : undefined;
  if (!teams) log.info(TEAMS_NOT_CONFIGURED);
  // Without authentication, Teams (and so the whole server) listens on this machine only.
  const host = teams && !teams.authenticated && !isLoopback(deps.host) ? "127.0.0.1" : deps.host;

  const zendeskApp = config.sync?.zendesk ? oauthApp(config.sync.zendesk) : undefined;
  const routes: Route[] = [
    healthRoute(() => ({ slack: slack?.mode ?? "off", teams: teams ? (teams.authenticated ? "on" : "local only") : "off" })),
    ...(slack?.routes ?? []),
    ...(teams ? [teams.route] : []),
    ...(zendeskApp ? zendeskRoutes({ app: zendeskApp, grants: deps.store, log, onConnected: () => syncNow(deps.engine, log) }) : []),
  ];
  const http = createHttpServer({ routes, log });
  const { port } = await http.listen(config.port, host);
  try {
    await slack?.start();
  } catch (error) {
    await http.close();
    throw error;
  }
  log.info("serving", { port, ...(host ? { host } : {}), slack: slack?.mode ?? "off", routes: routes.map((r) => `${r.method} ${r.path}`) });

  return {
    port,
    ...(slack ? { slack } : {}),
    ...(teams ? { teams: { poster: teams.poster, authenticated: teams.authenticated } } : {}),
    allowed: async (destination) => {
      if (destination.platform === "slack") return slack ? slack.allowsWorkspace(destination.workspace) : false;
      if (destination.platform === "teams") return teams ? teams.allowsTenant(destination.workspace) : false;
      return true;
    },
    close: async () => {
      await slack?.stop();
      await http.close();
    },
  };
}

/** A sync right after Zendesk is connected, when the engine's sync can run on demand (the bot's can). */
function syncNow(engine: Engine, log: Logger): void {
  const sync = engine.sync as (Engine["sync"] & { runOnce?: () => Promise<unknown> }) | undefined;
  void sync?.runOnce?.().catch((error: unknown) => log.warn("sync after connecting Zendesk failed", { error: String(error) }));
}

/**
 * Serves every configured chat platform on one HTTP server (PORT):
 *
 *   GET  /healthz                 always
 *   POST /slack/events            Slack in HTTP mode (commands, buttons, events)
 *   GET  /slack/install           Slack multi-workspace install (OAuth)
 *   GET  /slack/oauth_redirect    Slack OAuth callback
 *   POST /api/messages            Teams (Bot Framework activities)
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
import { createTeamsBot } from "../teams/app.ts";
import type { TeamsPoster } from "../teams/poster.ts";
import { createHttpServer, healthRoute, type Route } from "./server.ts";

export interface Serving {
  port: number;
  slack?: SlackAdapter;
  /** Teams is always mounted; without an app id it answers this machine only (local use, tests). */
  teams: { poster: TeamsPoster; authenticated: boolean };
  /**
   * Whether digests and alerts may still post to a destination: its Slack
   * workspace on SLACK_ALLOWED_TEAMS, its Teams tenant on TEAMS_ALLOWED_TENANTS
   * (the scheduler's `allowed`). Slack without a Slack adapter: no.
   */
  allowed(destination: Destination): Promise<boolean>;
  close(): Promise<void>;
}

export async function serve(
  config: Pick<Config, "port" | "slack" | "teams" | "admins" | "teamsAllowedTenants">,
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

  const teams = createTeamsBot({
    engine: deps.engine,
    store: deps.store,
    ...(config.teams ? { config: config.teams } : {}),
    log,
    admins: config.admins,
    ...(config.teamsAllowedTenants ? { allowedTenants: config.teamsAllowedTenants } : {}),
  });

  const routes: Route[] = [
    healthRoute(() => ({ slack: slack?.mode ?? "off", teams: teams.authenticated ? "on" : "local only" })),
    ...(slack?.routes ?? []),
    teams.route,
  ];
  const http = createHttpServer({ routes, log });
  const { port } = await http.listen(config.port, deps.host);
  try {
    await slack?.start();
  } catch (error) {
    await http.close();
    throw error;
  }
  log.info("serving", { port, slack: slack?.mode ?? "off", routes: routes.map((r) => `${r.method} ${r.path}`) });

  return {
    port,
    ...(slack ? { slack } : {}),
    teams: { poster: teams.poster, authenticated: teams.authenticated },
    allowed: async (destination) => {
      if (destination.platform === "slack") return slack ? slack.allowsWorkspace(destination.workspace) : false;
      if (destination.platform === "teams") return teams.allowsTenant(destination.workspace);
      return true;
    },
    close: async () => {
      await slack?.stop();
      await http.close();
    },
  };
}

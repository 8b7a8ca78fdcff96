/**
 * The Teams adapter: botbuilder's CloudAdapter behind `POST /api/messages`
 * on the bot's one HTTP server, and a Poster for digests and alerts.
 *
 * Authentication comes from MICROSOFT_APP_ID, MICROSOFT_APP_PASSWORD,
 * MICROSOFT_APP_TENANT_ID and MICROSOFT_APP_TYPE
 * (ConfigurationBotFrameworkAuthentication): every request must then carry a
 * Bot Framework token, and replies are sent with the app's credentials.
 * Without an app id, Teams is served only with TEAMS_AUTH=off, and then
 * without authentication — for the Bot Framework Emulator and tests on this
 * machine only: the bot says so loudly at start, listens on 127.0.0.1, takes
 * requests made there directly, and replies only to a serviceUrl there.
 *
 * @example
 * const teams = createTeamsBot({ engine, store, config: config.teams, log, admins: config.admins });
 * const http = createHttpServer({ routes: [healthRoute(), teams.route], log });
 * const scheduler = new Scheduler({ …, posters: { teams: teams.poster } });
 */
import { CloudAdapter, ConfigurationBotFrameworkAuthentication } from "botbuilder";
import type { Engine } from "../../src/commands/answer.ts";
import type { TeamsConfig } from "../../src/config.ts";
import { faultId, UserError } from "../../src/errors.ts";
import type { Logger } from "../../src/log.ts";
import type { Store } from "../../src/store/store.ts";
import type { Route } from "../http/server.ts";
import { isAllowedTenant, tenantAllowList, tenantGate, type TenantAllowList } from "./allowed.ts";
import { MetricsTeamsHandler } from "./handler.ts";
import { TeamsPoster } from "./poster.ts";
import { referenceKeeper } from "./references.ts";
import type { TeamsRetryPolicy } from "./retry.ts";
import { messagesRoute, TEAMS_MESSAGES_PATH } from "./route.ts";

export interface TeamsBotDeps {
  engine: Engine;
  store: Store;
  /** `config.teams`: absent when MICROSOFT_APP_ID is not set. */
  config?: TeamsConfig;
  /** TEAMS_AUTH=off: no app id, no authentication, this machine only (see localOnly.ts). Needed when `config` is absent. */
  authOff?: boolean;
  log: Logger;
  /** BOT_ADMINS: Teams user ids (29:…) who may manage digests and alerts. */
  admins?: readonly string[];
  /**
   * `config.teamsAllowedTenants`: the tenants served (allowed.ts). Absent with
   * authentication on, MICROSOFT_APP_TENANT_ID stands in; absent with it off, every tenant is served.
   */
  allowedTenants?: readonly string[];
  /** The poster's backoff (tests shorten it). */
  retry?: Partial<TeamsRetryPolicy>;
  /** Tests: how the poster waits between tries, and its jitter. */
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

/** Why Teams is not served when neither an app id nor TEAMS_AUTH=off is configured. */
export const TEAMS_NOT_CONFIGURED =
  "Teams is not served: set MICROSOFT_APP_ID and MICROSOFT_APP_PASSWORD (the Azure Bot's credentials), or TEAMS_AUTH=off to try it without authentication on this machine (Bot Framework Emulator).";

export interface TeamsBot {
  /** `POST /api/messages`, for the shared HTTP server. */
  route: Route;
  /** Posts digests and alerts to Teams conversations (for the scheduler's `posters.teams`). */
  poster: TeamsPoster;
  adapter: CloudAdapter;
  handler: MetricsTeamsHandler;
  /** False when MICROSOFT_APP_ID is not set: local use only. */
  authenticated: boolean;
  /** Whether digests and alerts may post to this tenant (TEAMS_ALLOWED_TENANTS). */
  allowsTenant(tenant: string): boolean;
}

export function createTeamsBot(deps: TeamsBotDeps): TeamsBot {
  const { config, log } = deps;
  const authenticated = Boolean(config?.appId);
  if (!authenticated && !deps.authOff) throw new UserError("config", TEAMS_NOT_CONFIGURED, "README, \"Install in Teams\".");
  let auth: ConfigurationBotFrameworkAuthentication;
  try {
    auth = new ConfigurationBotFrameworkAuthentication(
      config
        ? {
            MicrosoftAppId: config.appId,
            MicrosoftAppType: config.appType,
            ...(config.appPassword ? { MicrosoftAppPassword: config.appPassword } : {}),
            ...(config.tenantId ? { MicrosoftAppTenantId: config.tenantId } : {}),
          }
        : {},
    );
  } catch (error) {
    // botbuilder's own checks (e.g. a SingleTenant app without a tenant); they name no secret.
    throw new UserError("config", `Teams authentication could not be set up: ${error instanceof Error ? error.message : String(error)}`, "Check the MICROSOFT_APP_* variables; .env.example says where each one comes from.");
  }
  const adapter = new CloudAdapter(auth);
  const allowList = teamsAllowList(deps.allowedTenants, config);

  if (authenticated) {
    log.info("teams: authentication is on", { path: TEAMS_MESSAGES_PATH, appId: config!.appId, appType: config!.appType });
  } else {
    log.warn(
      "TEAMS AUTHENTICATION IS OFF (TEAMS_AUTH=off): POST /api/messages takes unauthenticated requests, from this machine only (listening on 127.0.0.1, nothing forwarded by a proxy or tunnel), and replies only to a serviceUrl on this machine. For local use with the Bot Framework Emulator and tests only; never run like this in production. Set MICROSOFT_APP_ID and MICROSOFT_APP_PASSWORD instead (README, \"Install in Teams\").",
      { path: TEAMS_MESSAGES_PATH, auth: "off" },
    );
  }
  log.info(allowList.any ? "teams: every tenant is answered (authentication is off and TEAMS_ALLOWED_TENANTS is not set)" : "teams: tenants allowed", allowList.any ? {} : { allowed: [...allowList.tenants] });

  // Digests and alerts typed in Teams are kept in the adapter's Store unless the engine was given one.
  const engine: Engine = { ...deps.engine, store: deps.engine.store ?? deps.store, admins: deps.engine.admins ?? [...(deps.admins ?? [])] };
  const remember = referenceKeeper(deps.store, log, () => engine.clock.now());
  const handler = new MetricsTeamsHandler({ engine, log, remember });

  adapter.onTurnError = async (context, error) => {
    const id = faultId();
    log.error("teams turn failed", { faultId: id, activity: context.activity.type, conversation: context.activity.conversation?.id, error });
    if (context.activity.type === "message") {
      await context.sendActivity(`Sorry — something went wrong on our side (error ${id}). It has been logged.`).catch(() => undefined);
    }
  };

  const poster = new TeamsPoster({
    adapter,
    appId: config?.appId ?? "",
    store: deps.store,
    log,
    allowsTenant: (tenant) => isAllowedTenant(allowList, tenant),
    ...(deps.retry ? { retry: deps.retry } : {}),
    ...(deps.sleep ? { sleep: deps.sleep } : {}),
    ...(deps.random ? { random: deps.random } : {}),
  });

  return {
    // Before the handler: a tenant not on the list is refused and reaches no data (allowed.ts).
    route: messagesRoute({ adapter, handler: tenantGate(allowList, handler, log), authenticated, log }),
    poster,
    adapter,
    handler,
    authenticated,
    allowsTenant: (tenant) => isAllowedTenant(allowList, tenant),
  };
}

/**
 * The tenants served: the list given, else MICROSOFT_APP_TENANT_ID; with
 * authentication on there must be one (the configuration already says so for
 * MultiTenant bots), with it off none means every tenant (local use).
 */
function teamsAllowList(tenants: readonly string[] | undefined, config: TeamsConfig | undefined): TenantAllowList {
  if (tenants && tenants.length > 0) return tenantAllowList(tenants);
  if (config?.tenantId) return tenantAllowList([config.tenantId]);
  if (config) {
    throw new UserError(
      "config",
      "TEAMS_ALLOWED_TENANTS is missing: a MultiTenant bot would answer any Microsoft 365 organisation that uploads its app package; set it to your organisation's Directory (tenant) ID, or set MICROSOFT_APP_TENANT_ID",
    );
  }
  return tenantAllowList(undefined);
}

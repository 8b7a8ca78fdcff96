/**
 * The Slack adapter: a Bolt app in one of the modes the configuration names.
 *
 * - HTTP (the default): Bolt's HTTPReceiver handles `POST /slack/events`
 *   (commands, buttons and events alike), mounted on the bot's one HTTP
 *   server next to `/healthz` and the Teams endpoint. Requests are signed
 *   (SLACK_SIGNING_SECRET); Bolt verifies each and answers 401 otherwise.
 * - Socket Mode (SLACK_APP_TOKEN): the same listeners over a WebSocket Slack
 *   opens; no public URL. The HTTP server still serves /healthz (and OAuth).
 * - One workspace (SLACK_BOT_TOKEN) or any workspace that installs the app
 *   (SLACK_CLIENT_ID/SECRET, SLACK_STATE_SECRET): `/slack/install` sends the
 *   installer to Slack, `/slack/oauth_redirect` exchanges the code and keeps
 *   the installation in the Store; each request is then authorized with its
 *   workspace's installation.
 * - Only the workspaces on SLACK_ALLOWED_TEAMS (by default the bot token's
 *   own; none with OAuth) reach the data: a global middleware refuses every
 *   other request, and the OAuth callback refuses their installations (allowed.ts).
 *
 * Only transport lives here; every answer comes from the command path.
 */
import type { ServerResponse } from "node:http";
import { App, HTTPReceiver, webApi, type AppOptions, type Authorize, type Installation } from "@slack/bolt";
import { InstallProvider } from "@slack/oauth";
import type { Engine } from "../../src/commands/answer.ts";
import type { SlackConfig } from "../../src/config.ts";
import { UserError } from "../../src/errors.ts";
import type { Logger } from "../../src/log.ts";
import type { Store } from "../../src/store/store.ts";
import type { Route } from "../http/server.ts";
import { platformError, registerActions } from "./actions.ts";
import { allowListGate, isAllowedOrigin, refusedInstallation, slackAllowList, type SlackAllowList } from "./allowed.ts";
import { registerCommands } from "./commands.ts";
import { registerHome } from "./home.ts";
import { storeInstallations } from "./installations.ts";
import type { ListenerDeps } from "./listeners.ts";
import { boltLogger } from "./logger.ts";
import { guardSlackEvents } from "./requestGuard.ts";
import { RichBlockSupport } from "./richBlocks.ts";
import { SlackPoster } from "./poster.ts";

/** Bot scopes the app asks for; manifest/slack/manifest.yaml lists the same (a test compares them). */
export const BOT_SCOPES = ["commands", "chat:write", "chat:write.public", "users:read", "channels:history", "groups:history"] as const;

export const SLACK_PATHS = { events: "/slack/events", install: "/slack/install", redirect: "/slack/oauth_redirect" } as const;

/** Web API retries (429s wait their Retry-After first): a handful over about a minute, with jitter. */
export const SLACK_RETRY_POLICY = { retries: 5, factor: 2, minTimeout: 500, maxTimeout: 15_000, randomize: true };

export type RetryPolicy = NonNullable<NonNullable<AppOptions["clientOptions"]>["retryConfig"]>;

export interface SlackAdapterDeps {
  config: SlackConfig;
  engine: Engine;
  store: Store;
  log: Logger;
  /** BOT_ADMINS: may manage digests and alerts besides workspace admins. */
  admins?: readonly string[];
  /** Tests shorten the backoff; the retries themselves are Bolt's. */
  retryPolicy?: RetryPolicy;
}

export interface SlackAdapter {
  app: App;
  mode: "http" | "socket";
  /** Routes for the shared HTTP server: the events endpoint (HTTP mode) and the OAuth pages (multi-workspace). */
  routes: Route[];
  /** Posts digests and alerts (chat.postMessage / chat.update) for the scheduler. */
  poster: SlackPoster;
  /**
   * Whether digests and alerts may post to this workspace (team id): on
   * SLACK_ALLOWED_TEAMS itself, or in an Enterprise Grid organisation that is.
   */
  allowsWorkspace(workspace: string): Promise<boolean>;
  /** Opens the Socket Mode connection; nothing to do in HTTP mode. */
  start(): Promise<void>;
  stop(): Promise<void>;
}

export async function createSlackAdapter(deps: SlackAdapterDeps): Promise<SlackAdapter> {
  const { config, log } = deps;
  const logger = boltLogger(log);
  const clientOptions = {
    ...(config.apiUrl ? { slackApiUrl: config.apiUrl } : {}),
    retryConfig: deps.retryPolicy ?? SLACK_RETRY_POLICY,
  };
  const routes: Route[] = [];

  // Who the app is in each request: the one bot token, or the workspace's stored installation.
  let auth: Pick<AppOptions, "token" | "botId" | "botUserId" | "authorize">;
  // Which workspaces reach the data (allowed.ts); the bot token's own by default.
  let allowList: SlackAllowList;
  let botWorkspace: Awaited<ReturnType<typeof whoAmI>>["workspace"] | undefined;
  if (config.mode === "oauth") {
    allowList = slackAllowList(config.allowedTeams, undefined);
    if (allowList.ids.size === 0) {
      log.warn("SLACK_ALLOWED_TEAMS is not set: no Slack workspace may install the app or ask it anything until you list your team id(s) there (README, \"Install in Slack\")");
    }
    const installer = new InstallProvider({
      clientId: config.clientId,
      clientSecret: config.clientSecret,
      stateSecret: config.stateSecret,
      installationStore: storeInstallations(deps.store),
      // /slack/install goes straight to Slack's consent screen.
      directInstall: true,
      logger,
      clientOptions,
    });
    const installUrl = { scopes: [...BOT_SCOPES] };
    routes.push(
      { method: "GET", path: SLACK_PATHS.install, handler: (req, res) => installer.handleInstallPath(req, res, {}, installUrl) },
      {
        method: "GET",
        path: SLACK_PATHS.redirect,
        handler: (req, res) =>
          installer.handleCallback(req, res, {
            // A workspace not on SLACK_ALLOWED_TEAMS is told why, and its installation is not kept.
            afterInstallation: refusedInstallation(allowList, log, (token) =>
              new webApi.WebClient(undefined, { ...clientOptions, logger, retryConfig: { retries: 1 } }).apps.uninstall({ token, client_id: config.clientId, client_secret: config.clientSecret }),
            ),
            success: (installation, _options, _req, res) => {
              log.info("slack app installed", { team: installation.team?.id, enterprise: installation.enterprise?.id });
              page(res, 200, "Installed", "The metrics bot is in your workspace. Type <code>/csat last-week</code> in any channel, or open the app's Home tab.");
            },
            failure: (error, _options, _req, res) => {
              log.warn("slack installation failed", { code: error.code, reason: error.message });
              page(res, 400, "Installation failed", "Slack did not complete the installation. Start again from the install link; if it keeps failing, an admin can check the bot's logs.");
            },
          }),
      },
    );
    auth = { authorize: installer.authorize as Authorize<boolean> };
  } else {
    const me = await whoAmI(config.botToken, clientOptions, log);
    botWorkspace = me.workspace;
    auth = { token: config.botToken, botId: me.botId, botUserId: me.botUserId };
    allowList = slackAllowList(config.allowedTeams, me.workspace);
  }
  log.info("slack: workspaces allowed", { allowed: [...allowList.ids], from: allowList.from });

  const common = { logger, clientOptions, convoStore: false as const, ...auth };
  let app: App;
  if (config.appToken) {
    app = new App({ ...common, socketMode: true, appToken: config.appToken });
  } else {
    if (!config.signingSecret) throw new UserError("config", "SLACK_SIGNING_SECRET is missing: copy it from Basic Information → App Credentials");
    const receiver = new HTTPReceiver({
      signingSecret: config.signingSecret,
      endpoints: SLACK_PATHS.events,
      logger,
      // Must stay false. With true, Bolt holds the HTTP response until every
      // listener has finished, so a slow query would miss Slack's 3-second
      // deadline; with false the listener's ack() answers at once and the
      // report follows through the response_url.
      processBeforeResponse: false,
    });
    app = new App({ ...common, receiver });
    // Unreadable bodies (400) and replayed signatures (401) stop in front of Bolt (requestGuard.ts).
    routes.push({ method: "POST", path: SLACK_PATHS.events, handler: guardSlackEvents(receiver.requestListener, { signingSecret: config.signingSecret, log }) });
  }

  const admins = deps.admins ?? [];
  // Digests and alerts typed in Slack are kept in the adapter's Store unless the engine was given one.
  const engine = { ...deps.engine, store: deps.engine.store ?? deps.store, admins: deps.engine.admins ?? [...admins] };
  const blocks = new RichBlockSupport(deps.store, log, () => engine.clock.now());
  const listenerDeps: ListenerDeps = { engine, store: deps.store, log, admins, adminCache: new Map(), blocks };
  // Before any listener: a workspace not on the list is refused and reaches no data.
  app.use(allowListGate(allowList, { log, oauth: config.mode === "oauth" }));
  registerCommands(app, listenerDeps);
  registerActions(app, listenerDeps);
  registerHome(app, listenerDeps);
  app.event("app_uninstalled", async ({ context }) => {
    if (config.mode !== "oauth") return;
    const key = context.isEnterpriseInstall && context.enterpriseId ? { enterpriseId: context.enterpriseId } : { teamId: context.teamId ?? "" };
    await deps.store.deleteSlackInstallation(key);
    log.info("slack app uninstalled", key);
  });
  app.error(async (error) => {
    if (error.code === "slack_bolt_authorization_error") {
      // A workspace without an installation (or a revoked token): Bolt has acknowledged it and calls no listener.
      log.warn("slack request not authorized", { reason: error.message });
      return;
    }
    log.error("slack request failed", { code: error.code, error });
  });

  const mode = config.appToken ? "socket" : "http";
  const allowsWorkspace = async (workspace: string): Promise<boolean> => {
    if (isAllowedOrigin(allowList, { teamId: workspace })) return true;
    // Enterprise Grid: the workspace's organisation may be the one listed.
    return isAllowedOrigin(allowList, { teamId: workspace, enterpriseId: await enterpriseOf(workspace, { config, store: deps.store, botWorkspace }) });
  };
  return {
    app,
    mode,
    routes,
    allowsWorkspace,
    poster: createPoster(deps, clientOptions, logger, allowsWorkspace, blocks),
    start: async () => {
      if (mode === "socket") await app.start();
    },
    stop: async () => {
      if (mode === "socket") await app.stop();
    },
  };
}

/**
 * The poster's Web API clients: the bot's token in single-workspace mode, the
 * workspace's installation otherwise. No retries of their own (see poster.ts),
 * and a request that has had no answer in 90 s is abandoned, so it has ended
 * before the outbox lets anyone try the post again (it waits up to 2 × 60 s).
 */
const SLACK_POST_TIMEOUT_MS = 90_000;

function createPoster(
  deps: SlackAdapterDeps,
  clientOptions: NonNullable<AppOptions["clientOptions"]>,
  logger: ReturnType<typeof boltLogger>,
  allowsWorkspace: (workspace: string) => Promise<boolean>,
  blocks: RichBlockSupport,
): SlackPoster {
  const options = { ...clientOptions, logger, retryConfig: { retries: 0 }, rejectRateLimitedCalls: true, timeout: SLACK_POST_TIMEOUT_MS };
  const clients = new Map<string, webApi.WebClient>();
  const clientWith = (token: string) => {
    let client = clients.get(token);
    if (!client) clients.set(token, (client = new webApi.WebClient(token, options)));
    return client;
  };
  const { config, store } = deps;
  return new SlackPoster(async (workspace) => {
    if (config.mode === "single") return clientWith(config.botToken);
    if (!workspace) throw new Error("Posting to Slack in a multi-workspace install needs the workspace (team id)");
    const installation = ((await store.getSlackInstallation({ teamId: workspace })) ?? (await store.getSlackInstallation({ enterpriseId: workspace }))) as Installation | null;
    if (!installation?.bot?.token) throw new Error(`Slack workspace ${workspace} has no installation with a bot token`);
    return clientWith(installation.bot.token);
  }, allowsWorkspace, blocks);
}

/**
 * The Enterprise Grid organisation a workspace belongs to, as far as the bot
 * knows: with one bot token, the token's organisation (the token posts only
 * inside it); with OAuth, the workspace's stored installation.
 */
async function enterpriseOf(workspace: string, ctx: { config: SlackConfig; store: Store; botWorkspace: { teamId?: string; enterpriseId?: string } | undefined }): Promise<string | undefined> {
  if (ctx.config.mode === "single") return ctx.botWorkspace?.enterpriseId;
  const installation = ((await ctx.store.getSlackInstallation({ teamId: workspace })) ?? (await ctx.store.getSlackInstallation({ enterpriseId: workspace }))) as Installation | null;
  return installation?.enterprise?.id;
}

/**
 * Checks the bot token once at start-up (auth.test), so a wrong token stops
 * the bot with the fix, and no request waits for the check before its ack.
 */
async function whoAmI(
  token: string,
  clientOptions: NonNullable<AppOptions["clientOptions"]>,
  log: Logger,
): Promise<{ botId: string; botUserId: string; workspace: { teamId?: string; enterpriseId?: string; orgWide: boolean } }> {
  try {
    const result = await new webApi.WebClient(token, { ...clientOptions, logger: boltLogger(log), retryConfig: { retries: 2 } }).auth.test();
    if (!result.bot_id || !result.user_id) throw new UserError("config", "SLACK_BOT_TOKEN is not a bot token: copy the Bot User OAuth Token (xoxb-…) from OAuth & Permissions");
    log.info("slack bot token accepted", { team: result.team_id, botUserId: result.user_id });
    const workspace = {
      ...(result.team_id ? { teamId: result.team_id } : {}),
      ...(result.enterprise_id ? { enterpriseId: result.enterprise_id } : {}),
      orgWide: result.is_enterprise_install === true,
    };
    return { botId: result.bot_id, botUserId: result.user_id, workspace };
  } catch (error) {
    if (error instanceof UserError) throw error;
    const code = platformError(error);
    if (code) {
      throw new UserError("config", `Slack refused SLACK_BOT_TOKEN (${code}): copy the Bot User OAuth Token (xoxb-…) from OAuth & Permissions, and reinstall the app if it was revoked`);
    }
    throw error;
  }
}

function page(res: ServerResponse, status: number, title: string, body: string): void {
  res.writeHead(status, { "Content-Type": "text/html; charset=utf-8" });
  res.end(`<!doctype html><html><head><meta charset="utf-8"><title>${title}</title></head><body><h1>${title}</h1><p>${body}</p></body></html>`);
}

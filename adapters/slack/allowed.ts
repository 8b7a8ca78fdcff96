/**
 * Which Slack workspaces reach the bot's data (SLACK_ALLOWED_TEAMS).
 *
 * The bot serves one organisation's figures, so it answers only the
 * workspaces on its list — a team id (T…) or an Enterprise Grid id (E…),
 * which admits every workspace of that organisation. When the variable is
 * unset, the list is the bot token's own workspace (one workspace), or empty
 * (OAuth: nothing is answered and no installation is kept until it is set).
 *
 * - `allowListGate`: a Bolt global middleware that stops every request from a
 *   workspace not on the list before any listener runs: a slash command gets
 *   a polite refusal in its acknowledgement, a button a refusal through its
 *   response_url, App Home (OAuth) a refusal view; nothing reads the data.
 *   `app_uninstalled` and `tokens_revoked` still pass, so a refused workspace
 *   can always leave. Each refusal is logged with the ids to add.
 * - `refusedInstallation`: the OAuth callback's `afterInstallation` hook; an
 *   installation from a workspace not on the list is not stored, and the
 *   installer is told why.
 */
import type { ServerResponse } from "node:http";
import type { AnyMiddlewareArgs, Installation, Middleware, RespondFn, SlackEventMiddlewareArgs, types } from "@slack/bolt";
import type { Logger } from "../../src/log.ts";
import { escapeHtml } from "../http/html.ts";

/** The ids on the list, and where the list came from (for the logs). */
export interface SlackAllowList {
  ids: ReadonlySet<string>;
  /** "SLACK_ALLOWED_TEAMS", or the default it fell back to. */
  from: "SLACK_ALLOWED_TEAMS" | "the bot token's workspace" | "nothing (OAuth without SLACK_ALLOWED_TEAMS)";
}

/** Where a request or an installation comes from. */
export interface SlackOrigin {
  teamId?: string | undefined;
  enterpriseId?: string | undefined;
}

/**
 * The list the bot enforces: SLACK_ALLOWED_TEAMS when set; otherwise the bot
 * token's workspace (or, for an org-wide token, its organisation) with one
 * workspace, and nothing with OAuth.
 *
 * @example
 * slackAllowList(undefined, { teamId: "T0ACMESUP1" })   // { ids: {"T0ACMESUP1"}, from: "the bot token's workspace" }
 * slackAllowList(undefined, undefined)                  // { ids: {}, from: "nothing (OAuth …)" }
 */
export function slackAllowList(configured: readonly string[] | undefined, botWorkspace: (SlackOrigin & { orgWide?: boolean }) | undefined): SlackAllowList {
  if (configured) return { ids: new Set(configured), from: "SLACK_ALLOWED_TEAMS" };
  if (botWorkspace) {
    const own = botWorkspace.orgWide ? botWorkspace.enterpriseId : botWorkspace.teamId;
    return { ids: new Set(own ? [own] : []), from: "the bot token's workspace" };
  }
  return { ids: new Set(), from: "nothing (OAuth without SLACK_ALLOWED_TEAMS)" };
}

/** Enterprise Grid: a workspace is allowed when its team id or its organisation's id is listed. */
export function isAllowedOrigin(list: SlackAllowList, origin: SlackOrigin): boolean {
  return Boolean((origin.teamId && list.ids.has(origin.teamId)) || (origin.enterpriseId && list.ids.has(origin.enterpriseId)));
}

/** Events a refused workspace still sends through: leaving must always work. */
const ALWAYS_PASS = new Set(["app_uninstalled", "tokens_revoked"]);

/** What a person in a workspace not on the list reads. */
export function refusalText(origin: SlackOrigin): string {
  const id = origin.teamId ?? origin.enterpriseId ?? "unknown";
  return `Sorry — this metrics bot serves one organisation's data, and this workspace (${id}) is not among the workspaces it answers. If it should be, ask the bot's administrator to add ${id} to SLACK_ALLOWED_TEAMS.`;
}

/**
 * A Bolt global middleware: a request from a workspace on the list goes on
 * to the listeners; any other is acknowledged, refused politely, logged, and
 * goes no further.
 */
export function allowListGate(list: SlackAllowList, opts: { log: Logger; oauth: boolean }): Middleware<AnyMiddlewareArgs> {
  return async (args) => {
    const { context, body, next } = args;
    const origin: SlackOrigin = { teamId: context.teamId, enterpriseId: context.enterpriseId };
    if (isAllowedOrigin(list, origin)) return next();
    const event = (args as Partial<SlackEventMiddlewareArgs>).event;
    if (event && ALWAYS_PASS.has(event.type)) return next();

    const request = describe(body as Record<string, unknown>, event?.type);
    opts.log.warn("slack request refused: this workspace is not in SLACK_ALLOWED_TEAMS; to allow it, add its team id (or its Enterprise Grid id) to SLACK_ALLOWED_TEAMS", {
      team: origin.teamId,
      enterprise: origin.enterpriseId,
      request,
      user: context.userId,
      allowList: list.from,
    });
    const text = refusalText(origin);
    const { ack, respond } = args as { ack?: (response?: unknown) => Promise<void>; respond?: RespondFn };
    if ((body as { command?: unknown }).command !== undefined) {
      // A slash command's acknowledgement can carry the answer: only the person who asked sees it.
      await ack?.({ response_type: "ephemeral", text });
      return;
    }
    await ack?.();
    if (respond) {
      await respond({ response_type: "ephemeral", replace_original: false, text }).catch((error: unknown) => opts.log.warn("could not send the refusal to Slack", { error }));
      return;
    }
    if (event?.type === "app_home_opened" && opts.oauth && typeof event.user === "string") {
      // With OAuth the client carries that workspace's own installation; one bot token belongs to another workspace and is not used for it.
      await args.client.views
        .publish({ user_id: event.user, view: refusalView(text) })
        .catch((error: unknown) => opts.log.warn("could not publish the refusal Home tab", { error }));
    }
  };
}

function refusalView(text: string): types.HomeView {
  return {
    type: "home",
    blocks: [
      { type: "header", text: { type: "plain_text", text: "Customer-service metrics", emoji: true } },
      { type: "section", text: { type: "plain_text", text } },
    ],
  };
}

/** "command /csat", "block_actions share", "event app_home_opened": what was refused, for the log. */
function describe(body: Record<string, unknown>, eventType: string | undefined): string {
  if (typeof body["command"] === "string") return `command ${body["command"]}`;
  if (eventType) return `event ${eventType}`;
  const actions = body["actions"];
  const action = Array.isArray(actions) ? (actions[0] as { action_id?: unknown } | undefined)?.action_id : undefined;
  return [String(body["type"] ?? "request"), typeof action === "string" ? action : ""].join(" ").trim();
}

/**
 * The OAuth callback's `afterInstallation`: true lets the installation be
 * stored; false has already answered the installer with a page that says why,
 * and nothing is stored. `uninstall` (apps.uninstall with the new token) takes
 * the app back out of that workspace, so it is not left looking installed.
 */
export function refusedInstallation(list: SlackAllowList, log: Logger, uninstall?: (botToken: string) => Promise<unknown>) {
  return async (installation: Installation, _options: unknown, _req: unknown, res: ServerResponse | undefined): Promise<boolean> => {
    const origin: SlackOrigin = { teamId: installation.team?.id, enterpriseId: installation.enterprise?.id };
    if (isAllowedOrigin(list, origin)) return true;
    const token = installation.bot?.token;
    if (uninstall && token) await uninstall(token).catch((error: unknown) => log.warn("could not uninstall the refused installation from its workspace", { team: origin.teamId, error }));
    const id = origin.teamId ?? origin.enterpriseId ?? "unknown";
    log.warn("slack installation refused: this workspace is not in SLACK_ALLOWED_TEAMS, so its installation was not kept; to allow it, add its team id (or its Enterprise Grid id) to SLACK_ALLOWED_TEAMS", {
      team: origin.teamId,
      enterprise: origin.enterpriseId,
      allowList: list.from,
    });
    const name = installation.team?.name ?? installation.enterprise?.name;
    res?.writeHead(403, { "Content-Type": "text/html; charset=utf-8" });
    res?.end(
      `<!doctype html><html><head><meta charset="utf-8"><title>Not installed</title></head><body><h1>Not installed</h1>` +
        `<p>This metrics bot serves one organisation's data, and the workspace ${name ? `<strong>${escapeHtml(name)}</strong> ` : ""}(<code>${escapeHtml(id)}</code>) is not among the workspaces it answers, so it was not installed there.</p>` +
        `<p>If it should be, ask the bot's administrator to add <code>${escapeHtml(id)}</code> to <code>SLACK_ALLOWED_TEAMS</code>, then install again.</p></body></html>`,
    );
    return false;
  };
}

import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);
import {
  ADAPTIVE_CARD,
  TEAMS_ALERT_VERB,
  TEAMS_DETAILS_VERB,
  TEAMS_RERUN_VERB,
  cardMessage,
  commandText,
  conversationRoot,
  renderTeams,
  requestOf,
  teamsMarkdown,
  threadConversation
} from "../chunk-6TNAY3D3.js";
import {
  createEngine
} from "../chunk-E2CN6URJ.js";
import {
  NOT_ADMIN_MESSAGE,
  alertRuleView,
  answer,
  buildDigest,
  engineAt,
  errorReport,
  movedBy,
  nextAlertState,
  outboxId,
  readPayload,
  runCommand,
  scheduledComparison,
  vsClause
} from "../chunk-YNXNRXOD.js";
import "../chunk-BKWQTBMA.js";
import {
  findMetric,
  parseCommand
} from "../chunk-OZNSLHGJ.js";
import {
  RICH_BLOCKS,
  SLACK_ACTIONS,
  SLACK_LIMITS,
  escapeMrkdwn,
  renderSlack,
  richBlocksOf
} from "../chunk-YQSV74KV.js";
import {
  renderText
} from "../chunk-VUFOXOOR.js";
import "../chunk-COQMF2KY.js";
import {
  openStore
} from "../chunk-D5VWMOH2.js";
import {
  formatInstant,
  shorten
} from "../chunk-EHXIIG3R.js";
import {
  createLogger,
  loadConfig,
  loadDotEnv
} from "../chunk-6T7RVNI7.js";
import "../chunk-HOYQVK22.js";
import {
  latestRunAt,
  nextRunAt,
  runsBetween
} from "../chunk-CSHTK5G7.js";
import {
  redactSecrets
} from "../chunk-U2R7LURL.js";
import "../chunk-ZFLCWV4S.js";
import {
  GrantRefused,
  authorizeUrl,
  backoffMs,
  exchangeCode,
  oauthApp,
  parseRetryAfter,
  schedule
} from "../chunk-J3DLGG7V.js";
import "../chunk-ABZKDEB3.js";
import "../chunk-2PPZ62ZY.js";
import {
  forEachConcurrently
} from "../chunk-Z3IDQLIV.js";
import {
  systemClock
} from "../chunk-4RZMS7CF.js";
import "../chunk-77HYBQ6Z.js";
import "../chunk-AEFEDGW7.js";
import "../chunk-SGRIXTUX.js";
import {
  external_exports
} from "../chunk-WW7OP26R.js";
import "../chunk-JKOOICHZ.js";
import {
  SourceError,
  UnavailableError,
  UserError,
  faultId,
  isUserError
} from "../chunk-LJ4WEFEH.js";
import "../chunk-4VIX3REZ.js";
import "../chunk-IJGJCVMD.js";
import {
  dimensionsOf
} from "../chunk-56SDGBO4.js";
import "../chunk-V4RWK56N.js";

// dist/adapters/console/repl.js
import { createInterface } from "node:readline";
var GREETING = [
  "Customer-service metrics, on the sample data of a fictional support team.",
  "Try:  csat last-week   \xB7   frt this-month by agent   \xB7   nps last-quarter vs last-year",
  "      churn last-month   \xB7   csat last-30-days where channel=email   \xB7   define ces",
  "Type `help` for every metric and period, `quit` (or Ctrl-D) to leave."
].join("\n");
var QUIT = /* @__PURE__ */ new Set(["quit", "exit", "q", ":q", "bye"]);
async function runConsole(engine, input, output) {
  const rl = createInterface({ input, output, prompt: "metrics> ", terminal: output.isTTY ?? false });
  const say = (s) => output.write(`${s}
`);
  say(await greetingFor(engine));
  rl.prompt();
  for await (const line of rl) {
    const text = line.trim();
    if (QUIT.has(text.toLowerCase()))
      break;
    if (text !== "")
      say(`${renderText(await answer(text, engine))}
`);
    rl.prompt();
  }
  rl.close();
  say("Bye.");
}
async function greetingFor(engine) {
  let sample = true;
  try {
    const infos = await engine.connector.describe();
    sample = infos.length === 0 || infos.some((i) => i.source.includes("sample data"));
  } catch {
  }
  if (sample)
    return GREETING;
  const [, ...rest] = GREETING.split("\n");
  return [`Customer-service metrics, on your data (\`sources\` shows where it comes from).`, ...rest].join("\n");
}

// dist/adapters/slack/app.js
import { App, HTTPReceiver, webApi } from "@slack/bolt";
import { InstallProvider } from "@slack/oauth";

// dist/adapters/slack/messages.js
function ephemeralAnswer(report, opts = {}) {
  const message2 = renderSlack(report, opts.refused ? { refused: opts.refused } : {});
  return {
    response_type: "ephemeral",
    replace_original: opts.replace ?? false,
    text: message2.text,
    blocks: blocksOf(message2)
  };
}
function sharedMessage(report, sharedBy, refused) {
  const message2 = renderSlack(report, { shared: true, ...refused ? { refused } : {} });
  const blocks = blocksOf(message2);
  if (blocks.length < SLACK_LIMITS.blocks) {
    blocks.push({ type: "context", elements: [{ type: "mrkdwn", text: `Shared by <@${sharedBy}>` }] });
  }
  return { text: message2.text, blocks };
}
function blocksOf(message2) {
  return message2.blocks;
}

// dist/adapters/slack/richBlocks.js
var POINTER = /json-pointer:\/blocks\/(\d+)/g;
var RichBlockSupport = class {
  store;
  log;
  now;
  /** Refused block types per workspace, as read from (and written to) the Store. */
  known = /* @__PURE__ */ new Map();
  constructor(store, log, now = () => /* @__PURE__ */ new Date()) {
    this.store = store;
    this.log = log;
    this.now = now;
  }
  /**
   * The rich block types this workspace refused so far. When the Store cannot
   * be read, none: the message is tried with them (a refusal is still caught),
   * and the Store is asked again next time.
   */
  refused(workspace) {
    let known = this.known.get(workspace);
    if (!known) {
      known = this.store.refusedSlackBlocks(workspace).then((types) => new Set(RICH_BLOCKS.filter((t) => types.includes(t))), (error) => {
        this.known.delete(workspace);
        this.log.warn("could not read which Slack blocks this workspace refused; trying them", { workspace, error });
        return /* @__PURE__ */ new Set();
      });
      this.known.set(workspace, known);
    }
    return known;
  }
  /**
   * Renders for what the workspace can show and sends; on `invalid_blocks`
   * about a rich block, remembers the refusal and sends again without it.
   * Any other failure (or a refusal of a message without rich blocks) is thrown as it is.
   */
  async send(workspace, render, send) {
    const key = workspace ?? "";
    const refused = new Set(await this.refused(key));
    for (; ; ) {
      const message2 = render(refused);
      try {
        return await send(message2);
      } catch (error) {
        const dropped = refusedBlocks(error, message2);
        if (dropped.length === 0 || dropped.every((type) => refused.has(type)))
          throw error;
        for (const type of dropped)
          refused.add(type);
        this.known.set(key, Promise.resolve(new Set(refused)));
        await this.store.refuseSlackBlocks(key, dropped, this.now()).catch((e) => this.log.warn("could not remember the Slack blocks a workspace refused", { workspace: key, error: e }));
        this.log.info("slack refused blocks; sending again without them, and skipping them in this workspace from now on", { workspace: key, blocks: dropped });
      }
    }
  }
};
function refusedBlocks(error, sent) {
  const message2 = sent ?? {};
  const rich = richBlocksOf(message2);
  if (rich.length === 0 || !isInvalidBlocks(error))
    return [];
  const data = error.data;
  const said = [data?.errors, data?.response_metadata?.messages].flatMap((list) => Array.isArray(list) ? list.map(String) : []);
  const pointed = /* @__PURE__ */ new Set();
  for (const line of said)
    for (const match of line.matchAll(POINTER))
      pointed.add(message2.blocks?.[Number(match[1])]?.type ?? "");
  if (pointed.size === 0)
    return rich;
  return rich.filter((type) => pointed.has(type));
}
function isInvalidBlocks(error) {
  if (platformError(error) === "invalid_blocks")
    return true;
  const e = error;
  return e?.code === "slack_bolt_respond_error" && e.statusCode === 400;
}
async function respondChecked(respond, args) {
  const response = await respond(args);
  if (response instanceof Response) {
    const body = await response.text().catch(() => "");
    if (/invalid_blocks/.test(body))
      throw Object.assign(new Error("response_url refused the blocks"), { data: { error: "invalid_blocks" } });
  }
}

// dist/adapters/slack/listeners.js
async function respondWithReport(deps, respond, workspace, report, opts = {}) {
  await deps.blocks.send(workspace, (refused) => ephemeralAnswer(report, { ...opts, refused }), (args) => respondChecked(respond, args));
}
async function guarded(deps, respond, what, work) {
  try {
    await work();
  } catch (error) {
    const report = errorReport(error, what, deps.log);
    if (!respond)
      return;
    await respond(ephemeralAnswer(report)).catch((e) => deps.log.warn("could not send the apology to Slack", { error: e }));
  }
}
function afterAck() {
  return new Promise((resolve) => setImmediate(resolve));
}
var ADMIN_TTL_MS = 5 * 6e4;
var ADMIN_CACHE_MAX = 1e4;
function adminCacheKey(who) {
  return JSON.stringify(["slack", who.teamId, who.userId]);
}
async function isWorkspaceAdmin(client, who, deps) {
  const key = adminCacheKey(who);
  const cached = deps.adminCache.get(key);
  if (cached && cached.until > Date.now())
    return cached.admin;
  const log = deps.log;
  try {
    const { user } = await client.users.info({ user: who.userId });
    const admin = Boolean(user?.is_admin || user?.is_owner || user?.is_primary_owner);
    deps.adminCache.delete(key);
    if (deps.adminCache.size >= ADMIN_CACHE_MAX)
      deps.adminCache.delete(deps.adminCache.keys().next().value);
    deps.adminCache.set(key, { admin, until: Date.now() + ADMIN_TTL_MS });
    return admin;
  } catch (error) {
    log.warn("users.info failed; treating the person as not an admin", { user: who.userId, team: who.teamId, error });
    return false;
  }
}
async function slackRequest(client, who, deps) {
  return {
    requester: { id: who.userId, isAdmin: await isWorkspaceAdmin(client, who, deps) },
    destination: { platform: "slack", workspace: who.teamId, channel: who.channelId }
  };
}

// dist/adapters/slack/actions.js
var RERUN = new RegExp(`^(${[SLACK_ACTIONS.byChannel, SLACK_ACTIONS.byAgent, SLACK_ACTIONS.vsLastYear].join("|")})$`);
var CANNOT_POST = /* @__PURE__ */ new Set(["not_in_channel", "channel_not_found"]);
function registerActions(app, deps) {
  registerDigestDetails(app, deps);
  app.action({ type: "block_actions", action_id: RERUN }, async ({ ack, action, body, client, respond }) => {
    await ack();
    await afterAck();
    await guarded(deps, respond, action.value ?? "", async () => {
      const report = await answer(action.value ?? "", deps.engine, await slackRequest(client, whoClicked(body), deps));
      const onSharedMessage = body.container["is_ephemeral"] === false;
      await respondWithReport(deps, respond, whoClicked(body).teamId, report, { replace: !onSharedMessage });
    });
  });
  const ALERT = new RegExp(`^(${[SLACK_ACTIONS.alertAck, SLACK_ACTIONS.alertSnooze, SLACK_ACTIONS.alertMute].join("|")})$`);
  app.action({ type: "block_actions", action_id: ALERT }, async ({ ack, action, body, client, respond }) => {
    await ack();
    await afterAck();
    await guarded(deps, respond, action.value ?? "", async () => {
      const report = await answer(action.value ?? "", deps.engine, await slackRequest(client, whoClicked(body), deps));
      await respondWithReport(deps, respond, whoClicked(body).teamId, report, { replace: false });
    });
  });
  app.action({ type: "block_actions", action_id: SLACK_ACTIONS.share }, async ({ ack, action, body, client, respond }) => {
    await ack();
    await afterAck();
    const command = action.value ?? "";
    await guarded(deps, respond, command, async () => {
      const report = await answer(command, deps.engine, await slackRequest(client, whoClicked(body), deps));
      const who = whoClicked(body);
      if (report.kind === "error") {
        await respondWithReport(deps, respond, who.teamId, report);
        return;
      }
      const render = (refused) => sharedMessage(report, body.user.id, refused);
      try {
        await deps.blocks.send(who.teamId, render, (message2) => client.chat.postMessage({ channel: who.channelId, ...message2 }));
      } catch (error) {
        if (!CANNOT_POST.has(platformError(error) ?? ""))
          throw error;
        await deps.blocks.send(who.teamId, render, (message2) => respondChecked(respond, { response_type: "in_channel", replace_original: false, ...message2 }));
      }
      await respond({ delete_original: true }).catch((error) => deps.log.warn("could not remove the ephemeral copy of a shared answer", { error }));
    });
  });
}
var DETAILS = new RegExp(`^${SLACK_ACTIONS.digestDetails}:\\d+$`);
function registerDigestDetails(app, deps) {
  app.action({ type: "block_actions", action_id: DETAILS }, async ({ ack, action, body, client, respond }) => {
    await ack();
    await afterAck();
    const command = action.value ?? "";
    await guarded(deps, respond, command, async () => {
      const who = whoClicked(body);
      const report = await answer(command, deps.engine, await slackRequest(client, who, deps));
      const digest = body.message?.["thread_ts"] ?? body.message?.ts ?? body.container["message_ts"];
      if (report.kind === "error" || typeof digest !== "string") {
        await respondWithReport(deps, respond, who.teamId, report);
        return;
      }
      try {
        await deps.blocks.send(who.teamId, (refused) => renderSlack(report, { shared: true, refused }), ({ text, blocks }) => client.chat.postMessage({ channel: who.channelId, thread_ts: digest, text, blocks, unfurl_links: false }));
      } catch (error) {
        if (!CANNOT_POST.has(platformError(error) ?? ""))
          throw error;
        await respondWithReport(deps, respond, who.teamId, report);
      }
    });
  });
}
function whoClicked(body) {
  return {
    userId: body.user.id,
    teamId: body.team?.id ?? body.user.team_id ?? "",
    channelId: body.channel?.id ?? String(body.container["channel_id"] ?? "")
  };
}
function platformError(error) {
  const data = error?.data;
  return typeof data?.error === "string" ? data.error : void 0;
}

// dist/adapters/http/html.js
var ENTITIES = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };
function escapeHtml(text) {
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c] ?? c);
}

// dist/adapters/slack/allowed.js
function slackAllowList(configured, botWorkspace) {
  if (configured)
    return { ids: new Set(configured), from: "SLACK_ALLOWED_TEAMS" };
  if (botWorkspace) {
    const own = botWorkspace.orgWide ? botWorkspace.enterpriseId : botWorkspace.teamId;
    return { ids: new Set(own ? [own] : []), from: "the bot token's workspace" };
  }
  return { ids: /* @__PURE__ */ new Set(), from: "nothing (OAuth without SLACK_ALLOWED_TEAMS)" };
}
function isAllowedOrigin(list, origin) {
  return Boolean(origin.teamId && list.ids.has(origin.teamId) || origin.enterpriseId && list.ids.has(origin.enterpriseId));
}
var ALWAYS_PASS = /* @__PURE__ */ new Set(["app_uninstalled", "tokens_revoked"]);
function refusalText(origin) {
  const id3 = origin.teamId ?? origin.enterpriseId ?? "unknown";
  return `Sorry \u2014 this metrics bot serves one organisation's data, and this workspace (${id3}) is not among the workspaces it answers. If it should be, ask the bot's administrator to add ${id3} to SLACK_ALLOWED_TEAMS.`;
}
function allowListGate(list, opts) {
  return async (args) => {
    const { context, body, next } = args;
    const origin = { teamId: context.teamId, enterpriseId: context.enterpriseId };
    if (isAllowedOrigin(list, origin))
      return next();
    const event = args.event;
    if (event && ALWAYS_PASS.has(event.type))
      return next();
    const request = describe(body, event?.type);
    opts.log.warn("slack request refused: this workspace is not in SLACK_ALLOWED_TEAMS; to allow it, add its team id (or its Enterprise Grid id) to SLACK_ALLOWED_TEAMS", {
      team: origin.teamId,
      enterprise: origin.enterpriseId,
      request,
      user: context.userId,
      allowList: list.from
    });
    const text = refusalText(origin);
    const { ack, respond } = args;
    if (body.command !== void 0) {
      await ack?.({ response_type: "ephemeral", text });
      return;
    }
    await ack?.();
    if (respond) {
      await respond({ response_type: "ephemeral", replace_original: false, text }).catch((error) => opts.log.warn("could not send the refusal to Slack", { error }));
      return;
    }
    if (event?.type === "app_home_opened" && opts.oauth && typeof event.user === "string") {
      await args.client.views.publish({ user_id: event.user, view: refusalView(text) }).catch((error) => opts.log.warn("could not publish the refusal Home tab", { error }));
    }
  };
}
function refusalView(text) {
  return {
    type: "home",
    blocks: [
      { type: "header", text: { type: "plain_text", text: "Customer-service metrics", emoji: true } },
      { type: "section", text: { type: "plain_text", text } }
    ]
  };
}
function describe(body, eventType) {
  if (typeof body["command"] === "string")
    return `command ${body["command"]}`;
  if (eventType)
    return `event ${eventType}`;
  const actions = body["actions"];
  const action = Array.isArray(actions) ? actions[0]?.action_id : void 0;
  return [String(body["type"] ?? "request"), typeof action === "string" ? action : ""].join(" ").trim();
}
function refusedInstallation(list, log, uninstall) {
  return async (installation, _options, _req, res) => {
    const origin = { teamId: installation.team?.id, enterpriseId: installation.enterprise?.id };
    if (isAllowedOrigin(list, origin))
      return true;
    const token = installation.bot?.token;
    if (uninstall && token)
      await uninstall(token).catch((error) => log.warn("could not uninstall the refused installation from its workspace", { team: origin.teamId, error }));
    const id3 = origin.teamId ?? origin.enterpriseId ?? "unknown";
    log.warn("slack installation refused: this workspace is not in SLACK_ALLOWED_TEAMS, so its installation was not kept; to allow it, add its team id (or its Enterprise Grid id) to SLACK_ALLOWED_TEAMS", {
      team: origin.teamId,
      enterprise: origin.enterpriseId,
      allowList: list.from
    });
    const name = installation.team?.name ?? installation.enterprise?.name;
    res?.writeHead(403, { "Content-Type": "text/html; charset=utf-8" });
    res?.end(`<!doctype html><html><head><meta charset="utf-8"><title>Not installed</title></head><body><h1>Not installed</h1><p>This metrics bot serves one organisation's data, and the workspace ${name ? `<strong>${escapeHtml(name)}</strong> ` : ""}(<code>${escapeHtml(id3)}</code>) is not among the workspaces it answers, so it was not installed there.</p><p>If it should be, ask the bot's administrator to add <code>${escapeHtml(id3)}</code> to <code>SLACK_ALLOWED_TEAMS</code>, then install again.</p></body></html>`);
    return false;
  };
}

// dist/adapters/slack/commands.js
var SLASH_COMMANDS = ["/csat", "/nps", "/ces", "/churn", "/metrics"];
function commandText2(command, text) {
  const rest = text.trim();
  const name = command.replace(/^\//, "").toLowerCase();
  if (name === "metrics")
    return rest === "" ? "help" : rest;
  if (/^(help|define)$/i.test(rest))
    return `${rest.toLowerCase()} ${name}`;
  return rest === "" ? name : `${name} ${rest}`;
}
function registerCommands(app, deps) {
  for (const name of SLASH_COMMANDS) {
    app.command(name, async ({ ack, command, respond, client }) => {
      await ack();
      await afterAck();
      const text = commandText2(command.command, command.text);
      await guarded(deps, respond, text, async () => {
        const request = await slackRequest(client, { userId: command.user_id, teamId: command.team_id, channelId: command.channel_id }, deps);
        await respondWithReport(deps, respond, command.team_id, await answer(text, deps.engine, request));
      });
    });
  }
}

// dist/adapters/slack/home.js
var HOME_EXAMPLES = [
  ["/csat last-week", "CSAT for last week, its change, interval and trend"],
  ["/metrics frt this-month by agent", "first response time so far this month, agents ranked"],
  ["/nps 2026-Q3 vs last-year", "NPS for a quarter against the same quarter a year before"],
  ["/metrics csat last-30-days where channel=email", "only the answers that came by e-mail"],
  ["/churn last-month", "churn rate (aliases work too)"],
  ["/metrics define ces", "how a metric is computed, and how fresh its data is"],
  ["/metrics", "every metric and period"]
];
var LISTED = 20;
var SECTION_TEXT = 3e3;
function homeView(data) {
  const blocks = [
    { type: "header", text: { type: "plain_text", text: "Customer-service metrics", emoji: true } },
    {
      type: "section",
      text: {
        type: "mrkdwn",
        text: `Ask for a metric and a period in any channel or DM \u2014 only you see the answer until you press *Share in channel*.
${escapeMrkdwn("`<metric> [period] [by <dimension>] [vs previous|same-weekday|last-year] [where <field>=<value>]`")}`
      }
    },
    {
      type: "section",
      text: { type: "mrkdwn", text: HOME_EXAMPLES.map(([command, what]) => `\u2022 \`${escapeMrkdwn(command)}\` \u2014 ${escapeMrkdwn(what)}`).join("\n") }
    },
    { type: "divider" },
    { type: "header", text: { type: "plain_text", text: `Digests (${data.digests.length})`, emoji: true } },
    listSection(data.digests.map((d) => digestLine(d, data.now)), "No digests yet."),
    { type: "header", text: { type: "plain_text", text: `Alerts (${data.alerts.length})`, emoji: true } },
    listSection(data.alerts.map(alertLine), "No alerts yet."),
    {
      type: "context",
      elements: [
        {
          type: "mrkdwn",
          text: data.canManage ? escapeMrkdwn("You can manage these: `/metrics digest add daily 09:00 csat nps frt`, `/metrics digest preview`, `/metrics digest send <id>`, `/metrics digest add weekly mon 09:00 period last-week`, `/metrics alert add churn_rate > 5% over last-30-days check daily 09:00`, `/metrics digest list`.") : "Workspace admins (and the people in the bot's admin list) add and change digests and alerts; ask one of them."
        }
      ]
    }
  ];
  return { type: "home", blocks };
}
function listSection(lines, empty) {
  if (lines.length === 0)
    return { type: "section", text: { type: "mrkdwn", text: `_${empty}_` } };
  const shown = [];
  for (const line of lines.slice(0, LISTED)) {
    if ([...shown, line].join("\n").length + 20 > SECTION_TEXT)
      break;
    shown.push(line);
  }
  const more = lines.length - shown.length;
  return { type: "section", text: { type: "mrkdwn", text: `${shown.join("\n")}${more > 0 ? `
\u2026and ${more} more` : ""}` } };
}
function digestLine(d, now) {
  const next = d.paused ? null : nextRunAt(d.schedule, now);
  const when = next ? `next ${formatInstant(next, d.schedule.timeZone)} ${d.schedule.timeZone}` : d.paused ? "*paused*" : "no further runs";
  return `\u2022 \`${d.id}\` ${escapeMrkdwn(d.metrics.join(", "))} for ${escapeMrkdwn(d.period)} in <#${d.destination.channel}> \u2014 \`${escapeMrkdwn(d.schedule.cron)}\`, ${when}`;
}
function alertLine(a) {
  const filters = a.filters ? ` where ${shorten(a.filters, 120)}` : "";
  const muted = a.muted ? " \u2014 *muted*" : "";
  const vs = a.comparison ? ` vs ${a.comparison}` : "";
  return `\u2022 \`${a.id}\` ${escapeMrkdwn(`${a.metric} ${conditionText(a.condition)} over ${a.period}${filters}${vs}`)} in <#${a.destination.channel}>${muted}`;
}
function conditionText(c) {
  if (c.kind === "threshold")
    return `${c.op} ${c.value}`;
  const unit = c.unit === "abs" ? "" : ` ${c.unit}`;
  return `${c.direction} ${c.by}${unit}`;
}
async function canManageSchedules(client, who, deps) {
  return deps.admins.includes(who.userId) || await isWorkspaceAdmin(client, who, deps);
}
function registerHome(app, deps) {
  app.event("app_home_opened", async ({ event, client, context }) => {
    if (event.tab !== "home")
      return;
    await guarded(deps, void 0, "app_home_opened", async () => {
      const workspace = context.teamId ?? context.enterpriseId ?? "";
      const [digests, alerts, canManage] = await Promise.all([
        deps.store.listDigests({ workspace }),
        deps.store.listAlertRules({ workspace }),
        canManageSchedules(client, { userId: event.user, teamId: workspace }, deps)
      ]);
      const onSlack = (items) => items.filter((i) => i.destination.platform === "slack");
      const view = homeView({ digests: onSlack(digests), alerts: onSlack(alerts), canManage, now: deps.engine.clock.now() });
      await client.views.publish({ user_id: event.user, view });
    });
  });
}

// dist/adapters/slack/installations.js
function keyOfInstallation(installation) {
  if (installation.isEnterpriseInstall && installation.enterprise?.id)
    return { enterpriseId: installation.enterprise.id };
  if (installation.team?.id)
    return { teamId: installation.team.id };
  throw new Error("A Slack installation without a team or an enterprise id cannot be stored");
}
function keyOfQuery(query) {
  if (query.isEnterpriseInstall && query.enterpriseId)
    return { enterpriseId: query.enterpriseId };
  if (query.teamId)
    return { teamId: query.teamId };
  throw new Error("A Slack installation query without a team or an enterprise id");
}
function storeInstallations(store) {
  return {
    async storeInstallation(installation) {
      await store.saveSlackInstallation(keyOfInstallation(installation), installation);
    },
    async fetchInstallation(query) {
      const found = await store.getSlackInstallation(keyOfQuery(query));
      if (!found)
        throw new Error(`This Slack workspace has not installed the app (${JSON.stringify(keyOfQuery(query))})`);
      return found;
    },
    async deleteInstallation(query) {
      await store.deleteSlackInstallation(keyOfQuery(query));
    }
  };
}

// dist/adapters/slack/logger.js
import { LogLevel } from "@slack/bolt";
function boltLogger(log) {
  let level = LogLevel.INFO;
  let name = "slack";
  const line = (parts) => parts.map(describe2).join(" ");
  const firstError = (parts) => parts.find((p) => p instanceof Error);
  return {
    debug() {
    },
    info: (...parts) => log.info(line(parts), { component: name }),
    warn: (...parts) => log.warn(line(parts), { component: name }),
    error: (...parts) => {
      const error = firstError(parts);
      log.error(line(parts), { component: name, ...error ? { error } : {} });
    },
    setLevel: (l) => {
      level = l;
    },
    getLevel: () => level,
    setName: (n) => {
      name = n;
    }
  };
}
function describe2(part) {
  if (typeof part === "string")
    return part;
  if (part instanceof Error)
    return part.message;
  try {
    return JSON.stringify(part);
  } catch {
    return String(part);
  }
}

// dist/adapters/slack/requestGuard.js
import { isValidSlackRequest } from "@slack/bolt";

// dist/adapters/http/server.js
import { createServer } from "node:http";
function healthRoute(describe3 = () => ({})) {
  return {
    method: "GET",
    path: "/healthz",
    handler: (_req, res) => sendJson(res, 200, { status: "ok", ...describe3() })
  };
}
function createHttpServer(opts) {
  const table = /* @__PURE__ */ new Map();
  for (const route of opts.routes) {
    const byMethod = table.get(route.path) ?? /* @__PURE__ */ new Map();
    if (byMethod.has(route.method))
      throw new Error(`Two handlers for ${route.method} ${route.path}`);
    byMethod.set(route.method, route.handler);
    table.set(route.path, byMethod);
  }
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? "/", "http://localhost").pathname;
    const byMethod = table.get(path);
    if (!byMethod)
      return sendJson(res, 404, { error: "not_found" });
    const method = req.method === "HEAD" ? "GET" : req.method ?? "GET";
    const handler = byMethod.get(method);
    if (!handler) {
      res.setHeader("Allow", [...byMethod.keys()].join(", "));
      return sendJson(res, 405, { error: "method_not_allowed" });
    }
    const failed = (error) => {
      const id3 = faultId();
      opts.log.error("http handler failed", { faultId: id3, method, path, error });
      if (!res.headersSent)
        sendJson(res, 500, { error: "internal", faultId: id3 });
      else
        res.end();
    };
    try {
      const done = handler(req, res);
      if (done instanceof Promise)
        done.catch(failed);
    } catch (error) {
      failed(error);
    }
  });
  return {
    server,
    listen: (port, host) => new Promise((resolve, reject) => {
      server.once("error", reject);
      server.listen(port, host, () => {
        server.off("error", reject);
        resolve({ port: server.address().port });
      });
    }),
    close: (graceMs = 2e3) => new Promise((resolve, reject) => {
      server.close((error) => error ? reject(error) : resolve());
      server.closeIdleConnections();
      setTimeout(() => server.closeAllConnections(), graceMs).unref();
    })
  };
}
function sendJson(res, status, body) {
  const text = JSON.stringify(body);
  res.writeHead(status, { "Content-Type": "application/json; charset=utf-8", "Content-Length": Buffer.byteLength(text) });
  res.end(text);
}

// dist/adapters/slack/requestGuard.js
var REPLAY_WINDOW_MS = 5 * 6e4;
var MAX_SLACK_BODY_BYTES = 1e6;
var SeenSignatures = class {
  max;
  windowMs;
  until = /* @__PURE__ */ new Map();
  constructor(max = 5e4, windowMs = 2 * REPLAY_WINDOW_MS) {
    this.max = max;
    this.windowMs = windowMs;
  }
  /** True the first time a signature is offered within the window; false for a replay. */
  firstTime(signature, now = Date.now()) {
    for (const [seen, expires2] of this.until) {
      if (expires2 > now && this.until.size < this.max)
        break;
      this.until.delete(seen);
    }
    const expires = this.until.get(signature);
    if (expires !== void 0 && expires > now)
      return false;
    this.until.set(signature, now + this.windowMs);
    return true;
  }
  get size() {
    return this.until.size;
  }
};
var id = external_exports.string().min(1);
var SLASH_COMMAND = external_exports.looseObject({ command: external_exports.string().startsWith("/"), text: external_exports.string().optional(), user_id: id, team_id: id, channel_id: id, response_url: external_exports.string().url() });
var INTERACTION = external_exports.looseObject({ type: id, user: external_exports.looseObject({ id }).optional() }).refine((p) => p.type !== "block_actions" || p.user !== void 0 && Array.isArray(p.actions), {
  message: "a block_actions payload needs user and actions"
});
var EVENT_ENVELOPE = external_exports.looseObject({ type: id, event: external_exports.looseObject({ type: id }).optional() }).refine((p) => p.type !== "event_callback" || p.event !== void 0, {
  message: "an event_callback needs an event"
});
function slackBodyProblem(contentType, body) {
  try {
    if (contentType.startsWith("application/x-www-form-urlencoded")) {
      const form = Object.fromEntries(new URLSearchParams(body));
      if (form["ssl_check"] === "1")
        return void 0;
      if (form["payload"] !== void 0) {
        const parsed3 = INTERACTION.safeParse(JSON.parse(form["payload"]));
        return parsed3.success ? void 0 : `payload: ${parsed3.error.issues[0]?.message ?? "not an interaction"}`;
      }
      const parsed2 = SLASH_COMMAND.safeParse(form);
      return parsed2.success ? void 0 : `not a slash command (${parsed2.error.issues.map((i) => i.path.join(".") || i.message).join(", ")})`;
    }
    const parsed = EVENT_ENVELOPE.safeParse(JSON.parse(body));
    return parsed.success ? void 0 : "not an Events API payload (a JSON object with a type)";
  } catch {
    return "not JSON";
  }
}
function guardSlackEvents(listener, opts) {
  const seen = opts.seen ?? new SeenSignatures();
  return async (req, res) => {
    const raw = await readBody(req);
    if (raw === void 0)
      return sendJson(res, 413, { error: "too_large", message: `A Slack request is at most ${MAX_SLACK_BODY_BYTES} bytes.` });
    const body = raw.toString("utf8");
    const contentType = String(req.headers["content-type"] ?? "");
    const signature = header(req, "x-slack-signature");
    const timestamp = Number(header(req, "x-slack-request-timestamp"));
    const sslCheck = contentType.startsWith("application/x-www-form-urlencoded") && new URLSearchParams(body).get("ssl_check") === "1";
    if (!sslCheck) {
      const genuine = signature !== void 0 && isValidSlackRequest({ signingSecret: opts.signingSecret, body, headers: { "x-slack-signature": signature, "x-slack-request-timestamp": timestamp } });
      if (genuine) {
        if (!seen.firstTime(signature)) {
          opts.log.warn("slack request refused: its signature was already used (a replayed request)", { timestamp });
          return sendJson(res, 401, { error: "replayed", message: "This request was already received." });
        }
        const problem = slackBodyProblem(contentType, body);
        if (problem) {
          opts.log.warn("slack request refused: unreadable body", { problem, contentType, bytes: raw.length });
          return sendJson(res, 400, { error: "bad_request", message: `The body is not a Slack payload: ${problem}.` });
        }
      }
    }
    req.rawBody = raw;
    await listener(req, res);
  };
}
function header(req, name) {
  const value = req.headers[name];
  return typeof value === "string" ? value : void 0;
}
function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    let size = 0;
    req.on("data", (chunk) => {
      size += chunk.length;
      if (size <= MAX_SLACK_BODY_BYTES)
        chunks.push(chunk);
    });
    req.on("end", () => resolve(size > MAX_SLACK_BODY_BYTES ? void 0 : Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

// dist/adapters/slack/poster.js
var POST_EVENT_TYPE = "cs_metrics_bot_post";
var LOOKUP_PAGES = 10;
var CANNOT_LOOK = /* @__PURE__ */ new Set(["missing_scope", "not_in_channel", "channel_not_found", "not_allowed_token_type", "thread_not_found", "access_denied", "ekm_access_denied"]);
var SlackPoster = class {
  clientFor;
  allowsWorkspace;
  blocks;
  constructor(clientFor, allowsWorkspace, blocks) {
    this.clientFor = clientFor;
    this.allowsWorkspace = allowsWorkspace;
    this.blocks = blocks;
  }
  /** Renders for everyone, without the rich blocks the workspace refused, and sends again without one Slack refuses now. */
  send(workspace, message2, send) {
    if (!this.blocks)
      return send(renderSlack(message2, { shared: true }));
    return this.blocks.send(workspace, (refused) => renderSlack(message2, { shared: true, refused }), send);
  }
  async post(destination, message2, opts = {}) {
    await this.refuseUnlisted(destination.workspace);
    const client = await this.clientFor(destination.workspace);
    const result = await this.send(destination.workspace, message2, ({ text, blocks }) => client.chat.postMessage({
      channel: destination.channel,
      text,
      blocks,
      ...opts.threadOf ? { thread_ts: opts.threadOf.id } : {},
      ...opts.key ? { metadata: { event_type: POST_EVENT_TYPE, event_payload: { outbox_id: opts.key } } } : {},
      unfurl_links: false
    }));
    if (!result.ts)
      throw new Error("chat.postMessage answered without a message ts");
    return { platform: "slack", channel: result.channel ?? destination.channel, id: result.ts, workspace: destination.workspace };
  }
  async findPosted(destination, key, opts) {
    const client = await this.clientFor(destination.workspace);
    const oldest = (opts.since.getTime() / 1e3).toFixed(6);
    let cursor;
    try {
      for (let page3 = 0; page3 < LOOKUP_PAGES; page3++) {
        const common = { channel: destination.channel, oldest, include_all_metadata: true, limit: 200, ...cursor ? { cursor } : {} };
        const answer2 = opts.threadOf ? await client.conversations.replies({ ...common, ts: opts.threadOf.id }) : await client.conversations.history(common);
        for (const m of answer2.messages ?? []) {
          const metadata = m.metadata;
          if (m.ts && metadata?.event_type === POST_EVENT_TYPE && metadata.event_payload?.outbox_id === key) {
            const ref = { platform: "slack", channel: destination.channel, id: m.ts, workspace: destination.workspace };
            return ref;
          }
        }
        cursor = answer2.response_metadata?.next_cursor || void 0;
        if (!cursor)
          return null;
      }
    } catch (error) {
      const code = error.data?.error;
      if (code && CANNOT_LOOK.has(code))
        return { cannotCheck: `Slack answered ${code} when reading the channel's history` };
      throw error;
    }
    return { cannotCheck: `more than ${LOOKUP_PAGES * 200} messages since the first send` };
  }
  refused(error) {
    const code = error.code;
    return code === "slack_webapi_platform_error" || code === "slack_webapi_rate_limited_error";
  }
  async update(ref, message2) {
    await this.refuseUnlisted(ref.workspace);
    const client = await this.clientFor(ref.workspace);
    await this.send(ref.workspace, message2, ({ text, blocks }) => client.chat.update({ channel: ref.channel, ts: ref.id, text, blocks }));
  }
  async refuseUnlisted(workspace) {
    if (!this.allowsWorkspace)
      return;
    if (!workspace || !await this.allowsWorkspace(workspace)) {
      throw new Error(`Slack workspace ${workspace ?? "(none)"} is not in SLACK_ALLOWED_TEAMS: nothing is posted there`);
    }
  }
};

// dist/adapters/slack/app.js
var BOT_SCOPES = ["commands", "chat:write", "chat:write.public", "users:read", "channels:history", "groups:history"];
var SLACK_PATHS = { events: "/slack/events", install: "/slack/install", redirect: "/slack/oauth_redirect" };
var SLACK_RETRY_POLICY = { retries: 5, factor: 2, minTimeout: 500, maxTimeout: 15e3, randomize: true };
async function createSlackAdapter(deps) {
  const { config, log } = deps;
  const logger = boltLogger(log);
  const clientOptions = {
    ...config.apiUrl ? { slackApiUrl: config.apiUrl } : {},
    retryConfig: deps.retryPolicy ?? SLACK_RETRY_POLICY
  };
  const routes = [];
  let auth;
  let allowList;
  let botWorkspace;
  if (config.mode === "oauth") {
    allowList = slackAllowList(config.allowedTeams, void 0);
    if (allowList.ids.size === 0) {
      log.warn('SLACK_ALLOWED_TEAMS is not set: no Slack workspace may install the app or ask it anything until you list your team id(s) there (README, "Install in Slack")');
    }
    const installer = new InstallProvider({
      clientId: config.clientId,
      clientSecret: config.clientSecret,
      stateSecret: config.stateSecret,
      installationStore: storeInstallations(deps.store),
      // /slack/install goes straight to Slack's consent screen.
      directInstall: true,
      logger,
      clientOptions
    });
    const installUrl = { scopes: [...BOT_SCOPES] };
    routes.push({ method: "GET", path: SLACK_PATHS.install, handler: (req, res) => installer.handleInstallPath(req, res, {}, installUrl) }, {
      method: "GET",
      path: SLACK_PATHS.redirect,
      handler: (req, res) => installer.handleCallback(req, res, {
        // A workspace not on SLACK_ALLOWED_TEAMS is told why, and its installation is not kept.
        afterInstallation: refusedInstallation(allowList, log, (token) => new webApi.WebClient(void 0, { ...clientOptions, logger, retryConfig: { retries: 1 } }).apps.uninstall({ token, client_id: config.clientId, client_secret: config.clientSecret })),
        success: (installation, _options, _req, res2) => {
          log.info("slack app installed", { team: installation.team?.id, enterprise: installation.enterprise?.id });
          page(res2, 200, "Installed", "The metrics bot is in your workspace. Type <code>/csat last-week</code> in any channel, or open the app's Home tab.");
        },
        failure: (error, _options, _req, res2) => {
          log.warn("slack installation failed", { code: error.code, reason: error.message });
          page(res2, 400, "Installation failed", "Slack did not complete the installation. Start again from the install link; if it keeps failing, an admin can check the bot's logs.");
        }
      })
    });
    auth = { authorize: installer.authorize };
  } else {
    const me = await whoAmI(config.botToken, clientOptions, log);
    botWorkspace = me.workspace;
    auth = { token: config.botToken, botId: me.botId, botUserId: me.botUserId };
    allowList = slackAllowList(config.allowedTeams, me.workspace);
  }
  log.info("slack: workspaces allowed", { allowed: [...allowList.ids], from: allowList.from });
  const common = { logger, clientOptions, convoStore: false, ...auth };
  let app;
  if (config.appToken) {
    app = new App({ ...common, socketMode: true, appToken: config.appToken });
  } else {
    if (!config.signingSecret)
      throw new UserError("config", "SLACK_SIGNING_SECRET is missing: copy it from Basic Information \u2192 App Credentials");
    const receiver = new HTTPReceiver({
      signingSecret: config.signingSecret,
      endpoints: SLACK_PATHS.events,
      logger,
      // Must stay false. With true, Bolt holds the HTTP response until every
      // listener has finished, so a slow query would miss Slack's 3-second
      // deadline; with false the listener's ack() answers at once and the
      // report follows through the response_url.
      processBeforeResponse: false
    });
    app = new App({ ...common, receiver });
    routes.push({ method: "POST", path: SLACK_PATHS.events, handler: guardSlackEvents(receiver.requestListener, { signingSecret: config.signingSecret, log }) });
  }
  const admins = deps.admins ?? [];
  const engine = { ...deps.engine, store: deps.engine.store ?? deps.store, admins: deps.engine.admins ?? [...admins] };
  const blocks = new RichBlockSupport(deps.store, log, () => engine.clock.now());
  const listenerDeps = { engine, store: deps.store, log, admins, adminCache: /* @__PURE__ */ new Map(), blocks };
  app.use(allowListGate(allowList, { log, oauth: config.mode === "oauth" }));
  registerCommands(app, listenerDeps);
  registerActions(app, listenerDeps);
  registerHome(app, listenerDeps);
  app.event("app_uninstalled", async ({ context }) => {
    if (config.mode !== "oauth")
      return;
    const key = context.isEnterpriseInstall && context.enterpriseId ? { enterpriseId: context.enterpriseId } : { teamId: context.teamId ?? "" };
    await deps.store.deleteSlackInstallation(key);
    log.info("slack app uninstalled", key);
  });
  app.error(async (error) => {
    if (error.code === "slack_bolt_authorization_error") {
      log.warn("slack request not authorized", { reason: error.message });
      return;
    }
    log.error("slack request failed", { code: error.code, error });
  });
  const mode = config.appToken ? "socket" : "http";
  const allowsWorkspace = async (workspace) => {
    if (isAllowedOrigin(allowList, { teamId: workspace }))
      return true;
    return isAllowedOrigin(allowList, { teamId: workspace, enterpriseId: await enterpriseOf(workspace, { config, store: deps.store, botWorkspace }) });
  };
  return {
    app,
    mode,
    routes,
    allowsWorkspace,
    poster: createPoster(deps, clientOptions, logger, allowsWorkspace, blocks),
    start: async () => {
      if (mode === "socket")
        await app.start();
    },
    stop: async () => {
      if (mode === "socket")
        await app.stop();
    }
  };
}
var SLACK_POST_TIMEOUT_MS = 9e4;
function createPoster(deps, clientOptions, logger, allowsWorkspace, blocks) {
  const options = { ...clientOptions, logger, retryConfig: { retries: 0 }, rejectRateLimitedCalls: true, timeout: SLACK_POST_TIMEOUT_MS };
  const clients = /* @__PURE__ */ new Map();
  const clientWith = (token) => {
    let client = clients.get(token);
    if (!client)
      clients.set(token, client = new webApi.WebClient(token, options));
    return client;
  };
  const { config, store } = deps;
  return new SlackPoster(async (workspace) => {
    if (config.mode === "single")
      return clientWith(config.botToken);
    if (!workspace)
      throw new Error("Posting to Slack in a multi-workspace install needs the workspace (team id)");
    const installation = await store.getSlackInstallation({ teamId: workspace }) ?? await store.getSlackInstallation({ enterpriseId: workspace });
    if (!installation?.bot?.token)
      throw new Error(`Slack workspace ${workspace} has no installation with a bot token`);
    return clientWith(installation.bot.token);
  }, allowsWorkspace, blocks);
}
async function enterpriseOf(workspace, ctx) {
  if (ctx.config.mode === "single")
    return ctx.botWorkspace?.enterpriseId;
  const installation = await ctx.store.getSlackInstallation({ teamId: workspace }) ?? await ctx.store.getSlackInstallation({ enterpriseId: workspace });
  return installation?.enterprise?.id;
}
async function whoAmI(token, clientOptions, log) {
  try {
    const result = await new webApi.WebClient(token, { ...clientOptions, logger: boltLogger(log), retryConfig: { retries: 2 } }).auth.test();
    if (!result.bot_id || !result.user_id)
      throw new UserError("config", "SLACK_BOT_TOKEN is not a bot token: copy the Bot User OAuth Token (xoxb-\u2026) from OAuth & Permissions");
    log.info("slack bot token accepted", { team: result.team_id, botUserId: result.user_id });
    const workspace = {
      ...result.team_id ? { teamId: result.team_id } : {},
      ...result.enterprise_id ? { enterpriseId: result.enterprise_id } : {},
      orgWide: result.is_enterprise_install === true
    };
    return { botId: result.bot_id, botUserId: result.user_id, workspace };
  } catch (error) {
    if (error instanceof UserError)
      throw error;
    const code = platformError(error);
    if (code) {
      throw new UserError("config", `Slack refused SLACK_BOT_TOKEN (${code}): copy the Bot User OAuth Token (xoxb-\u2026) from OAuth & Permissions, and reinstall the app if it was revoked`);
    }
    throw error;
  }
}
function page(res, status, title, body) {
  res.writeHead(status, { "Content-Type": "text/html; charset=utf-8" });
  res.end(`<!doctype html><html><head><meta charset="utf-8"><title>${title}</title></head><body><h1>${title}</h1><p>${body}</p></body></html>`);
}

// dist/adapters/teams/app.js
import { CloudAdapter, ConfigurationBotFrameworkAuthentication } from "botbuilder";

// dist/adapters/teams/allowed.js
import { ActivityTypes } from "botbuilder";
function tenantAllowList(tenants) {
  return tenants ? { any: false, tenants: new Set(tenants.map((t) => t.toLowerCase())) } : { any: true };
}
function isAllowedTenant(list, tenant) {
  if (list.any)
    return true;
  return Boolean(tenant) && list.tenants.has(tenant.toLowerCase());
}
function claimedTenant(activity) {
  const channelData = activity.channelData;
  const ids = [activity.conversation?.tenantId, typeof channelData?.tenant?.id === "string" ? channelData.tenant.id : void 0].filter((id3) => typeof id3 === "string" && id3 !== "").map((id3) => id3.toLowerCase());
  if (ids.length === 0)
    return void 0;
  return ids.every((id3) => id3 === ids[0]) ? ids[0] : null;
}
function refusalReport(tenant) {
  const id3 = tenant ?? "unknown";
  return {
    kind: "error",
    cause: "user",
    message: `Sorry \u2014 this metrics bot serves one organisation's data, and your organisation (tenant ${id3}) is not among those it answers.`,
    hint: `If it should be, ask the bot's administrator to add ${id3} to TEAMS_ALLOWED_TENANTS.`
  };
}
function tenantGate(list, handler, log) {
  return {
    run: async (context) => {
      const { activity } = context;
      const tenant = claimedTenant(activity);
      if (list.any || tenant && isAllowedTenant(list, tenant))
        return handler.run(context);
      log.warn("teams activity refused: this tenant is not in TEAMS_ALLOWED_TENANTS; to allow it, add its tenant id to TEAMS_ALLOWED_TENANTS", {
        tenant: tenant === null ? "conversation.tenantId and channelData.tenant.id disagree" : tenant ?? "none",
        activity: activity.type,
        name: activity.name,
        conversation: conversationRoot(activity.conversation?.id ?? ""),
        user: activity.from?.id
      });
      const report = refusalReport(tenant);
      if (activity.type === ActivityTypes.Invoke) {
        const card = activity.name === "adaptiveCard/action";
        await context.sendActivity({
          type: ActivityTypes.InvokeResponse,
          value: card ? { status: 200, body: { statusCode: 200, type: ADAPTIVE_CARD, value: { ...renderTeams(report) } } } : { status: 403 }
        });
        return;
      }
      const botAdded = activity.type === ActivityTypes.ConversationUpdate && activity.membersAdded?.some((m) => m.id === activity.recipient?.id);
      if (activity.type === ActivityTypes.Message || botAdded)
        await context.sendActivity(cardMessage(report));
    }
  };
}

// dist/adapters/teams/handler.js
import { TeamsActivityHandler, TurnContext } from "botbuilder";
var MetricsTeamsHandler = class extends TeamsActivityHandler {
  deps;
  constructor(deps) {
    super();
    this.deps = deps;
    this.onMessage(async (context, next) => {
      await this.answerMessage(context);
      await next();
    });
    this.onConversationUpdate(async (context, next) => {
      const { activity } = context;
      if (activity.membersAdded?.some((member) => member.id === activity.recipient?.id)) {
        await this.deps.remember(activity);
        this.deps.log.info("teams: added to a conversation", { conversation: conversationRoot(activity.conversation?.id ?? ""), type: activity.conversation?.conversationType });
        await context.sendActivity(cardMessage(await answer("help", this.deps.engine, requestOf(activity))));
      }
      await next();
    });
    this.onInstallationUpdate(async (context, next) => {
      const { activity } = context;
      if (activity.action?.startsWith("add"))
        await this.deps.remember(activity);
      this.deps.log.info(`teams: app ${activity.action ?? "changed"}`, { conversation: conversationRoot(activity.conversation?.id ?? ""), type: activity.conversation?.conversationType });
      await next();
    });
  }
  async answerMessage(context) {
    const { activity } = context;
    await this.deps.remember(activity);
    const submitted = submittedCommand(activity.value);
    if (submitted !== void 0 && !activity.text?.trim()) {
      const verb = activity.value.verb;
      const outcome = await this.cardAction(context, typeof verb === "string" ? verb : TEAMS_RERUN_VERB, activity.value);
      if (outcome.kind === "replace" && activity.replyToId)
        await context.updateActivity({ ...outcome.message, id: activity.replyToId });
      else if (outcome.kind !== "posted")
        await context.sendActivity(outcome.message);
      return;
    }
    const report = await answer(commandText(activity), this.deps.engine, requestOf(activity));
    if (report.kind === "error" && report.message === NOT_ADMIN_MESSAGE) {
      this.deps.log.info("teams: a digest or alert change was refused; to allow this person, add their id to BOT_ADMINS", { user: activity.from?.id, name: activity.from?.name });
    }
    await context.sendActivity(cardMessage(report));
  }
  async onAdaptiveCardInvoke(context, invokeValue) {
    const { verb, data } = invokeValue.action;
    const command = submittedCommand(data);
    if (!CARD_VERBS.has(verb) || command === void 0) {
      return {
        statusCode: 400,
        type: "application/vnd.microsoft.error",
        value: { code: "BadRequest", message: `This card action is not one the bot knows (verb ${JSON.stringify(verb)}); it expects verb ${[...CARD_VERBS].map((v) => JSON.stringify(v)).join(", ")} with data.command.` }
      };
    }
    await this.deps.remember(context.activity);
    const outcome = await this.cardAction(context, verb, data);
    if (outcome.kind === "replace")
      return { statusCode: 200, type: ADAPTIVE_CARD, value: { ...outcome.message.attachments[0].content } };
    return { statusCode: 200, type: "application/vnd.microsoft.activity.message", value: outcome.text };
  }
  /**
   * What a card button does, for Action.Execute and Action.Submit alike:
   * - rerun: the command's answer replaces the card;
   * - details (a digest's row): the answer is posted as a reply to the digest, which stays;
   * - alert (Acknowledge / Snooze 24h / Mute rule): the management command
   *   runs with the clicker's permissions; the alert's card is drawn again
   *   showing who did what, or, when the card cannot be found again, the
   *   confirmation replaces it. A refusal leaves the card and says why.
   */
  async cardAction(context, verb, data) {
    const { activity } = context;
    const command = submittedCommand(data) ?? "";
    const request = requestOf(activity);
    const report = await answer(command, this.deps.engine, request);
    if (verb === TEAMS_DETAILS_VERB) {
      const reply = cardMessage(report);
      const addressed = TurnContext.applyConversationReference({ ...reply }, TurnContext.getConversationReference(activity));
      if (activity.replyToId)
        addressed.replyToId = activity.replyToId;
      await context.adapter.sendActivities(context, [addressed]);
      return { kind: "posted", text: `Details posted as a reply: ${reply.summary ?? command}` };
    }
    if (verb === TEAMS_ALERT_VERB) {
      if (report.kind === "error") {
        if (report.message === NOT_ADMIN_MESSAGE)
          this.deps.log.info("teams: an alert button was refused; to allow this person, add their id to BOT_ADMINS", { user: activity.from?.id, name: activity.from?.name });
        const message2 = cardMessage(report);
        return { kind: "message", message: message2, text: teamsMarkdown([report.message, report.hint].filter(Boolean).join(" ")) };
      }
      const redrawn = report.kind === "manage" ? await this.alertAgain(data["post"], report, request.destination.workspace) : void 0;
      const by = activity.from?.name || activity.from?.id || "someone";
      return { kind: "replace", message: redrawn ? cardMessage(redrawn.report, { post: redrawn.post, actedBy: by }) : cardMessage(report), text: "" };
    }
    return { kind: "replace", message: cardMessage(report), text: "" };
  }
  /**
   * The alert message a button was on, from the outbox entry it was posted
   * from (`data.post`), with the rule as it is now: only an alert of this
   * workspace, about the rule the command changed.
   */
  async alertAgain(post, done, workspace) {
    const store = this.deps.engine.store;
    const rule = done.items[0];
    if (typeof post !== "string" || !store || !rule || rule.kind !== "alert")
      return void 0;
    const entry = await store.getOutbox(post);
    if (!entry || entry.destination.workspace !== workspace)
      return void 0;
    const payload = readPayload(entry.payload);
    if (payload.kind !== "alert" || payload.ruleId !== rule.id)
      return void 0;
    return { report: { ...payload.report, rule }, post };
  }
};
var CARD_VERBS = /* @__PURE__ */ new Set([TEAMS_RERUN_VERB, TEAMS_DETAILS_VERB, TEAMS_ALERT_VERB]);
function submittedCommand(value) {
  if (!value || typeof value !== "object")
    return void 0;
  const command = value.command;
  return typeof command === "string" ? command : void 0;
}

// dist/adapters/teams/poster.js
import {} from "botbuilder";

// dist/adapters/teams/localOnly.js
var FORWARDING_HEADERS = [
  "forwarded",
  "x-forwarded-for",
  "x-forwarded-host",
  "x-forwarded-proto",
  "x-real-ip",
  "x-client-ip",
  "true-client-ip",
  "cf-connecting-ip",
  "fastly-client-ip",
  "x-cluster-client-ip",
  "x-original-forwarded-for",
  "via"
];
function forwardingHeader(headers) {
  return FORWARDING_HEADERS.find((name) => headers[name] !== void 0);
}
function isLoopback(address) {
  if (!address)
    return false;
  const plain = address.replace(/^::ffff:/i, "");
  return plain === "::1" || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(plain);
}
function isLoopbackUrl(url) {
  if (!url)
    return false;
  try {
    const { protocol, hostname: hostname2 } = new URL(url);
    if (protocol !== "http:" && protocol !== "https:")
      return false;
    const host = hostname2.replace(/^\[|\]$/g, "");
    return host === "localhost" || isLoopback(host);
  } catch {
    return false;
  }
}

// dist/adapters/teams/references.js
import { TurnContext as TurnContext2 } from "botbuilder";
function referenceOf(activity) {
  const reference = TurnContext2.getConversationReference(activity);
  if (!reference.serviceUrl || !reference.conversation?.id)
    return null;
  const conversationId = conversationRoot(reference.conversation.id);
  const { activityId: _replyTo, ...rest } = reference;
  return { conversationId, reference: { ...rest, serviceUrl: reference.serviceUrl, conversation: { ...reference.conversation, id: conversationId } } };
}
function referenceKeeper(store, log, now) {
  const known = /* @__PURE__ */ new Map();
  return async (activity) => {
    const found = referenceOf(activity);
    if (!found)
      return;
    const { conversationId, reference } = found;
    if (known.get(conversationId) === reference.serviceUrl)
      return;
    try {
      await store.saveConversationReference(conversationId, reference, now());
      known.set(conversationId, reference.serviceUrl);
    } catch (error) {
      log.warn("could not save a Teams conversation reference; digests and alerts may not reach it", { conversation: conversationId, error });
    }
  };
}
async function loadReference(store, conversationId) {
  const raw = await store.getConversationReference(conversationRoot(conversationId));
  if (!raw || typeof raw.serviceUrl !== "string" || typeof raw.conversation?.id !== "string")
    return null;
  return raw;
}

// dist/adapters/teams/retry.js
var TEAMS_RETRY_POLICY = { attempts: 4, baseDelayMs: 1e3, maxDelayMs: 15e3, budgetMs: 4e4 };
var RETRYABLE_STATUSES = /* @__PURE__ */ new Set([412, 429, 502, 504]);
var TeamsPostError = class extends Error {
  status;
  attempts;
  constructor(message2, status, attempts) {
    super(message2);
    this.status = status;
    this.attempts = attempts;
    this.name = "TeamsPostError";
  }
};
function statusOf(error) {
  if (!error || typeof error !== "object")
    return void 0;
  const e = error;
  if (typeof e.statusCode === "number")
    return e.statusCode;
  if (typeof e.response?.status === "number")
    return e.response.status;
  return void 0;
}
function retryAfterMs(error, now = Date.now()) {
  const headers = error?.response?.headers;
  let value;
  if (headers && typeof headers.get === "function")
    value = headers.get("retry-after");
  else if (headers && typeof headers === "object") {
    const entry = Object.entries(headers).find(([k]) => k.toLowerCase() === "retry-after");
    value = entry?.[1];
  }
  return parseRetryAfter(value, now);
}
function delayBeforeRetry(attempt, retryAfter, policy, random) {
  if (retryAfter !== void 0)
    return Math.round(retryAfter + random() * Math.min(1e3, retryAfter * 0.2 + 50));
  const exponential = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return Math.round(exponential * (0.5 + random()));
}
async function withRetries(what, operation, deps) {
  const started = Date.now();
  for (let attempt = 1; ; attempt++) {
    try {
      return await operation();
    } catch (error) {
      const status = statusOf(error);
      const reason = status !== void 0 ? `Teams answered HTTP ${status}` : `${error instanceof Error ? error.message : String(error)}`;
      if (status === void 0 || !RETRYABLE_STATUSES.has(status))
        throw new TeamsPostError(`${what} failed: ${reason}`, status, attempt);
      if (attempt >= deps.policy.attempts)
        throw new TeamsPostError(`${what} failed after ${attempt} tries: ${reason}`, status, attempt);
      const delayMs = delayBeforeRetry(attempt, retryAfterMs(error), deps.policy, deps.random);
      if (Date.now() - started + delayMs > deps.policy.budgetMs) {
        throw new TeamsPostError(`${what} failed: ${reason}, and the next try (in ${Math.ceil(delayMs / 1e3)} s) would be too late; the outbox retries later`, status, attempt);
      }
      deps.onRetry?.({ attempt, status, delayMs });
      await deps.sleep(delayMs);
    }
  }
}

// dist/adapters/teams/poster.js
var wait = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
var TeamsPoster = class {
  deps;
  policy;
  constructor(deps) {
    this.deps = deps;
    this.policy = { ...TEAMS_RETRY_POLICY, ...deps.retry };
  }
  async post(destination, message2, opts = {}) {
    const reference = await this.reference(destination.channel, destination.workspace);
    let target = reference;
    let replyToId;
    if (opts.threadOf) {
      if (reference.conversation.conversationType === "channel")
        target = withConversation(reference, threadConversation(destination.channel, opts.threadOf.id));
      else
        replyToId = opts.threadOf.id;
    }
    const id3 = await this.retrying(`Posting to Teams conversation ${destination.channel}`, target, async (ctx) => {
      const sent = await ctx.sendActivity({ ...cardMessage(message2, opts.key ? { post: opts.key } : {}), ...replyToId ? { replyToId } : {} });
      return sent?.id;
    });
    if (!id3)
      this.deps.log.info("Teams took a post without naming its activity id: it is delivered, but cannot be edited later", { conversation: destination.channel });
    return { platform: "teams", channel: target.conversation.id, id: id3 ?? "" };
  }
  async update(ref, message2, opts = {}) {
    const target = withConversation(await this.reference(ref.channel), ref.channel);
    await this.retrying(`Updating Teams message ${ref.id} in ${ref.channel}`, target, async (ctx) => {
      await ctx.updateActivity({ ...cardMessage(message2, opts.key ? { post: opts.key } : {}), id: ref.id });
    });
  }
  async reference(conversationId, tenant) {
    const reference = await loadReference(this.deps.store, conversationId);
    if (!reference) {
      throw new Error(`No conversation reference for Teams conversation ${conversationRoot(conversationId)}: the bot can post only where it was installed or spoken to (add the app there, or send it a message)`);
    }
    const allows = this.deps.allowsTenant;
    if (allows) {
      for (const id3 of [tenant, reference.conversation.tenantId]) {
        if (id3 !== void 0 && !allows(id3))
          throw new Error(`Teams tenant ${id3 || "(none)"} is not in TEAMS_ALLOWED_TENANTS: nothing is posted to ${conversationRoot(conversationId)}`);
      }
    }
    if (!this.deps.appId && !isLoopbackUrl(reference.serviceUrl)) {
      throw new Error(`Not posting to Teams conversation ${conversationRoot(conversationId)}: authentication is off, and its serviceUrl is not on this machine`);
    }
    return reference;
  }
  retrying(what, reference, logic) {
    return withRetries(what, () => this.proactive(reference, logic), {
      policy: this.policy,
      sleep: this.deps.sleep ?? wait,
      random: this.deps.random ?? Math.random,
      onRetry: ({ attempt, status, delayMs }) => this.deps.log.warn("Teams pushed back on a post; retrying", { conversation: reference.conversation.id, status, attempt, retryInMs: delayMs })
    });
  }
  /**
   * One proactive turn. Its failure is handed back to the caller: inside a
   * turn botbuilder would pass it to `onTurnError` and resolve as if all was well.
   */
  async proactive(reference, logic) {
    let outcome;
    await this.deps.adapter.continueConversationAsync(this.deps.appId, reference, async (ctx) => {
      try {
        withoutHiddenRetries(ctx);
        ctx.activity.id = void 0;
        outcome = { ok: true, value: await logic(ctx) };
      } catch (error) {
        outcome = { ok: false, error };
      }
    });
    if (!outcome)
      throw new Error("The proactive Teams turn did not run");
    if (!outcome.ok)
      throw outcome.error;
    return outcome.value;
  }
};
function withConversation(reference, conversationId) {
  return { ...reference, conversation: { ...reference.conversation, id: conversationId } };
}
function withoutHiddenRetries(ctx) {
  const connector = ctx.turnState.get(ctx.adapter.ConnectorClientKey);
  connector?.client?.pipeline?.removePolicy?.({ name: "defaultRetryPolicy" });
}

// dist/adapters/teams/validate.js
var noControl = (s) => !/[\u0000-\u001F\u007F]/.test(s);
var id2 = external_exports.string().min(1).max(1e3).refine(noControl, { message: "holds a control character" });
var account = external_exports.looseObject({ id: id2 });
var ACTIVITY = external_exports.looseObject({
  type: external_exports.string().min(1).max(100),
  serviceUrl: external_exports.string().url().max(2e3),
  conversation: external_exports.looseObject({ id: id2 }),
  from: account.optional(),
  recipient: account.optional(),
  text: external_exports.string().optional(),
  entities: external_exports.array(external_exports.looseObject({ type: external_exports.string() })).optional(),
  membersAdded: external_exports.array(account).optional()
}).superRefine((activity, ctx) => {
  if (activity.type === "message" || activity.type === "invoke") {
    if (!activity.from)
      ctx.addIssue({ code: "custom", path: ["from"], message: "is missing" });
    if (!activity.recipient)
      ctx.addIssue({ code: "custom", path: ["recipient"], message: "is missing" });
  }
  activity.entities?.forEach((entity, i) => {
    if (entity.type !== "mention")
      return;
    const mentioned = entity.mentioned;
    if (typeof mentioned?.id !== "string")
      ctx.addIssue({ code: "custom", path: ["entities", i, "mentioned"], message: "a mention needs mentioned.id" });
  });
});
function activityProblem(body) {
  const parsed = ACTIVITY.safeParse(body);
  if (parsed.success)
    return void 0;
  return parsed.error.issues.slice(0, 3).map((issue) => `${issue.path.join(".") || "activity"}: ${issue.message}`).join("; ");
}

// dist/adapters/teams/route.js
var TEAMS_MESSAGES_PATH = "/api/messages";
var MAX_ACTIVITY_BYTES = 1e6;
function messagesRoute(opts) {
  return {
    method: "POST",
    path: TEAMS_MESSAGES_PATH,
    handler: async (req, res) => {
      if (!opts.authenticated && !isLoopback(req.socket.remoteAddress)) {
        opts.log.warn("teams request refused: authentication is off, so only this machine may call /api/messages", { remote: req.socket.remoteAddress });
        req.resume();
        sendJson(res, 403, { error: "forbidden", message: "Teams authentication is off (TEAMS_AUTH=off): only requests from this machine are accepted." });
        return;
      }
      const forwarded = opts.authenticated ? void 0 : forwardingHeader(req.headers);
      if (forwarded) {
        opts.log.warn("teams request refused: authentication is off, and it came through a proxy or tunnel", { header: forwarded });
        req.resume();
        sendJson(res, 403, { error: "forbidden", message: "Teams authentication is off (TEAMS_AUTH=off): only requests made on this machine directly are accepted, not through a proxy or tunnel." });
        return;
      }
      if (opts.authenticated && !req.headers.authorization) {
        opts.log.warn("teams request refused: no Bot Framework token", { remote: req.socket.remoteAddress });
        req.resume();
        sendJson(res, 401, { error: "unauthorized", message: "Unauthorized Access. Request is not authorized" });
        return;
      }
      const body = await readJson(req);
      if (!body.ok) {
        sendJson(res, body.status, { error: body.status === 413 ? "too_large" : "bad_request", message: body.message });
        return;
      }
      const problem = activityProblem(body.value);
      if (problem) {
        opts.log.warn("teams request refused: not an activity the bot can read", { problem });
        sendJson(res, 400, { error: "bad_request", message: `The body is not a Bot Framework activity: ${problem}.` });
        return;
      }
      if (!opts.authenticated && !isLoopbackUrl(String(body.value["serviceUrl"]))) {
        opts.log.warn("teams request refused: authentication is off, and its serviceUrl is not on this machine", { serviceUrl: String(body.value["serviceUrl"]).slice(0, 200) });
        sendJson(res, 403, { error: "forbidden", message: "Teams authentication is off (TEAMS_AUTH=off): the bot replies only to a serviceUrl on this machine." });
        return;
      }
      await opts.adapter.process({ body: body.value, headers: req.headers, method: req.method ?? "POST" }, botResponse(res), (context) => opts.handler.run(context));
    }
  };
}
function readJson(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    let size = 0;
    let tooLarge = false;
    req.on("data", (chunk) => {
      size += chunk.length;
      if (size > MAX_ACTIVITY_BYTES)
        tooLarge = true;
      else
        chunks.push(chunk);
    });
    req.on("end", () => {
      if (tooLarge)
        return resolve({ ok: false, status: 413, message: `An activity is at most ${MAX_ACTIVITY_BYTES} bytes.` });
      try {
        const value = JSON.parse(Buffer.concat(chunks).toString("utf8"));
        if (value && typeof value === "object" && !Array.isArray(value))
          return resolve({ ok: true, value });
      } catch {
      }
      resolve({ ok: false, status: 400, message: "The body must be a Bot Framework activity (a JSON object)." });
    });
    req.on("error", reject);
  });
}
function botResponse(res) {
  let status = 200;
  let body;
  return {
    socket: res.socket,
    status(code) {
      status = code;
      return this;
    },
    header(name, value) {
      res.setHeader(name, String(value));
      return this;
    },
    send(...args) {
      body = args[0];
      return this;
    },
    end() {
      if (res.writableEnded)
        return;
      if (body === void 0 || body === null) {
        res.writeHead(status, { "Content-Length": 0 });
        res.end();
      } else if (typeof body === "string" || Buffer.isBuffer(body)) {
        res.writeHead(status, { "Content-Type": "text/plain; charset=utf-8", "Content-Length": Buffer.byteLength(body) });
        res.end(body);
      } else {
        sendJson(res, status, body);
      }
    }
  };
}

// dist/adapters/teams/app.js
var TEAMS_NOT_CONFIGURED = "Teams is not served: set MICROSOFT_APP_ID and MICROSOFT_APP_PASSWORD (the Azure Bot's credentials), or TEAMS_AUTH=off to try it without authentication on this machine (Bot Framework Emulator).";
function createTeamsBot(deps) {
  const { config, log } = deps;
  const authenticated = Boolean(config?.appId);
  if (!authenticated && !deps.authOff)
    throw new UserError("config", TEAMS_NOT_CONFIGURED, 'README, "Install in Teams".');
  let auth;
  try {
    auth = new ConfigurationBotFrameworkAuthentication(config ? {
      MicrosoftAppId: config.appId,
      MicrosoftAppType: config.appType,
      ...config.appPassword ? { MicrosoftAppPassword: config.appPassword } : {},
      ...config.tenantId ? { MicrosoftAppTenantId: config.tenantId } : {}
    } : {});
  } catch (error) {
    throw new UserError("config", `Teams authentication could not be set up: ${error instanceof Error ? error.message : String(error)}`, "Check the MICROSOFT_APP_* variables; .env.example says where each one comes from.");
  }
  const adapter = new CloudAdapter(auth);
  const allowList = teamsAllowList(deps.allowedTenants, config);
  if (authenticated) {
    log.info("teams: authentication is on", { path: TEAMS_MESSAGES_PATH, appId: config.appId, appType: config.appType });
  } else {
    log.warn('TEAMS AUTHENTICATION IS OFF (TEAMS_AUTH=off): POST /api/messages takes unauthenticated requests, from this machine only (listening on 127.0.0.1, nothing forwarded by a proxy or tunnel), and replies only to a serviceUrl on this machine. For local use with the Bot Framework Emulator and tests only; never run like this in production. Set MICROSOFT_APP_ID and MICROSOFT_APP_PASSWORD instead (README, "Install in Teams").', { path: TEAMS_MESSAGES_PATH, auth: "off" });
  }
  log.info(allowList.any ? "teams: every tenant is answered (authentication is off and TEAMS_ALLOWED_TENANTS is not set)" : "teams: tenants allowed", allowList.any ? {} : { allowed: [...allowList.tenants] });
  const engine = { ...deps.engine, store: deps.engine.store ?? deps.store, admins: deps.engine.admins ?? [...deps.admins ?? []] };
  const remember = referenceKeeper(deps.store, log, () => engine.clock.now());
  const handler = new MetricsTeamsHandler({ engine, log, remember });
  adapter.onTurnError = async (context, error) => {
    const id3 = faultId();
    log.error("teams turn failed", { faultId: id3, activity: context.activity.type, conversation: context.activity.conversation?.id, error });
    if (context.activity.type === "message") {
      await context.sendActivity(`Sorry \u2014 something went wrong on our side (error ${id3}). It has been logged.`).catch(() => void 0);
    }
  };
  const poster = new TeamsPoster({
    adapter,
    appId: config?.appId ?? "",
    store: deps.store,
    log,
    allowsTenant: (tenant) => isAllowedTenant(allowList, tenant),
    ...deps.retry ? { retry: deps.retry } : {},
    ...deps.sleep ? { sleep: deps.sleep } : {},
    ...deps.random ? { random: deps.random } : {}
  });
  return {
    // Before the handler: a tenant not on the list is refused and reaches no data (allowed.ts).
    route: messagesRoute({ adapter, handler: tenantGate(allowList, handler, log), authenticated, log }),
    poster,
    adapter,
    handler,
    authenticated,
    allowsTenant: (tenant) => isAllowedTenant(allowList, tenant)
  };
}
function teamsAllowList(tenants, config) {
  if (tenants && tenants.length > 0)
    return tenantAllowList(tenants);
  if (config?.tenantId)
    return tenantAllowList([config.tenantId]);
  if (config) {
    throw new UserError("config", "TEAMS_ALLOWED_TENANTS is missing: a MultiTenant bot would answer any Microsoft 365 organisation that uploads its app package; set it to your organisation's Directory (tenant) ID, or set MICROSOFT_APP_TENANT_ID");
  }
  return tenantAllowList(void 0);
}

// dist/adapters/zendesk/state.js
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
var STATE_TTL_MS = 10 * 6e4;
var STATE_COOKIE = "zendesk_oauth_state";
var mac = (secret, nonce, expires) => createHmac("sha256", secret).update(`zendesk-oauth-state\0${nonce}\0${expires}`).digest("base64url");
function newState(secret, now) {
  const nonce = randomBytes(16).toString("base64url");
  const expires = now + STATE_TTL_MS;
  return { state: `${nonce}.${expires}.${mac(secret, nonce, expires)}`, nonce };
}
function checkState(secret, state, cookieNonce, now) {
  const [nonce, expiresText, signature, ...rest] = (state ?? "").split(".");
  const expires = Number(expiresText);
  if (!nonce || !signature || rest.length > 0 || !Number.isInteger(expires))
    return "the link has no state from this bot";
  const expected = Buffer.from(mac(secret, nonce, expires));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given))
    return "the state was not made by this bot";
  if (expires < now)
    return "the install link expired (it lasts 10 minutes)";
  if (cookieNonce !== nonce)
    return "the install was started in another browser (or its cookie was blocked)";
  return null;
}
function cookie(header2, name) {
  for (const part of (header2 ?? "").split(";")) {
    const [k, ...v] = part.trim().split("=");
    if (k === name)
      return v.join("=");
  }
  return void 0;
}

// dist/adapters/zendesk/routes.js
var INSTALL_PATH = "/zendesk/install";
var REDIRECT_PATH = "/zendesk/oauth_redirect";
function zendeskRoutes(opts) {
  const now = opts.now ?? Date.now;
  const host = new URL(opts.app.baseUrl).host;
  const appFor = (req) => ({ ...opts.app, redirectUrl: opts.app.redirectUrl ?? `${publicOrigin(req)}${REDIRECT_PATH}` });
  const install = (req, res) => {
    const app = appFor(req);
    const secure = app.redirectUrl.startsWith("https:");
    const { state, nonce } = newState(opts.app.clientSecret, now());
    res.writeHead(302, {
      Location: authorizeUrl(app, state),
      "Set-Cookie": `${STATE_COOKIE}=${nonce}; Max-Age=${STATE_TTL_MS / 1e3}; Path=/zendesk; HttpOnly; SameSite=Lax${secure ? "; Secure" : ""}`,
      "Cache-Control": "no-store"
    });
    res.end();
  };
  const redirect = async (req, res) => {
    const q = new URL(req.url ?? "/", "http://localhost").searchParams;
    const again = `<p><a href="${INSTALL_PATH}">Start again</a>.</p>`;
    const problem = checkState(opts.app.clientSecret, q.get("state"), cookie(req.headers.cookie, STATE_COOKIE), now());
    if (problem !== null) {
      opts.log.warn("zendesk oauth redirect refused", { reason: problem });
      return page2(res, 400, "Zendesk was not connected", `<p>The answer from Zendesk could not be trusted: ${escapeHtml(problem)}.</p>${again}`);
    }
    const denied = q.get("error");
    if (denied !== null) {
      return page2(res, 400, "Zendesk was not connected", `<p>Zendesk said: ${escapeHtml(q.get("error_description") ?? denied)}.</p>${again}`);
    }
    const code = q.get("code");
    if (!code)
      return page2(res, 400, "Zendesk was not connected", `<p>Zendesk sent no authorization code.</p>${again}`);
    let grant;
    try {
      grant = await exchangeCode(appFor(req), code, now());
    } catch (e) {
      opts.log.warn("zendesk oauth code exchange failed", { error: e instanceof Error ? e.message : String(e) });
      const why = e instanceof GrantRefused ? "Zendesk refused the code (used already, expired, or the client id, secret or redirect URL do not match the OAuth client)" : "Zendesk could not be reached";
      return page2(res, 502, "Zendesk was not connected", `<p>${escapeHtml(why)}.</p>${again}`);
    }
    const me = await whoAmI2(opts.app.baseUrl, grant.accessToken).catch(() => null);
    if (me === null)
      return page2(res, 502, "Zendesk was not connected", `<p>Zendesk did not say who granted access (GET /api/v2/users/me failed).</p>${again}`);
    if (me.role !== "admin") {
      opts.log.warn("zendesk oauth grant refused: not an admin", { role: me.role });
      return page2(res, 403, "Only a Zendesk admin can connect Zendesk", `<p>${escapeHtml(me.name)} is a Zendesk <strong>${escapeHtml(me.role)}</strong>. The ticket export and satisfaction ratings the bot reads are allowed for admins only, so the grant was not kept.</p><p>Ask an admin of ${escapeHtml(host)} to open <code>${INSTALL_PATH}</code>.</p>`);
    }
    const connectedBy = `${me.name} (admin)`;
    await opts.grants.saveHelpdeskGrant("zendesk", { ...grant, connectedBy }, new Date(now()));
    opts.log.info("zendesk connected over oauth", { host, refreshable: grant.refreshToken !== null });
    opts.onConnected?.();
    page2(res, 200, "Zendesk is connected", `<p>Connected to ${escapeHtml(host)} as ${escapeHtml(connectedBy)}. The bot syncs now and then on its schedule; <code>sources</code> shows how it went.</p>`);
  };
  return [
    { method: "GET", path: INSTALL_PATH, handler: install },
    { method: "GET", path: REDIRECT_PATH, handler: redirect }
  ];
}
function publicOrigin(req) {
  const first = (v) => (Array.isArray(v) ? v[0] : v)?.split(",")[0]?.trim();
  const proto = first(req.headers["x-forwarded-proto"]) ?? (req.socket.encrypted ? "https" : "http");
  const hostHeader = first(req.headers["x-forwarded-host"]) ?? req.headers.host ?? "localhost";
  return `${proto}://${hostHeader}`;
}
async function whoAmI2(baseUrl, token) {
  const res = await fetch(`${baseUrl}/api/v2/users/me.json`, { headers: { authorization: `Bearer ${token}`, accept: "application/json" }, signal: AbortSignal.timeout(3e4) });
  if (!res.ok)
    throw new Error(`users/me answered ${res.status}`);
  const user = (await res.json()).user;
  return { name: typeof user?.name === "string" ? user.name : "someone", role: typeof user?.role === "string" ? user.role : "unknown" };
}
function page2(res, status, title, body) {
  const html = `<!doctype html><html><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head><body><h1>${escapeHtml(title)}</h1>${body}</body></html>`;
  res.writeHead(status, { "Content-Type": "text/html; charset=utf-8", "Content-Length": Buffer.byteLength(html), "Cache-Control": "no-store" });
  res.end(html);
}

// dist/adapters/http/serve.js
async function serve(config, deps) {
  const { log } = deps;
  const slack = config.slack ? await createSlackAdapter({
    config: config.slack,
    engine: deps.engine,
    store: deps.store,
    log,
    admins: config.admins,
    ...deps.slackRetryPolicy ? { retryPolicy: deps.slackRetryPolicy } : {}
  }) : void 0;
  const teams = config.teams || config.teamsAuthOff ? createTeamsBot({
    engine: deps.engine,
    store: deps.store,
    ...config.teams ? { config: config.teams } : { authOff: true },
    log,
    admins: config.admins,
    ...config.teamsAllowedTenants ? { allowedTenants: config.teamsAllowedTenants } : {}
  }) : void 0;
  if (!teams)
    log.info(TEAMS_NOT_CONFIGURED);
  const host = teams && !teams.authenticated && !isLoopback(deps.host) ? "127.0.0.1" : deps.host;
  const zendeskApp = config.sync?.zendesk ? oauthApp(config.sync.zendesk) : void 0;
  const routes = [
    healthRoute(() => ({ slack: slack?.mode ?? "off", teams: teams ? teams.authenticated ? "on" : "local only" : "off" })),
    ...slack?.routes ?? [],
    ...teams ? [teams.route] : [],
    ...zendeskApp ? zendeskRoutes({ app: zendeskApp, grants: deps.store, log, onConnected: () => syncNow(deps.engine, log) }) : []
  ];
  const http = createHttpServer({ routes, log });
  const { port } = await http.listen(config.port, host);
  try {
    await slack?.start();
  } catch (error) {
    await http.close();
    throw error;
  }
  log.info("serving", { port, ...host ? { host } : {}, slack: slack?.mode ?? "off", routes: routes.map((r) => `${r.method} ${r.path}`) });
  return {
    port,
    ...slack ? { slack } : {},
    ...teams ? { teams: { poster: teams.poster, authenticated: teams.authenticated } } : {},
    allowed: async (destination) => {
      if (destination.platform === "slack")
        return slack ? slack.allowsWorkspace(destination.workspace) : false;
      if (destination.platform === "teams")
        return teams ? teams.allowsTenant(destination.workspace) : false;
      return true;
    },
    close: async () => {
      await slack?.stop();
      await http.close();
    }
  };
}
function syncNow(engine, log) {
  const sync = engine.sync;
  void sync?.runOnce?.().catch((error) => log.warn("sync after connecting Zendesk failed", { error: String(error) }));
}

// dist/src/processGuards.js
function installProcessGuards(log, proc = process) {
  const onRejection = (reason) => {
    log.error("unhandled promise rejection; still serving", { faultId: faultId(), error: reason });
  };
  const onException = (error, origin) => {
    log.error("uncaught exception; still serving", { faultId: faultId(), origin, error });
  };
  proc.on("unhandledRejection", onRejection);
  proc.on("uncaughtException", onException);
  return () => {
    proc.off("unhandledRejection", onRejection);
    proc.off("uncaughtException", onException);
  };
}

// dist/src/schedule/poster.js
var ConsolePoster = class {
  count = 0;
  out;
  render;
  constructor(out, opts = {}) {
    this.out = out;
    this.render = opts.render ?? renderText;
  }
  async post(destination, message2, opts = {}) {
    const ref = { platform: "console", channel: destination.channel, id: `console-${++this.count}` };
    const where = opts.threadOf ? `, in reply to ${opts.threadOf.id}` : "";
    this.out.write(`
\u2500\u2500 ${ref.id}${where} \u2500\u2500
${this.render(message2)}

`);
    return ref;
  }
  async update(ref, message2) {
    const headline = this.render(message2).split("\n")[0] ?? "";
    this.out.write(`
\u2500\u2500 ${ref.id} now reads: ${headline}

`);
  }
};

// dist/src/schedule/scheduler.js
import { randomBytes as randomBytes2 } from "node:crypto";
import { hostname } from "node:os";

// dist/src/schedule/alertCheck.js
function alertQuestion(rule, at, weekStartsOn) {
  const vs = vsClause(scheduledComparison(rule.comparison, rule.period, at, rule.schedule.timeZone, weekStartsOn));
  return `${rule.metric} ${rule.period}${vs}${rule.filters ? ` where ${rule.filters}` : ""}`;
}
async function checkAlert(rule, engine, at) {
  const scoped = engineAt(engine, at, rule.schedule.timeZone);
  let command;
  try {
    command = parseCommand(alertQuestion(rule, at, engine.weekStartsOn), {
      periods: { now: at, timeZone: rule.schedule.timeZone, weekStartsOn: engine.weekStartsOn },
      defaultPeriod: rule.period
    });
  } catch (e) {
    if (isUserError(e) && e.code === "future_period")
      return { observation: { kind: "no_data" }, command: null, report: null };
    throw e;
  }
  if (command.kind !== "metric")
    throw new Error(`alert ${rule.id} asks "${alertQuestion(rule, at, engine.weekStartsOn)}", which is not a metric question`);
  let report;
  try {
    report = await runCommand(command, scoped, at);
  } catch (e) {
    if (e instanceof SourceError) {
      engine.log.warn("alert check: data source unavailable", { rule: rule.id, source: e.source, error: e });
      return { observation: { kind: "source_error", source: e.source }, command, report: null };
    }
    if (isUserError(e) && e.code === "future_period")
      return { observation: { kind: "no_data" }, command, report: null };
    if (e instanceof UnavailableError) {
      engine.log.warn("alert check: metric not available from the data", { rule: rule.id, metric: rule.metric, missing: e.missing.map((m) => `${m.dataset}.${m.field}`) });
      return { observation: { kind: "no_data" }, command, report: null };
    }
    throw e;
  }
  if (report.kind !== "metric")
    throw new Error(`alert ${rule.id}: expected a metric report, got ${report.kind}`);
  if (!report.result)
    return { observation: { kind: "no_data" }, command, report };
  const previous = report.comparison.result;
  return {
    observation: {
      kind: "value",
      value: report.result.value,
      n: report.result.n,
      ...rule.condition.kind === "change" ? { previous: previous ? { value: previous.value, n: previous.n } : null } : {}
    },
    command,
    report
  };
}
function badDirection(condition) {
  if (condition.kind === "threshold")
    return condition.op === ">" || condition.op === ">=" ? "up" : "down";
  return condition.direction === "rises" ? "up" : "down";
}
var ITEM_DIMENSIONS = ["agent", "team", "channel", "topic", "criterion", "priority", "segment", "plan", "source", "programme", "sentiment"];
async function findEvidence(rule, command, report, engine, at) {
  const def = findMetric(rule.metric);
  if (!def)
    return null;
  const scoped = engineAt(engine, at, rule.schedule.timeZone);
  const pinned = new Set(command.filters.filter((f) => f.values.length === 1).map((f) => f.field));
  const dims = dimensionsOf(def.dataset).filter((d) => !pinned.has(d));
  if (dims.length === 0)
    return null;
  const bad = badDirection(rule.condition);
  const previousPeriod = report.comparison.period;
  const breakdowns = await Promise.all(dims.map(async (dimension) => {
    const [now, before] = await Promise.all([
      runCommand({ ...command, by: dimension }, scoped, at),
      runCommand({ ...command, period: previousPeriod, by: dimension }, scoped, at)
    ]);
    return {
      dimension,
      current: now.kind === "metric" ? now.breakdown?.rows ?? [] : [],
      previous: before.kind === "metric" ? before.breakdown?.rows ?? [] : []
    };
  }));
  const segment = pickSegment(breakdowns, report.metric.unit === "count", bad);
  if (!segment)
    return null;
  const minItemN = Math.max(3, Math.ceil(rule.minN / 10));
  const worst = (rows, skip) => rows.filter((r) => r.result !== null && r.result.n >= minItemN && r.key !== skip).sort((a, b) => (bad === "up" ? b.result.value - a.result.value : a.result.value - b.result.value) || b.result.n - a.result.n).slice(0, 3).map((r) => ({ key: r.key, result: r.result }));
  let items = null;
  const other = ITEM_DIMENSIONS.find((d) => d !== segment.dimension && dims.includes(d)) ?? dims.find((d) => d !== segment.dimension);
  if (other && segment.key !== null) {
    const within = await runCommand({ ...command, filters: [...command.filters, { field: segment.dimension, values: [segment.key] }], by: other }, scoped, at);
    const rows = within.kind === "metric" ? worst(within.breakdown?.rows ?? []) : [];
    if (rows.length > 0)
      items = { dimension: other, within: true, rows };
  } else if (!other) {
    const same = breakdowns.find((b) => b.dimension === segment.dimension);
    const rows = worst(same?.current ?? [], segment.key);
    if (rows.length > 0)
      items = { dimension: segment.dimension, within: false, rows };
  }
  const { impact: _impact, ...shown } = segment;
  return { segment: shown, items };
}
function pickSegment(breakdowns, isCount, bad) {
  let best = null;
  for (const { dimension, current, previous } of breakdowns) {
    const total = current.reduce((acc, r) => acc + (r.result?.n ?? 0), 0);
    if (total <= 0 || current.filter((r) => r.result).length < 2)
      continue;
    for (const row of current) {
      if (!row.result)
        continue;
      const before = previous.find((p) => p.key === row.key)?.result ?? null;
      const change = before ? row.result.value - before.value : isCount ? row.result.value : null;
      if (change === null)
        continue;
      const share = row.result.n / total * 100;
      const signed = bad === "up" ? change : -change;
      const impact = isCount ? signed : signed * (share / 100);
      if (impact > 0 && (!best || impact > best.impact)) {
        best = { dimension, key: row.key, current: row.result, previous: before, change: before ? change : null, share, impact };
      }
    }
  }
  return best;
}
function alertReport(rule, state, notice, check, evidence, engine, at) {
  const report = check.report;
  const value = report?.result ?? null;
  const previous = report?.comparison.result ?? null;
  const moved = rule.condition.kind === "change" && value && previous ? movedBy(rule.condition, value.value, previous.value) : null;
  const question = report?.command ?? alertQuestion(rule, at, engine.weekStartsOn);
  const look = evidence ? `${question} by ${evidence.segment.dimension}` : question;
  return {
    kind: "alert",
    notice,
    rule: alertRuleView(rule, state, engine.options, at),
    status: state.status,
    checkedAt: at,
    current: report ? report.current : null,
    value,
    comparison: report ? report.comparison : null,
    moved: moved !== null && Number.isFinite(moved) ? moved : null,
    firedAt: state.firedAt,
    breaches: state.breaches,
    evidence,
    command: look,
    ...check.observation.kind === "source_error" && check.observation.source ? { source: check.observation.source } : {}
  };
}

// dist/src/schedule/allowed.js
async function holdIfNotAllowed(scheduled, allowed, store, log) {
  const { destination } = scheduled.item;
  if (await allowed(destination))
    return true;
  const list = destination.platform === "teams" ? "TEAMS_ALLOWED_TENANTS" : "SLACK_ALLOWED_TEAMS";
  const fields = { schedule: scheduled.item.id, platform: destination.platform, workspace: destination.workspace, channel: destination.channel };
  if (scheduled.kind === "digest") {
    await store.saveDigest({ ...scheduled.item, paused: true });
    log.warn(`digest paused: its destination is not in ${list}, so nothing was posted; add the ${destination.platform === "teams" ? "tenant" : "workspace"} to ${list}, then \`digest resume ${scheduled.item.id}\``, fields);
  } else {
    await store.saveAlertRule({ ...scheduled.item, muted: true });
    log.warn(`alert rule muted: its destination is not in ${list}, so nothing was posted; add the ${destination.platform === "teams" ? "tenant" : "workspace"} to ${list}, then \`alert unmute ${scheduled.item.id}\``, fields);
  }
  return false;
}

// dist/src/schedule/scheduler.js
var DEFAULT_OUTBOX_POLICY = {
  maxAttempts: 8,
  baseDelayMs: 3e4,
  maxDelayMs: 30 * 6e4,
  batch: 500,
  channels: 32,
  sendLeaseMs: 15e4,
  postTimeoutMs: 6e4,
  threadWaitMs: 15e3,
  settleMs: 5e3
};
var nodeCronJobs = {
  schedule: (expression, run, opts) => schedule(expression, run, { timezone: opts.timezone, name: opts.name, noOverlap: true })
};
var DEFAULT_CATCH_UP_MS = 6 * 36e5;
var DEFAULT_LEASE_MS = 10 * 6e4;
var Scheduler = class {
  store;
  engine;
  posters;
  clock;
  log;
  owner;
  catchUpMs;
  leaseMs;
  policy;
  sweepMs;
  dispatchMs;
  heartbeatMs;
  processTtlMs;
  cron;
  random;
  concurrency;
  allowed;
  /** Answers shared by the digests of the tick in progress. */
  shared;
  jobs = [];
  timers = [];
  /** The sender of each channel this process is sending to now. */
  senders = /* @__PURE__ */ new Map();
  stopping = false;
  /** When (performance.now()) this process's last heartbeat was written: it is alive until then + processTtlMs. */
  beatAt = 0;
  ticking = Promise.resolve();
  dispatching = Promise.resolve();
  running = false;
  sweeps = /* @__PURE__ */ new Set();
  constructor(opts) {
    this.store = opts.store;
    this.engine = opts.engine;
    this.posters = opts.posters;
    this.clock = opts.clock;
    this.log = opts.log;
    this.owner = opts.owner;
    this.catchUpMs = opts.catchUpMs ?? DEFAULT_CATCH_UP_MS;
    this.leaseMs = opts.leaseMs ?? DEFAULT_LEASE_MS;
    this.policy = { ...DEFAULT_OUTBOX_POLICY, ...opts.outbox };
    this.sweepMs = opts.sweepMs ?? 3e4;
    this.dispatchMs = opts.dispatchMs ?? 5e3;
    this.heartbeatMs = opts.heartbeatMs ?? 5e3;
    this.processTtlMs = opts.processTtlMs ?? 2e4;
    if (!(this.processTtlMs > this.heartbeatMs))
      throw new RangeError(`processTtlMs (${this.processTtlMs}) must be longer than heartbeatMs (${this.heartbeatMs})`);
    if (!(this.policy.sendLeaseMs > 2 * this.policy.postTimeoutMs)) {
      throw new RangeError(`sendLeaseMs (${this.policy.sendLeaseMs}) must be longer than twice postTimeoutMs (${this.policy.postTimeoutMs}), or a slow send could be taken over while it runs`);
    }
    this.cron = opts.cron ?? nodeCronJobs;
    this.random = opts.random ?? Math.random;
    this.concurrency = Math.max(1, opts.concurrency ?? 8);
    this.allowed = opts.allowed;
  }
  // ---- running schedules ---------------------------------------------------------
  /**
   * Does every run due at `now`: first runs abandoned by a dead owner, then
   * each active schedule's latest due instant (see the file comment). Ticks
   * of one scheduler never overlap; replicas are kept apart by the claims.
   */
  tick(now = this.clock.now()) {
    const next = this.ticking.then(() => this.tickNow(now));
    this.ticking = next.catch(() => void 0);
    return next;
  }
  async tickNow(now) {
    const result = { ran: [], resumed: [], skipped: [], failed: [] };
    this.shared = /* @__PURE__ */ new Map();
    await forEachConcurrently(await this.store.abandonedRuns(now), this.concurrency, async (key) => {
      if (this.stopping)
        return;
      if (!await this.store.claimRun(key, this.owner, this.leaseMs, now))
        return;
      this.log.warn("taking over a run abandoned by a stopped process", { schedule: key.scheduleId, scheduledAt: key.scheduledAt.toISOString() });
      result.resumed.push(key);
      await this.execute(key, now, result);
    });
    await forEachConcurrently(await this.active(), this.concurrency, async (scheduled) => {
      if (!this.stopping)
        await this.runDue(scheduled, now, result);
    });
    this.shared = void 0;
    return result;
  }
  async active() {
    const [digests, rules] = await Promise.all([this.store.listDigests(), this.store.listAlertRules()]);
    return [
      ...digests.filter((d) => !d.paused).map((item) => ({ kind: "digest", item })),
      ...rules.filter((r) => !r.muted).map((item) => ({ kind: "alert", item }))
    ];
  }
  async runDue(scheduled, now, result) {
    const { id: id3, schedule: schedule2, createdAt } = scheduled.item;
    const latest = latestRunAt(schedule2, now);
    if (!latest)
      return;
    const last = await this.store.lastRun(id3);
    const floor = last ?? createdAt;
    if (latest.getTime() <= floor.getTime())
      return;
    const key = { scheduleId: id3, scheduledAt: latest };
    const ago = now.getTime() - latest.getTime();
    if (ago > this.catchUpMs) {
      if (!await this.store.claimRun(key, this.owner, this.leaseMs, now))
        return;
      await this.store.finishRun(key, this.owner, "skipped", now);
      this.log.warn(`skipped a missed ${scheduled.kind} run: it was due ${hours(ago)} ago, beyond the ${hours(this.catchUpMs)} catch-up window`, {
        schedule: id3,
        scheduledAt: latest.toISOString(),
        missed: missedCount(schedule2, floor, latest) + 1
      });
      result.skipped.push(key);
      return;
    }
    if (!await this.store.claimRun(key, this.owner, this.leaseMs, now))
      return;
    const earlier = missedCount(schedule2, floor, latest);
    if (earlier > 0) {
      this.log.warn(`catching up a missed ${scheduled.kind} run once; ${earlier} earlier missed run${earlier === 1 ? "" : "s"} skipped`, {
        schedule: id3,
        scheduledAt: latest.toISOString(),
        since: floor.toISOString()
      });
    } else if (ago > 6e4) {
      this.log.info(`catching up a missed ${scheduled.kind} run`, { schedule: id3, scheduledAt: latest.toISOString() });
    }
    await this.execute(key, now, result);
  }
  /** Does one claimed run and finishes it: done, skipped (gone, paused, muted, stale) or failed (logged). */
  async execute(key, now, result) {
    try {
      const digest = await this.store.getDigest(key.scheduleId);
      let status = "skipped";
      if (digest) {
        if (!digest.paused && await this.mayPost({ kind: "digest", item: digest }))
          status = await this.runDigest(digest, key, now);
      } else {
        const rule = await this.store.getAlertRule(key.scheduleId);
        if (rule && !rule.muted && await this.mayPost({ kind: "alert", item: rule }))
          status = await this.runAlert(rule, key, now);
      }
      await this.store.finishRun(key, this.owner, status, now);
      if (status === "done")
        result.ran.push(key);
    } catch (error) {
      result.failed.push(key);
      this.log.error("scheduled run failed", { schedule: key.scheduleId, scheduledAt: key.scheduledAt.toISOString(), error });
      await this.store.finishRun(key, this.owner, "failed", now).catch((e) => this.log.error("could not record a failed run", { error: e }));
    }
  }
  /** The destination is still allowed; if not, the digest is paused or the rule muted (allowed.ts). */
  mayPost(scheduled) {
    return this.allowed ? holdIfNotAllowed(scheduled, this.allowed, this.store, this.log) : Promise.resolve(true);
  }
  async runDigest(digest, key, now) {
    const report = await buildDigest(digest, this.engine, key.scheduledAt, this.shared);
    await this.enqueue(outboxId(key, "post"), key, digest.destination, { kind: "digest", report }, now);
    return "done";
  }
  async runAlert(rule, key, now) {
    const at = key.scheduledAt;
    const prev = await this.store.getAlertState(rule.id);
    if (prev?.lastCheckedAt && prev.lastCheckedAt.getTime() > at.getTime())
      return "skipped";
    if (prev?.lastCheckedAt && prev.lastCheckedAt.getTime() === at.getTime())
      return "done";
    const check = await checkAlert(rule, this.engine, at);
    const { state, notify } = nextAlertState(rule, prev, check.observation, at);
    const parentId = state.firedAt ? episodeFirstId(rule.id, state.firedAt) : null;
    if (parentId && !state.thread)
      state.thread = (await this.store.getOutbox(parentId))?.delivered ?? null;
    if (notify) {
      const evidence = (notify === "firing" || notify === "repeat") && check.command && check.report ? await findEvidence(rule, check.command, check.report, this.engine, at).catch((error) => {
        this.log.warn("alert evidence unavailable", { rule: rule.id, error });
        return null;
      }) : null;
      const report = alertReport(rule, state, notify, check, evidence, this.engine, at);
      const episode = state.firedAt;
      const inThread = episode !== null && notify !== "firing" && state.notifiedAt !== null && state.notifiedAt.getTime() >= episode.getTime();
      const base = { kind: "alert", report, ruleId: rule.id, episode };
      if (notify === "firing" && parentId) {
        await this.enqueue(parentId, key, rule.destination, { ...base, role: "message", startsThread: true, parentEntry: null }, now);
      } else if (inThread && parentId) {
        const thread = state.thread;
        const parentEntry = thread ? null : parentId;
        await this.enqueue(outboxId(key, "reply"), key, rule.destination, { ...base, role: "message", startsThread: false, parentEntry }, now, { threadOf: thread });
        await this.enqueue(outboxId(key, "edit"), key, rule.destination, { ...base, role: "edit", startsThread: false, parentEntry }, now, { replaceOf: thread });
      } else {
        await this.enqueue(outboxId(key, "post"), key, rule.destination, { ...base, episode: null, role: "message", startsThread: false, parentEntry: null }, now);
      }
    }
    await this.store.saveAlertState(state);
    return "done";
  }
  async enqueue(id3, run, destination, payload, now, refs = {}) {
    await this.store.enqueue({
      id: id3,
      run,
      destination,
      payload,
      replaceOf: refs.replaceOf ?? null,
      threadOf: refs.threadOf ?? null,
      nextAttemptAt: now
    });
  }
  // ---- delivering --------------------------------------------------------------------
  /**
   * Sends what is due in the outbox and resolves when those sends are done.
   * Each post is claimed on its own, only while it is sent (see the file
   * comment); a channel's posts go one after another, in the order enqueued,
   * and channels go side by side (up to `policy.channels`). A channel this
   * process is already sending to is left to that sender.
   */
  async dispatchOutbox(now = this.clock.now()) {
    const { senders, result } = await this.launch(now);
    await Promise.all(senders);
    return result;
  }
  /** Starts the senders of what is due at `now` (launches of one scheduler never overlap); does not wait for them. */
  launch(now) {
    const result = { delivered: [], retrying: [], dead: [], waiting: [] };
    const launched = this.dispatching.then(async () => ({ senders: await this.launchSenders(now, result), result }));
    this.dispatching = launched.catch(() => void 0);
    return launched;
  }
  /** Picks the due posts and starts a sender per channel not already being sent to. */
  async launchSenders(now, result) {
    if (this.stopping)
      return [];
    const channels = /* @__PURE__ */ new Map();
    for (const entry of await this.store.dueOutbox(now, this.policy.batch)) {
      const { platform, workspace, channel } = entry.destination;
      const key = JSON.stringify([platform, workspace, channel]);
      channels.set(key, [...channels.get(key) ?? [], entry]);
    }
    const senders = [];
    for (const [key, entries] of channels) {
      if (this.senders.has(key))
        continue;
      if (this.senders.size >= this.policy.channels)
        break;
      const sender = this.sendInOrder(entries, now, result).finally(() => this.senders.delete(key));
      this.senders.set(key, sender);
      senders.push(sender);
    }
    return senders;
  }
  async sendInOrder(entries, now, result) {
    for (const due of entries) {
      if (this.stopping)
        return;
      try {
        const at = laterOf(now, this.clock.now());
        const claimed = await this.store.claimOutbox(due.id, this.owner, at, this.policy.sendLeaseMs);
        if (claimed)
          await this.deliver(claimed, at, result);
      } catch (error) {
        this.log.error("could not send an outbox entry", { outbox: due.id, error });
      }
    }
  }
  async deliver({ entry, inDoubt, firstSentAt }, now, result) {
    let payload;
    try {
      payload = readPayload(entry.payload);
    } catch (error) {
      await this.giveUp(entry, `unreadable payload: ${message(error)}`, now, result);
      return;
    }
    const poster = this.posters[entry.destination.platform];
    if (!poster) {
      await this.failed(entry, `no poster for ${entry.destination.platform}`, now, result, false);
      return;
    }
    let threadOf = entry.threadOf;
    let replaceOf = entry.replaceOf;
    const role = payload.kind === "alert" ? payload.role : "message";
    if (payload.kind === "alert" && payload.parentEntry && !threadOf && !replaceOf) {
      const parent = await this.store.getOutbox(payload.parentEntry);
      if (parent?.status === "delivered" && parent.delivered) {
        if (role === "edit")
          replaceOf = parent.delivered;
        else
          threadOf = parent.delivered;
      } else if (parent && (parent.status === "pending" || parent.status === "sending")) {
        await this.store.markFailed(entry.id, "waiting for the thread's first message", new Date(now.getTime() + this.policy.threadWaitMs), false);
        result.waiting.push(entry.id);
        return;
      } else if (role === "edit") {
        await this.giveUp(entry, "the message to edit was never delivered", now, result);
        return;
      }
    }
    if (threadOf && threadOf.id === "")
      threadOf = null;
    if (role === "edit" && (!replaceOf || replaceOf.id === "")) {
      await this.giveUp(entry, replaceOf ? "the message to edit cannot be edited: the platform gave no id for it" : "an edit with no message to edit", now, result);
      return;
    }
    if (role === "message" && inDoubt && await this.foundDelivered(poster, entry, firstSentAt, threadOf, payload, now, result))
      return;
    const at = laterOf(now, this.clock.now());
    if (!await this.store.holdOutbox(entry.id, this.owner, at, this.policy.sendLeaseMs)) {
      this.log.warn("lost the claim on a post before sending it; its new sender has it", { outbox: entry.id, channel: entry.destination.channel });
      return;
    }
    if (this.heartbeatLapsing()) {
      this.log.warn("this process's heartbeat is lapsing; leaving the post to another replica", { outbox: entry.id, channel: entry.destination.channel });
      return;
    }
    const report = payload.report;
    try {
      let ref;
      if (role === "edit") {
        await this.settled(poster.update(replaceOf, report, { key: entry.id }), entry);
        ref = replaceOf;
      } else {
        ref = await this.settled(poster.post(entry.destination, report, { ...threadOf ? { threadOf } : {}, key: entry.id }), entry);
      }
      await this.store.markDelivered(entry.id, ref, now);
      result.delivered.push(entry.id);
      if (payload.kind === "alert" && payload.startsThread && payload.episode)
        await this.rememberThread(payload.ruleId, payload.episode, ref);
    } catch (error) {
      const doubt = role === "message" && !(poster.refused?.(error) ?? false);
      await this.failed(entry, message(error), now, result, doubt);
    }
  }
  /**
   * A post sent before whose outcome was not recorded (its sender died, or the
   * send failed without a clear refusal): looked for on the platform first.
   * True when this attempt is over: it was there (now recorded as delivered),
   * or the look failed for now (retried later). False: send it.
   */
  async foundDelivered(poster, entry, firstSentAt, threadOf, payload, now, result) {
    const where = { outbox: entry.id, platform: entry.destination.platform, channel: entry.destination.channel };
    if (!poster.findPosted) {
      this.log.warn("sending again a post whose earlier send has no recorded outcome; this platform offers no way to check, so a duplicate is possible", where);
      return false;
    }
    const since = new Date(firstSentAt.getTime() - 5 * 6e4);
    const findPosted = poster.findPosted.bind(poster);
    const look = () => this.withTimeout(findPosted(entry.destination, entry.id, { since, ...threadOf ? { threadOf } : {} }));
    let found;
    try {
      found = await look();
      if (found === null) {
        await new Promise((resolve) => setTimeout(resolve, this.policy.settleMs));
        found = await look();
      }
    } catch (error) {
      await this.failed(entry, `could not check whether an earlier send arrived: ${message(error)}`, now, result, true);
      return true;
    }
    if (found === null) {
      this.log.info("an earlier send of this post did not arrive; sending it again", where);
      return false;
    }
    if ("cannotCheck" in found) {
      this.log.warn("cannot check whether an earlier send of this post arrived; sending again, so a duplicate is possible", { ...where, reason: found.cannotCheck });
      return false;
    }
    await this.store.markDelivered(entry.id, found, now);
    result.delivered.push(entry.id);
    this.log.info("found an earlier send of this post already delivered; not sending it again", where);
    if (payload.kind === "alert" && payload.startsThread && payload.episode)
      await this.rememberThread(payload.ruleId, payload.episode, found);
    return true;
  }
  /** The first message of an episode is its thread: later messages reply to it and edit it. */
  async rememberThread(ruleId, episode, ref) {
    try {
      const state = await this.store.getAlertState(ruleId);
      if (state && !state.thread && state.firedAt?.getTime() === episode.getTime())
        await this.store.saveAlertState({ ...state, thread: ref });
    } catch (error) {
      this.log.warn("could not save an alert's thread", { rule: ruleId, error });
    }
  }
  async failed(entry, error, now, result, inDoubt) {
    if (entry.attempts >= this.policy.maxAttempts) {
      await this.giveUp(entry, error, now, result);
      return;
    }
    const delay = backoffMs(entry.attempts, this.policy, this.random);
    const at = new Date(now.getTime() + delay);
    await this.store.markFailed(entry.id, error, at, false, { inDoubt });
    this.log.warn("post failed; will retry", { outbox: entry.id, platform: entry.destination.platform, channel: entry.destination.channel, attempts: entry.attempts, retryAt: at.toISOString(), error });
    result.retrying.push(entry.id);
  }
  async giveUp(entry, error, now, result) {
    await this.store.markFailed(entry.id, error, now, true);
    this.log.error("post given up: it will not be delivered", {
      outbox: entry.id,
      platform: entry.destination.platform,
      workspace: entry.destination.workspace,
      channel: entry.destination.channel,
      attempts: entry.attempts,
      error
    });
    result.dead.push(entry.id);
  }
  /**
   * A send's outcome. Past `postTimeoutMs` the claim is still held (the lease
   * covers twice that), and the send gets as long again to settle: a slow
   * answer that comes is still recorded, and a retry never races a send that
   * may yet land. Still nothing then: a failure, in doubt.
   */
  async settled(send, entry) {
    try {
      return await this.withTimeout(send);
    } catch (error) {
      if (!(error instanceof PostTimeout))
        throw error;
      this.log.warn("a post is slow; waiting for its answer before anything else is tried", { outbox: entry.id, channel: entry.destination.channel, waitedMs: this.policy.postTimeoutMs });
      return await this.withTimeout(send);
    }
  }
  withTimeout(promise) {
    let timer;
    const timeout = new Promise((_, reject) => {
      timer = setTimeout(() => reject(new PostTimeout(this.policy.postTimeoutMs)), this.policy.postTimeoutMs);
      timer.unref?.();
    });
    return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
  }
  // ---- wiring ----------------------------------------------------------------------------
  /**
   * Starts the heartbeat (this process's claims are its own while it beats),
   * one node-cron job per active schedule in its zone, a sweep every
   * `sweepMs` (catch-up tick + dispatch, which also covers schedules added on
   * another replica), and a quick look every `dispatchMs` for due posts and
   * for runs and posts a stopped process left; runs a sweep now.
   */
  async start() {
    if (this.running)
      return;
    this.running = true;
    this.stopping = false;
    await this.beat();
    this.timers.push(setInterval(() => void this.beat(), this.heartbeatMs));
    await this.reload();
    this.timers.push(setInterval(() => void this.sweep(), this.sweepMs));
    this.timers.push(setInterval(() => void this.recover(), this.dispatchMs));
    for (const timer of this.timers)
      timer.unref?.();
    await this.sweep();
  }
  /** Re-reads the schedules and re-creates the cron jobs (after a digest or rule changed). */
  async reload() {
    this.stopJobs();
    if (!this.running)
      return;
    for (const { kind, item } of await this.active()) {
      try {
        this.jobs.push(this.cron.schedule(item.schedule.cron, () => void this.sweep(), { timezone: item.schedule.timeZone, name: `${kind}:${item.id}` }));
      } catch (error) {
        this.log.warn("could not start a cron job; the periodic sweep will run it", { schedule: item.id, cron: item.schedule.cron, error });
      }
    }
  }
  /**
   * Stops: no new run or send starts; the ones in progress get up to
   * `graceMs` to finish; then this process's claims are handed over at once
   * (a send still in flight then is checked for by whoever takes it).
   */
  async stop(graceMs = 7e3) {
    const started = this.running;
    this.running = false;
    this.stopping = true;
    this.stopJobs();
    for (const timer2 of this.timers)
      clearInterval(timer2);
    this.timers = [];
    const inProgress = Promise.all([...this.sweeps, this.ticking, this.dispatching, ...this.senders.values()]);
    let timer;
    const late = await Promise.race([
      inProgress.then(() => false),
      new Promise((resolve) => {
        timer = setTimeout(() => resolve(true), graceMs);
        timer.unref?.();
      })
    ]);
    clearTimeout(timer);
    if (late)
      this.log.warn("stopping with work still in progress; another replica or the next start takes it over", { sending: this.senders.size });
    if (started)
      await this.store.releaseOwner(this.owner, this.clock.now()).catch((error) => this.log.warn("could not hand this process's claims over", { error }));
  }
  /** One tick and one dispatch at the clock's now; failures are logged, never thrown. */
  sweep() {
    return this.track(async () => {
      await this.tick(this.clock.now());
      await this.dispatchOutbox(this.clock.now());
    });
  }
  /**
   * Starts sending what is due now (a post just written to the outbox, such
   * as `digest send`), without waiting for the next look; failures are
   * logged. The outbox's claims keep each post single, whoever sends it.
   */
  deliverSoon() {
    if (!this.running || this.stopping)
      return;
    void this.track(async () => {
      await this.launch(this.clock.now());
    });
  }
  /**
   * Between sweeps: runs left by a stopped process are re-done, and due posts
   * start going out, without waiting for sends already in progress.
   */
  recover() {
    return this.track(async () => {
      const now = this.clock.now();
      if ((await this.store.abandonedRuns(now)).length > 0)
        await this.tick(now);
      await this.launch(this.clock.now());
    });
  }
  track(work) {
    const done = (async () => {
      try {
        await work();
      } catch (error) {
        this.log.error("scheduler sweep failed", { error });
      }
    })();
    this.sweeps.add(done);
    void done.finally(() => this.sweeps.delete(done));
    return done;
  }
  /**
   * True while started, when this process's last heartbeat is in the last
   * quarter of its life or over (measured on this process's own monotonic
   * clock: a stall shows, whatever the scheduler's clock says).
   */
  heartbeatLapsing() {
    if (!this.running)
      return false;
    return performance.now() > this.beatAt + this.processTtlMs * 3 / 4;
  }
  async beat() {
    try {
      const started = performance.now();
      await this.store.heartbeat(this.owner, this.clock.now(), this.processTtlMs);
      this.beatAt = started;
    } catch (error) {
      this.log.warn("could not renew this process's heartbeat", { error });
    }
  }
  stopJobs() {
    for (const job of this.jobs) {
      if (job.destroy)
        void job.destroy();
      else
        void job.stop();
    }
    this.jobs = [];
  }
};
function processOwner() {
  return `${hostname()}:${process.pid}:${randomBytes2(4).toString("hex")}`;
}
function episodeFirstId(ruleId, firedAt) {
  return `${ruleId}@${firedAt.toISOString()}/first`;
}
function missedCount(schedule2, after, before) {
  return runsBetween(schedule2, after, new Date(before.getTime() - 1)).length;
}
function hours(ms) {
  const h = ms / 36e5;
  return h >= 48 ? `${Math.round(h / 24)} days` : h >= 1 ? `${Math.round(h * 10) / 10} h` : `${Math.round(ms / 6e4)} min`;
}
var PostTimeout = class extends Error {
  constructor(ms) {
    super(`the platform did not answer within ${ms} ms`);
  }
};
function laterOf(a, b) {
  return a.getTime() >= b.getTime() ? a : b;
}
function message(error) {
  return error instanceof Error ? error.message : String(error);
}

// dist/src/main.js
async function main() {
  let config;
  try {
    loadDotEnv();
    config = loadConfig();
  } catch (e) {
    if (!isUserError(e))
      throw e;
    printUserError(e);
    return 2;
  }
  const log = createLogger(config.logLevel);
  installProcessGuards(log);
  let store;
  try {
    store = await openStore({
      ...config.databaseUrl ? { databaseUrl: config.databaseUrl } : {},
      ...config.encryptionKey ? { encryptionKey: config.encryptionKey } : {},
      dataDir: config.dataDir,
      log
    });
  } catch (e) {
    if (!isUserError(e))
      throw e;
    printUserError(e);
    return 2;
  }
  let base;
  try {
    base = await createEngine(config, { clock: systemClock, log, grants: store });
  } catch (e) {
    await store.close();
    if (!isUserError(e))
      throw e;
    printUserError(e);
    return 2;
  }
  let scheduler;
  const engine = { ...base, store, admins: config.admins, onScheduleChange: () => scheduler?.reload(), onOutbox: () => scheduler?.deliverSoon() };
  const startScheduler = async (posters, allowed) => {
    scheduler = new Scheduler({ store, engine, posters, clock: systemClock, log, owner: processOwner(), ...allowed ? { allowed } : {} });
    await scheduler.start();
    return scheduler;
  };
  base.sync?.start();
  const stopAll = async () => {
    await base.sync?.stop();
    await scheduler?.stop(SCHEDULER_GRACE_MS);
    await store.close();
    await engine.connector.close?.();
  };
  if (process.argv.slice(2).includes("serve") || config.slack || config.teams || config.teamsAuthOff)
    return serveUntilStopped(config, engine, store, log, startScheduler, stopAll);
  await startScheduler({ console: new ConsolePoster(process.stdout) });
  await runConsole(engine, process.stdin, process.stdout);
  await stopAll();
  return 0;
}
async function serveUntilStopped(config, engine, store, log, startScheduler, stopAll) {
  let server;
  try {
    server = await serve(config, { engine, store, log });
  } catch (e) {
    await stopAll();
    if (!isUserError(e))
      throw e;
    printUserError(e);
    return 2;
  }
  const stopSignal = new Promise((resolve) => {
    process.once("SIGINT", () => resolve("SIGINT"));
    process.once("SIGTERM", () => resolve("SIGTERM"));
  });
  void startScheduler({ ...server.teams ? { teams: server.teams.poster } : {}, ...server.slack ? { slack: server.slack.poster } : {} }, server.allowed).catch((error) => log.error("the scheduler could not start; digests and alerts are not being sent", { error }));
  const signal = await stopSignal;
  log.info("stopping", { signal });
  setTimeout(() => {
    log.error(`did not stop within ${STOP_DEADLINE_MS / 1e3} s; exiting anyway`);
    process.exit(1);
  }, STOP_DEADLINE_MS).unref();
  await server.close();
  await stopAll();
  log.info("stopped", { signal });
  exitNow = true;
  return 0;
}
var exitNow = false;
var STOP_DEADLINE_MS = 9500;
var SCHEDULER_GRACE_MS = 6e3;
function printUserError(e) {
  process.stderr.write(`${redactSecrets(e.message)}
${redactSecrets(e.hint ?? "")}
`);
}
main().then((code) => {
  process.exitCode = code;
  if (exitNow)
    process.exit(code);
});

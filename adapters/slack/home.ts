/**
 * The App Home tab: what the bot can answer (examples to copy), and the
 * digests and alerts this workspace has, read from the Store. Published with
 * `views.publish` each time someone opens the tab.
 */
import type { AllMiddlewareArgs, App, types } from "@slack/bolt";
import { formatInstant, shorten } from "../../src/render/format.ts";
import { escapeMrkdwn } from "../../src/render/slack.ts";
import { nextRunAt } from "../../src/schedule/cron.ts";
import type { AlertCondition, AlertRule, Digest } from "../../src/store/store.ts";
import { guarded, isWorkspaceAdmin, type ListenerDeps, type SlackPerson } from "./listeners.ts";

type WebClient = AllMiddlewareArgs["client"];
type KnownBlock = types.KnownBlock;
type HomeView = types.HomeView;

export const HOME_EXAMPLES = [
  ["/csat last-week", "CSAT for last week, its change, interval and trend"],
  ["/metrics frt this-month by agent", "first response time so far this month, agents ranked"],
  ["/nps 2026-Q3 vs last-year", "NPS for a quarter against the same quarter a year before"],
  ["/metrics csat last-30-days where channel=email", "only the answers that came by e-mail"],
  ["/churn last-month", "churn rate (aliases work too)"],
  ["/metrics define ces", "how a metric is computed, and how fresh its data is"],
  ["/metrics", "every metric and period"],
] as const;

/** Rows listed per section before "and N more" (a view holds at most 100 blocks). */
const LISTED = 20;
const SECTION_TEXT = 3000;

export interface HomeData {
  digests: Digest[];
  alerts: AlertRule[];
  /** The viewer may add, change or remove digests and alerts. */
  canManage: boolean;
  now: Date;
}

/** The Home tab for one person. Pure: the same data gives the same view. */
export function homeView(data: HomeData): HomeView {
  const blocks: KnownBlock[] = [
    { type: "header", text: { type: "plain_text", text: "Customer-service metrics", emoji: true } },
    {
      type: "section",
      text: {
        type: "mrkdwn",
        text: `Ask for a metric and a period in any channel or DM — only you see the answer until you press *Share in channel*.\n${escapeMrkdwn("`<metric> [period] [by <dimension>] [vs previous|last-year] [where <field>=<value>]`")}`,
      },
    },
    {
      type: "section",
      text: { type: "mrkdwn", text: HOME_EXAMPLES.map(([command, what]) => `• \`${escapeMrkdwn(command)}\` — ${escapeMrkdwn(what)}`).join("\n") },
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
          text: data.canManage
            ? escapeMrkdwn("You can manage these: `/metrics digest add weekly mon 09:00 period last-week`, `/metrics alert add churn_rate > 5% over last-30-days check daily 09:00`, `/metrics digest list`.")
            : "Workspace admins (and the people in the bot's admin list) add and change digests and alerts; ask one of them.",
        },
      ],
    },
  ];
  return { type: "home", blocks };
}

function listSection(lines: string[], empty: string): KnownBlock {
  if (lines.length === 0) return { type: "section", text: { type: "mrkdwn", text: `_${empty}_` } };
  const shown: string[] = [];
  for (const line of lines.slice(0, LISTED)) {
    if ([...shown, line].join("\n").length + 20 > SECTION_TEXT) break;
    shown.push(line);
  }
  const more = lines.length - shown.length;
  return { type: "section", text: { type: "mrkdwn", text: `${shown.join("\n")}${more > 0 ? `\n…and ${more} more` : ""}` } };
}

function digestLine(d: Digest, now: Date): string {
  const next = d.paused ? null : nextRunAt(d.schedule, now);
  const when = next ? `next ${formatInstant(next, d.schedule.timeZone)} ${d.schedule.timeZone}` : d.paused ? "*paused*" : "no further runs";
  return `• \`${d.id}\` ${escapeMrkdwn(d.metrics.join(", "))} for ${escapeMrkdwn(d.period)} in <#${d.destination.channel}> — \`${escapeMrkdwn(d.schedule.cron)}\`, ${when}`;
}

function alertLine(a: AlertRule): string {
  const filters = a.filters ? ` where ${shorten(a.filters, 120)}` : "";
  const muted = a.muted ? " — *muted*" : "";
  return `• \`${a.id}\` ${escapeMrkdwn(`${a.metric} ${conditionText(a.condition)} over ${a.period}${filters}`)} in <#${a.destination.channel}>${muted}`;
}

/** "> 5", "drops 5 pts vs previous". */
export function conditionText(c: AlertCondition): string {
  if (c.kind === "threshold") return `${c.op} ${c.value}`;
  const unit = c.unit === "abs" ? "" : ` ${c.unit}`;
  return `${c.direction} ${c.by}${unit} vs ${c.vs}`;
}

/** Workspace admins and owners, and the ids in BOT_ADMINS, may manage digests and alerts. */
export async function canManageSchedules(client: WebClient, who: SlackPerson, deps: Pick<ListenerDeps, "admins" | "log" | "adminCache">): Promise<boolean> {
  return deps.admins.includes(who.userId) || (await isWorkspaceAdmin(client, who, deps));
}

export function registerHome(app: App, deps: ListenerDeps): void {
  app.event("app_home_opened", async ({ event, client, context }) => {
    if (event.tab !== "home") return;
    await guarded(deps, undefined, "app_home_opened", async () => {
      const workspace = context.teamId ?? context.enterpriseId ?? "";
      const [digests, alerts, canManage] = await Promise.all([
        deps.store.listDigests({ workspace }),
        deps.store.listAlertRules({ workspace }),
        canManageSchedules(client, { userId: event.user, teamId: workspace }, deps),
      ]);
      const onSlack = <T extends { destination: { platform: string } }>(items: T[]) => items.filter((i) => i.destination.platform === "slack");
      const view = homeView({ digests: onSlack(digests), alerts: onSlack(alerts), canManage, now: deps.engine.clock.now() });
      await client.views.publish({ user_id: event.user, view });
    });
  });
}

/**
 * Which Microsoft 365 tenants reach the bot's data (TEAMS_ALLOWED_TENANTS,
 * by default MICROSOFT_APP_TENANT_ID).
 *
 * A MultiTenant Azure Bot is reachable from any organisation that uploads
 * its app package, so every activity is checked before the handler sees it:
 * from a tenant not on the list, a message (or a bot-added greeting) gets a
 * refusal card, a card button's invoke gets the refusal card as its response,
 * anything else is dropped; nothing is answered from the data and no
 * conversation reference is kept (so no digest or alert can be set up there).
 * Each refusal is logged with the tenant id to add.
 *
 * The tenant comes from `conversation.tenantId` and `channelData.tenant.id`;
 * when both are present they must agree, and an activity with neither is not
 * from an allowed tenant.
 *
 * With authentication off (no MICROSOFT_APP_ID: the Bot Framework Emulator,
 * tests) and no list, every tenant is answered — that mode takes requests from
 * this machine only (route.ts). A list set with authentication off is enforced.
 */
import { ActivityTypes, type Activity, type TurnContext } from "botbuilder";
import type { Logger } from "../../src/log.ts";
import { ADAPTIVE_CARD, cardMessage, conversationRoot } from "./activities.ts";
import { renderTeams } from "../../src/render/teams.ts";
import type { ErrorReport } from "../../src/report.ts";

/** The tenants served (lower-case GUIDs), or every tenant (authentication off, no list). */
export type TenantAllowList = { any: true } | { any: false; tenants: ReadonlySet<string> };

export function tenantAllowList(tenants: readonly string[] | undefined): TenantAllowList {
  return tenants ? { any: false, tenants: new Set(tenants.map((t) => t.toLowerCase())) } : { any: true };
}

/** Whether a tenant id is served. */
export function isAllowedTenant(list: TenantAllowList, tenant: string | undefined): boolean {
  if (list.any) return true;
  return Boolean(tenant) && list.tenants.has(tenant!.toLowerCase());
}

/** The tenant an activity claims, from both places Teams puts it; null when they disagree. */
export function claimedTenant(activity: Partial<Activity>): string | undefined | null {
  const channelData = activity.channelData as { tenant?: { id?: unknown } } | undefined;
  const ids = [activity.conversation?.tenantId, typeof channelData?.tenant?.id === "string" ? channelData.tenant.id : undefined]
    .filter((id): id is string => typeof id === "string" && id !== "")
    .map((id) => id.toLowerCase());
  if (ids.length === 0) return undefined;
  return ids.every((id) => id === ids[0]) ? ids[0] : null;
}

/** What a person in a tenant not on the list reads. */
export function refusalReport(tenant: string | undefined | null): ErrorReport {
  const id = tenant ?? "unknown";
  return {
    kind: "error",
    cause: "user",
    message: `Sorry — this metrics bot serves one organisation's data, and your organisation (tenant ${id}) is not among those it answers.`,
    hint: `If it should be, ask the bot's administrator to add ${id} to TEAMS_ALLOWED_TENANTS.`,
  };
}

/**
 * Wraps the handler's `run`: activities from an allowed tenant go on to it,
 * any other is refused as the file comment says.
 */
export function tenantGate(list: TenantAllowList, handler: { run(context: TurnContext): Promise<void> }, log: Logger): { run(context: TurnContext): Promise<void> } {
  return {
    run: async (context) => {
      const { activity } = context;
      const tenant = claimedTenant(activity);
      if (list.any || (tenant && isAllowedTenant(list, tenant))) return handler.run(context);
      log.warn("teams activity refused: this tenant is not in TEAMS_ALLOWED_TENANTS; to allow it, add its tenant id to TEAMS_ALLOWED_TENANTS", {
        tenant: tenant === null ? "conversation.tenantId and channelData.tenant.id disagree" : (tenant ?? "none"),
        activity: activity.type,
        name: activity.name,
        conversation: conversationRoot(activity.conversation?.id ?? ""),
        user: activity.from?.id,
      });
      const report = refusalReport(tenant);
      if (activity.type === ActivityTypes.Invoke) {
        const card = activity.name === "adaptiveCard/action";
        await context.sendActivity({
          type: ActivityTypes.InvokeResponse,
          value: card ? { status: 200, body: { statusCode: 200, type: ADAPTIVE_CARD, value: { ...renderTeams(report) } } } : { status: 403 },
        });
        return;
      }
      const botAdded = activity.type === ActivityTypes.ConversationUpdate && activity.membersAdded?.some((m) => m.id === activity.recipient?.id);
      if (activity.type === ActivityTypes.Message || botAdded) await context.sendActivity(cardMessage(report));
    },
  };
}

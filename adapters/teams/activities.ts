/**
 * Reading Teams activities and writing the bot's: the command text of a
 * message (the bot's @mention stripped), who asked and where, and a Report as
 * a message with an Adaptive Card. Transport only: every answer comes from
 * the command path and every card from src/render/teams.ts.
 */
import { TurnContext, type Activity, type Attachment } from "botbuilder";
import type { Request } from "../../src/commands/answer.ts";
import { renderTeams, type AdaptiveCard, type TeamsRenderOptions } from "../../src/render/teams.ts";
import { renderText } from "../../src/render/text.ts";
import type { Report } from "../../src/report.ts";
import type { Destination } from "../../src/store/store.ts";

/** The attachment content type (and invoke response type) of an Adaptive Card. */
export const ADAPTIVE_CARD = "application/vnd.microsoft.card.adaptive";

/**
 * The text of a message as a command: the bot's @mention removed
 * (`TurnContext.removeRecipientMention`), any other `<at>…</at>` left over,
 * the little HTML Teams wraps text in, and entities such as `&nbsp;`.
 *
 * @example commandText({ text: "<at>Metrics</at>&nbsp;csat last-week\n", entities: [mention of the bot], recipient }) // "csat last-week"
 */
export function commandText(activity: Partial<Activity>): string {
  if (!activity.text) return "";
  let stripped = activity.text;
  try {
    // removeRecipientMention writes the stripped text back into the activity it is given: give it a copy.
    stripped = TurnContext.removeRecipientMention({ ...activity }) ?? activity.text;
  } catch {
    // A mention entity without `mentioned`, or no recipient: the markup is stripped below all the same.
  }
  return decodeEntities(stripMarkup(stripped)).replace(/\s+/g, " ").trim();
}

/** Tags that only wrap or break text: each becomes a space. */
const WRAPPING_TAGS = new Set(["br", "p", "div", "span"]);

/**
 * `<at>…</at>` (any mention left over) and the tags Teams wraps text in,
 * each replaced by a space; other text (and any other `<…>`) kept. One pass
 * with indexOf, linear in the text whatever it holds (an unclosed `<at>`
 * repeated thousands of times included), where the equivalent lazy regexes
 * backtrack quadratically.
 */
export function stripMarkup(text: string): string {
  const lower = text.toLowerCase();
  let out = "";
  let i = 0;
  // Once a search for `</at>` from some position failed, every later one would fail too.
  let noCloseFrom = Infinity;
  while (i < text.length) {
    const lt = text.indexOf("<", i);
    if (lt < 0) break;
    const gt = text.indexOf(">", lt + 1);
    if (gt < 0) break;
    const name = /^\/?([a-z0-9]+)/.exec(lower.slice(lt + 1, Math.min(gt, lt + 8)))?.[1];
    if (name === "at" && lower[lt + 1] !== "/" && gt < noCloseFrom) {
      const close = lower.indexOf("</at>", gt + 1);
      if (close >= 0) {
        out += `${text.slice(i, lt)} `;
        i = close + 5;
        continue;
      }
      noCloseFrom = gt;
    }
    if (name !== undefined && WRAPPING_TAGS.has(name)) {
      out += `${text.slice(i, lt)} `;
      i = gt + 1;
      continue;
    }
    out += text.slice(i, lt + 1);
    i = lt + 1;
  }
  return out + text.slice(i);
}

const ENTITIES: Record<string, string> = { nbsp: " ", amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", "#39": "'" };

function decodeEntities(text: string): string {
  return text.replace(/&(nbsp|amp|lt|gt|quot|apos|#39);/gi, (whole, name: string) => ENTITIES[name.toLowerCase()] ?? whole);
}

/**
 * A conversation id without the reply chain: a channel message arrives in
 * `19:…@thread.tacv2;messageid=<root>`; the channel itself is the part before `;`.
 * Digests and alerts post to the channel, references are kept per channel.
 */
export function conversationRoot(conversationId: string): string {
  return conversationId.replace(/;messageid=[^;]*$/i, "");
}

/** The conversation id of the reply chain (thread) started by `rootMessageId` in a channel. */
export function threadConversation(conversationId: string, rootMessageId: string): string {
  return `${conversationRoot(conversationId)};messageid=${rootMessageId}`;
}

/** The tenant of an activity (Teams puts it in both places; older payloads only in channelData). */
export function tenantOf(activity: Partial<Activity>): string {
  const channelData = activity.channelData as { tenant?: { id?: unknown } } | undefined;
  const fromChannelData = typeof channelData?.tenant?.id === "string" ? channelData.tenant.id : undefined;
  return activity.conversation?.tenantId ?? fromChannelData ?? "";
}

/** Where a command was typed, as the Store names destinations: the tenant and the conversation (the channel, not the thread). */
export function destinationOf(activity: Partial<Activity>): Destination {
  return { platform: "teams", workspace: tenantOf(activity), channel: conversationRoot(activity.conversation?.id ?? "") };
}

/**
 * Who asked and where. Teams sends no admin flag: BOT_ADMINS (Teams user
 * ids, `29:…`) decides who may manage digests and alerts.
 */
export function requestOf(activity: Partial<Activity>): Request {
  return { requester: { id: activity.from?.id ?? "", isAdmin: false }, destination: destinationOf(activity) };
}

/** One line that stands for the report where the card cannot be shown (notifications, the chat list, old clients). */
export function summaryOf(report: Report, card: AdaptiveCard = renderTeams(report)): string {
  return card.fallbackText ?? renderText(report).split("\n")[0] ?? "";
}

/** The card as a Bot Framework attachment. */
export function cardAttachment(card: AdaptiveCard): Attachment {
  return { contentType: ADAPTIVE_CARD, content: card };
}

/**
 * A report as a Teams message: one activity, its Adaptive Card, with the
 * one-line summary as `summary` (notifications, the chat list). No `text`:
 * Teams would show it as a second line saying what the card says.
 */
export function cardMessage(report: Report, opts: TeamsRenderOptions = {}): Partial<Activity> {
  const card = renderTeams(report, opts);
  return { type: "message", summary: summaryOf(report, card), attachments: [cardAttachment(card)] };
}

/**
 * What the bot does with each kind of Teams activity. Thin: remember where it
 * was spoken to, hand the text to the command path, send back the card.
 *
 * - message: in a personal chat, or in a channel or group chat where the bot
 *   is @mentioned (Teams sends it nothing else there); the mention is
 *   stripped.
 * - invoke `adaptiveCard/action` (a card button, Action.Execute with
 *   `data.command`): verb "rerun" sends the new card back in the invoke
 *   response, and Teams replaces the card in place; "details" posts the answer
 *   as a reply to the card's message; "alert" acknowledges, snoozes or mutes
 *   (with the same permission checks as typing the command) and redraws the
 *   alert's card showing who did it. An Action.Submit click (older clients)
 *   arrives as a message with `value.verb` and `value.command`, and does the
 *   same, updating the card's message with updateActivity.
 * - conversationUpdate with the bot among membersAdded, installationUpdate
 *   "add": the conversation reference is saved (for digests and alerts) and,
 *   when added, the bot introduces itself with the help card.
 */
import {
  TeamsActivityHandler,
  type AdaptiveCardInvokeResponse,
  type AdaptiveCardInvokeValue,
  type Activity,
  TurnContext,
} from "botbuilder";
import { answer, type Engine } from "../../src/commands/answer.ts";
import type { Logger } from "../../src/log.ts";
import { TEAMS_ALERT_VERB, TEAMS_DETAILS_VERB, TEAMS_RERUN_VERB, teamsMarkdown } from "../../src/render/teams.ts";
import type { AlertReport, ManageReport } from "../../src/report.ts";
import { readPayload } from "../../src/schedule/payload.ts";
import { NOT_ADMIN_MESSAGE } from "../../src/schedule/manage.ts";
import { ADAPTIVE_CARD, cardMessage, commandText, conversationRoot, requestOf } from "./activities.ts";

export interface HandlerDeps {
  engine: Engine;
  log: Logger;
  /** Saves the conversation reference of an activity (see references.ts). */
  remember: (activity: Partial<Activity>) => Promise<void>;
}

export class MetricsTeamsHandler extends TeamsActivityHandler {
  constructor(private readonly deps: HandlerDeps) {
    super();
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
      if (activity.action?.startsWith("add")) await this.deps.remember(activity);
      this.deps.log.info(`teams: app ${activity.action ?? "changed"}`, { conversation: conversationRoot(activity.conversation?.id ?? ""), type: activity.conversation?.conversationType });
      await next();
    });
  }

  private async answerMessage(context: TurnContext): Promise<void> {
    const { activity } = context;
    await this.deps.remember(activity);
    const submitted = submittedCommand(activity.value);
    if (submitted !== undefined && !activity.text?.trim()) {
      // An Action.Submit click (older clients): the same as the Action.Execute it stands in for.
      const verb = (activity.value as { verb?: unknown }).verb;
      const outcome = await this.cardAction(context, typeof verb === "string" ? verb : TEAMS_RERUN_VERB, activity.value as Record<string, unknown>);
      if (outcome.kind === "replace" && activity.replyToId) await context.updateActivity({ ...outcome.message, id: activity.replyToId });
      else if (outcome.kind !== "posted") await context.sendActivity(outcome.message);
      return;
    }
    const report = await answer(commandText(activity), this.deps.engine, requestOf(activity));
    if (report.kind === "error" && report.message === NOT_ADMIN_MESSAGE) {
      // Teams user ids (29:…) differ from bot to bot and show nowhere in Teams: the log is where an admin finds one for BOT_ADMINS.
      this.deps.log.info("teams: a digest or alert change was refused; to allow this person, add their id to BOT_ADMINS", { user: activity.from?.id, name: activity.from?.name });
    }
    await context.sendActivity(cardMessage(report));
  }

  protected override async onAdaptiveCardInvoke(context: TurnContext, invokeValue: AdaptiveCardInvokeValue): Promise<AdaptiveCardInvokeResponse> {
    const { verb, data } = invokeValue.action;
    const command = submittedCommand(data);
    if (!CARD_VERBS.has(verb) || command === undefined) {
      return {
        statusCode: 400,
        type: "application/vnd.microsoft.error",
        value: { code: "BadRequest", message: `This card action is not one the bot knows (verb ${JSON.stringify(verb)}); it expects verb ${[...CARD_VERBS].map((v) => JSON.stringify(v)).join(", ")} with data.command.` },
      };
    }
    await this.deps.remember(context.activity);
    const outcome = await this.cardAction(context, verb, data as Record<string, unknown>);
    if (outcome.kind === "replace") return { statusCode: 200, type: ADAPTIVE_CARD, value: { ...(outcome.message.attachments![0]!.content as object) } };
    // The card stays as it is; Teams shows the message under it.
    return { statusCode: 200, type: "application/vnd.microsoft.activity.message", value: outcome.text as unknown as Record<string, unknown> };
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
  private async cardAction(context: TurnContext, verb: string, data: Record<string, unknown>): Promise<CardOutcome> {
    const { activity } = context;
    const command = submittedCommand(data) ?? "";
    const request = requestOf(activity);
    const report = await answer(command, this.deps.engine, request);
    if (verb === TEAMS_DETAILS_VERB) {
      const reply = cardMessage(report);
      // A reply to the digest's message: sendActivity would make it a reply to the click instead.
      const addressed = TurnContext.applyConversationReference({ ...reply }, TurnContext.getConversationReference(activity));
      if (activity.replyToId) addressed.replyToId = activity.replyToId;
      await context.adapter.sendActivities(context, [addressed]);
      return { kind: "posted", text: `Details posted as a reply: ${reply.summary ?? command}` };
    }
    if (verb === TEAMS_ALERT_VERB) {
      if (report.kind === "error") {
        if (report.message === NOT_ADMIN_MESSAGE) this.deps.log.info("teams: an alert button was refused; to allow this person, add their id to BOT_ADMINS", { user: activity.from?.id, name: activity.from?.name });
        const message = cardMessage(report);
        return { kind: "message", message, text: teamsMarkdown([report.message, report.hint].filter(Boolean).join(" ")) };
      }
      const redrawn = report.kind === "manage" ? await this.alertAgain(data["post"], report, request.destination.workspace) : undefined;
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
  private async alertAgain(post: unknown, done: ManageReport, workspace: string): Promise<{ report: AlertReport; post: string } | undefined> {
    const store = this.deps.engine.store;
    const rule = done.items[0];
    if (typeof post !== "string" || !store || !rule || rule.kind !== "alert") return undefined;
    const entry = await store.getOutbox(post);
    if (!entry || entry.destination.workspace !== workspace) return undefined;
    const payload = readPayload(entry.payload);
    if (payload.kind !== "alert" || payload.ruleId !== rule.id) return undefined;
    return { report: { ...payload.report, rule }, post };
  }
}

type CardOutcome =
  | { kind: "replace"; message: Partial<Activity>; text: string }
  | { kind: "message"; message: Partial<Activity>; text: string }
  | { kind: "posted"; text: string };

const CARD_VERBS = new Set([TEAMS_RERUN_VERB, TEAMS_DETAILS_VERB, TEAMS_ALERT_VERB]);

/** `command` of a card button's data (Action.Execute data, or an Action.Submit message's value). */
function submittedCommand(value: unknown): string | undefined {
  if (!value || typeof value !== "object") return undefined;
  const command = (value as { command?: unknown }).command;
  return typeof command === "string" ? command : undefined;
}

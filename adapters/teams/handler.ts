/**
 * What the bot does with each kind of Teams activity. Thin: remember where it
 * was spoken to, hand the text to the command path, send back the card.
 *
 * - message: in a personal chat, or in a channel or group chat where the bot
 *   is @mentioned (Teams sends it nothing else there); the mention is
 *   stripped. An `Action.Submit`-style message (`value.command`, no text)
 *   re-runs the command and updates the card it came from.
 * - invoke `adaptiveCard/action` (a card button, Action.Execute with verb
 *   "rerun" and `data.command`): the new card goes back in the invoke
 *   response, and Teams replaces the card in place.
 * - conversationUpdate with the bot among membersAdded, installationUpdate
 *   "add": the conversation reference is saved (for digests and alerts) and,
 *   when added, the bot introduces itself with the help card.
 */
import {
  TeamsActivityHandler,
  type AdaptiveCardInvokeResponse,
  type AdaptiveCardInvokeValue,
  type Activity,
  type TurnContext,
} from "botbuilder";
import { answer, type Engine } from "../../src/commands/answer.ts";
import type { Logger } from "../../src/log.ts";
import { renderTeams, TEAMS_RERUN_VERB } from "../../src/render/teams.ts";
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
      const message = cardMessage(await answer(submitted, this.deps.engine, requestOf(activity)));
      if (activity.replyToId) await context.updateActivity({ ...message, id: activity.replyToId });
      else await context.sendActivity(message);
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
    if (verb !== TEAMS_RERUN_VERB || command === undefined) {
      return {
        statusCode: 400,
        type: "application/vnd.microsoft.error",
        value: { code: "BadRequest", message: `This card action is not one the bot knows (verb ${JSON.stringify(verb)}); it expects verb "${TEAMS_RERUN_VERB}" with data.command.` },
      };
    }
    await this.deps.remember(context.activity);
    const card = renderTeams(await answer(command, this.deps.engine, requestOf(context.activity)));
    return { statusCode: 200, type: ADAPTIVE_CARD, value: { ...card } };
  }
}

/** `command` of a card button's data (Action.Execute data, or an Action.Submit message's value). */
function submittedCommand(value: unknown): string | undefined {
  if (!value || typeof value !== "object") return undefined;
  const command = (value as { command?: unknown }).command;
  return typeof command === "string" ? command : undefined;
}

/**
 * The buttons under an answer. Each button's value is the command to run;
 * the listener acknowledges, runs it through the command path and posts the
 * result:
 * - "By channel", "By agent", "Vs last year", and the readings offered for an
 *   ambiguous question ("channel=web" / "agent=Web"), replace the asker's ephemeral
 *   answer in place. Clicked on a shared message, they answer the clicker
 *   alone instead, so one person's click does not change what everyone sees.
 * - "Share in channel" posts the report for everyone (chat.postMessage; through
 *   the response_url where the bot is not in the conversation) and removes the
 *   ephemeral copy.
 * - A digest's "Details: <metric>" posts that metric's full answer in the
 *   digest's thread, for everyone (to the clicker alone where the bot may not post).
 * Every message goes out with the blocks its workspace can show (richBlocks.ts).
 */
import type { App, BlockAction, ButtonAction, types } from "@slack/bolt";
import { answer } from "../../src/commands/answer.ts";
import { renderSlack, SLACK_ACTIONS, type RichBlock } from "../../src/render/slack.ts";
import { afterAck, guarded, respondWithReport, slackRequest, type ListenerDeps } from "./listeners.ts";
import { sharedMessage } from "./messages.ts";
import { respondChecked } from "./richBlocks.ts";

/** Buttons that run a changed command in place: the follow-ups, and the readings of an ambiguous question (`choose_reading:0`, `:1`, …). */
const RERUN = new RegExp(`^(${[SLACK_ACTIONS.byChannel, SLACK_ACTIONS.byAgent, SLACK_ACTIONS.vsLastYear, `${SLACK_ACTIONS.chooseReading}:\\d+`].join("|")})$`);

/** Web API errors meaning the bot may not post in this conversation itself. */
const CANNOT_POST = new Set(["not_in_channel", "channel_not_found"]);

export function registerActions(app: App, deps: ListenerDeps): void {
  registerDigestDetails(app, deps);
  app.action<BlockAction<ButtonAction>>({ type: "block_actions", action_id: RERUN }, async ({ ack, action, body, client, respond }) => {
    await ack();
    await afterAck();
    await guarded(deps, respond, action.value ?? "", async () => {
      const report = await answer(action.value ?? "", deps.engine, await slackRequest(client, whoClicked(body), deps));
      const onSharedMessage = body.container["is_ephemeral"] === false;
      await respondWithReport(deps, respond, whoClicked(body).teamId, report, { replace: !onSharedMessage });
    });
  });

  // Alert buttons act on the rule through the command path (`alert ack|snooze|mute <id>`), which
  // checks who may do what; the answer goes to the clicker, and the thread shows the rule's next state.
  const ALERT = new RegExp(`^(${[SLACK_ACTIONS.alertAck, SLACK_ACTIONS.alertSnooze, SLACK_ACTIONS.alertMute].join("|")})$`);
  app.action<BlockAction<ButtonAction>>({ type: "block_actions", action_id: ALERT }, async ({ ack, action, body, client, respond }) => {
    await ack();
    await afterAck();
    await guarded(deps, respond, action.value ?? "", async () => {
      const report = await answer(action.value ?? "", deps.engine, await slackRequest(client, whoClicked(body), deps));
      await respondWithReport(deps, respond, whoClicked(body).teamId, report, { replace: false });
    });
  });

  app.action<BlockAction<ButtonAction>>({ type: "block_actions", action_id: SLACK_ACTIONS.share }, async ({ ack, action, body, client, respond }) => {
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
      const render = (refused: ReadonlySet<RichBlock>) => sharedMessage(report, body.user.id, refused);
      try {
        await deps.blocks.send(who.teamId, render, (message) => client.chat.postMessage({ channel: who.channelId, ...message }));
      } catch (error) {
        if (!CANNOT_POST.has(platformError(error) ?? "")) throw error;
        // A private channel or a DM the bot is not in: the response_url can still post there for everyone.
        await deps.blocks.send(who.teamId, render, (message) => respondChecked(respond, { response_type: "in_channel", replace_original: false, ...message }));
      }
      // Shared: the ephemeral copy goes. If that fails (an expired response_url), the share still stands.
      await respond({ delete_original: true }).catch((error: unknown) => deps.log.warn("could not remove the ephemeral copy of a shared answer", { error }));
    });
  });
}

/** A digest's Details buttons: `digest_details:0`, `digest_details:1`, … (action ids are unique within a message). */
const DETAILS = new RegExp(`^${SLACK_ACTIONS.digestDetails}:\\d+$`);

/**
 * "Details: <metric>" under a digest: the metric's command (the button's
 * value) runs through the command path as the clicker, and its full answer
 * is posted in the digest's thread for everyone. A mistake, or a
 * conversation the bot may not post in, answers the clicker alone.
 */
export function registerDigestDetails(app: App, deps: ListenerDeps): void {
  app.action<BlockAction<ButtonAction>>({ type: "block_actions", action_id: DETAILS }, async ({ ack, action, body, client, respond }) => {
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
        await deps.blocks.send(
          who.teamId,
          (refused) => renderSlack(report, { shared: true, refused }),
          ({ text, blocks }) => client.chat.postMessage({ channel: who.channelId, thread_ts: digest, text, blocks: blocks as types.KnownBlock[], unfurl_links: false }),
        );
      } catch (error) {
        if (!CANNOT_POST.has(platformError(error) ?? "")) throw error;
        await respondWithReport(deps, respond, who.teamId, report);
      }
    });
  });
}

/** Who clicked, in which workspace and conversation. */
function whoClicked(body: BlockAction<ButtonAction>): { userId: string; teamId: string; channelId: string } {
  return {
    userId: body.user.id,
    teamId: body.team?.id ?? body.user.team_id ?? "",
    channelId: body.channel?.id ?? String(body.container["channel_id"] ?? ""),
  };
}

/** The `error` of a Web API platform error (`not_in_channel`, …), if that is what this is. */
export function platformError(error: unknown): string | undefined {
  const data = (error as { data?: { error?: unknown } } | undefined)?.data;
  return typeof data?.error === "string" ? data.error : undefined;
}

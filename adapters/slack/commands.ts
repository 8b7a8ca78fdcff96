/**
 * Slash commands: `/csat`, `/nps`, `/ces`, `/churn` and `/metrics <anything>`.
 * Each listener is thin: acknowledge at once, send the text through the
 * command path, answer ephemerally through the response_url.
 */
import type { App } from "@slack/bolt";
import { answer } from "../../src/commands/answer.ts";
import { afterAck, guarded, respondWithReport, slackRequest, type ListenerDeps } from "./listeners.ts";

/** Every slash command the app registers; the manifest lists the same ones. */
export const SLASH_COMMANDS = ["/csat", "/nps", "/ces", "/churn", "/metrics"] as const;

/**
 * The question a slash command asks, as the command path reads it.
 *
 * @example
 * commandText("/csat", "last-week")            // "csat last-week"
 * commandText("/metrics", "frt last-week")     // "frt last-week"
 * commandText("/metrics", "")                  // "help"
 * commandText("/nps", "help")                  // "help nps"
 */
export function commandText(command: string, text: string): string {
  const rest = text.trim();
  const name = command.replace(/^\//, "").toLowerCase();
  if (name === "metrics") return rest === "" ? "help" : rest;
  if (/^(help|define)$/i.test(rest)) return `${rest.toLowerCase()} ${name}`;
  return rest === "" ? name : `${name} ${rest}`;
}

export function registerCommands(app: App, deps: ListenerDeps): void {
  for (const name of SLASH_COMMANDS) {
    app.command(name, async ({ ack, command, respond, client }) => {
      // First, before any data work: Slack shows an error when a command is not acknowledged within 3 seconds.
      await ack();
      await afterAck();
      const text = commandText(command.command, command.text);
      await guarded(deps, respond, text, async () => {
        const request = await slackRequest(client, { userId: command.user_id, teamId: command.team_id, channelId: command.channel_id }, deps);
        await respondWithReport(deps, respond, command.team_id, await answer(text, deps.engine, request));
      });
    });
  }
}

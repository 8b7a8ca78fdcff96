/**
 * How a Report travels in Slack: an ephemeral answer through the
 * response_url (only the person who asked sees it, with a "Share in channel"
 * button), or a shared message for everyone. The blocks themselves come from
 * `renderSlack`; this file only adds the transport fields.
 */
import type { RespondArguments, types } from "@slack/bolt";
import { renderSlack, SLACK_LIMITS, type RichBlock, type SlackMessage } from "../../src/render/slack.ts";
import type { Report } from "../../src/report.ts";

type KnownBlock = types.KnownBlock;

/**
 * An answer only the asker sees; `replace` edits the message a button was
 * clicked on; `refused`: block types the workspace cannot show (richBlocks.ts).
 */
export function ephemeralAnswer(report: Report, opts: { replace?: boolean; refused?: ReadonlySet<RichBlock> } = {}): RespondArguments {
  const message = renderSlack(report, opts.refused ? { refused: opts.refused } : {});
  return {
    response_type: "ephemeral",
    replace_original: opts.replace ?? false,
    text: message.text,
    blocks: blocksOf(message),
  };
}

/** The report as everyone in the channel sees it: no Share button, and who shared it. */
export function sharedMessage(report: Report, sharedBy: string, refused?: ReadonlySet<RichBlock>): { text: string; blocks: KnownBlock[] } {
  const message = renderSlack(report, { shared: true, ...(refused ? { refused } : {}) });
  const blocks = blocksOf(message);
  if (blocks.length < SLACK_LIMITS.blocks) {
    blocks.push({ type: "context", elements: [{ type: "mrkdwn", text: `Shared by <@${sharedBy}>` }] });
  }
  return { text: message.text, blocks };
}

/** The renderer's blocks are a subset of Block Kit's; Bolt's types know the whole of it. */
function blocksOf(message: SlackMessage): KnownBlock[] {
  return message.blocks as KnownBlock[];
}

/**
 * The Slack Poster: how digests and alerts reach a Slack channel.
 * `post` is chat.postMessage (in a thread with `threadOf`), `update` is
 * chat.update of a message posted earlier. Messages are rendered for everyone
 * (`renderSlack(report, { shared: true })`).
 *
 * The scheduler's outbox owns retries (with backoff, and a timeout per post),
 * so this client retries nothing itself and rejects a 429 at once: a retry
 * hidden in here could land after the outbox gave up and posted again.
 */
import type { AllMiddlewareArgs } from "@slack/bolt";
import { renderSlack } from "../../src/render/slack.ts";
import type { Report } from "../../src/report.ts";
import type { PostOptions, Poster } from "../../src/schedule/poster.ts";
import type { Destination, MessageRef } from "../../src/store/store.ts";

type WebClient = AllMiddlewareArgs["client"];

/**
 * A posted Slack message. It also carries the workspace, so that a later edit
 * in a multi-workspace install uses that workspace's token (the Store keeps
 * refs as JSON, so the field survives).
 */
export type SlackMessageRef = MessageRef & { workspace?: string };

export class SlackPoster implements Poster {
  constructor(
    /** The Web API client authorized for a workspace (Slack team id); the one bot's in single-workspace mode. */
    private readonly clientFor: (workspace: string | undefined) => Promise<WebClient>,
    /** SLACK_ALLOWED_TEAMS (adapters/slack/allowed.ts): a workspace not on it gets nothing, even if the scheduler let a post through. */
    private readonly allowsWorkspace?: (workspace: string) => Promise<boolean>,
  ) {}

  async post(destination: Destination, message: Report, opts: PostOptions = {}): Promise<SlackMessageRef> {
    await this.refuseUnlisted(destination.workspace);
    const client = await this.clientFor(destination.workspace);
    const { text, blocks } = renderSlack(message, { shared: true });
    const result = await client.chat.postMessage({
      channel: destination.channel,
      text,
      blocks,
      ...(opts.threadOf ? { thread_ts: opts.threadOf.id } : {}),
      unfurl_links: false,
    });
    if (!result.ts) throw new Error("chat.postMessage answered without a message ts");
    return { platform: "slack", channel: result.channel ?? destination.channel, id: result.ts, workspace: destination.workspace };
  }

  async update(ref: SlackMessageRef, message: Report): Promise<void> {
    await this.refuseUnlisted(ref.workspace);
    const client = await this.clientFor(ref.workspace);
    const { text, blocks } = renderSlack(message, { shared: true });
    await client.chat.update({ channel: ref.channel, ts: ref.id, text, blocks });
  }

  private async refuseUnlisted(workspace: string | undefined): Promise<void> {
    if (!this.allowsWorkspace) return;
    if (!workspace || !(await this.allowsWorkspace(workspace))) {
      throw new Error(`Slack workspace ${workspace ?? "(none)"} is not in SLACK_ALLOWED_TEAMS: nothing is posted there`);
    }
  }
}

/**
 * The Slack Poster: how digests and alerts reach a Slack channel.
 * `post` is chat.postMessage (in a thread with `threadOf`), `update` is
 * chat.update of a message posted earlier. Messages are rendered for everyone
 * (`renderSlack(report, { shared: true })`).
 *
 * The scheduler's outbox owns retries (with backoff, and a timeout per post),
 * so this client retries nothing itself and rejects a 429 at once: a retry
 * hidden in here could land after the outbox gave up and posted again.
 *
 * Every post carries its outbox id in message metadata (event type
 * `cs_metrics_bot_post`). After a crash, or a send that failed without a clear
 * refusal, `findPosted` reads the channel's recent history (or the thread's
 * replies) with `include_all_metadata` and looks for that id: found means
 * delivered. This needs the history scopes (`channels:history`,
 * `groups:history`); without them it says it cannot check.
 * (Slack: chat.postMessage `metadata`; conversations.history and
 * conversations.replies, `include_all_metadata`, `oldest`, cursor paging.)
 */
import type { AllMiddlewareArgs, types } from "@slack/bolt";
import { renderSlack, type SlackMessage } from "../../src/render/slack.ts";
import type { Report } from "../../src/report.ts";
import type { PostLookup, PostOptions, Poster } from "../../src/schedule/poster.ts";
import type { Destination, MessageRef } from "../../src/store/store.ts";
import type { RichBlockSupport } from "./richBlocks.ts";

type WebClient = AllMiddlewareArgs["client"];
type KnownBlock = types.KnownBlock;

/**
 * A posted Slack message. It also carries the workspace, so that a later edit
 * in a multi-workspace install uses that workspace's token (the Store keeps
 * refs as JSON, so the field survives).
 */
export type SlackMessageRef = MessageRef & { workspace?: string };

/** The metadata event type that marks the bot's own posts, with `{ outbox_id }` as payload. */
export const POST_EVENT_TYPE = "cs_metrics_bot_post";

/** Pages of history read at most when looking for a post (200 messages each). */
const LOOKUP_PAGES = 10;

/** Error codes of a history read that mean "you may not look here", not "try later". */
const CANNOT_LOOK = new Set(["missing_scope", "not_in_channel", "channel_not_found", "not_allowed_token_type", "thread_not_found", "access_denied", "ekm_access_denied"]);

export class SlackPoster implements Poster {
  constructor(
    /** The Web API client authorized for a workspace (Slack team id); the one bot's in single-workspace mode. */
    private readonly clientFor: (workspace: string | undefined) => Promise<WebClient>,
    /** SLACK_ALLOWED_TEAMS (adapters/slack/allowed.ts): a workspace not on it gets nothing, even if the scheduler let a post through. */
    private readonly allowsWorkspace?: (workspace: string) => Promise<boolean>,
    /** Charts and tables a workspace refused are left out there (richBlocks.ts); without it, every post has them. */
    private readonly blocks?: RichBlockSupport,
  ) {}

  /** Renders for everyone, without the rich blocks the workspace refused, and sends again without one Slack refuses now. */
  private send<T>(workspace: string | undefined, message: Report, send: (rendered: SlackMessage) => Promise<T>): Promise<T> {
    if (!this.blocks) return send(renderSlack(message, { shared: true }));
    return this.blocks.send(workspace, (refused) => renderSlack(message, { shared: true, refused }), send);
  }

  async post(destination: Destination, message: Report, opts: PostOptions = {}): Promise<SlackMessageRef> {
    await this.refuseUnlisted(destination.workspace);
    const client = await this.clientFor(destination.workspace);
    const result = await this.send(destination.workspace, message, ({ text, blocks }) =>
      client.chat.postMessage({
        channel: destination.channel,
        text,
        blocks: blocks as KnownBlock[],
        ...(opts.threadOf ? { thread_ts: opts.threadOf.id } : {}),
        ...(opts.key ? { metadata: { event_type: POST_EVENT_TYPE, event_payload: { outbox_id: opts.key } } } : {}),
        unfurl_links: false,
      }),
    );
    if (!result.ts) throw new Error("chat.postMessage answered without a message ts");
    return { platform: "slack", channel: result.channel ?? destination.channel, id: result.ts, workspace: destination.workspace };
  }

  async findPosted(destination: Destination, key: string, opts: { since: Date; threadOf?: MessageRef }): Promise<PostLookup> {
    const client = await this.clientFor(destination.workspace);
    const oldest = (opts.since.getTime() / 1000).toFixed(6);
    let cursor: string | undefined;
    try {
      for (let page = 0; page < LOOKUP_PAGES; page++) {
        const common = { channel: destination.channel, oldest, include_all_metadata: true, limit: 200, ...(cursor ? { cursor } : {}) };
        const answer = opts.threadOf ? await client.conversations.replies({ ...common, ts: opts.threadOf.id }) : await client.conversations.history(common);
        for (const m of answer.messages ?? []) {
          const metadata = m.metadata as { event_type?: string; event_payload?: { outbox_id?: unknown } } | undefined;
          if (m.ts && metadata?.event_type === POST_EVENT_TYPE && metadata.event_payload?.outbox_id === key) {
            const ref: SlackMessageRef = { platform: "slack", channel: destination.channel, id: m.ts, workspace: destination.workspace };
            return ref;
          }
        }
        cursor = answer.response_metadata?.next_cursor || undefined;
        if (!cursor) return null;
      }
    } catch (error) {
      const code = (error as { data?: { error?: string } }).data?.error;
      if (code && CANNOT_LOOK.has(code)) return { cannotCheck: `Slack answered ${code} when reading the channel's history` };
      throw error;
    }
    return { cannotCheck: `more than ${LOOKUP_PAGES * 200} messages since the first send` };
  }

  refused(error: unknown): boolean {
    // An `ok: false` answer or a 429: Slack answered, and did not post.
    const code = (error as { code?: string }).code;
    return code === "slack_webapi_platform_error" || code === "slack_webapi_rate_limited_error";
  }

  async update(ref: SlackMessageRef, message: Report): Promise<void> {
    await this.refuseUnlisted(ref.workspace);
    const client = await this.clientFor(ref.workspace);
    await this.send(ref.workspace, message, ({ text, blocks }) => client.chat.update({ channel: ref.channel, ts: ref.id, text, blocks: blocks as KnownBlock[] }));
  }

  private async refuseUnlisted(workspace: string | undefined): Promise<void> {
    if (!this.allowsWorkspace) return;
    if (!workspace || !(await this.allowsWorkspace(workspace))) {
      throw new Error(`Slack workspace ${workspace ?? "(none)"} is not in SLACK_ALLOWED_TEAMS: nothing is posted there`);
    }
  }
}

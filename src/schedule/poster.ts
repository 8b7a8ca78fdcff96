/**
 * The Poster port: how a digest or an alert reaches a chat. One per platform
 * (Slack and Teams come with their adapters); the console one prints.
 *
 * `message` is the platform-neutral report (a DigestReport, an AlertReport or
 * any Report); the poster renders it for its platform.
 */
import { renderText } from "../render/text.ts";
import type { Report } from "../report.ts";
import type { Destination, MessageRef } from "../store/store.ts";

export interface PostOptions {
  /** Post as a reply in this message's thread (Slack thread_ts; Teams reply chain). */
  threadOf?: MessageRef;
  /**
   * The outbox id of this post. A platform that keeps data with a message
   * (Slack message metadata) sends it along, so `findPosted` can find the post
   * again after a crash.
   */
  key?: string;
}

/** What looking for an earlier post found: it, nothing, or that the platform will not say. */
export type PostLookup = MessageRef | null | { cannotCheck: string };

export interface Poster {
  /**
   * Posts a new message; resolves to a reference that can be edited or
   * replied to. Its `id` is "" when the platform took the message but named
   * no id for it (Teams may): delivered, but not editable.
   */
  post(destination: Destination, message: Report, opts?: PostOptions): Promise<MessageRef>;
  /**
   * Replaces a message posted earlier (Slack chat.update; Teams updateActivity).
   * `opts.key` is the outbox id of the edit, which a platform whose buttons
   * read the post back (Teams alert cards) carries in the new message.
   */
  update(ref: MessageRef, message: Report, opts?: Pick<PostOptions, "key">): Promise<void>;
  /**
   * Looks on the platform for a message posted with `key` since `since` (in
   * the thread of `threadOf` when given): its reference; null when it is not
   * there; `{ cannotCheck }` when the platform will not tell (no access to
   * the history). Throws when the look failed for now (rate limit, network):
   * the post is then tried again later, not sent blind.
   * Platforms with no way to look leave it out.
   */
  findPosted?(destination: Destination, key: string, opts: { since: Date; threadOf?: MessageRef }): Promise<PostLookup>;
  /** True when `error` proves the platform did not take the post (an error answer, a 429), so there is nothing to look for before trying again. */
  refused?(error: unknown): boolean;
}

/** The poster for each platform the bot is connected to. */
export type Posters = Partial<Record<Destination["platform"], Poster>>;

/** Where the console poster writes: process.stdout, a readline output, a test buffer. */
export interface TextSink {
  write(text: string): unknown;
}

/**
 * Prints digests and alerts to a stream as they fire, as plain text. Threads
 * and edits are shown as such ("in reply to console-1", "console-1 now reads …").
 */
export class ConsolePoster implements Poster {
  private count = 0;
  private readonly out: TextSink;
  private readonly render: (report: Report) => string;

  constructor(out: TextSink, opts: { render?: (report: Report) => string } = {}) {
    this.out = out;
    this.render = opts.render ?? renderText;
  }

  async post(destination: Destination, message: Report, opts: PostOptions = {}): Promise<MessageRef> {
    const ref: MessageRef = { platform: "console", channel: destination.channel, id: `console-${++this.count}` };
    const where = opts.threadOf ? `, in reply to ${opts.threadOf.id}` : "";
    this.out.write(`\n── ${ref.id}${where} ──\n${this.render(message)}\n\n`);
    return ref;
  }

  async update(ref: MessageRef, message: Report): Promise<void> {
    const headline = this.render(message).split("\n")[0] ?? "";
    this.out.write(`\n── ${ref.id} now reads: ${headline}\n\n`);
  }
}

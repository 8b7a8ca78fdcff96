/**
 * The Teams Poster: how digests and alerts reach a Teams conversation. Each
 * post is a proactive turn, `adapter.continueConversationAsync(appId,
 * reference, …)`, on the conversation reference the bot saved when it was
 * installed there or spoken to; the message is the report's Adaptive Card.
 *
 * - `post` sends a new message and answers `{ platform: "teams", channel:
 *   <conversation id>, id: <activity id> }`. Any 2xx is delivered: a
 *   connector that answers without an activity id (Microsoft 365 Agents
 *   Playground does) gives `id: ""` — the message is there, it just cannot be
 *   edited or replied to later. Never sent again for that.
 * - `threadOf` replies in that message's thread: in a channel, by posting to
 *   the reply chain `<channel>;messageid=<root id>`; in a chat, with `replyToId`.
 * - `update` replaces a message posted earlier (updateActivity).
 * - 429/412/502/504 are retried a few times with jitter, honouring
 *   Retry-After (see retry.ts); the final failure is thrown, so the
 *   scheduler's outbox tries again later.
 */
import { type CloudAdapter, type TurnContext } from "botbuilder";
import type { Logger } from "../../src/log.ts";
import type { Report } from "../../src/report.ts";
import type { PostOptions, Poster } from "../../src/schedule/poster.ts";
import type { Destination, MessageRef, Store } from "../../src/store/store.ts";
import { cardMessage, conversationRoot, threadConversation } from "./activities.ts";
import { isLoopbackUrl } from "./localOnly.ts";
import { loadReference, type StoredReference } from "./references.ts";
import { TEAMS_RETRY_POLICY, withRetries, type TeamsRetryPolicy } from "./retry.ts";

export interface TeamsPosterDeps {
  adapter: CloudAdapter;
  /** MICROSOFT_APP_ID; empty when authentication is off (local use). */
  appId: string;
  store: Store;
  log: Logger;
  /** TEAMS_ALLOWED_TENANTS (allowed.ts): a tenant not on it gets nothing, even if the scheduler let a post through. */
  allowsTenant?: (tenant: string) => boolean;
  retry?: Partial<TeamsRetryPolicy>;
  /** Tests pass a recording sleep or a fixed random. */
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

const wait = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export class TeamsPoster implements Poster {
  private readonly policy: TeamsRetryPolicy;

  constructor(private readonly deps: TeamsPosterDeps) {
    this.policy = { ...TEAMS_RETRY_POLICY, ...deps.retry };
  }

  async post(destination: Destination, message: Report, opts: PostOptions = {}): Promise<MessageRef> {
    const reference = await this.reference(destination.channel, destination.workspace);
    let target = reference;
    let replyToId: string | undefined;
    if (opts.threadOf) {
      if (reference.conversation.conversationType === "channel") target = withConversation(reference, threadConversation(destination.channel, opts.threadOf.id));
      else replyToId = opts.threadOf.id;
    }
    const id = await this.retrying(`Posting to Teams conversation ${destination.channel}`, target, async (ctx) => {
      const sent = await ctx.sendActivity({ ...cardMessage(message, opts.key ? { post: opts.key } : {}), ...(replyToId ? { replyToId } : {}) });
      return sent?.id;
    });
    if (!id) this.deps.log.info("Teams took a post without naming its activity id: it is delivered, but cannot be edited later", { conversation: destination.channel });
    return { platform: "teams", channel: target.conversation.id, id: id ?? "" };
  }

  async update(ref: MessageRef, message: Report, opts: Pick<PostOptions, "key"> = {}): Promise<void> {
    const target = withConversation(await this.reference(ref.channel), ref.channel);
    await this.retrying(`Updating Teams message ${ref.id} in ${ref.channel}`, target, async (ctx) => {
      await ctx.updateActivity({ ...cardMessage(message, opts.key ? { post: opts.key } : {}), id: ref.id });
    });
  }

  private async reference(conversationId: string, tenant?: string): Promise<StoredReference> {
    const reference = await loadReference(this.deps.store, conversationId);
    if (!reference) {
      throw new Error(
        `No conversation reference for Teams conversation ${conversationRoot(conversationId)}: the bot can post only where it was installed or spoken to (add the app there, or send it a message)`,
      );
    }
    // Both the destination's tenant and the one the conversation was saved under must be allowed.
    const allows = this.deps.allowsTenant;
    if (allows) {
      for (const id of [tenant, reference.conversation.tenantId]) {
        if (id !== undefined && !allows(id)) throw new Error(`Teams tenant ${id || "(none)"} is not in TEAMS_ALLOWED_TENANTS: nothing is posted to ${conversationRoot(conversationId)}`);
      }
    }
    if (!this.deps.appId && !isLoopbackUrl(reference.serviceUrl)) {
      // Authentication is off (TEAMS_AUTH=off): nothing leaves this machine, whatever a stored reference says.
      throw new Error(`Not posting to Teams conversation ${conversationRoot(conversationId)}: authentication is off, and its serviceUrl is not on this machine`);
    }
    return reference;
  }

  private retrying<T>(what: string, reference: StoredReference, logic: (ctx: TurnContext) => Promise<T>): Promise<T> {
    return withRetries(what, () => this.proactive(reference, logic), {
      policy: this.policy,
      sleep: this.deps.sleep ?? wait,
      random: this.deps.random ?? Math.random,
      onRetry: ({ attempt, status, delayMs }) =>
        this.deps.log.warn("Teams pushed back on a post; retrying", { conversation: reference.conversation.id, status, attempt, retryInMs: delayMs }),
    });
  }

  /**
   * One proactive turn. Its failure is handed back to the caller: inside a
   * turn botbuilder would pass it to `onTurnError` and resolve as if all was well.
   */
  private async proactive<T>(reference: StoredReference, logic: (ctx: TurnContext) => Promise<T>): Promise<T> {
    let outcome: { ok: true; value: T } | { ok: false; error: unknown } | undefined;
    await this.deps.adapter.continueConversationAsync(this.deps.appId, reference, async (ctx) => {
      try {
        withoutHiddenRetries(ctx);
        // The continuation event has a made-up id; left there, every message would be sent "in reply" to it.
        ctx.activity.id = undefined;
        outcome = { ok: true, value: await logic(ctx) };
      } catch (error) {
        outcome = { ok: false, error };
      }
    });
    if (!outcome) throw new Error("The proactive Teams turn did not run");
    if (!outcome.ok) throw outcome.error;
    return outcome.value;
  }
}

function withConversation(reference: StoredReference, conversationId: string): StoredReference {
  return { ...reference, conversation: { ...reference.conversation, id: conversationId } };
}

/**
 * botbuilder's connector client retries on its own (the default retry policy
 * of its HTTP pipeline: three more tries, on 429 and 5xx). Posts retry in
 * one place, here, within a budget the outbox knows about; so that policy is
 * taken out of this turn's client. (A test counts the tries the Bot
 * Connector sees, and fails if a botbuilder upgrade brings hidden retries back.)
 */
function withoutHiddenRetries(ctx: TurnContext): void {
  const connector = ctx.turnState.get(ctx.adapter.ConnectorClientKey) as { client?: { pipeline?: { removePolicy?: (policy: { name: string }) => unknown } } } | undefined;
  connector?.client?.pipeline?.removePolicy?.({ name: "defaultRetryPolicy" });
}

/**
 * Conversation references: what the bot needs to post into a Teams
 * conversation later (digests, alerts). One per conversation — a personal
 * chat, a group chat, or a channel (not each reply chain in it) — kept in the
 * Store and refreshed whenever the bot is installed there or spoken to.
 */
import { TurnContext, type Activity, type ConversationReference } from "botbuilder";
import type { Logger } from "../../src/log.ts";
import type { Store } from "../../src/store/store.ts";
import { conversationRoot } from "./activities.ts";

/** A reference a proactive post can use: a service URL and a conversation id at least. */
export type StoredReference = Partial<ConversationReference> & { serviceUrl: string; conversation: ConversationReference["conversation"] };

/**
 * The reference of the activity's conversation, keyed by the conversation
 * (a channel's reply chain is cut off, so a digest starts its own post). The
 * activity id is dropped: a later post is a new message, not a reply to it.
 */
export function referenceOf(activity: Partial<Activity>): { conversationId: string; reference: StoredReference } | null {
  const reference = TurnContext.getConversationReference(activity);
  if (!reference.serviceUrl || !reference.conversation?.id) return null;
  const conversationId = conversationRoot(reference.conversation.id);
  const { activityId: _replyTo, ...rest } = reference;
  return { conversationId, reference: { ...rest, serviceUrl: reference.serviceUrl, conversation: { ...reference.conversation, id: conversationId } } };
}

/**
 * Saves (upserts) the conversation reference of every conversation the bot
 * hears from. A write only when the conversation is new to this process or
 * its service URL moved, so a busy chat is not a write per message. A Store
 * failure is logged and does not stop the answer.
 */
export function referenceKeeper(store: Store, log: Logger, now: () => Date): (activity: Partial<Activity>) => Promise<void> {
  const known = new Map<string, string>();
  return async (activity) => {
    const found = referenceOf(activity);
    if (!found) return;
    const { conversationId, reference } = found;
    if (known.get(conversationId) === reference.serviceUrl) return;
    try {
      await store.saveConversationReference(conversationId, reference, now());
      known.set(conversationId, reference.serviceUrl);
    } catch (error) {
      log.warn("could not save a Teams conversation reference; digests and alerts may not reach it", { conversation: conversationId, error });
    }
  };
}

/** The stored reference of a conversation, or null when the bot was never installed there nor spoken to. */
export async function loadReference(store: Store, conversationId: string): Promise<StoredReference | null> {
  const raw = (await store.getConversationReference(conversationRoot(conversationId))) as Partial<ConversationReference> | null;
  if (!raw || typeof raw.serviceUrl !== "string" || typeof raw.conversation?.id !== "string") return null;
  return raw as StoredReference;
}

/**
 * Intercom conversations (API 2.14, the conversation model of Search
 * conversations) as rows of the catalog's `tickets` and `surveys`
 * (datasets.ts). Ids are "intercom:<conversation id>"; Intercom's times are
 * unix seconds and become epoch milliseconds; what Intercom does not say is
 * null.
 *
 * A conversation is a ticket from the moment a customer asked something:
 * - created_at: the conversation's `created_at` when the customer started it
 *   (`source.delivered_as` customer_initiated); for one a teammate, a bot or
 *   an outbound message started, `statistics.first_contact_reply_at`, the
 *   customer's first reply. An outbound message nobody has answered is not a
 *   support request: it is sent as a delete (never stored; gone if it was).
 * - first_response_at: `statistics.first_admin_reply_at` (the first reply of
 *   a human teammate after the customer's first message; bots do not count).
 * - resolved_at: `statistics.last_close_at`, only while the state is
 *   "closed" (a reopened or snoozed conversation is not resolved). A closed
 *   conversation without it is skipped, with that reason.
 * - channel: `source.type` through INTERCOM_CHANNELS; agent: the assigned
 *   admin's name (`admin_assignee_id`, named from List admins; the id when
 *   unknown); team: the assigned team's name (`team_assignee_id`, List
 *   teams); priority: Intercom's own "priority" / "not_priority";
 *   is_complaint: a tag named "complaint"; escalated_at: null.
 *
 * The conversation rating is a CSAT answer on Intercom's 1–5 scale, one per
 * conversation (survey id = the conversation's id): submitted when the
 * customer gave or last changed it (`updated_at`; `created_at`, which the
 * API reference calls the time the rating was requested, when there is no
 * `updated_at`), agent = the rated teammate (else the assignee), team and
 * channel as the conversation's, ticket_id the conversation, customer_id the
 * rating's contact. A conversation without a rating sends its survey id as a
 * delete; a rating that is not a whole number 1–5 is skipped.
 *
 * @example
 * const batch = conversationsBatch(page.conversations, { admins, teams });
 * batch.upserts.tickets; // [{ id: "intercom:515", created_at: 1734537546000, channel: "chat", agent: "Ciaran7 Lee", … }]
 */
import { arr, idOf, nameOf, num, obj, str, type Json } from "../json.ts";
import type { SyncBatch, SyncedRow } from "../types.ts";

/**
 * Intercom `source.type` → the catalog's channels. `conversation` is a
 * Messenger conversation (chat); `push` (a push notification) and types not
 * listed pass through in lower case; no type is "unknown".
 */
export const INTERCOM_CHANNELS: Readonly<Record<string, string>> = {
  conversation: "chat",
  email: "email",
  phone_call: "phone",
  phone_switch: "phone",
  sms: "sms",
  facebook: "social",
  instagram: "social",
  twitter: "social",
  whatsapp: "social",
};

/**
 * An Intercom `source.type` as a catalog channel (see INTERCOM_CHANNELS).
 *
 * @example
 * intercomChannel("whatsapp") // "social"
 * intercomChannel("push")     // "push"
 */
export function intercomChannel(type: string | null | undefined): string {
  const t = (type ?? "").trim().toLowerCase();
  return t === "" ? "unknown" : (INTERCOM_CHANNELS[t] ?? t);
}

/** Names of the workspace's admins (teammates) and teams, by id. */
export interface IntercomNames {
  admins: ReadonlyMap<string, string>;
  teams: ReadonlyMap<string, string>;
}

/**
 * One page of Search conversations as a batch (without its cursor).
 *
 * @example
 * conversationsBatch([{ id: "515", created_at: 1734537546, state: "open", source: { type: "email", delivered_as: "customer_initiated" } }], names)
 * // { upserts: { tickets: [{ id: "intercom:515", channel: "email", … }], surveys: [] }, deletes: { tickets: [], surveys: ["intercom:515"] }, skipped: [] }
 */
export function conversationsBatch(conversations: readonly unknown[], names: IntercomNames): Omit<SyncBatch, "cursor"> {
  const tickets: SyncedRow[] = [];
  const surveys: SyncedRow[] = [];
  const gone: { tickets: string[]; surveys: string[] } = { tickets: [], surveys: [] };
  const skipped: NonNullable<SyncBatch["skipped"]> = [];
  for (const raw of conversations) {
    const c = obj(raw);
    const cid = idOf(c?.["id"]);
    if (c === undefined || cid === null) {
      skipped.push({ dataset: "tickets", id: "intercom:?", reason: "a conversation without an id" });
      continue;
    }
    const id = `intercom:${cid}`;
    const ticket = ticketRow(c, id, names);
    if (ticket === null) gone.tickets.push(id);
    else if (typeof ticket === "string") skipped.push({ dataset: "tickets", id, reason: ticket });
    else tickets.push(ticket);

    const survey = surveyRow(c, id, names);
    if (survey === null) gone.surveys.push(id);
    else if (typeof survey === "string") skipped.push({ dataset: "surveys", id, reason: survey });
    else surveys.push(survey);
  }
  return { upserts: { tickets, surveys }, deletes: gone, skipped };
}

/** A conversation as a `tickets` row; null when it is not a support request (yet); a string saying why it cannot be used. */
function ticketRow(c: Json, id: string, names: IntercomNames): SyncedRow | string | null {
  const stats = obj(c["statistics"]);
  const source = obj(c["source"]);
  const deliveredAs = str(source?.["delivered_as"]);
  const started = seconds(c["created_at"]);
  if (started === null) return c["created_at"] === undefined || c["created_at"] === null ? "no created_at" : `unreadable created_at ${JSON.stringify(c["created_at"])}`;
  let created = started;
  if (deliveredAs !== null && deliveredAs !== "customer_initiated") {
    const asked = seconds(stats?.["first_contact_reply_at"]);
    // Outbound (a teammate's, a bot's or a campaign's message) that no customer has answered.
    if (asked === null) return null;
    created = asked;
  }
  let resolved: number | null = null;
  if (str(c["state"]) === "closed") {
    resolved = seconds(stats?.["last_close_at"]);
    if (resolved === null) return "closed, without statistics.last_close_at (when it was closed)";
  }
  const tags = arr(obj(c["tags"])?.["tags"]);
  const priority = str(c["priority"]);
  return {
    id,
    created_at: created,
    first_response_at: seconds(stats?.["first_admin_reply_at"]),
    resolved_at: resolved,
    escalated_at: null,
    channel: intercomChannel(str(source?.["type"])),
    agent: nameOf(c["admin_assignee_id"], names.admins),
    team: nameOf(c["team_assignee_id"], names.teams),
    priority: priority === null ? null : priority.toLowerCase(),
    is_complaint: tags.some((t) => str(obj(t)?.["name"])?.toLowerCase() === "complaint"),
  };
}

/** The conversation's rating as a `surveys` row; null without a rating; a string saying why it cannot be used. */
function surveyRow(c: Json, id: string, names: IntercomNames): SyncedRow | string | null {
  const rating = obj(c["conversation_rating"]);
  if (rating === undefined || rating["rating"] === undefined || rating["rating"] === null) return null;
  const score = num(rating["rating"]);
  if (score === null || !Number.isInteger(score) || score < 1 || score > 5) return `rating ${JSON.stringify(rating["rating"])} is not a whole number from 1 to 5`;
  const submitted = seconds(rating["updated_at"]) ?? seconds(rating["created_at"]);
  if (submitted === null) return "a rating without a readable updated_at or created_at (when it was given)";
  const contact = idOf(obj(rating["contact"])?.["id"]);
  return {
    id,
    kind: "csat",
    score,
    scale_min: 1,
    scale_max: 5,
    submitted_at: submitted,
    channel: intercomChannel(str(obj(c["source"])?.["type"])),
    agent: nameOf(idOf(obj(rating["teammate"])?.["id"]) ?? c["admin_assignee_id"], names.admins),
    team: nameOf(c["team_assignee_id"], names.teams),
    ticket_id: id,
    customer_id: contact === null ? null : `intercom:${contact}`,
  };
}

/** Unix seconds (Intercom's times) as epoch milliseconds; null when absent or not a positive number. */
function seconds(v: unknown): number | null {
  const s = num(v);
  return s === null || s <= 0 ? null : s * 1000;
}

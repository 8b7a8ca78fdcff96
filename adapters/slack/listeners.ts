/**
 * What every Slack listener shares: its dependencies, and the guard that
 * turns anything unexpected into a logged fault and a short apology with its
 * id — so a person always gets an answer, and the id leads to the stack.
 */
import type { AllMiddlewareArgs, RespondFn } from "@slack/bolt";
import { errorReport, type Engine, type Request } from "../../src/commands/answer.ts";
import type { Logger } from "../../src/log.ts";
import type { Report } from "../../src/report.ts";
import type { Store } from "../../src/store/store.ts";
import { ephemeralAnswer } from "./messages.ts";
import { respondChecked, type RichBlockSupport } from "./richBlocks.ts";

type WebClient = AllMiddlewareArgs["client"];

export interface ListenerDeps {
  engine: Engine;
  store: Store;
  log: Logger;
  /** Chat user ids allowed to manage digests and alerts besides workspace admins (BOT_ADMINS). */
  admins: readonly string[];
  /** Workspace admin status by (platform, workspace, user) (users.info answers), shared by the listeners of one app. */
  adminCache: AdminCache;
  /** Which rich blocks (charts, tables) each workspace refused, and sending without them (richBlocks.ts). */
  blocks: RichBlockSupport;
}

/**
 * Answers the asker alone through the response_url, with the blocks their
 * workspace can show: a refused chart or table is sent again without it.
 */
export async function respondWithReport(deps: Pick<ListenerDeps, "blocks">, respond: RespondFn, workspace: string, report: Report, opts: { replace?: boolean } = {}): Promise<void> {
  await deps.blocks.send(workspace, (refused) => ephemeralAnswer(report, { ...opts, refused }), (args) => respondChecked(respond, args));
}

/**
 * Runs a listener's work after its ack. A throw is logged with a fault id
 * and the stack, and the person gets the apology with that id, ephemerally.
 */
export async function guarded(deps: ListenerDeps, respond: RespondFn | undefined, what: string, work: () => Promise<void>): Promise<void> {
  try {
    await work();
  } catch (error) {
    const report = errorReport(error, what, deps.log);
    if (!respond) return;
    await respond(ephemeralAnswer(report)).catch((e: unknown) => deps.log.warn("could not send the apology to Slack", { error: e }));
  }
}

/**
 * Lets the acknowledgement leave before the data work starts: the ack is
 * written, and even a connector that computes synchronously for a while
 * cannot hold it back.
 */
export function afterAck(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** How long a person's admin status is remembered (one users.info call per person per TTL). */
const ADMIN_TTL_MS = 5 * 60_000;
/** At most this many people remembered; past it the oldest answer is forgotten. */
const ADMIN_CACHE_MAX = 10_000;

/**
 * Workspace admin status by (platform, workspace, user): the same user id can
 * be an admin in one workspace and a member in another (Slack Connect,
 * Enterprise Grid, several OAuth installs), so the workspace is part of the key.
 */
export type AdminCache = Map<string, { admin: boolean; until: number }>;

/** Who is asking, in which workspace. */
export interface SlackPerson {
  userId: string;
  teamId: string;
}

export function adminCacheKey(who: SlackPerson): string {
  return JSON.stringify(["slack", who.teamId, who.userId]);
}

/** Whether a person is an admin or owner of the workspace they asked in (users.info), remembered for a few minutes. */
export async function isWorkspaceAdmin(client: WebClient, who: SlackPerson, deps: Pick<ListenerDeps, "log" | "adminCache">): Promise<boolean> {
  const key = adminCacheKey(who);
  const cached = deps.adminCache.get(key);
  if (cached && cached.until > Date.now()) return cached.admin;
  const log = deps.log;
  try {
    const { user } = await client.users.info({ user: who.userId });
    const admin = Boolean(user?.is_admin || user?.is_owner || user?.is_primary_owner);
    deps.adminCache.delete(key);
    if (deps.adminCache.size >= ADMIN_CACHE_MAX) deps.adminCache.delete(deps.adminCache.keys().next().value!);
    deps.adminCache.set(key, { admin, until: Date.now() + ADMIN_TTL_MS });
    return admin;
  } catch (error) {
    log.warn("users.info failed; treating the person as not an admin", { user: who.userId, team: who.teamId, error });
    return false;
  }
}

/**
 * Who asked and where, for the command path: a digest or alert added from
 * Slack posts in the channel it was typed in, and only admins may add one.
 */
export async function slackRequest(client: WebClient, who: { userId: string; teamId: string; channelId: string }, deps: ListenerDeps): Promise<Request> {
  return {
    requester: { id: who.userId, isAdmin: await isWorkspaceAdmin(client, who, deps) },
    destination: { platform: "slack", workspace: who.teamId, channel: who.channelId },
  };
}

/**
 * Proactive posts go only where the bot may still speak: a digest or an alert
 * rule whose destination is no longer allowed (its Slack workspace left
 * SLACK_ALLOWED_TEAMS, its Teams tenant TEAMS_ALLOWED_TENANTS) is paused or
 * muted when its run comes, with a log line, and nothing is built or posted.
 * Resuming it (`digest resume`, `alert unmute`) after the workspace or tenant
 * is listed again brings it back. The posters refuse such destinations too.
 *
 * @example
 * new Scheduler({ …, allowed: serving.allowed })   // adapters/http/serve.ts knows the lists
 */
import type { Logger } from "../log.ts";
import type { AlertRule, Destination, Digest, Store } from "../store/store.ts";

/** Whether digests and alerts may post to a destination now. */
export type AllowedDestination = (destination: Destination) => boolean | Promise<boolean>;

/**
 * True when the schedule's destination is allowed. Otherwise the digest is
 * paused (the rule muted) in the Store, the reason logged, and false returned.
 */
export async function holdIfNotAllowed(
  scheduled: { kind: "digest"; item: Digest } | { kind: "alert"; item: AlertRule },
  allowed: AllowedDestination,
  store: Pick<Store, "saveDigest" | "saveAlertRule">,
  log: Logger,
): Promise<boolean> {
  const { destination } = scheduled.item;
  if (await allowed(destination)) return true;
  const list = destination.platform === "teams" ? "TEAMS_ALLOWED_TENANTS" : "SLACK_ALLOWED_TEAMS";
  const fields = { schedule: scheduled.item.id, platform: destination.platform, workspace: destination.workspace, channel: destination.channel };
  if (scheduled.kind === "digest") {
    await store.saveDigest({ ...scheduled.item, paused: true });
    log.warn(`digest paused: its destination is not in ${list}, so nothing was posted; add the ${destination.platform === "teams" ? "tenant" : "workspace"} to ${list}, then \`digest resume ${scheduled.item.id}\``, fields);
  } else {
    await store.saveAlertRule({ ...scheduled.item, muted: true });
    log.warn(`alert rule muted: its destination is not in ${list}, so nothing was posted; add the ${destination.platform === "teams" ? "tenant" : "workspace"} to ${list}, then \`alert unmute ${scheduled.item.id}\``, fields);
  }
  return false;
}

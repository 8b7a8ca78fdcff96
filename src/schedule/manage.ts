/**
 * ManageCommand → ManageReport: adds, lists and changes digests and alert
 * rules in the Store. Anyone may list, preview a digest (and acknowledge an
 * alert); only workspace admins and BOT_ADMINS may add, send, pause, resume,
 * remove, mute, unmute or snooze. Mistakes and refusals are UserErrors with a hint.
 *
 * `digest preview` answers with the digest itself (a DigestReport, built as
 * a scheduled run builds it), for the asker only; `digest send` writes it to
 * the outbox under a run key, so it is delivered exactly once like a
 * scheduled run, and a second send within a minute is refused.
 */
import type { Clock } from "../clock.ts";
import { UserError } from "../errors.ts";
import { DEFAULT_METRIC_OPTIONS, type MetricOptions } from "../metrics/types.ts";
import type { Engine } from "../commands/answer.ts";
import type { DigestReport, ManageReport } from "../report.ts";
import type { AlertRule, Destination, Digest, RunKey, Store } from "../store/store.ts";
import { suggest } from "../suggest.ts";
import { acknowledgeAlert, muteRule, snoozeAlert, unmuteRule } from "./actions.ts";
import { buildDigest } from "./digest.ts";
import { DEFAULT_DIGEST_METRICS, DEFAULT_DIGEST_PERIOD, type DigestDraft, type ManageCommand } from "../commands/parseManage.ts";
import { outboxId } from "./payload.ts";
import { freeId } from "./ids.ts";
import { alertRuleView, digestView } from "./views.ts";

export interface Requester {
  id: string;
  /** A workspace admin on the chat platform (Slack: is_admin / is_owner). */
  isAdmin: boolean;
}

export interface ManageDeps {
  store: Store;
  clock: Clock;
  requester: Requester;
  /** BOT_ADMINS: user ids allowed to manage besides the platform's admins. */
  admins: string[];
  /** Where the command was typed: new digests and alerts post there. */
  destination: Destination;
  /** Metric options, for units and directions in lists (defaults when absent). */
  options?: MetricOptions;
  /** Called after a digest or rule was added, changed or removed (e.g. `scheduler.reload()`). */
  onChange?: () => void | Promise<void>;
  /** Randomness for new ids (tests). */
  random?: () => number;
  /** The command path's engine: `digest preview` and `digest send` build the digest with it. */
  engine?: Engine;
  /** Called after a post was written to the outbox (`digest send`), so it goes out now (e.g. `scheduler.deliverSoon()`). */
  onOutbox?: () => void;
}

export const NOT_ADMIN_MESSAGE = "Only workspace admins can add or change digests and alerts — ask one of them, or ask for `digest list`.";

/** Whether this person may add, change or remove digests and alerts. */
export function canManage(requester: Requester, admins: readonly string[]): boolean {
  return requester.isAdmin || admins.includes(requester.id);
}

/** Commands anyone may run. */
const OPEN_TO_ALL = new Set<ManageCommand["kind"]>(["digest_list", "digest_preview", "alert_list", "alert_ack"]);

/** `digest send` twice within this long posts once (the second is refused). */
export const SEND_AGAIN_AFTER_MS = 60_000;

/** Refuses a command this person may not run (with NOT_ADMIN_MESSAGE). */
export function assertMayRun(kind: ManageCommand["kind"], requester: Requester, admins: readonly string[]): void {
  if (!OPEN_TO_ALL.has(kind) && !canManage(requester, admins)) {
    throw new UserError("bad_option", NOT_ADMIN_MESSAGE, "Anyone can see what is scheduled with `digest list` and `alert list`.");
  }
}

export async function runManageCommand(cmd: ManageCommand, deps: ManageDeps): Promise<ManageReport | DigestReport> {
  const { store, destination } = deps;
  const now = deps.clock.now();
  const options = deps.options ?? DEFAULT_METRIC_OPTIONS;
  assertMayRun(cmd.kind, deps.requester, deps.admins);
  const report = (subject: ManageReport["subject"], action: ManageReport["action"], items: ManageReport["items"]): ManageReport => ({
    kind: "manage",
    subject,
    action,
    items,
    channel: destination.channel,
  });
  const changed = async () => {
    await deps.onChange?.();
  };

  switch (cmd.kind) {
    case "digest_list": {
      const digests = sortByChannel(await store.listDigests({ workspace: destination.workspace }), destination);
      const page = pageOf(digests, cmd.page);
      return { ...report("digest", "list", page.items.map((d) => digestView(d, now))), page: page.info };
    }
    case "alert_list": {
      const rules = sortByChannel(await store.listAlertRules({ workspace: destination.workspace }), destination);
      const page = pageOf(rules, cmd.page);
      const states = await Promise.all(page.items.map((r) => store.getAlertState(r.id)));
      return { ...report("alert", "list", page.items.map((r, i) => alertRuleView(r, states[i] ?? null, options, now))), page: page.info };
    }
    case "digest_add": {
      const digest: Digest = {
        id: await freeId("d", async (id) => (await store.getDigest(id)) !== null, deps.random),
        destination,
        schedule: cmd.schedule,
        metrics: cmd.metrics,
        period: cmd.period,
        ...(cmd.comparison ? { comparison: cmd.comparison } : {}),
        paused: false,
        createdBy: deps.requester.id,
        createdAt: now,
      };
      await store.saveDigest(digest);
      await changed();
      return report("digest", "added", [digestView(digest, now)]);
    }
    case "digest_preview": {
      const digest = cmd.id
        ? await findDigest(store, cmd.id, destination)
        : cmd.draft
          ? draftDigest(cmd.draft, deps, now)
          : await channelDigest(store, deps, now);
      return buildDigest(digest, engineOf(deps), now);
    }
    case "digest_send": {
      const digest = await findDigest(store, cmd.id, destination);
      await sendDigest(digest, deps, now);
      return report("digest", "sent", [digestView(digest, now)]);
    }
    case "digest_pause":
    case "digest_resume": {
      const digest = await findDigest(store, cmd.id, destination);
      const next = { ...digest, paused: cmd.kind === "digest_pause" };
      await store.saveDigest(next);
      await changed();
      return report("digest", cmd.kind === "digest_pause" ? "paused" : "resumed", [digestView(next, now)]);
    }
    case "digest_remove": {
      const digest = await findDigest(store, cmd.id, destination);
      await store.deleteDigest(digest.id);
      await changed();
      return report("digest", "removed", [digestView(digest, now)]);
    }
    case "alert_add": {
      const rule: AlertRule = {
        id: await freeId("a", async (id) => (await store.getAlertRule(id)) !== null, deps.random),
        destination,
        metric: cmd.metric,
        condition: cmd.condition,
        period: cmd.period,
        filters: cmd.filters,
        ...(cmd.comparison ? { comparison: cmd.comparison } : {}),
        schedule: cmd.schedule,
        minN: cmd.minN,
        forChecks: cmd.forChecks,
        cooldownMs: cmd.cooldownMs,
        muted: false,
        createdBy: deps.requester.id,
        createdAt: now,
      };
      await store.saveAlertRule(rule);
      await changed();
      return report("alert", "added", [alertRuleView(rule, null, options, now)]);
    }
    case "alert_remove": {
      const rule = await findRule(store, cmd.id, destination);
      const state = await store.getAlertState(rule.id);
      await store.deleteAlertRule(rule.id);
      await changed();
      return report("alert", "removed", [alertRuleView(rule, state, options, now)]);
    }
    case "alert_mute":
    case "alert_unmute": {
      const rule = await findRule(store, cmd.id, destination);
      const next = (cmd.kind === "alert_mute" ? await muteRule(store, rule.id) : await unmuteRule(store, rule.id)) ?? rule;
      await changed();
      return report("alert", cmd.kind === "alert_mute" ? "muted" : "unmuted", [alertRuleView(next, await store.getAlertState(rule.id), options, now)]);
    }
    case "alert_ack": {
      const rule = await findRule(store, cmd.id, destination);
      const state = await acknowledgeAlert(store, rule.id, deps.requester.id, now);
      return report("alert", "acknowledged", [alertRuleView(rule, state, options, now)]);
    }
    case "alert_snooze": {
      const rule = await findRule(store, cmd.id, destination);
      const state = await snoozeAlert(store, rule.id, new Date(now.getTime() + cmd.forMs));
      return report("alert", "snoozed", [alertRuleView(rule, state, options, now)]);
    }
  }
}

function engineOf(deps: ManageDeps): Engine {
  if (!deps.engine) throw new Error("digest preview/send need the engine in ManageDeps");
  return deps.engine;
}

/** A digest as `digest add` would save it, not saved: id "preview", posting where the command was typed. */
function draftDigest(draft: DigestDraft, deps: ManageDeps, now: Date): Digest {
  return { id: "preview", destination: deps.destination, ...draft, paused: false, createdBy: deps.requester.id, createdAt: now };
}

/** `digest preview` with nothing after it: the channel's digest when it has exactly one, else the default digest. */
async function channelDigest(store: Store, deps: ManageDeps, now: Date): Promise<Digest> {
  const here = await store.listDigests({ workspace: deps.destination.workspace, channel: deps.destination.channel });
  if (here.length === 1) return here[0]!;
  const timeZone = deps.engine?.timeZone ?? "UTC";
  return draftDigest({ schedule: { cron: "0 9 * * *", timeZone }, metrics: [...DEFAULT_DIGEST_METRICS], period: DEFAULT_DIGEST_PERIOD.daily }, deps, now);
}

/**
 * Posts a digest now through the outbox, exactly once: the run key is the
 * digest's sends at this minute, so a double click (or two replicas
 * answering it) enqueues one post; a send in the minute before is refused too.
 */
async function sendDigest(digest: Digest, deps: ManageDeps, now: Date): Promise<void> {
  const { store } = deps;
  const minute = new Date(Math.floor(now.getTime() / SEND_AGAIN_AFTER_MS) * SEND_AGAIN_AFTER_MS);
  const key: RunKey = { scheduleId: `${digest.id}/send`, scheduledAt: minute };
  const last = await store.lastRun(key.scheduleId);
  const owner = `digest-send:${deps.requester.id}`;
  if ((last && last.getTime() >= minute.getTime() - SEND_AGAIN_AFTER_MS) || !(await store.claimRun(key, owner, SEND_AGAIN_AFTER_MS, now))) {
    const again = new Date((last ?? minute).getTime() + 2 * SEND_AGAIN_AFTER_MS);
    throw new UserError(
      "bad_option",
      `Digest \`${digest.id}\` was sent a moment ago, so it is not posted again: one send a minute at most.`,
      `It is on its way to ${digest.destination.channel}. To send it once more, wait until ${again.toISOString().slice(11, 16)} UTC.`,
    );
  }
  try {
    const report = await buildDigest(digest, engineOf(deps), now);
    await store.enqueue({ id: outboxId(key, "post"), run: key, destination: digest.destination, payload: { kind: "digest", report }, replaceOf: null, threadOf: null, nextAttemptAt: now });
    await store.finishRun(key, owner, "done", now);
  } catch (error) {
    await store.finishRun(key, owner, "failed", now).catch(() => undefined);
    throw error;
  }
  deps.onOutbox?.();
}

/**
 * Items listed per page: a page of alerts stays well inside Slack's message
 * size (about 250 characters an alert) and Teams' card size.
 */
export const LIST_PAGE_SIZE = 20;

/** One page of a list (the last page when `page` is past the end). */
function pageOf<T>(items: T[], page = 1): { items: T[]; info: NonNullable<ManageReport["page"]> } {
  const pages = Math.max(1, Math.ceil(items.length / LIST_PAGE_SIZE));
  const number = Math.min(Math.max(1, page), pages);
  const start = (number - 1) * LIST_PAGE_SIZE;
  return { items: items.slice(start, start + LIST_PAGE_SIZE), info: { number, pages, first: start + 1, total: items.length } };
}

/** This channel's first, then the rest of the workspace, each oldest first. */
function sortByChannel<T extends { destination: Destination; createdAt: Date }>(items: T[], here: Destination): T[] {
  return [...items].sort(
    (a, b) =>
      Number(a.destination.channel !== here.channel) - Number(b.destination.channel !== here.channel) ||
      a.createdAt.getTime() - b.createdAt.getTime(),
  );
}

async function findDigest(store: Store, id: string, here: Destination): Promise<Digest> {
  const digest = await store.getDigest(id);
  if (digest && digest.destination.workspace === here.workspace) return digest;
  const ids = (await store.listDigests({ workspace: here.workspace })).map((d) => d.id);
  throw notFound("digest", id, ids);
}

async function findRule(store: Store, id: string, here: Destination): Promise<AlertRule> {
  const rule = await store.getAlertRule(id);
  if (rule && rule.destination.workspace === here.workspace) return rule;
  const ids = (await store.listAlertRules({ workspace: here.workspace })).map((r) => r.id);
  throw notFound("alert", id, ids);
}

function notFound(subject: "digest" | "alert", id: string, ids: string[]): UserError {
  const guess = suggest(id, ids);
  return new UserError(
    "bad_option",
    `There is no ${subject} \`${id}\` here${guess ? ` — did you mean \`${guess}\`?` : "."}`,
    ids.length > 0 ? `\`${subject} list\` shows them all with their ids.` : `There are no ${subject}s yet: add one with \`${subject} add …\`.`,
  );
}

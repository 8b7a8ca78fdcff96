/**
 * What the Acknowledge, Snooze 24h and Mute rule buttons do (and the
 * `alert ack|snooze|mute|unmute` commands): small changes to a rule or its
 * state, nothing posted. Permission checks are the caller's (see `canManage`).
 */
import type { AlertRule, AlertState, Store } from "../store/store.ts";
import { initialAlertState } from "./alertState.ts";

/**
 * Marks the current episode as acknowledged by `userId`: no repeats until it
 * resolves (a new episode clears it). A snooze that has run out by `now` is
 * dropped at the same time. Null when the rule is gone.
 */
export async function acknowledgeAlert(store: Store, ruleId: string, userId: string, now: Date): Promise<AlertState | null> {
  return updateState(store, ruleId, (s) => ({
    ...s,
    acknowledgedBy: userId,
    snoozedUntil: s.snoozedUntil && s.snoozedUntil.getTime() > now.getTime() ? s.snoozedUntil : null,
  }));
}

/** Holds back this rule's messages until `until` (a recovery still posts). Null when the rule is gone. */
export async function snoozeAlert(store: Store, ruleId: string, until: Date): Promise<AlertState | null> {
  return updateState(store, ruleId, (s) => ({ ...s, snoozedUntil: until }));
}

/** Stops checking the rule until it is unmuted. Null when the rule is gone. */
export async function muteRule(store: Store, ruleId: string): Promise<AlertRule | null> {
  return setMuted(store, ruleId, true);
}

/** Checks the rule again from its next scheduled instant. Null when the rule is gone. */
export async function unmuteRule(store: Store, ruleId: string): Promise<AlertRule | null> {
  return setMuted(store, ruleId, false);
}

async function setMuted(store: Store, ruleId: string, muted: boolean): Promise<AlertRule | null> {
  const rule = await store.getAlertRule(ruleId);
  if (!rule) return null;
  const next = { ...rule, muted };
  await store.saveAlertRule(next);
  return next;
}

async function updateState(store: Store, ruleId: string, change: (s: AlertState) => AlertState): Promise<AlertState | null> {
  if (!(await store.getAlertRule(ruleId))) return null;
  const next = change((await store.getAlertState(ruleId)) ?? initialAlertState(ruleId));
  await store.saveAlertState(next);
  return next;
}

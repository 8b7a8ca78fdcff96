/**
 * The alert state machine: pure, no I/O, no clock (the check's instant comes in).
 *
 *   ok ──breach──► pending ──(forChecks in a row)──► firing ──clear──► resolved ──► ok
 *        (forChecks = 1 goes straight to firing)      │  ▲ repeat after the cooldown
 *   any ──source unreadable──► source_error   any ──nothing in the period──► no_data
 *
 * - An episode starts when a rule fires (`firedAt`) and ends when it resolves.
 *   Its first message is "firing"; later alarms in it are "repeat"s; the
 *   recovery ("resolved") is posted once, and only for an episode that was
 *   announced.
 * - Alarms (firing, repeat) are never closer together than the cooldown,
 *   across episodes too: a rule flapping around its threshold does not post
 *   each time it crosses. `notifiedAt` is the time of the last alarm. An
 *   episode whose first alarm was held back is announced (as "firing") at the
 *   first breaching check after the cooldown, or never if it clears first.
 * - Below `minN` records (either side, for change rules) the rule does not
 *   judge: nothing changes but `lastCheckedAt`.
 * - "no data" and "source error" are states of their own: they never count as
 *   a breach (nor reset the run of breaches), keep an open episode open, and
 *   notify once, on entering.
 * - Snoozed (`snoozedUntil` in the future): alarms and no-data/source-error
 *   notices are held back. The recovery of an announced episode still posts:
 *   it closes the thread that people saw open.
 * - Acknowledged (`acknowledgedBy` set during an episode): no repeats for
 *   that episode; the recovery still posts. A new episode clears it.
 * - A muted rule is not checked (the scheduler skips it); given one anyway,
 *   nothing changes.
 */
import type { AlertCondition, AlertRule, AlertState } from "../store/store.ts";
import type { AlertNotice } from "../report.ts";

/** What one check saw. */
export type AlertObservation =
  /** The metric's value and its record count; for change rules also the comparison period's. */
  | { kind: "value"; value: number; n: number; previous?: { value: number; n: number } | null }
  /** Nothing in the period (or, for a change rule, nothing to compare with). */
  | { kind: "no_data" }
  /** The data source could not be read. */
  | { kind: "source_error"; source?: string };

export interface AlertTransition {
  state: AlertState;
  notify: AlertNotice | null;
}

/** The state of a rule never checked. */
export function initialAlertState(ruleId: string): AlertState {
  return {
    ruleId,
    status: "ok",
    breaches: 0,
    lastValue: null,
    lastCheckedAt: null,
    firedAt: null,
    notifiedAt: null,
    thread: null,
    snoozedUntil: null,
    acknowledgedBy: null,
  };
}

/**
 * Whether an observed value breaches the condition; null when the rule does
 * not judge it (fewer than `minN` records, or nothing to compare with).
 *
 * @example breaches({ kind: "threshold", op: ">", value: 5 }, 10, { kind: "value", value: 6.2, n: 2756 }) // true
 */
export function breaches(condition: AlertCondition, minN: number, obs: Extract<AlertObservation, { kind: "value" }>): boolean | null {
  if (obs.n < minN) return null;
  if (condition.kind === "threshold") {
    switch (condition.op) {
      case ">":
        return obs.value > condition.value;
      case ">=":
        return obs.value >= condition.value;
      case "<":
        return obs.value < condition.value;
      case "<=":
        return obs.value <= condition.value;
    }
  }
  const moved = movedBy(condition, obs.value, obs.previous?.value ?? null);
  if (moved === null || obs.previous == null || obs.previous.n < minN) return null;
  return moved >= condition.by - 1e-9;
}

/**
 * How far a value moved in the direction a change rule watches, in the
 * rule's unit (points, percent of the previous value, or the metric's unit);
 * negative when it moved the other way. Null when there is nothing to compare
 * or a relative change from 0.
 */
export function movedBy(condition: Extract<AlertCondition, { kind: "change" }>, value: number, previous: number | null): number | null {
  if (previous === null) return null;
  const delta = condition.direction === "drops" ? previous - value : value - previous;
  if (condition.unit !== "%") return delta;
  if (previous === 0) return delta === 0 ? 0 : delta > 0 ? Infinity : -Infinity;
  return (delta / Math.abs(previous)) * 100;
}

/**
 * The next state of a rule after one check at `now`, and what to post.
 *
 * @example
 * // rule: churn_rate > 5, for 1
 * nextAlertState(rule, null, { kind: "value", value: 6.2, n: 2756 }, at)
 * // { state: { status: "firing", breaches: 1, firedAt: at, notifiedAt: at, … }, notify: "firing" }
 */
export function nextAlertState(rule: AlertRule, prev: AlertState | null, obs: AlertObservation, now: Date): AlertTransition {
  const p = prev ?? initialAlertState(rule.id);
  if (rule.muted) return { state: p, notify: null };

  const t = now.getTime();
  const snoozed = p.snoozedUntil !== null && p.snoozedUntil.getTime() > t;
  // A resolved episode is over once the next check is judged or changes state.
  const closed: AlertState = p.status === "resolved" ? { ...p, firedAt: null, thread: null, acknowledgedBy: null } : p;

  if (obs.kind === "source_error" || obs.kind === "no_data") {
    const entering = p.status !== obs.kind;
    return {
      state: { ...closed, status: obs.kind, lastCheckedAt: now, lastValue: obs.kind === "no_data" ? null : p.lastValue },
      notify: entering && !snoozed ? obs.kind : null,
    };
  }

  const breach = breaches(rule.condition, rule.minN, obs);
  if (breach === null) {
    // Not enough to judge. A change rule with nothing to compare with is "no data".
    if (rule.condition.kind === "change" && obs.n >= rule.minN && obs.previous == null) {
      return nextAlertState(rule, prev, { kind: "no_data" }, now);
    }
    return { state: { ...p, lastCheckedAt: now }, notify: null };
  }

  const base: AlertState = { ...closed, lastCheckedAt: now, lastValue: obs.value };
  const open = base.firedAt !== null;
  const announced = open && base.notifiedAt !== null && base.notifiedAt.getTime() >= base.firedAt!.getTime();

  if (!breach) {
    if (!open) return { state: { ...base, status: "ok", breaches: 0 }, notify: null };
    // Keep firedAt and thread: the recovery goes into the episode's thread.
    return { state: { ...base, status: "resolved", breaches: 0 }, notify: announced ? "resolved" : null };
  }

  const count = base.breaches + 1;
  const cooled = base.notifiedAt === null || t - base.notifiedAt.getTime() >= rule.cooldownMs;
  if (open) {
    const quiet = snoozed || !cooled || (announced && base.acknowledgedBy !== null);
    if (quiet) return { state: { ...base, status: "firing", breaches: count }, notify: null };
    return { state: { ...base, status: "firing", breaches: count, notifiedAt: now }, notify: announced ? "repeat" : "firing" };
  }
  if (count < rule.forChecks) return { state: { ...base, status: "pending", breaches: count }, notify: null };
  const episode: AlertState = { ...base, status: "firing", breaches: count, firedAt: now, thread: null, acknowledgedBy: null };
  if (snoozed || !cooled) return { state: episode, notify: null };
  return { state: { ...episode, notifiedAt: now }, notify: "firing" };
}

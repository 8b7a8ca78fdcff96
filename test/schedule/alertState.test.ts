import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { AlertNotice } from "../../src/report.ts";
import { nextAlertState, type AlertObservation } from "../../src/schedule/alertState.ts";
import type { AlertRule, AlertState } from "../../src/store/store.ts";
import { ruleFixture } from "./support.ts";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const START = new Date("2026-11-02T09:00:00Z").getTime();

/** churn_rate > 5, checked daily, for 2, cooldown 24 h, min-n 30. */
const churnRule = ruleFixture({ metric: "churn_rate", condition: { kind: "threshold", op: ">", value: 5 }, minN: 30, forChecks: 2, cooldownMs: DAY });

const v = (value: number, n = 100): AlertObservation => ({ kind: "value", value, n });

/** Runs observations through the machine one check apart; returns each notice and state. */
function run(rule: AlertRule, observations: AlertObservation[], stepMs = DAY, from: AlertState | null = null) {
  let state = from;
  return observations.map((obs, i) => {
    const t = nextAlertState(rule, state, obs, new Date(START + i * stepMs));
    state = t.state;
    return t;
  });
}

describe("the alert state machine", () => {
  it("goes ok → pending → firing (posted once) → repeat after the cooldown → resolved (posted once) → ok", () => {
    const steps = run(churnRule, [v(4), v(6), v(6.5), v(7), v(7), v(4), v(4)], 12 * HOUR);
    expect(steps.map((s) => s.state.status)).toEqual(["ok", "pending", "firing", "firing", "firing", "resolved", "ok"]);
    // Fires at 24 h, held back at 36 h (12 h since), repeats at 48 h (24 h since).
    expect(steps.map((s) => s.notify)).toEqual([null, null, "firing", null, "repeat", "resolved", null]);
    expect(steps[2]!.state.firedAt).toEqual(new Date(START + 24 * HOUR));
    expect(steps[5]!.state.breaches).toBe(0);
    expect(steps[6]!.state.firedAt).toBeNull();
  });

  it("does not judge below min-n: nothing changes but when it was checked", () => {
    const [first, second] = run(churnRule, [v(6), v(9, 12)]);
    expect(second!.notify).toBeNull();
    expect(second!.state).toEqual({ ...first!.state, lastCheckedAt: new Date(START + DAY) });
  });

  it("gives one source-error notice for an outage, counts no breach, and keeps the run of breaches", () => {
    const outage: AlertObservation = { kind: "source_error", source: "duckdb" };
    const steps = run(churnRule, [v(6), outage, outage, outage, v(6)]);
    expect(steps.map((s) => s.notify)).toEqual([null, "source_error", null, null, "firing"]);
    expect(steps.map((s) => s.state.breaches)).toEqual([1, 1, 1, 1, 2]);
    expect(steps.map((s) => s.state.status)).toEqual(["pending", "source_error", "source_error", "source_error", "firing"]);
  });

  it("says \"no data\" once, and never fires on it", () => {
    const steps = run({ ...churnRule, forChecks: 1 }, [{ kind: "no_data" }, { kind: "no_data" }, v(3)]);
    expect(steps.map((s) => s.notify)).toEqual(["no_data", null, null]);
    expect(steps.map((s) => s.state.status)).toEqual(["no_data", "no_data", "ok"]);
  });

  it("treats a change rule with nothing to compare with as no data", () => {
    const rule = ruleFixture({ condition: { kind: "change", direction: "drops", by: 5, unit: "pts" } });
    const [t] = run(rule, [{ kind: "value", value: 70, n: 100, previous: null }]);
    expect(t!.state.status).toBe("no_data");
    const [drop] = run(rule, [{ kind: "value", value: 70, n: 100, previous: { value: 76, n: 100 } }]);
    expect(drop!.notify).toBe("firing");
    const [small] = run(rule, [{ kind: "value", value: 72, n: 100, previous: { value: 76, n: 100 } }]);
    expect(small!.state.status).toBe("ok");
  });

  it("holds back a new episode's first alarm within the cooldown of the last one, and never announces it if it clears first", () => {
    const rule = { ...churnRule, forChecks: 1 };
    const steps = run(rule, [v(6), v(4), v(6), v(4), v(6), v(6)], 6 * HOUR);
    // 0 h fires; 6 h resolves; 12 h breaches again within 24 h: held; 18 h clears unannounced; 24 h breaches: 24 h since → fires.
    expect(steps.map((s) => s.notify)).toEqual(["firing", "resolved", null, null, "firing", null]);
    expect(steps[3]!.state.status).toBe("resolved");
  });

  it("holds back alarms while snoozed and posts the first one after", () => {
    const rule = { ...churnRule, forChecks: 1 };
    const snoozed: AlertState = { ...nextAlertState(rule, null, v(3), new Date(START - DAY)).state, snoozedUntil: new Date(START + 30 * HOUR) };
    const steps = run(rule, [v(6), v(6), v(6), v(3)], DAY, snoozed);
    expect(steps.map((s) => s.notify)).toEqual([null, null, "firing", "resolved"]);
  });

  it("still posts the recovery of an announced episode while snoozed", () => {
    const rule = { ...churnRule, forChecks: 1 };
    const fired = nextAlertState(rule, null, v(6), new Date(START)).state;
    const snoozed = { ...fired, snoozedUntil: new Date(START + 3 * DAY) };
    const held = nextAlertState(rule, snoozed, v(6), new Date(START + DAY));
    expect(held.notify).toBeNull();
    expect(nextAlertState(rule, held.state, v(3), new Date(START + 2 * DAY)).notify).toBe("resolved");
  });

  it("stops repeating once acknowledged; a new episode clears the acknowledgement", () => {
    const rule = { ...churnRule, forChecks: 1 };
    const fired = nextAlertState(rule, null, v(6), new Date(START)).state;
    let state: AlertState = { ...fired, acknowledgedBy: "U42" };
    const notices: Array<AlertNotice | null> = [];
    for (const [i, obs] of [v(6), v(6), v(3), v(6)].entries()) {
      const t = nextAlertState(rule, state, obs, new Date(START + (i + 1) * DAY));
      notices.push(t.notify);
      state = t.state;
    }
    expect(notices).toEqual([null, null, "resolved", "firing"]);
    expect(state.acknowledgedBy).toBeNull();
  });

  it("changes nothing for a muted rule", () => {
    const [t] = run({ ...churnRule, muted: true }, [v(60)]);
    expect(t!.notify).toBeNull();
    expect(t!.state.lastCheckedAt).toBeNull();
  });
});

describe("the alert state machine, for any sequence of checks", () => {
  const observation: fc.Arbitrary<AlertObservation> = fc.oneof(
    { weight: 6, arbitrary: fc.record({ kind: fc.constant("value" as const), value: fc.double({ min: 3, max: 7, noNaN: true }), n: fc.integer({ min: 0, max: 60 }) }) },
    { weight: 1, arbitrary: fc.constant({ kind: "no_data" } as const) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant("source_error" as const), source: fc.constant("duckdb") }) },
  );
  const scenario = fc.record({
    forChecks: fc.integer({ min: 1, max: 4 }),
    cooldownMs: fc.constantFrom(0, HOUR, 6 * HOUR, DAY),
    minN: fc.integer({ min: 0, max: 30 }),
    checks: fc.array(fc.record({ obs: observation, gapMs: fc.integer({ min: 15 * 60_000, max: 30 * HOUR }) }), { minLength: 1, maxLength: 60 }),
  });

  it("keeps alarms a cooldown apart, fires only after `for` breaches, counts no breach from no data or a source error, notifies state changes once, and recovers once per announced episode", () => {
    fc.assert(
      fc.property(scenario, ({ forChecks, cooldownMs, minN, checks }) => {
        const rule = { ...churnRule, forChecks, cooldownMs, minN };
        let state: AlertState | null = null;
        let t = START;
        let lastAlarm: number | null = null;
        let announced = false;
        for (const { obs, gapMs } of checks) {
          t += gapMs;
          const before: AlertState | null = state;
          const { state: after, notify }: { state: AlertState; notify: AlertNotice | null } = nextAlertState(rule, before, obs, new Date(t));
          const breachesBefore = before?.breaches ?? 0;
          if (notify === "firing" || notify === "repeat") {
            if (lastAlarm !== null) expect(t - lastAlarm).toBeGreaterThanOrEqual(cooldownMs);
            lastAlarm = t;
            expect(after.status).toBe("firing");
            expect(after.breaches).toBeGreaterThanOrEqual(forChecks);
          }
          if (notify === "repeat") expect(announced).toBe(true);
          if (notify === "firing") {
            expect(announced).toBe(false);
            announced = true;
          }
          if (notify === "resolved") {
            expect(announced).toBe(true);
            announced = false;
          }
          if (obs.kind !== "value") {
            expect(after.breaches).toBe(breachesBefore);
            expect(after.status).toBe(obs.kind);
            expect(notify === obs.kind || notify === null).toBe(true);
            if (notify !== null) expect(before?.status).not.toBe(obs.kind);
          } else if (obs.n < minN) {
            expect(after.breaches).toBe(breachesBefore);
            expect(after.status).toBe(before?.status ?? "ok");
            expect(notify).toBeNull();
          } else if (obs.value > 5) {
            expect(after.breaches).toBe(breachesBefore + 1);
          } else {
            expect(after.breaches).toBe(0);
            expect(["ok", "resolved"]).toContain(after.status);
          }
          if (after.status === "pending") expect(after.breaches).toBeLessThan(forChecks);
          state = after;
        }
      }),
      { numRuns: 500 },
    );
  });
});

import { describe, expect, it } from "vitest";
import type { Connector } from "../../src/connectors/connector.ts";
import { SourceError } from "../../src/errors.ts";
import { renderText } from "../../src/render/text.ts";
import type { BreakdownRow } from "../../src/report.ts";
import { alertQuestion, alertReport, checkAlert, findEvidence, pickSegment } from "../../src/schedule/alertCheck.ts";
import { nextAlertState } from "../../src/schedule/alertState.ts";
import { engineOver } from "../helpers.ts";
import { answers, ruleFixture } from "./support.ts";

/** Monday 23 November 2026 09:00 UTC: "yesterday" is Sunday 22 November. */
const MONDAY_9 = new Date("2026-11-23T09:00:00Z");
const SUNDAY = "2026-11-22T10:00:00Z";
/** The Sunday before: a one-day period is compared with the same weekday a week earlier. */
const LAST_SUNDAY = "2026-11-15T10:00:00Z";

/**
 * The Sunday before: e-mail and chat both at 90 %. Sunday: chat 88 %, e-mail 60 % —
 * Ann 40 % on her 50 answers, Bob 80 % — so CSAT is 74 % overall.
 */
const data = {
  surveys: [
    ...answers(LAST_SUNDAY, 45, 5, { channel: "email", agent: "Ann" }),
    ...answers(LAST_SUNDAY, 45, 5, { channel: "email", agent: "Bob" }),
    ...answers(LAST_SUNDAY, 90, 10, { channel: "chat", agent: "Cy" }),
    ...answers(SUNDAY, 20, 30, { channel: "email", agent: "Ann" }),
    ...answers(SUNDAY, 40, 10, { channel: "email", agent: "Bob" }),
    ...answers(SUNDAY, 88, 12, { channel: "chat", agent: "Cy" }),
  ],
};

const rule = ruleFixture({ id: "a-4fq", metric: "csat", condition: { kind: "threshold", op: "<", value: 80 }, period: "yesterday", minN: 30 });

describe("checkAlert", () => {
  it("asks the rule's question at the scheduled instant and observes the value and its n", async () => {
    // A one-day period is compared with the same weekday a week earlier unless the rule chose otherwise.
    expect(alertQuestion({ ...rule, filters: "channel=email" }, MONDAY_9)).toBe("csat yesterday vs same-weekday where channel=email");
    expect(alertQuestion({ ...rule, comparison: "last-year" }, MONDAY_9)).toBe("csat yesterday vs last-year");
    expect(alertQuestion({ ...rule, period: "last-7-days" }, MONDAY_9)).toBe("csat last-7-days");
    const check = await checkAlert(rule, engineOver(data), MONDAY_9);
    expect(check.observation).toEqual({ kind: "value", value: 74, n: 200 });
    expect(check.report?.current.dates).toBe("Sun 22 Nov 2026");
  });

  it("observes the comparison too for a change rule", async () => {
    const drops = ruleFixture({ condition: { kind: "change", direction: "drops", by: 5, unit: "pts" } });
    const check = await checkAlert(drops, engineOver(data), MONDAY_9);
    expect(check.observation).toEqual({ kind: "value", value: 74, n: 200, previous: { value: 90, n: 200 } });
  });

  it("observes no data in an empty period, and a source error (not a breach, not no data) when the source fails", async () => {
    expect((await checkAlert(rule, engineOver({ surveys: [] }), MONDAY_9)).observation).toEqual({ kind: "no_data" });
    const down: Connector = {
      name: "down",
      describe: async () => [],
      measure: () => Promise.reject(new SourceError("connection refused", "warehouse")),
    };
    expect((await checkAlert(rule, engineOver({}, { connector: down }), MONDAY_9)).observation).toEqual({ kind: "source_error", source: "warehouse" });
  });
});

describe("a change rule over one day, against the week's rhythm", () => {
  /** Tuesday 24 November 2026 09:00 UTC: "yesterday" is Monday 23 November. */
  const TUESDAY_9 = new Date("2026-11-24T09:00:00Z");
  /** CSAT 90 % the Monday before, 82.5 % on Sunday, 80 % this Monday. */
  const weekly = {
    surveys: [...answers("2026-11-16T10:00:00Z", 180, 20), ...answers(SUNDAY, 165, 35), ...answers("2026-11-23T10:00:00Z", 160, 40)],
  };
  const drops = ruleFixture({ metric: "csat", condition: { kind: "change", direction: "drops", by: 5, unit: "pts" }, period: "yesterday", minN: 30 });

  it("fires on a 10-point drop from the Monday before, which Sunday's 82.5 % would have hidden", async () => {
    const check = await checkAlert(drops, engineOver(weekly), TUESDAY_9);
    expect(check.command?.vs).toBe("same-weekday");
    expect(check.observation).toEqual({ kind: "value", value: 80, n: 200, previous: { value: 90, n: 200 } });
    expect(check.report?.comparison.dates).toBe("Mon 16 Nov 2026");
    const { state, notify } = nextAlertState(drops, null, check.observation, TUESDAY_9);
    expect(notify).toBe("firing");
    const report = alertReport(drops, state, "firing", check, null, engineOver(weekly), TUESDAY_9);
    expect(renderText(report).split("\n")[0]).toBe(
      "FIRING · alert a-abc: Customer satisfaction (CSAT) dropped 10 pts (90.0% → 80.0%) — rule: drops by 5 pts vs the same weekday a week earlier",
    );
  });

  it("compares with the day before only when the rule says `vs previous`, and then does not fire", async () => {
    const rule = { ...drops, comparison: "previous" as const };
    const check = await checkAlert(rule, engineOver(weekly), TUESDAY_9);
    expect(check.observation).toEqual({ kind: "value", value: 80, n: 200, previous: { value: 82.5, n: 200 } });
    expect(nextAlertState(rule, null, check.observation, TUESDAY_9).notify).toBeNull();
  });
});

describe("evidence", () => {
  it("names the segment that moved most the bad way, weighted by size, and the worst agents within it", async () => {
    const engine = engineOver(data);
    const check = await checkAlert(rule, engine, MONDAY_9);
    const evidence = await findEvidence(rule, check.command!, check.report!, engine, MONDAY_9);
    expect(evidence?.segment).toMatchObject({ dimension: "channel", key: "email", change: -30, share: 50 });
    expect(evidence?.segment.current.value).toBe(60);
    expect(evidence?.items).toMatchObject({ dimension: "agent", within: true, rows: [{ key: "Ann" }, { key: "Bob" }] });
    expect(evidence?.items?.rows.map((r) => r.result.value)).toEqual([40, 80]);

    const { state, notify } = nextAlertState(rule, null, check.observation, MONDAY_9);
    expect(notify).toBe("firing");
    const report = alertReport(rule, state, "firing", check, evidence, engine, MONDAY_9);
    expect(report.command).toBe("csat yesterday vs same-weekday by channel");
    await expect(renderText(report)).toMatchFileSnapshot("__snapshots__/alert-firing.txt");
  });

  it("weighs a rate's change by the segment's share, and a count's change as it is", () => {
    const value = (v: number, n: number) => ({ value: v, n, sampling: { kind: "none" as const } });
    const rows = (pairs: Array<[string, number, number]>): BreakdownRow[] => pairs.map(([key, v, n]) => ({ key, result: value(v, n) }));
    const byChannel = {
      dimension: "channel",
      current: rows([["email", 60, 100], ["social", 20, 5]]),
      previous: rows([["email", 70, 100], ["social", 80, 5]]),
    };
    // Rates: e-mail −10 × 95 % beats social −60 × 5 %.
    expect(pickSegment([byChannel], false, "down")).toMatchObject({ key: "email", change: -10 });
    // Nothing moved up: no segment to blame for a rise.
    expect(pickSegment([byChannel], false, "up")).toBeNull();
    const volume = {
      dimension: "channel",
      current: rows([["email", 120, 120], ["chat", 300, 300]]),
      previous: rows([["email", 100, 100], ["chat", 250, 250]]),
    };
    expect(pickSegment([volume], true, "up")).toMatchObject({ key: "chat", change: 50 });
  });
});

describe("alert messages", () => {
  it("says a source error is neither a breach nor no data, and when it is checked next", async () => {
    const down: Connector = { name: "down", describe: async () => [], measure: () => Promise.reject(new SourceError("refused", "warehouse")) };
    const engine = engineOver({}, { connector: down });
    const check = await checkAlert(rule, engine, MONDAY_9);
    const { state, notify } = nextAlertState(rule, null, check.observation, MONDAY_9);
    expect(notify).toBe("source_error");
    expect(renderText(alertReport(rule, state, "source_error", check, null, engine, MONDAY_9))).toBe(
      [
        "SOURCE ERROR · alert a-4fq (Customer satisfaction (CSAT) below 80.0% over yesterday): the data source (warehouse) could not be read at 23 Nov 2026 09:00 (UTC).",
        'This is not a breach and not "no data"; the rule is checked again at 24 Nov 2026 09:00 (UTC).',
      ].join("\n"),
    );
  });

  it("says when a rule resolves, against its rule", async () => {
    const engine = engineOver(data);
    const fired = nextAlertState(rule, null, { kind: "value", value: 74, n: 200 }, new Date("2026-11-22T09:00:00Z")).state;
    const check = await checkAlert({ ...rule, condition: { kind: "threshold", op: "<", value: 70 } }, engine, MONDAY_9);
    const resolved = nextAlertState({ ...rule, condition: { kind: "threshold", op: "<", value: 70 } }, fired, check.observation, MONDAY_9);
    expect(resolved.notify).toBe("resolved");
    const text = renderText(alertReport({ ...rule, condition: { kind: "threshold", op: "<", value: 70 } }, resolved.state, "resolved", check, null, engine, MONDAY_9));
    expect(text.split("\n")[0]).toBe("RESOLVED · alert a-4fq: Customer satisfaction (CSAT) is 74.0% — no longer below 70.0%");
  });
});

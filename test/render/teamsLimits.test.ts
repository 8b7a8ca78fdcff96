/**
 * Teams cards stay well inside what Teams takes (docs/architecture.md: keep a
 * message well under 80 KB; the bot's budget is 28 KB a card) with the most
 * a digest or an alert can carry: a digest of every catalog metric, with its
 * table, chart and Details buttons, and a firing alert with its evidence.
 */
import { describe, expect, it } from "vitest";
import { sampleConnector } from "../../src/ingest/sample/index.ts";
import { CATALOG } from "../../src/metrics/catalog/index.ts";
import { renderTeams } from "../../src/render/teams.ts";
import type { Report } from "../../src/report.ts";
import { alertReport, checkAlert, findEvidence } from "../../src/schedule/alertCheck.ts";
import { nextAlertState } from "../../src/schedule/alertState.ts";
import { buildDigest } from "../../src/schedule/digest.ts";
import { engineOver, NOW } from "../helpers.ts";
import { HERE, ruleFixture } from "../schedule/support.ts";
import { problems } from "../support/adaptiveCards.ts";

const teamsBytes = (report: Report) => Buffer.byteLength(JSON.stringify(renderTeams(report)));

describe("Teams digests and alerts within Teams' limits", () => {
  it("keeps a digest of every catalog metric, and an alert with its evidence, valid and under 28 KB", async () => {
    const engine = engineOver({}, { connector: sampleConnector(NOW) });
    const everything = { id: "d-all", destination: HERE, schedule: { cron: "0 9 * * *", timeZone: "UTC" }, metrics: CATALOG.map((d) => d.id), period: "last-week", paused: false, createdBy: "U", createdAt: NOW };
    const digest = await buildDigest(everything, engine, NOW);
    expect(digest.items).toHaveLength(CATALOG.length);
    expect(problems(renderTeams(digest))).toEqual([]);
    expect(teamsBytes(digest)).toBeLessThan(28_000);

    const rule = ruleFixture({ condition: { kind: "threshold", op: "<", value: 100 }, period: "last-30-days" });
    const check = await checkAlert(rule, engine, NOW);
    const { state, notify } = nextAlertState(rule, null, check.observation, NOW);
    const alert = alertReport(rule, state, notify!, check, await findEvidence(rule, check.command!, check.report!, engine, NOW), engine, NOW);
    expect(alert.evidence).not.toBeNull();
    expect(problems(renderTeams(alert, { post: `${rule.id}@2026-11-22T14:05:00.000Z/first` }))).toEqual([]);
    expect(teamsBytes(alert)).toBeLessThan(28_000);
  }, 120_000);
});

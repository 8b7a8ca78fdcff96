import { it } from "vitest";
import { sampleConnector } from "../../src/connectors/sample/index.ts";
import { renderSlack } from "../../src/render/slack.ts";
import { buildDigest } from "../../src/schedule/digest.ts";
import { alertReport, checkAlert } from "../../src/schedule/alertCheck.ts";
import { initialAlertState } from "../../src/schedule/alertState.ts";
import { engineOver, NOW } from "../helpers.ts";
import { digestFixture, ruleFixture } from "../schedule/support.ts";
it("peek", async () => {
  const engine = engineOver({}, { connector: sampleConnector(NOW) });
  const d = await buildDigest(digestFixture({ id: "d-7k3", metrics: ["csat", "nps", "frt", "ticket_volume"], period: "last-week" }), engine, new Date("2026-11-16T09:00:00Z"));
  console.log(JSON.stringify(renderSlack(d), null, 1));
  const RULE = ruleFixture({ id: "a-4fq", condition: { kind: "threshold", op: "<", value: 95 }, period: "last-7-days", minN: 30 });
  const check = await checkAlert(RULE, engine, NOW);
  const state = { ...initialAlertState(RULE.id), status: "firing" as const, firedAt: NOW };
  console.log(JSON.stringify(renderSlack(alertReport(RULE, state, "firing", check, null, engine, NOW)), null, 1));
});

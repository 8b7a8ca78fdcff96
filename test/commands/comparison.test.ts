/**
 * `vs same-weekday` on demand: the same question, answered against the same
 * weekday a week earlier, in words on every platform.
 */
import { describe, expect, it } from "vitest";
import { renderSlack } from "../../src/render/slack.ts";
import { renderTeams } from "../../src/render/teams.ts";
import { renderText } from "../../src/render/text.ts";
import { answers } from "../schedule/support.ts";
import { askMetric, engineOver } from "../helpers.ts";

/** Tuesday 24 November 2026 09:00 UTC: yesterday is Monday 23 November. */
const TUESDAY = new Date("2026-11-24T09:00:00Z");
const data = {
  surveys: [...answers("2026-11-16T10:00:00Z", 90, 10), ...answers("2026-11-22T10:00:00Z", 70, 30), ...answers("2026-11-23T10:00:00Z", 80, 20)],
};

describe("csat yesterday vs same-weekday", () => {
  it("compares Monday 23 November with Monday 16 November, not with Sunday, and says so on every platform", async () => {
    const engine = engineOver(data, { clock: { now: () => TUESDAY } });
    const report = await askMetric(engine, "csat yesterday vs same-weekday");
    expect(report.comparison).toMatchObject({ against: "same-weekday", dates: "Mon 16 Nov 2026", change: -10 });
    expect(report.command).toBe("csat yesterday vs same-weekday");
    expect(renderText(report)).toContain("▼ down 10 pts — worse, beyond sampling noise vs the same weekday a week earlier (90.0% in Mon 16 Nov 2026)");
    expect(JSON.stringify(renderSlack(report).blocks)).toContain("vs the same weekday a week earlier");
    expect(JSON.stringify(renderTeams(report))).toContain("same weekday, a week earlier: 90.0% (Mon 16 Nov 2026)");

    // Asked without `vs`, an answer still compares with the day before, as docs/metrics.md says.
    const plain = await askMetric(engine, "csat yesterday");
    expect(plain.comparison).toMatchObject({ against: "previous", dates: "Sun 22 Nov 2026", change: 10 });
  });
});

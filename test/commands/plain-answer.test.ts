/**
 * Plain questions through the whole answer path, over real rows in the memory
 * connector: the values the data holds read as filters, every answer to a
 * non-canonical question says how it was read (on the console, Slack and
 * Teams), and a value two dimensions share asks back with one button per reading.
 */
import type { MeasureQuery } from "../../src/measures/measures.ts";
import { describe, expect, it } from "vitest";
import type { Row } from "../../src/measures/datasets.ts";
import { renderSlack, SLACK_ACTIONS } from "../../src/render/slack.ts";
import { renderTeams, TEAMS_RERUN_VERB } from "../../src/render/teams.ts";
import { renderText } from "../../src/render/text.ts";
import type { ErrorReport } from "../../src/report.ts";
import type { Connector } from "../../src/connectors/connector.ts";
import { ask, askMetric, at, engineOver } from "../helpers.ts";
import { createMemoryConnector } from "../../src/connectors/memory.ts";

/** Survey answers in the week of Monday 9 – Sunday 15 November 2026 (last week for the helpers' Sunday 22 November). */
function survey(i: number, channel: string, agent: string, score: number): Row {
  return {
    id: `s${channel}${i}`,
    kind: "csat",
    score,
    scale_min: 1,
    scale_max: 5,
    submitted_at: at(`2026-11-${String(9 + (i % 7)).padStart(2, "0")}T10:00:00Z`),
    channel,
    agent,
    team: "billing",
    ticket_id: null,
    customer_id: null,
  };
}

const surveys: Row[] = [
  // 30 email answers, all positive; 10 chat answers, all negative; 8 by the agent called Web over the phone, 6 positive.
  ...Array.from({ length: 30 }, (_, i) => survey(i, "email", "Aino", 5)),
  ...Array.from({ length: 10 }, (_, i) => survey(i, "chat", "Marta", 1)),
  ...Array.from({ length: 8 }, (_, i) => survey(i, "phone", "Web", i < 6 ? 5 : 2)),
  // 4 answers on the web channel, 1 positive.
  ...Array.from({ length: 4 }, (_, i) => survey(i, "web", "Marta_<Jr> & co", i < 1 ? 5 : 1)),
  ...Array.from({ length: 5 }, (_, i) => survey(i, "Customer Care Call", "Aino", 4)),
];

describe("plain questions answered", () => {
  it("reads `how was csat for email last week` as channel=email over 9–15 November 2026: 30 of 30 positive, and says so", async () => {
    const report = await askMetric(engineOver({ surveys }), "how was csat for email last week");
    expect(report.command).toBe("csat last-week where channel=email");
    expect(report.readAs).toBe("csat last-week where channel=email");
    expect(report.result?.value).toBe(100);
    expect(report.result?.n).toBe(30);
  });

  it("adds no Read-as line when the question was typed as the command it reads as (case, a leading slash and an alias too)", async () => {
    const engine = engineOver({ surveys });
    for (const typed of ["csat last-week where channel=email", "/CSAT last-week where channel=email", "satisfaction last-week where channel=email"]) {
      const report = await askMetric(engine, typed);
      expect(report.command).toBe("csat last-week where channel=email");
      expect(report.readAs).toBeUndefined();
    }
    expect((await askMetric(engine, "csat")).readAs).toBeUndefined();
  });

  it("reads a value of several words the engine lower-cased: `customer care call` is a channel, 5 answers", async () => {
    const report = await askMetric(engineOver({ surveys }), "csat on customer care call last week");
    expect(report.command).toBe('csat last-week where channel="customer care call"');
    expect(report.result?.n).toBe(5);
  });

  it("reads `email vs chat` as the breakdown over those two channels: 100% and 0%", async () => {
    const report = await askMetric(engineOver({ surveys }), "csat last week for email vs chat");
    expect(report.command).toBe("csat last-week by channel where channel=email,chat");
    expect(report.breakdown?.rows.map((r) => [r.key, r.result?.value])).toEqual([
      ["email", 100],
      ["chat", 0],
    ]);
  });

  it("asks whether `web` is the channel or the agent, and each choice answers with its own figure", async () => {
    const engine = engineOver({ surveys });
    const report = (await ask(engine, "csat for web last week")) as ErrorReport;
    expect(report).toMatchObject({ kind: "error", cause: "user", message: "`web` is a channel and an agent — which did you mean?" });
    expect(report.choices).toEqual([
      { label: "channel=web", command: "csat last-week where channel=web" },
      { label: "agent=Web", command: "csat last-week where agent=Web" },
    ]);
    const channel = await askMetric(engine, report.choices![0]!.command);
    expect([channel.result?.n, channel.result?.value]).toEqual([4, 25]);
    const agent = await askMetric(engine, report.choices![1]!.command);
    expect([agent.result?.n, agent.result?.value]).toEqual([8, 75]);
    // Saying which settles it.
    expect((await askMetric(engine, "csat for the web channel last week")).command).toBe("csat last-week where channel=web");
  });

  it("offers the readings as commands to type on the console, buttons on Slack and Action.Execute buttons on Teams", async () => {
    const report = (await ask(engineOver({ surveys }), "csat for web last week")) as ErrorReport;
    expect(renderText(report)).toBe(
      ["`web` is a channel and an agent — which did you mean?", "Type one of:", "  csat last-week where channel=web", "  csat last-week where agent=Web"].join("\n"),
    );
    const slack = renderSlack(report);
    const actions = slack.blocks.find((b) => b.type === "actions") as { elements: Array<{ action_id: string; value: string; text: { text: string } }> };
    expect(actions.elements.map((e) => [e.action_id, e.value, e.text.text])).toEqual([
      [`${SLACK_ACTIONS.chooseReading}:0`, "csat last-week where channel=web", "channel=web"],
      [`${SLACK_ACTIONS.chooseReading}:1`, "csat last-week where agent=Web", "agent=Web"],
    ]);
    const teams = renderTeams(report);
    expect(teams.actions).toEqual([
      expect.objectContaining({ type: "Action.Execute", title: "channel=web", verb: TEAMS_RERUN_VERB, data: { command: "csat last-week where channel=web" } }),
      expect.objectContaining({ type: "Action.Execute", title: "agent=Web", verb: TEAMS_RERUN_VERB, data: { command: "csat last-week where agent=Web" } }),
    ]);
  });

  it("shows the reading on every platform, escaped for each: Slack entities, Teams markdown", async () => {
    const report = await askMetric(engineOver({ surveys }), 'csat for agent "Marta_<Jr> & co" last week');
    expect(report.readAs).toBe('csat last-week where agent="Marta_<Jr> & co"');
    expect(renderText(report)).toContain('\nRead as: csat last-week where agent="Marta_<Jr> & co"\n');
    const context = renderSlack(report).blocks.filter((b) => b.type === "context").map((b) => JSON.stringify(b));
    expect(context.some((c) => c.includes('Read as: `csat last-week where agent=\\"Marta_&lt;Jr&gt; &amp; co\\"`'))).toBe(true);
    const teams = JSON.stringify(renderTeams(report).body);
    expect(teams).toContain('Read as: **csat last-week where agent=\\"Marta\\\\_\\\\<Jr\\\\> & co\\"**');
  });

  it("asks the connector for the dimension values once a minute, not at every question", async () => {
    const { connector, grouped } = recordingGroupedCounts((q) => `${q.groupBy} ${q.range.start.toISOString()}`);
    const engine = engineOver({}, { connector });
    await askMetric(engine, "csat for email last week");
    // One grouped count per dimension of surveys, over the whole dataset.
    expect(grouped.sort()).toEqual(["agent 1970-01-01T00:00:00.000Z", "channel 1970-01-01T00:00:00.000Z", "team 1970-01-01T00:00:00.000Z"]);
    grouped.length = 0;
    await askMetric(engine, "csat for chat last week");
    expect(grouped).toEqual([]);
  });

  it("looks no values up for a question that reads without them (`nps last-month`, `how was csat last week`)", async () => {
    const { connector, grouped } = recordingGroupedCounts((q) => q.groupBy!);
    const engine = engineOver({}, { connector });
    await askMetric(engine, "nps last-month");
    await askMetric(engine, "how was csat last week");
    expect(grouped).toEqual([]);
  });

  it("lets a value that is also a filler word win: a team called `new` is a filter, 3 answers", async () => {
    const rows = [...surveys, ...Array.from({ length: 3 }, (_, i) => ({ ...survey(i, "email", "Aino", 5), id: `new${i}`, team: "new" }))];
    const report = await askMetric(engineOver({ surveys: rows }), "how was csat for new last week");
    expect(report.command).toBe("csat last-week where team=new");
    expect(report.result?.n).toBe(3);
  });

  it("refuses a value the data does not hold, naming what it holds", async () => {
    const report = (await ask(engineOver({ surveys }), "csat for Zorro last week")) as ErrorReport;
    expect(report.message).toBe("`Zorro` is not a period, nor a known channel, agent or team in csat's data.");
    expect(report.hint).toContain("channel: chat, customer care call, email, phone, web");
  });
});

/** The survey rows behind a connector that notes every grouped count asked of it (how known values are read). */
function recordingGroupedCounts(note: (q: MeasureQuery) => string): { connector: Connector; grouped: string[] } {
  const inner = createMemoryConnector({ surveys });
  const grouped: string[] = [];
  const connector: Connector = {
    name: "recording",
    describe: () => inner.describe(),
    measure: (q) => {
      if (q.groupBy) grouped.push(note(q));
      return inner.measure(q);
    },
  };
  return { connector, grouped };
}

/**
 * Truthful answers on exports that lack things, end to end: the small exports
 * in test/fixtures/truthful are dropped into a DATA_DIR and asked through the
 * whole command path on DuckDB, the same records through the memory engine,
 * and a table without the columns through Postgres. What is asserted is what
 * a person reads: a metric the data cannot support shows no figure and says
 * what to map; "no data" says why; skipped rows are said where they matter;
 * channels are lower-cased alike in every engine.
 */
import { cp } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { answer, type Engine } from "../../src/commands/answer.ts";
import { fixedClock } from "../../src/clock.ts";
import { loadConfig } from "../../src/config.ts";
import type { Row } from "../../src/measures/datasets.ts";
import { createPostgresConnector } from "../../src/connectors/postgres/index.ts";
import { createEngine } from "../../src/engine.ts";
import { silentLogger } from "../../src/log.ts";
import { renderSlack } from "../../src/render/slack.ts";
import { renderTeams } from "../../src/render/teams.ts";
import { renderText } from "../../src/render/text.ts";
import type { MetricReport, Report } from "../../src/report.ts";
import { buildDigest } from "../../src/schedule/digest.ts";
import { at, engineOver } from "../helpers.ts";
import { checkAlert } from "../../src/schedule/alertCheck.ts";
import { digestFixture, ruleFixture } from "../schedule/support.ts";
import { describePostgres, dropSchema, uniqueSchemaName } from "../support/postgres.ts";
import { tempDir } from "../connectors/support.ts";

/** Tuesday 15 December 2026, noon UTC: November is over, December is running. */
const NOW = new Date("2026-12-15T12:00:00Z");
const FIXTURES = fileURLToPath(new URL("../fixtures/truthful/", import.meta.url));

/** The metrics of tickets that read resolution or reply times. */
const NEED_RESOLVED = ["resolution_time", "complaint_resolution_time", "backlog", "resolution_rate"];
const NEED_BOTH = ["frt", "awaiting_reply"];

const opened: Array<{ engine: Engine; dispose: () => Promise<void> }> = [];
afterAll(async () => {
  for (const o of opened) {
    await o.engine.connector.close?.();
    await o.dispose();
  }
});

/** An engine over a copy of test/fixtures/truthful/<name> as DATA_DIR (DuckDB). */
async function duckOver(name: string): Promise<Engine> {
  const dir = await tempDir(`cs-truth-${name}-`);
  await cp(`${FIXTURES}${name}`, dir.path, { recursive: true });
  const engine = await createEngine(loadConfig({ DATA_DIR: dir.path, BOT_TIMEZONE: "UTC" }), { clock: fixedClock(NOW), log: silentLogger });
  opened.push({ engine, dispose: dir.dispose });
  return engine;
}

function memoryOver(data: Parameters<typeof engineOver>[0]): Engine {
  return engineOver(data, { clock: fixedClock(NOW) });
}

async function metric(engine: Engine, question: string): Promise<MetricReport> {
  const r = await answer(question, engine);
  if (r.kind !== "metric") throw new Error(`${question}: ${JSON.stringify(r)}`);
  return r;
}

/** What a person reads on each platform, as one string per platform. */
function everywhere(r: Report): string[] {
  return [renderText(r), JSON.stringify(renderSlack(r)), JSON.stringify(renderTeams(r))];
}

/** The complaints export as the memory engine holds it: no resolution or reply times at all. */
const complaintRows: Row[] = [
  ["C-1001", "2026-11-02", "Web"],
  ["C-1002", "2026-11-03", "Phone"],
  ["C-1003", "2026-11-05", "Web"],
  ["C-1004", "2026-11-09", "Referral"],
  ["C-1005", "2026-11-12", "Web"],
  ["C-1006", "2026-11-16", "Phone"],
  ["C-1007", "2026-11-19", "Web"],
  ["C-1008", "2026-11-23", "Postal mail"],
  ["C-1009", "2026-11-27", "Web"],
  ["C-1010", "2026-10-14", "Web"],
].map(([id, day, channel]) => ({
  id: id!,
  created_at: at(`${day}T00:00:00Z`),
  first_response_at: null,
  resolved_at: null,
  escalated_at: null,
  channel: channel!,
  agent: null,
  team: null,
  priority: null,
  is_complaint: true,
}));

describe("a complaints export with no resolution or reply times", () => {
  it("answers every metric that needs resolved_at or first_response_at with 'not available from your data' and how to map it — never a figure — on DuckDB", async () => {
    const engine = await duckOver("complaints");
    for (const id of [...NEED_RESOLVED, ...NEED_BOTH, "service_level"]) {
      const r = await answer(`${id} 2026-11`, engine);
      expect(r, id).toMatchObject({ kind: "error", cause: "unavailable" });
      if (r.kind !== "error") continue;
      const field = id === "service_level" ? "first_response_at" : "resolved_at";
      expect(r.message, id).toContain("is not available from your data: it needs `");
      expect(r.message, id).toContain(`\`${field}\``);
      expect(r.missing?.map((m) => m.field), id).toContain(field);
      for (const shown of everywhere(r)) {
        expect(shown, id).toContain("not available from your data");
        expect(shown, id).toContain("complaints.csv has no column of that name: map it in mapping.json");
        expect(shown, id).not.toMatch(/\d%|No data|n = /);
      }
    }
    const backlog = await answer("backlog 2026-11", engine);
    expect(renderText(backlog)).toBe(
      [
        "Ticket backlog is not available from your data: it needs `resolved_at` in tickets.",
        '`resolved_at` is not mapped, and complaints.csv has no column of that name: map it in mapping.json under files["complaints.csv"].datasets.tickets.fields, e.g. "resolved_at": "<the column of complaints.csv that holds it>" (docs/data.md lists every field and format).',
      ].join("\n"),
    );
    // What the data does have still answers, channels lower-cased as the catalog says.
    const volume = await metric(engine, "ticket_volume 2026-11 by channel");
    expect(volume.result?.value).toBe(9);
    expect(volume.breakdown?.rows.map((row) => [row.key, row.result?.value])).toEqual([["web", 5], ["phone", 2], ["postal mail", 1], ["referral", 1]]);
  });

  it("lists, in `sources`, what tickets can and cannot answer and why", async () => {
    const engine = await duckOver("complaints");
    const r = await answer("sources", engine);
    if (r.kind !== "sources") throw new Error(JSON.stringify(r));
    const tickets = r.datasets.find((d) => d.dataset === "tickets")!;
    expect(tickets.unavailable?.map((u) => u.metric).sort()).toEqual([...NEED_RESOLVED, ...NEED_BOTH, "service_level"].sort());
    const text = renderText(r);
    expect(text).toContain("  can answer: ticket_volume\n");
    expect(text).toContain("  cannot answer resolution_time, complaint_resolution_time, backlog, resolution_rate: tickets has no `resolved_at`\n");
    expect(text).toContain("  cannot answer service_level: tickets has no `first_response_at`\n");
  });

  it("says the same through the memory engine, where every resolved_at is empty", async () => {
    const engine = memoryOver({ tickets: complaintRows });
    for (const id of [...NEED_RESOLVED, ...NEED_BOTH]) {
      const r = await answer(`${id} 2026-11`, engine);
      expect(r, id).toMatchObject({ kind: "error", cause: "unavailable" });
      expect(renderText(r), id).toContain("is not available from your data: it needs `");
      if (r.kind === "error") expect(r.missing?.find((m) => m.field === "resolved_at")?.why).toBe("every `resolved_at` in tickets is empty (10 rows)");
    }
    const volume = await metric(engine, "ticket_volume 2026-11 by channel");
    expect(volume.breakdown?.rows.map((row) => [row.key, row.result?.value])).toEqual([["web", 5], ["phone", 2], ["postal mail", 1], ["referral", 1]]);
  });

  it("leaves the unavailable metrics out of a digest and says so once, in one line", async () => {
    const engine = memoryOver({ tickets: complaintRows });
    const digest = digestFixture({ metrics: ["ticket_volume", "frt", "backlog", "resolution_rate"], period: "last-month" });
    const report = await buildDigest(digest, engine, NOW);
    expect(report.items.map((i) => i.metricId)).toEqual(["ticket_volume"]);
    expect(report.unavailable?.map((u) => u.metricId)).toEqual(["frt", "backlog", "resolution_rate"]);
    const text = renderText(report);
    const lines = text.split("\n").filter((l) => l.includes("not available"));
    const line = "Left out, not available from your data: First response time, Ticket backlog, Resolution rate (they need `resolved_at` and `first_response_at` in tickets). `sources` says how to map them.";
    expect(lines).toEqual([line]);
    const slack = JSON.stringify(renderSlack(report));
    expect(slack.split("not available from your data")).toHaveLength(2);
    expect(slack).toContain(line);
    const teams = JSON.stringify(renderTeams(report));
    expect(teams.split("not available from your data")).toHaveLength(2);
    // On Teams, as a line of the card (commands in bold: Teams shows backticks raw).
    expect(teams).toContain(JSON.stringify(line.replaceAll("`", "**")).slice(1, -1));
  });
});

describe("an alert on a metric the data cannot support", () => {
  it("never fires: the check observes 'no data' (said once, like any no data), not a backlog of 0 or of every ticket", async () => {
    const engine = memoryOver({ tickets: complaintRows });
    const rule = ruleFixture({ metric: "backlog", condition: { kind: "threshold", op: ">", value: 5 }, period: "last-month" });
    const check = await checkAlert(rule, engine, NOW);
    expect(check.observation).toEqual({ kind: "no_data" });
    expect(check.report).toBeNull();
  });
});

describe("define", () => {
  it("shows the latest record in BOT_TIMEZONE, like every other answer", async () => {
    const engine = memoryOver({ tickets: complaintRows });
    const r = await answer("define ticket_volume", { ...engine, timeZone: "Europe/Vilnius" });
    // The latest complaint came in on 27 November 2026 at 00:00 UTC: 02:00 in Vilnius.
    const [text, slack, teams] = everywhere(r);
    expect(text).toContain("latest record 27 Nov 2026 02:00 Europe/Vilnius");
    expect(slack).toContain("27 Nov 2026 02:00 Europe/Vilnius");
    expect(teams).toContain("27 Nov 2026 02:00 Europe/Vilnius");
  });
});

describe("surveys with CSAT answers only", () => {
  it("says nps has no 0–10 answers among the 40 survey answers of November — on DuckDB and in memory", async () => {
    const duck = await duckOver("csat-only");
    const fromDuck = await metric(duck, "nps 2026-11");
    expect(fromDuck.result).toBeNull();
    expect(fromDuck.noData).toMatchObject({ why: "none-counted", rows: 40 });
    for (const shown of everywhere(fromDuck)) expect(shown).toContain("no 0–10 answers (kind nps) among 40 survey answers in this period.");

    const rows: Row[] = Array.from({ length: 40 }, (_, i) => ({
      id: `s${i}`,
      kind: "CSAT",
      score: 4,
      scale_min: 1,
      scale_max: 5,
      submitted_at: at(`2026-11-${String(1 + (i % 28)).padStart(2, "0")}T10:00:00Z`),
      channel: "Customer Care Call",
      agent: "Bob Smith",
      team: null,
      ticket_id: null,
      customer_id: null,
    }));
    const memory = memoryOver({ surveys: rows });
    const fromMemory = await metric(memory, "nps 2026-11");
    expect(renderText(fromMemory)).toContain("No data: no 0–10 answers (kind nps) among 40 survey answers in this period.");
    // "CSAT" is read as the kind csat; the channel is lower-cased, the agent's name kept as written.
    const csat = await metric(memory, "csat 2026-11 by channel");
    expect(csat.result?.n).toBe(40);
    expect(csat.breakdown?.rows.map((r) => r.key)).toEqual(["customer care call"]);
    expect((await metric(memory, "csat 2026-11 by agent")).breakdown?.rows.map((r) => r.key)).toEqual(["Bob Smith"]);
  });

  it("lower-cases the channels 'Customer Care Call' and 'Email' on DuckDB too, so a filter and a breakdown agree", async () => {
    const engine = await duckOver("csat-only");
    const byChannel = await metric(engine, "csat_score 2026-11 by channel");
    expect(byChannel.breakdown?.rows.map((r) => r.key).sort()).toEqual(["chat", "customer care call", "email"]);
    const filtered = await metric(engine, "csat_score 2026-11 where channel=Email");
    expect(filtered.result?.n).toBe(14);
    expect(byChannel.breakdown?.rows.find((r) => r.key === "email")?.result?.n).toBe(14);
    expect((await metric(engine, "csat_score 2026-11 by agent")).breakdown?.rows.map((r) => r.key).sort()).toEqual(["Ann", "Bob Smith"]);
  });

  it("says 'nothing in surveys for this period' when the period has no rows at all", async () => {
    const engine = await duckOver("csat-only");
    const r = await metric(engine, "nps 2026-10");
    expect(r.noData).toMatchObject({ why: "no-rows" });
    expect(renderText(r)).toContain("No data: nothing in surveys for this period.");
  });
});

describe("a channel value map that knows E-mail and Chat but not Phone", () => {
  it("says how many rows of November were skipped and why, and that the breakdown left them out", async () => {
    const engine = await duckOver("partial-map");
    const r = await metric(engine, "ticket_volume 2026-11 by channel");
    expect(r.result?.value).toBe(20);
    expect(r.skipped).toEqual({ count: 10, reason: "channel: value not in the value map", reasonCount: 10 });
    expect(r.breakdown?.dropped).toEqual({ count: 10, reason: "channel: value not in the value map", reasonCount: 10 });
    for (const shown of everywhere(r)) expect(shown).toContain("10 rows left out of this channel breakdown: channel: value not in the value map.");
    const plain = await metric(engine, "ticket_volume 2026-11");
    for (const shown of everywhere(plain)) {
      expect(shown).toContain("10 rows of tickets in this period were skipped, all for channel: value not in the value map; they are not in the figures.");
    }
  });

  it("says every row of December could not be read, instead of plain 'No data'", async () => {
    const engine = await duckOver("partial-map");
    const r = await metric(engine, "ticket_volume 2026-12");
    expect(r.result).toBeNull();
    expect(r.noData).toMatchObject({ why: "all-skipped", scope: "period", rows: 5 });
    const text = renderText(r);
    expect(text).toContain("No data: all 5 rows of tickets in this period could not be read (channel: value not in the value map: 5), so none could be used.");
    expect(text).not.toContain("were skipped");
  });
});

describe("a file whose every date fails to parse", () => {
  it("says that all its rows could not be read, with the reason, instead of plain 'No data'", async () => {
    const engine = await duckOver("unreadable");
    const r = await metric(engine, "ticket_volume 2026-11");
    expect(r.noData).toMatchObject({ why: "all-skipped", scope: "dataset", rows: 12 });
    for (const shown of everywhere(r)) expect(shown).toContain("all 12 rows of tickets could not be read (created_at: not a date-time (yyyy-MM-dd): 12), so none could be used.");
  });
});

await describePostgres("a Postgres table without resolution or reply columns", (url) => {
  const schema = uniqueSchemaName("truth_pg");
  let admin: pg.Client;
  let engine: Engine;

  beforeAll(async () => {
    admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`CREATE SCHEMA "${schema}"`);
    await admin.query(`CREATE TABLE "${schema}".complaints (id TEXT, opened TIMESTAMPTZ, channel TEXT, is_complaint BOOLEAN)`);
    await admin.query(
      `INSERT INTO "${schema}".complaints VALUES ('c1', '2026-11-02T09:00:00Z', 'Web', true), ('c2', '2026-11-03T09:00:00Z', 'Phone', true), ('c3', '2026-11-04T09:00:00Z', 'WEB', true)`,
    );
    const connector = createPostgresConnector({
      url,
      statementTimeoutMs: 10_000,
      tables: { tickets: { table: `${schema}.complaints`, columns: { created_at: "opened" } } },
      describeTtlMs: 0,
      describeStaleMs: 0,
    });
    engine = engineOver({}, { connector, clock: fixedClock(NOW) });
  });
  afterAll(async () => {
    await engine?.connector.close?.();
    await admin?.end();
    await dropSchema(url, schema);
  });

  it("answers backlog and frt 'not available' with the table and the mapping key to fix, and lower-cases channels", async () => {
    const backlog = await answer("backlog 2026-11", engine);
    expect(backlog).toMatchObject({ kind: "error", cause: "unavailable" });
    expect(renderText(backlog)).toContain("Ticket backlog is not available from your data: it needs `resolved_at` in tickets.");
    expect(renderText(backlog)).toContain(`Postgres table ${schema}.complaints has no column "resolved_at": add it, or name the column that holds tickets.resolved_at under mapping.json: tables.tickets.columns.resolved_at.`);
    expect(await answer("frt 2026-11", engine)).toMatchObject({ kind: "error", cause: "unavailable" });
    const volume = await metric(engine, "ticket_volume 2026-11 by channel");
    expect(volume.breakdown?.rows.map((r) => [r.key, r.result?.value])).toEqual([["web", 2], ["phone", 1]]);
  });
});

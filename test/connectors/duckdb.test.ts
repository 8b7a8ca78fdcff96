/**
 * The DuckDB connector over real files in a temporary DATA_DIR: files in the
 * normalized shape, a team's own export with a mapping, the rows it skips
 * (counted per reason), and the errors that name the file and the column.
 */
import { copyFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { fixedClock } from "../../src/clock.ts";
import type { Connector } from "../../src/connectors/connector.ts";
import { openDuckDb } from "../../src/connectors/duckdb/database.ts";
import { openDuckDbConnector, type DuckDbConnector } from "../../src/connectors/duckdb/index.ts";
import { parseMapping } from "../../src/ingest/mapping.ts";
import { within, field, seconds, type MeasureQuery } from "../../src/measures/measures.ts";
import { DataProblemError, UserError } from "../../src/errors.ts";
import { renderText } from "../../src/render/text.ts";
import { ask, askMetric, engineOver } from "../helpers.ts";
import { CALL_CENTRE_CSV, tempDir, writeParquet } from "./support.ts";

/** Sunday 22 November 2026, 14:05 UTC. */
const NOW = new Date("2026-11-22T14:05:00Z");
const NOVEMBER = { start: new Date("2026-11-01T00:00:00Z"), end: new Date("2026-12-01T00:00:00Z") };

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  // Every cleanup runs (last registered first), even when one fails.
  const failures: unknown[] = [];
  while (cleanups.length > 0) await cleanups.pop()!().catch((e: unknown) => failures.push(e));
  if (failures.length > 0) throw failures[0];
});

/** A DATA_DIR holding `files`, and the connector over it (no sample data). */
async function folder(files: Record<string, string | Buffer>, opts: { timeZone?: string } = {}): Promise<{ dir: string; open: () => Promise<DuckDbConnector> }> {
  const dir = await tempDir("cs-duck-");
  cleanups.push(dir.dispose);
  for (const [name, content] of Object.entries(files)) await writeFile(join(dir.path, name), content);
  return {
    dir: dir.path,
    open: async () => {
      const c = await openDuckDbConnector({ dataDir: dir.path, clock: fixedClock(NOW), sample: false, refreshMs: 0, ...opts });
      cleanups.push(async () => c.close?.());
      return c;
    },
  };
}

async function openError(files: Record<string, string | Buffer>): Promise<UserError> {
  const f = await folder(files);
  const error = await f.open().then(
    () => new Error("expected a config error"),
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(UserError);
  expect((error as UserError).code).toBe("config");
  return error as UserError;
}

/** The problems `describe()` reports for `dataset` of a DATA_DIR holding `files`; a question about it answers with them. */
async function problemsOf(files: Record<string, string | Buffer>, dataset: string): Promise<string[]> {
  const c = await (await folder(files)).open();
  const info = (await c.describe()).find((i) => i.dataset === dataset);
  expect(info?.problems?.length).toBeGreaterThan(0);
  const e = await c.measure({ dataset: dataset as MeasureQuery["dataset"], measures: { n: { agg: "count" } }, range: NOVEMBER, filters: [], timeZone: "UTC" }).then(
    () => new Error("expected the dataset to answer with its problem"),
    (e: unknown) => e,
  );
  expect(e).toBeInstanceOf(DataProblemError);
  expect((e as DataProblemError).problems).toEqual(info!.problems);
  return info!.problems!;
}

const count = (c: Connector, q: Partial<MeasureQuery> & Pick<MeasureQuery, "dataset" | "measures">) =>
  c.measure({ range: NOVEMBER, filters: [], timeZone: "UTC", ...q });

describe("files in the normalized shape", () => {
  const TICKETS = [
    "id,created_at,first_response_at,resolved_at,escalated_at,channel,agent,team,priority,is_complaint",
    "t1,2026-11-02T09:00:00Z,2026-11-02T09:30:00Z,2026-11-03T09:00:00Z,,Email,Ann,billing,,false",
    "t2,2026-11-02 10:00:00,2026-11-02 10:10:00,,,chat,Bob,,high,yes",
    "t3,not a date,,,,email,Ann,,,false",
    "t4,,,,,email,Ann,,,false",
    "t5,2026-11-05T08:00:00+02:00,,,,phone,,,,maybe",
  ].join("\n");

  it("reads tickets.csv: ISO times with an offset as given, without one in the team's zone; skips and counts a bad date, a missing time and a bad yes/no", async () => {
    const c = await (await folder({ "tickets.csv": TICKETS }, { timeZone: "Europe/Vilnius" })).open();
    const [info] = await c.describe();
    expect(info).toMatchObject({ dataset: "tickets", source: "tickets.csv", rows: 2 });
    expect(info!.skipped).toEqual([
      { reason: "created_at: not a date-time (ISO 8601)", count: 1 },
      { reason: "is_complaint: not yes/no (use a value map)", count: 1 },
      { reason: "missing created_at", count: 1 },
    ]);
    // t2 was written 10:00 in Vilnius (UTC+2 in November): 08:00 UTC.
    expect(info!.firstAt?.toISOString()).toBe("2026-11-02T08:00:00.000Z");
    expect(info!.latestAt?.toISOString()).toBe("2026-11-02T09:00:00.000Z");
    const r = await count(c, {
      dataset: "tickets",
      measures: {
        created: { agg: "count", where: within("created_at") },
        firstResponse: { agg: "moments", of: seconds(field("created_at"), field("first_response_at")), where: within("created_at") },
        complaints: { agg: "count", where: { eq: "is_complaint", value: true } },
      },
      filters: [{ field: "channel", values: ["EMAIL", "chat"] }],
    });
    expect(r.total).toEqual({ created: 2, firstResponse: { n: 2, sum: 1800 + 600, sumSq: 1800 ** 2 + 600 ** 2 }, complaints: 1 });
  });

  it("reads surveys from a JSON array and responses from newline-delimited JSON, typed as they come", async () => {
    const surveys = [
      { id: "s1", kind: "csat", score: 5, scale_min: 1, scale_max: 5, submitted_at: "2026-11-03T10:00:00Z", channel: "email" },
      { id: "s2", kind: "csat", score: 2, scale_min: 1, scale_max: 5, submitted_at: "2026-11-04T10:00:00Z", channel: "chat" },
      { id: "s3", kind: "csat", score: 9, scale_min: 1, scale_max: 5, submitted_at: "2026-11-04T11:00:00Z", channel: "chat" },
    ];
    const responses = [
      { ticket_id: "t1", responded_at: "2026-11-03T10:00:00Z", response_seconds: 120, agent: "Ann", channel: "email" },
      { ticket_id: "t1", responded_at: "2026-11-03T11:00:00Z", response_seconds: 60.5, agent: "Ann", channel: "email" },
    ];
    const c = await (
      await folder({ "surveys.json": JSON.stringify(surveys), "responses.ndjson": responses.map((r) => JSON.stringify(r)).join("\n") })
    ).open();
    const infos = await c.describe();
    expect(infos.map((i) => [i.dataset, i.source, i.rows])).toEqual([
      ["responses", "responses.ndjson", 2],
      ["surveys", "surveys.json", 2],
    ]);
    expect(infos[1]!.skipped).toEqual([{ reason: "score out of range", count: 1 }]);
    const r = await count(c, { dataset: "responses", measures: { replies: { agg: "moments", of: field("response_seconds") } } });
    expect(r.total.replies).toEqual({ n: 2, sum: 180.5, sumSq: 120 ** 2 + 60.5 ** 2 });
  });

  it("names the file and the column when a normalized file lacks a column its dataset needs, and still starts", async () => {
    const [problem] = await problemsOf({ "tickets.csv": "id,created_at,agent\nt1,2026-11-02T09:00:00Z,Ann\n" }, "tickets");
    expect(problem).toContain('tickets.csv has no column "channel", which tickets needs');
    expect(problem).toContain('Columns: "id", "created_at", "agent"');
  });

  it("leaves alone, and reports as unused, a data file that is neither named after a dataset nor mapped", async () => {
    const c = await (await folder({ "tickets.csv": TICKETS, "notes.csv": "a,b\n1,2\n" })).open();
    expect(c.unused()).toEqual(["notes.csv"]);
    expect((await c.describe()).map((i) => i.dataset)).toEqual(["tickets"]);
  });

  it("picks up a file added while it runs, without a restart", async () => {
    const f = await folder({ "tickets.csv": TICKETS });
    const c = await f.open();
    expect((await c.describe()).map((i) => i.dataset)).toEqual(["tickets"]);
    await writeFile(join(f.dir, "feedback.csv"), "id,received_at,responded_at,channel,sentiment\nf1,2026-11-03T10:00:00Z,,social,negative\n");
    const infos = await c.describe();
    expect(infos.map((i) => [i.dataset, i.rows])).toEqual([
      ["tickets", 2],
      ["feedback", 1],
    ]);
  });
});

describe("a team's own export with mapping.json", () => {
  // Semicolons; dd/MM/yyyy dates and H:mm:ss times in separate columns, in Vilnius time;
  // talk time h:mm:ss, hold mm:ss, wrap-up in minutes; Yes/No and Y/N; ratings 1–5 (0 when not answered).
  const EXPORT = [
    "Ref;Opened;At;Waited;Talk;Hold;Wrap;Answered;Lost;Rating;Agent;Queue",
    "C1;02/11/2026;09:00:00;30;0:03:00;1:30;2;Yes;N;5;Ann;Billing",
    "C2;02/11/2026;23:30:00;90;1:00:30;0:00;0.5;Yes;N;3;Bob;Tech",
    "C3;31/02/2026;10:00:00;10;0:01:00;0:10;1;Yes;N;4;Ann;Billing",
    "C4;03/11/2026;11:00:00;;;0:00;0;No;Y;0;Cid;Tech",
    "C5;03/11/2026;12:00:00;20;3:75;0:00;1;Yes;N;6;Bob;Tech",
    "C6;04/11/2026;08:15:00;45;0:02:30;0:00;1;Yes;?;4;Ann;Billing",
    "C7;04/11/2026;9:05:07;15;0:02:10;0:20;1;Yes;N;;Cid;Tech",
  ].join("\r\n");
  const opened = { date: "Opened", time: "At", format: "dd/MM/yyyy" };
  const MAPPING = {
    timeZone: "Europe/Vilnius",
    files: {
      "export.csv": {
        csv: { delimiter: ";" },
        datasets: {
          calls: {
            fields: {
              id: "Ref",
              queued_at: opened,
              answered_at: { field: "queued_at", plus: { column: "Waited", duration: "seconds" }, when: { column: "Answered", is: "Yes" } },
              ended_at: { field: "answered_at", plus: { column: "Talk", duration: "h:mm:ss" } },
              hold_seconds: { column: "Hold", duration: "mm:ss" },
              wrap_up_seconds: { column: "Wrap", duration: "minutes" },
              blocked: { column: "Lost", values: { Y: true, N: false } },
              agent: "Agent",
              topic: "Queue",
            },
          },
          surveys: {
            fields: {
              id: "Ref",
              kind: { value: "csat" },
              score: { column: "Rating", scale: [1, 5] },
              submitted_at: opened,
              channel: { value: "phone" },
              agent: "Agent",
              team: { column: "Queue", values: { Billing: "billing", Tech: "technical" } },
            },
          },
        },
      },
    },
  };

  async function openExport() {
    const f = await folder({ "export.csv": EXPORT, "mapping.json": JSON.stringify(MAPPING) });
    return f.open();
  }

  it("feeds calls and surveys from one file and counts every skipped row under its reason", async () => {
    const c = await openExport();
    const infos = await c.describe();
    expect(infos.map((i) => [i.dataset, i.source, i.rows])).toEqual([
      ["surveys", "export.csv", 3],
      ["calls", "export.csv", 4],
    ]);
    expect(infos[0]!.skipped).toEqual([
      { reason: "score out of range", count: 2 },
      { reason: "missing score", count: 1 },
      { reason: "submitted_at: not a date-time (dd/MM/yyyy H:mm:ss)", count: 1 },
    ]);
    expect(infos[1]!.skipped).toEqual([
      { reason: "blocked: value not in the value map", count: 1 },
      { reason: "ended_at: not a duration (h:mm:ss)", count: 1 },
      { reason: "queued_at: not a date-time (dd/MM/yyyy H:mm:ss)", count: 1 },
    ]);
    // 2 November 2026 09:00 in Vilnius is 07:00 UTC; the last used call, 4 November 9:05:07, is 07:05:07 UTC.
    expect(infos[1]!.firstAt?.toISOString()).toBe("2026-11-02T07:00:00.000Z");
    expect(infos[1]!.latestAt?.toISOString()).toBe("2026-11-04T07:05:07.000Z");
  });

  it("answers asa, aht, blockage and csat from the mapped rows only (calls C1, C2, C4, C7; answers C1, C2, C6)", async () => {
    const engine = engineOver({}, { connector: await openExport(), timeZone: "Europe/Vilnius" });
    // Waits of the answered calls: 30, 90 and 15 s.
    expect((await askMetric(engine, "asa 2026-11")).result).toMatchObject({ value: 45, n: 3 });
    // Talk + hold + wrap-up: 180 + 90 + 120, 3630 + 0 + 30, 130 + 20 + 60 → 4260 s over 3 calls.
    expect((await askMetric(engine, "aht 2026-11")).result).toMatchObject({ value: 1420, n: 3 });
    expect((await askMetric(engine, "blockage 2026-11")).result).toMatchObject({ value: 1, n: 4 });
    // Scores 5, 3 and 4: two of three positive.
    const csat = await askMetric(engine, "csat 2026-11 by team");
    expect(csat.result?.value).toBeCloseTo(200 / 3, 12);
    expect(csat.breakdown?.rows.map((r) => [r.key, r.result?.value])).toEqual([
      ["billing", 100],
      ["technical", 0],
    ]);
  });

  it("takes only the rows a dataset's `when` selects, without counting the others as skipped", async () => {
    const mapping = {
      files: {
        "reviews.csv": {
          datasets: {
            feedback: {
              when: { column: "Type", is: ["review", "comment"] },
              fields: { id: "Id", received_at: { column: "Received", format: "dd.MM.yyyy HH:mm" }, responded_at: { column: "Replied", format: "dd.MM.yyyy HH:mm" }, channel: "Site" },
            },
          },
        },
      },
    };
    const csv = ["Id,Type,Received,Replied,Site", "1,review,03.11.2026 10:00,03.11.2026 12:00,Trustpilot", "2,spam,03.11.2026 11:00,,Trustpilot", "3,comment,04.11.2026 09:30,,Facebook"].join("\n");
    const c = await (await folder({ "reviews.csv": csv, "mapping.json": JSON.stringify(mapping) })).open();
    const [info] = await c.describe();
    expect(info).toMatchObject({ dataset: "feedback", rows: 2, skipped: [] });
    const r = await count(c, { dataset: "feedback", measures: { received: { agg: "count" }, replied: { agg: "count", where: { notNull: "responded_at" } } }, groupBy: "channel" });
    expect(r.groups).toEqual([
      // Channels are lower-cased at ingestion (METRICS.md: "Channels are free text normalized to lower case").
      { key: "facebook", values: { received: 1, replied: 0 } },
      { key: "trustpilot", values: { received: 1, replied: 1 } },
    ]);
  });

  it("counts malformed CSV lines instead of failing on them", async () => {
    const csv = ["id,received_at,responded_at,channel,sentiment", "f1,2026-11-03T10:00:00Z,,social,negative", "f2,2026-11-03T11:00:00Z,social", "f3,2026-11-03T12:00:00Z,,review,positive"].join("\n");
    const c = await (await folder({ "feedback.csv": csv, "mapping.json": JSON.stringify({ files: { "feedback.csv": { csv: { delimiter: "," }, datasets: { feedback: {} } } } }) })).open();
    const [info] = await c.describe();
    expect(info).toMatchObject({ dataset: "feedback", rows: 2, skipped: [{ reason: "malformed CSV line (missing columns)", count: 1 }] });
  });
});

describe("a file that goes away while the bot runs", () => {
  it("answers that the data source is unavailable, not that there is no data, until the folder is looked at again", async () => {
    const f = await folder({});
    const writer = await openDuckDb({ connections: 1 });
    cleanups.push(() => writer.close());
    await writeParquet(writer, join(f.dir, "tickets.parquet"), "tickets", [
      { id: "t1", created_at: Date.parse("2026-11-10T09:00:00Z"), first_response_at: null, resolved_at: null, escalated_at: null, channel: "email", agent: null, team: null, priority: null, is_complaint: false },
    ]);
    const c = await openDuckDbConnector({ dataDir: f.dir, clock: fixedClock(NOW), sample: false, refreshMs: 3_600_000 });
    cleanups.push(async () => c.close?.());
    const engine = engineOver({}, { connector: c });
    expect((await askMetric(engine, "ticket_volume last-week")).result).toMatchObject({ value: 1 });
    await rm(join(f.dir, "tickets.parquet"));
    const r = await ask(engine, "ticket_volume last-week");
    expect(r).toMatchObject({ kind: "error", cause: "source" });
    expect(renderText(r)).toContain("The data source (files in DATA_DIR) is unavailable right now");
  });
});

describe("mistakes in files and the mapping", () => {
  it("names the file when a file the mapping names is missing", async () => {
    const [problem] = await problemsOf({ "mapping.json": JSON.stringify({ files: { "calls-march.csv": { datasets: { calls: {} } } } }) }, "calls");
    expect(problem).toContain('mapping.json: files["calls-march.csv"]: the file calls-march.csv is not in');
  });

  it("names the file, the column and the mapping key when the mapping names a column the file lacks", async () => {
    const csv = "Call Id,Agent,Date\nID1,Ann,01/01/2021\n";
    const mapping = { files: { "calls.csv": { datasets: { calls: { fields: { id: "Call Id", agent: "agent", queued_at: { date: "Date", format: "dd/MM/yyyy" }, hold_seconds: { value: 0 }, wrap_up_seconds: { value: 0 }, blocked: { value: false } } } } } } };
    const problems = await problemsOf({ "calls.csv": csv, "mapping.json": JSON.stringify(mapping) }, "calls");
    expect(problems).toEqual(['calls.csv has no column "agent" (mapping.json: files["calls.csv"].datasets.calls.fields.agent). Did you mean "Agent"? Its columns are: "Call Id", "Agent", "Date".']);
  });

  it("names the file when a CSV cannot be read at all", async () => {
    const garbage = Buffer.from(Array.from({ length: 4000 }, (_, i) => (i * 7919) % 251));
    const [problem] = await problemsOf({ "tickets.csv": garbage }, "tickets");
    expect(problem).toMatch(/^tickets\.csv could not be read as CSV|^tickets\.csv has no column/);
  });

  it("names the mapping file and key of a bad date format, an unknown key and an unknown field", () => {
    const bad = (mapping: unknown) => {
      try {
        parseMapping(JSON.stringify(mapping));
      } catch (e) {
        expect(e).toBeInstanceOf(UserError);
        return (e as UserError).message;
      }
      throw new Error("expected a mapping error");
    };
    expect(bad({ files: { "a.csv": { datasets: { calls: { fields: { queued_at: { column: "When", format: "dd/MM/yyyy hh:mm:ss Q" } } } } } } })).toBe(
      'mapping.json: files["a.csv"].datasets.calls.fields.queued_at.format: "dd/MM/yyyy hh:mm:ss Q" has "Q", which is not a supported token (use e.g. dd/MM/yyyy HH:mm:ss)',
    );
    expect(bad({ files: { "a.csv": { datasets: { calls: { fields: {} } } } }, tabels: {} })).toBe(
      'mapping.json: (top level): has unknown key "tabels": did you mean "tables"? (keys here: $schema, timeZone, files, tables)',
    );
    expect(bad({ files: { "a.csv": { datasets: { calls: { fields: { agnet: "Agent" } } } } } })).toContain(
      'mapping.json: files["a.csv"].datasets.calls.fields.agnet: calls has no field "agnet": did you mean "agent"? (its fields: id, queued_at',
    );
    expect(bad({ files: { "a.csv": { datasets: { tickets: { fields: { is_complaint: { column: "C", values: { Y: "yes" } } } } } } } })).toBe(
      'mapping.json: files["a.csv"].datasets.tickets.fields.is_complaint.values["Y"]: "yes" is not a boolean: write true or false, without quotes, or null for empty',
    );
    expect(bad({ files: { "../etc/passwd": { datasets: {} } } })).toContain("must be a file inside DATA_DIR");
  });

  it("stops at start with the problem when mapping.json is not JSON", async () => {
    const e = await openError({ "mapping.json": "{ files: }" });
    expect(e.message).toMatch(/^mapping\.json is not valid JSON/);
  });
});

describe("the call-centre CSV, copied as a team would drop it in", () => {
  it("reads a BOM, CRLF lines and unnamed trailing columns", async () => {
    const f = await folder({
      "mapping.json": JSON.stringify({
        files: { "calls.csv": { datasets: { calls: { fields: { id: "Call Id", queued_at: { date: "Date", time: "Time", format: "dd/MM/yyyy" }, hold_seconds: { value: 0 }, wrap_up_seconds: { value: 0 }, blocked: { value: false }, agent: "Agent" } } } } },
      }),
    });
    await copyFile(CALL_CENTRE_CSV, join(f.dir, "calls.csv"));
    const c = await f.open();
    const [info] = await c.describe();
    expect(info).toMatchObject({ dataset: "calls", rows: 5000, skipped: [] });
    expect(info!.firstAt?.toISOString()).toBe("2021-01-01T09:12:58.000Z");
  });
});

describe("one bad file stays one bad file", () => {
  const SURVEYS = [
    "id,kind,score,scale_min,scale_max,submitted_at,channel",
    "s1,csat,5,1,5,2026-11-03T10:00:00Z,email",
    "s2,csat,2,1,5,2026-11-04T10:00:00Z,chat",
  ].join("\n");
  const csatIn = (c: Connector) => count(c, { dataset: "surveys", measures: { n: { agg: "count" } } });

  it("starts with an empty tickets.csv, reports it for tickets only and keeps answering from surveys.csv", async () => {
    const c = await (await folder({ "tickets.csv": "", "surveys.csv": SURVEYS })).open();
    const infos = await c.describe();
    expect(infos.map((i) => [i.dataset, i.source, i.rows, i.problems])).toEqual([
      ["tickets", "tickets.csv", 0, ["tickets.csv could not be read: the file is empty (0 bytes)."]],
      ["surveys", "surveys.csv", 2, undefined],
    ]);
    expect((await csatIn(c)).total).toEqual({ n: 2 });
    const engine = engineOver({}, { connector: c });
    const answer = await ask(engine, "ticket_volume 2026-11");
    expect(answer).toMatchObject({ kind: "error", cause: "source" });
    expect(renderText(answer)).toContain("tickets.csv could not be read: the file is empty (0 bytes).");
    expect(renderText(answer)).toContain('This is not "no data"');
    const sources = renderText(await ask(engine, "sources"));
    expect(sources).toContain("tickets — a support request\n  from tickets.csv\n  ⚠ tickets.csv could not be read: the file is empty (0 bytes).");
    expect(sources).toContain("surveys — one survey answer\n  from surveys.csv\n  2 rows used; none skipped");
  });

  it("reports a CSV with a line over the reader's 2,000,000-byte maximum, and the other files keep answering", async () => {
    const long = ["id,received_at,responded_at,channel,sentiment", `f1,2026-11-03T10:00:00Z,,social,${"x".repeat(2_100_000)}`, "f2,2026-11-03T11:00:00Z,,social,negative"].join("\n");
    const c = await (await folder({ "feedback.csv": long, "surveys.csv": SURVEYS })).open();
    const infos = await c.describe();
    const feedback = infos.find((i) => i.dataset === "feedback");
    expect(feedback?.problems).toHaveLength(1);
    expect(feedback!.problems![0]).toMatch(/^feedback\.csv could not be read as CSV: (a line is longer than 2,000,000 bytes|its delimiter and quoting could not be detected \(a line may be longer than the CSV reader's 2,000,000-byte maximum)/);
    expect((await csatIn(c)).total).toEqual({ n: 2 });
  });

  it("reports a file that turns empty while the bot runs, and answers again once it is fixed", async () => {
    const f = await folder({ "surveys.csv": SURVEYS });
    const c = await f.open();
    expect((await csatIn(c)).total).toEqual({ n: 2 });
    await writeFile(join(f.dir, "surveys.csv"), "");
    await expect(csatIn(c)).rejects.toThrow("surveys.csv could not be read: the file is empty (0 bytes).");
    await writeFile(join(f.dir, "surveys.csv"), SURVEYS);
    expect((await csatIn(c)).total).toEqual({ n: 2 });
  });

  it("reports a Parquet file that is not Parquet for its dataset alone", async () => {
    const c = await (await folder({ "orders.parquet": "not parquet at all", "surveys.csv": SURVEYS })).open();
    const orders = (await c.describe()).find((i) => i.dataset === "orders");
    expect(orders?.problems?.[0]).toMatch(/^orders\.parquet could not be read as Parquet: /);
    expect((await csatIn(c)).total).toEqual({ n: 2 });
  });
});

describe("rows the bot cannot use", () => {
  it("skips and counts a survey answer with an empty, inverted or one-point scale, an empty id or kind, an impossible offset and an implausible year", async () => {
    const csv = [
      "id,kind,score,scale_min,scale_max,submitted_at,channel",
      "s1,csat,5,1,5,2026-11-03T10:00:00Z,email",
      "s2,csat,4,,5,2026-11-03T10:00:00Z,email",
      "s3,csat,4,1,,2026-11-03T10:00:00Z,email",
      "s4,csat,3,3,3,2026-11-03T10:00:00Z,email",
      "s5,csat,3,5,1,2026-11-03T10:00:00Z,email",
      ",csat,5,1,5,2026-11-03T10:00:00Z,email",
      "s7,,5,1,5,2026-11-03T10:00:00Z,email",
      "s8,csat,5,1,5,2026-11-03T10:00:00+25:00,email",
      "s9,csat,5,1,5,2026-11-03T10:00:00+14:30,email",
      "s10,csat,5,1,5,10000-01-01T00:00:00Z,email",
      "s11,csat,5,1,5,1989-12-31T23:59:59Z,email",
      // NOW is 22 November 2026 14:05 UTC: a day later is still used, a minute more is the future.
      "s12,csat,5,1,5,2026-11-23T14:05:00Z,email",
      "s13,csat,5,1,5,2026-11-23T14:06:00Z,email",
      "s14,csat,5,1,5,2026-11-03T10:00:00-12:00,email",
    ].join("\n");
    const c = await (await folder({ "surveys.csv": csv })).open();
    const [info] = await c.describe();
    expect(info).toMatchObject({ dataset: "surveys", rows: 3 });
    expect(info!.skipped).toEqual([
      { reason: "submitted_at in the future", count: 2 },
      { reason: "submitted_at: impossible UTC offset (beyond ±14:00)", count: 2 },
      { reason: "missing id", count: 1 },
      { reason: "missing kind", count: 1 },
      { reason: "missing scale_max", count: 1 },
      { reason: "missing scale_min", count: 1 },
      { reason: "scale_min not below scale_max", count: 2 },
      { reason: "submitted_at before 1990", count: 1 },
    ].sort((a, b) => b.count - a.count || (a.reason < b.reason ? -1 : 1)));
    expect(info!.latestAt?.toISOString()).toBe("2026-11-23T14:05:00.000Z");
  });

  it("takes the future's edge from the engine's clock at load, not the machine's", async () => {
    const f = await folder({ "tickets.csv": "id,created_at,channel,is_complaint\nt1,2021-03-01T09:00:00Z,email,false\nt2,2021-03-03T09:00:00Z,email,false\n" });
    const c = await openDuckDbConnector({ dataDir: f.dir, clock: fixedClock(new Date("2021-03-01T12:00:00Z")), sample: false, refreshMs: 0 });
    cleanups.push(async () => c.close?.());
    const [info] = await c.describe();
    expect(info).toMatchObject({ rows: 1, skipped: [{ reason: "created_at in the future", count: 1 }] });
  });

  it("skips the same rows of a Parquet file on every question as it counts at load", async () => {
    const f = await folder({});
    const writer = await openDuckDb({ connections: 1 });
    cleanups.push(() => writer.close());
    const ticket = (id: string | null, created: string, resolved: string | null) => ({
      id, created_at: Date.parse(created), first_response_at: null, resolved_at: resolved === null ? null : Date.parse(resolved), escalated_at: null,
      channel: "email", agent: null, team: null, priority: null, is_complaint: false,
    });
    await writeParquet(writer, join(f.dir, "tickets.parquet"), "tickets", [
      ticket("t1", "2026-11-02T09:00:00Z", "2026-11-03T09:00:00Z"),
      ticket(null, "2026-11-02T10:00:00Z", null),
      ticket("t3", "2026-11-02T11:00:00Z", "2026-12-24T09:00:00Z"),
      ticket("t4", "2026-11-04T11:00:00Z", null),
    ]);
    const c = await f.open();
    const [info] = await c.describe();
    expect(info).toMatchObject({ rows: 2, skipped: [{ reason: "missing id", count: 1 }, { reason: "resolved_at in the future", count: 1 }] });
    const r = await count(c, { dataset: "tickets", measures: { created: { agg: "count" }, resolved: { agg: "count", where: { notNull: "resolved_at" } } } });
    expect(r.total).toEqual({ created: 2, resolved: 1 });
  });

  it("counts a Parquet file's skipped rows per period, from a copy kept when first asked, and from the new file once it changes", async () => {
    const f = await folder({});
    const writer = await openDuckDb({ connections: 1 });
    cleanups.push(() => writer.close());
    const ticket = (id: string | null, created: string | null) => ({
      id, created_at: created === null ? null : Date.parse(created), first_response_at: null, resolved_at: null, escalated_at: null,
      channel: "email", agent: null, team: null, priority: null, is_complaint: false,
    });
    await writeParquet(writer, join(f.dir, "tickets.parquet"), "tickets", [
      ticket("t1", "2026-11-02T09:00:00Z"),
      ticket(null, "2026-11-02T10:00:00Z"),
      ticket(null, "2026-11-20T10:00:00Z"),
      ticket(null, "2026-10-20T10:00:00Z"),
      ticket("t5", null),
    ]);
    const c = await f.open();
    const november = { start: new Date("2026-11-01T00:00:00Z"), end: new Date("2026-12-01T00:00:00Z") };
    const october = { start: new Date("2026-10-01T00:00:00Z"), end: new Date("2026-11-01T00:00:00Z") };
    expect(await c.skippedIn!("tickets", november)).toEqual({ reasons: [{ reason: "missing id", count: 2 }], undated: 1 });
    expect(await c.skippedIn!("tickets", october)).toEqual({ reasons: [{ reason: "missing id", count: 1 }], undated: 1 });
    await writeParquet(writer, join(f.dir, "tickets.parquet"), "tickets", [ticket("t1", "2026-11-02T09:00:00Z"), ticket(null, "2026-10-03T10:00:00Z")]);
    expect(await c.skippedIn!("tickets", november)).toEqual({ reasons: [], undated: 0 });
    expect(await c.skippedIn!("tickets", october)).toEqual({ reasons: [{ reason: "missing id", count: 1 }], undated: 0 });
  });
});

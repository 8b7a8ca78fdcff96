/**
 * Mapping that fits real exports: a tab-separated `.txt` with 12-hour times
 * (test/fixtures/bank-vru), placeholders turned empty (`when` … `not`, `null`
 * in a value map), rows picked by a regular expression, an id made of two
 * columns, and a call exported twice (counted in `sources`, the last row
 * kept, the same in the memory engine). And the messages for mapping
 * mistakes, each naming what would work.
 */
import { copyFile, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { fixedClock } from "../../src/clock.ts";
import { openDuckDbConnector, type DuckDbConnector } from "../../src/connectors/duckdb/index.ts";
import { DUPLICATE_ID } from "../../src/connectors/duplicates.ts";
import { parseMapping } from "../../src/ingest/mapping.ts";
import type { MeasureQuery } from "../../src/measures/measures.ts";
import { createMemoryConnector } from "../../src/connectors/memory.ts";
import { UserError } from "../../src/errors.ts";
import { renderText } from "../../src/render/text.ts";
import { ask, askMetric, at, engineOver } from "../helpers.ts";
import { tempDir } from "../connectors/support.ts";

const FIXTURE = fileURLToPath(new URL("../fixtures/bank-vru/", import.meta.url));
const EXPORT = "vru-calls-2026-11.txt";
const NOW = new Date("2026-11-22T14:05:00Z");
const NOVEMBER = { start: new Date("2026-11-01T00:00:00Z"), end: new Date("2026-12-01T00:00:00Z") };

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});

/** A DATA_DIR with the fixture's export (under `name`) and `mapping` (the fixture's by default), and the connector over it. */
async function open(opts: { mapping?: unknown; name?: string; files?: Record<string, string> } = {}): Promise<DuckDbConnector> {
  const dir = await tempDir("cs-vru-");
  cleanups.push(dir.dispose);
  await copyFile(join(FIXTURE, EXPORT), join(dir.path, opts.name ?? EXPORT));
  const mapping = opts.mapping ?? JSON.parse(await readFile(join(FIXTURE, "mapping.json"), "utf8"));
  await writeFile(join(dir.path, "mapping.json"), JSON.stringify(mapping));
  for (const [name, text] of Object.entries(opts.files ?? {})) await writeFile(join(dir.path, name), text);
  const c = await openDuckDbConnector({ dataDir: dir.path, clock: fixedClock(NOW), sample: false, refreshMs: 0 });
  cleanups.push(async () => c.close?.());
  return c;
}

async function fixtureMapping(): Promise<{ files: Record<string, { format?: string; datasets: { calls: { fields: Record<string, unknown> } } }> }> {
  return JSON.parse(await readFile(join(FIXTURE, "mapping.json"), "utf8"));
}

const calls = (measures: MeasureQuery["measures"], extra: Partial<MeasureQuery> = {}): MeasureQuery => ({
  dataset: "calls",
  measures,
  range: NOVEMBER,
  filters: [],
  timeZone: "UTC",
  ...extra,
});

describe("a tab-separated .txt export with 12-hour times, placeholders, a two-column id and a call exported twice", () => {
  it("reads the .txt as TSV, keeps the AA lines only, and counts the call exported twice once, its last row kept", async () => {
    const c = await open();
    const [info] = await c.describe();
    // 8 lines: TEST01 is not a call of this dataset (not skipped); AA0101 33116 twice → 6 calls, 1 duplicate.
    expect(info).toMatchObject({ dataset: "calls", rows: 6, skipped: [{ reason: DUPLICATE_ID, count: 1 }] });
    expect(info!.firstAt?.toISOString()).toBe("2026-11-02T07:00:09.000Z");
    // 11:45:20 PM on 3 November, read on the 12-hour clock.
    expect(info!.latestAt?.toISOString()).toBe("2026-11-04T08:05:02.000Z");
    const r = await c.measure(
      calls({ n: { agg: "count" }, ids: { agg: "distinct", keys: ["id"] }, answered: { agg: "count", where: { notNull: "answered_at" } }, blocked: { agg: "count", where: { isNull: "blocked" } } }),
    );
    // AA0101|33116 and AA0102|33116 are two calls; NO_SERVER calls have no answer time; PHANTOM's blocked is empty.
    expect(r.total).toEqual({ n: 6, ids: 6, answered: 3, blocked: 1 });
  });

  it("answers asa from the last row of the call exported twice, and ranks agents without the NO_SERVER placeholder", async () => {
    const engine = engineOver({}, { connector: await open(), timeZone: "UTC" });
    // Waits: AA0101 33116 20 s (the later row; the earlier said 12 s), AA0102 33116 25 s, AA0101 33121 60 s.
    expect((await askMetric(engine, "asa 2026-11")).result).toMatchObject({ value: 35, n: 3 });
    const byAgent = await askMetric(engine, "asa 2026-11 by agent");
    expect(byAgent.breakdown?.rows.map((r) => [r.key, r.result?.value])).toEqual([
      ["ANAT", 25],
      ["MICHAL", 40],
    ]);
  });

  it("shows the duplicate in `sources`", async () => {
    const text = renderText(await ask(engineOver({}, { connector: await open(), timeZone: "UTC" }), "sources"));
    expect(text).toContain("6 rows used; 1 skipped: duplicate id (the last row kept) 1");
  });

  it("reads the same export as `\"format\": \"tsv\"` under another extension, and a .txt with commas as CSV", async () => {
    const m = await fixtureMapping();
    const tsv = { ...m, files: { "vru-calls.dat": { ...m.files[EXPORT]!, format: "tsv" } } };
    const c = await open({ mapping: tsv, name: "vru-calls.dat" });
    expect((await c.describe())[0]).toMatchObject({ rows: 6 });
    const csv = ["id,received_at,responded_at,channel,sentiment", "f1,2026-11-03T10:00:00Z,,social,negative", "f2,2026-11-03T11:00:00Z,2026-11-03T12:00:00Z,review,"].join("\n");
    const d = await open({ files: { "feedback.txt": csv } });
    expect((await d.describe()).find((i) => i.dataset === "feedback")).toMatchObject({ rows: 2, skipped: [] });
  });

  it("skips 12-hour times read on a 24-hour pattern under a reason that names the timeFormat that reads them, with the count", async () => {
    const m = await fixtureMapping();
    const fields = { ...m.files[EXPORT]!.datasets.calls.fields, queued_at: { date: "date", time: "q_start", format: "M/d/yyyy" } };
    const mapping = { ...m, files: { [EXPORT]: { datasets: { calls: { ...m.files[EXPORT]!.datasets.calls, fields } } } } };
    const [info] = await (await open({ mapping })).describe();
    expect(info).toMatchObject({
      rows: 0,
      skipped: [{ reason: 'queued_at: not a date-time (M/d/yyyy H:mm:ss): the values carry AM/PM, use "timeFormat": "h:mm:ss a"', count: 7 }],
    });
  });

  it("says which format a one-column time with AM/PM needs, with a pattern or without one (ISO 8601)", async () => {
    const csv = ["Id,Received,Site", "1,11/03/2026 10:15 PM,Trustpilot", "2,11/03/2026 22:15,Trustpilot", "3,2026-11-03T22:15:00Z,Trustpilot"].join("\n");
    const feedback = (received_at: unknown) => ({ files: { "reviews.csv": { datasets: { feedback: { fields: { id: "Id", received_at, channel: "Site" } } } } } });
    const skipped = async (mapping: unknown) => (await (await open({ mapping, files: { "reviews.csv": csv } })).describe()).find((i) => i.dataset === "feedback")?.skipped;
    expect(await skipped(feedback({ column: "Received", format: "MM/dd/yyyy HH:mm" }))).toEqual([
      // The ISO 8601 line; then the 12-hour one, with the pattern that reads it (equal counts: by reason).
      { reason: "received_at: not a date-time (MM/dd/yyyy HH:mm)", count: 1 },
      { reason: 'received_at: not a date-time (MM/dd/yyyy HH:mm): the values carry AM/PM, use "format": "MM/dd/yyyy hh:mm a"', count: 1 },
    ]);
    expect(await skipped(feedback("Received"))).toEqual([
      { reason: "received_at: not a date-time (ISO 8601)", count: 1 },
      { reason: 'received_at: not a date-time (ISO 8601): the values carry AM/PM, use a "format" with "a", e.g. "M/d/yyyy h:mm:ss a"', count: 1 },
    ]);
  });

  it('makes a value mapped to "" empty, like null', async () => {
    const m = await fixtureMapping();
    const fields = { ...m.files[EXPORT]!.datasets.calls.fields, blocked: { column: "outcome", values: { AGENT: false, HANG: false, PHANTOM: "" } } };
    const c = await open({ mapping: { ...m, files: { [EXPORT]: { datasets: { calls: { ...m.files[EXPORT]!.datasets.calls, fields } } } } } });
    expect((await c.measure(calls({ empty: { agg: "count", where: { isNull: "blocked" } }, n: { agg: "count" } }))).total).toEqual({ empty: 1, n: 6 });
  });
});

describe("duplicate ids in the memory engine", () => {
  it("keeps each id's last row and counts the others, as DuckDB does", async () => {
    const call = (id: string, wait: number) => ({
      id, queued_at: at("2026-11-02T09:00:00Z"), answered_at: at("2026-11-02T09:00:00Z") + wait * 1000, ended_at: null, hold_seconds: 0, wrap_up_seconds: 0, blocked: false, agent: null, topic: null,
    });
    const c = createMemoryConnector({ calls: [call("A", 10), call("B", 20), call("A", 30)] });
    expect((await c.describe())[0]!.skipped).toEqual([{ reason: DUPLICATE_ID, count: 1 }]);
    const r = await c.measure(calls({ wait: { agg: "moments", of: { seconds: { from: { field: "queued_at" }, to: { field: "answered_at" } } } } }));
    expect(r.total.wait).toEqual({ n: 2, sum: 50, sumSq: 1300 });
  });
});

describe("mapping mistakes name what would work", () => {
  const withCalls = (fields: Record<string, unknown>, when?: unknown) =>
    JSON.stringify({ files: { "a.csv": { datasets: { calls: { ...(when ? { when } : {}), fields } } } } });
  const surveys = (fields: Record<string, unknown>) => JSON.stringify({ files: { "a.csv": { datasets: { surveys: { fields } } } } });
  const message = (text: string) => {
    try {
      parseMapping(text);
    } catch (e) {
      expect(e).toBeInstanceOf(UserError);
      return (e as UserError).message;
    }
    throw new Error("expected the mapping to be refused");
  };

  it("accepts null in a value map, when with is, not and matches, concat and format tsv", () => {
    const m = parseMapping(
      JSON.stringify({
        files: {
          "a.txt": {
            format: "tsv",
            datasets: {
              calls: {
                when: { column: "line", matches: "^AA" },
                fields: {
                  id: { concat: ["line", "call_id"], separator: "-" },
                  agent: { column: "server", values: { NO_SERVER: null, MICHAL: "Michal" } },
                  topic: { column: "type", when: { column: "type", not: ["TT", "XX"] } },
                },
              },
            },
          },
        },
      }),
    );
    expect(m.files["a.txt"]?.format).toBe("tsv");
  });

  it("matches with RE2 flags: (?i) ignores case", async () => {
    const m = await fixtureMapping();
    const calls = { ...m.files[EXPORT]!.datasets.calls, when: { column: "VRU line", matches: "(?i)^aa\\d{4}$" } };
    const [info] = await (await open({ mapping: { ...m, files: { [EXPORT]: { datasets: { calls } } } } })).describe();
    expect(info).toMatchObject({ rows: 6, skipped: [{ reason: DUPLICATE_ID, count: 1 }] });
  });

  it("refuses a bad regular expression, look-around and a back-reference when the mapping loads, saying why", () => {
    expect(message(withCalls({}, { column: "line", matches: "(AA" }))).toMatch(/^mapping\.json: files\["a\.csv"\]\.datasets\.calls\.when\.matches: "\(AA" is not a regular expression/);
    expect(message(withCalls({ agent: { column: "x", when: { column: "line", matches: "^(?!TEST)" } } }))).toContain("uses look-around");
    expect(message(withCalls({}, { column: "line", matches: "(a)\\1" }))).toContain("uses a back-reference");
  });

  it("asks for exactly one of is, not and matches", () => {
    expect(message(withCalls({}, { column: "line" }))).toContain('needs one of "is" (e.g. "is": "Y"), "not" (e.g. "not": ["NO_SERVER", "N/A"]) or "matches"');
    expect(message(withCalls({}, { column: "line", is: "A", not: "B" }))).toContain('has "is" and "not": use only one');
  });

  it("lists the survey kinds for a kind that is not one, and names tsv for a format that is not one", () => {
    expect(message(surveys({ kind: { value: "satisfaction" } }))).toContain('"satisfaction" is not a survey kind: use csat, nps, ces');
    expect(message(surveys({ kind: { column: "Type", values: { CSAT: "csat", Effort: "effort" } } }))).toContain('values["Effort"]: "effort" is not a survey kind: use csat, nps, ces');
    expect(message(JSON.stringify({ files: { "a.xlsx": { format: "xlsx", datasets: {} } } }))).toContain('must be one of "csv", "tsv", "parquet", "json" (a tab-separated file is "tsv")');
  });

  it("suggests the key meant for an unknown one, and says where a CSV option goes", () => {
    expect(message(withCalls({ agent: { colum: "Agent" } }))).toContain('fields.agent: has unknown key "colum": did you mean "column"? (keys here: column, value, concat');
    expect(message(withCalls({}, { colunm: "line", is: "A" }))).toContain('when: has unknown key "colunm": did you mean "column"? (keys here: column, is, not, matches)');
    expect(message(JSON.stringify({ files: { "a.csv": { datasets: { call: {} } } } }))).toContain('has unknown key "call": did you mean "calls"?');
    expect(message(JSON.stringify({ files: { "a.csv": { delimeter: ";", datasets: {} } } }))).toContain('has unknown key "delimeter": CSV options go under "csv", e.g. "csv": { "delimiter": … }');
  });

  it("says how to write a constant or a mapped value of the field's type, and that null makes it empty", () => {
    expect(message(withCalls({ hold_seconds: { value: "0" } }))).toContain('"0" is not a number: write a number without quotes, e.g. 0, or null for empty');
    expect(message(withCalls({ blocked: { column: "Lost", values: { Y: "yes" } } }))).toContain('"yes" is not a boolean: write true or false, without quotes, or null for empty');
    expect(message(withCalls({ hold_seconds: { column: "Hold", duration: "secs" } }))).toContain("duration: must be one of seconds, milliseconds, minutes, hours, h:mm:ss, h:mm, mm:ss");
    expect(message(surveys({ score: { column: "Rating", scale: { min: 1, max: 5 } } }))).toContain("scale: must be [min, max], e.g. [1, 5]");
  });

  it("refuses a 12-hour pattern without AM/PM, naming both patterns that would work", () => {
    expect(message(withCalls({ queued_at: { column: "When", format: "dd/MM/yyyy hh:mm:ss" } }))).toContain(
      '"dd/MM/yyyy hh:mm:ss" reads the hour on a 12-hour clock ("h" or "hh") without AM/PM: use "dd/MM/yyyy HH:mm:ss" for 0–23, or "dd/MM/yyyy hh:mm:ss a" for times such as 9:12:58 PM',
    );
  });

  it("refuses concat for a field that is not text", () => {
    expect(message(withCalls({ hold_seconds: { concat: ["a", "b"] } }))).toContain('concat: joins text, but hold_seconds is a number; use "column"');
  });

  it("suggests \"scale\": [1, 5] for a survey without a scale, the kinds for one without a kind, and tsv for a file it cannot tell", async () => {
    const csv = ["Ref,When,Rating", "1,2026-11-03T10:00:00Z,4"].join("\n");
    // The file cannot feed surveys: the problem is the dataset's, and says what to add.
    const openError = async (fields: Record<string, unknown>) => {
      const c = await open({ mapping: { files: { "answers.csv": { datasets: { surveys: { fields } } } } }, files: { "answers.csv": csv } });
      const problems = (await c.describe()).find((i) => i.dataset === "surveys")?.problems ?? [];
      expect(problems).toHaveLength(1);
      return problems[0]!;
    };
    const scale = await openError({ id: "Ref", kind: { value: "csat" }, score: "Rating", submitted_at: "When" });
    expect(scale).toContain('"scale": [1, 5]');
    expect(scale).not.toContain('{ "value": 0 }');
    expect(await openError({ id: "Ref", score: { column: "Rating", scale: [1, 5] }, submitted_at: "When" })).toContain('"kind": { "value": "csat" } (one of csat, nps, ces)');
    const c = await open({ mapping: { files: { "export.dat": { datasets: { feedback: {} } } } }, files: { "export.dat": csv } });
    expect((await c.describe()).find((i) => i.dataset === "feedback")?.problems?.[0]).toContain('Add "format": "csv", "tsv" (tab-separated), "parquet" or "json".');
  });
});
